import type { PluginContext } from "@rounds/core";
import { DiscordChannel, type DiscordChannelOptions } from "./discord-channel.ts";

export { DiscordChannel, type DiscordChannelOptions };
export { commandDefinitions, registerCommands } from "./commands.ts";
export { renderMessage, ActionValueStore } from "./render.ts";
export { toInboundEvents } from "./inbound.ts";

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** Registers the Discord channel (`channels/discord`); it is built, and its settings checked, on first use. */
export function activate(ctx: PluginContext): void {
  const s = ctx.settings;
  ctx.register("channels", "discord", () => {
    const options: DiscordChannelOptions = {
      publicKey: str(s.publicKey) ?? "", applicationId: str(s.applicationId) ?? "", logger: ctx.logger,
      ...(str(s.botToken) ? { botToken: str(s.botToken) } : {}),
      ...(typeof s.port === "number" ? { port: s.port } : {}),
      ...(str(s.host) ? { host: str(s.host) } : {}),
      ...(str(s.path) ? { path: str(s.path) } : {}),
      ...(str(s.apiUrl) ? { apiUrl: str(s.apiUrl) } : {}),
      ...(str(s.guildId) ? { guildId: str(s.guildId) } : {}),
      ...(typeof s.maxFileBytes === "number" ? { maxFileBytes: s.maxFileBytes } : {}),
      ...(typeof s.registerCommands === "boolean" ? { registerCommands: s.registerCommands } : {}),
      ...(Array.isArray(s.messageChannels) ? { messageChannels: s.messageChannels.filter((c): c is string => typeof c === "string") } : {}),
      ...(Array.isArray(s.fileOrigins) ? { fileOrigins: s.fileOrigins.filter((o): o is string => typeof o === "string") } : {}),
    };
    return new DiscordChannel(options);
  });
}
