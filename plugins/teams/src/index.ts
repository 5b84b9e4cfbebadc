import type { Logger, PluginContext } from "@rounds/core";
import { TeamsChannel, type TeamsChannelOptions } from "./teams-channel.ts";

export { TeamsChannel, type TeamsChannelOptions };
export { GraphFiles, shareIdFor, defaultGraphUrl, defaultAuthorityHost, graphScope } from "./graph-files.ts";
export { mapActivity, parseCommand, stripMention, defaultCommandWords, fileDownloadInfoType } from "./inbound.ts";
export { renderCard, plainText, fallbackText, adaptiveCardContentType } from "./render.ts";

/** Reads the plugin's settings (see the manifest's `configuration`) into channel options. */
export function optionsFromSettings(settings: Record<string, unknown>, logger?: Logger): TeamsChannelOptions {
  const str = (k: string) => (typeof settings[k] === "string" && settings[k] !== "" ? (settings[k]) : undefined);
  const num = (k: string) => (typeof settings[k] === "number" ? (settings[k]) : undefined);
  const bool = (k: string) => (typeof settings[k] === "boolean" ? (settings[k]) : undefined);
  const options: TeamsChannelOptions = {};
  const assign = <K extends keyof TeamsChannelOptions>(key: K, value: TeamsChannelOptions[K] | undefined) => {
    if (value !== undefined) options[key] = value;
  };
  assign("appId", str("appId"));
  assign("appPassword", str("appPassword"));
  assign("tenantId", str("tenantId"));
  assign("port", num("port"));
  assign("host", str("host"));
  assign("path", str("path"));
  assign("apiUrl", str("apiUrl"));
  assign("maxFileBytes", num("maxFileBytes"));
  assign("channelFiles", bool("channelFiles"));
  assign("graphUrl", str("graphUrl"));
  assign("authorityHost", str("authorityHost"));
  assign("logger", logger);
  if (Array.isArray(settings.commandWords)) assign("commandWords", settings.commandWords.filter((w): w is string => typeof w === "string"));
  return options;
}

/** Registers the Teams channel (`channels/teams`); the HTTP receiver starts when the bot starts the channel. */
export function activate(ctx: PluginContext): void {
  ctx.register("channels", "teams", () => new TeamsChannel(optionsFromSettings(ctx.settings, ctx.logger)));
}
