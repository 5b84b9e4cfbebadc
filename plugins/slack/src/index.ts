import type { PluginContext } from "@rounds/core";
import { SlackChannel, type SlackChannelOptions } from "./slack-channel.ts";

export { SlackChannel, type SlackChannelOptions };
export { renderBlocks, renderMessage, type SlackBlock } from "./render-blocks.ts";

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** Registers the Slack channel (`channels/slack`); it is built, and its settings checked, on first use. */
export function activate(ctx: PluginContext): void {
  const s = ctx.settings;
  ctx.register("channels", "slack", () => {
    const options: SlackChannelOptions = {
      signingSecret: str(s.signingSecret) ?? "",
      botToken: str(s.botToken) ?? "",
      logger: ctx.logger,
      ...(s.socketMode === true ? { socketMode: true } : {}),
      ...(str(s.appToken) ? { appToken: str(s.appToken) } : {}),
      ...(typeof s.port === "number" ? { port: s.port } : {}),
      ...(str(s.host) ? { host: str(s.host) } : {}),
      ...(str(s.path) ? { path: str(s.path) } : {}),
      ...(str(s.apiUrl) ? { apiUrl: str(s.apiUrl) } : {}),
      ...(str(s.slashCommand) ? { slashCommand: str(s.slashCommand) } : {}),
      ...(typeof s.maxConcurrentHandlers === "number" ? { maxConcurrentHandlers: s.maxConcurrentHandlers } : {}),
      ...(Array.isArray(s.fileOrigins) ? { fileOrigins: s.fileOrigins.filter((o): o is string => typeof o === "string") } : {}),
    };
    return new SlackChannel(options);
  });
}
