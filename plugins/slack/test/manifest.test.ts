import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PluginHost, manifestSchema, silentLogger, type ContributionKind, type PluginContext } from "@rounds/core";
import { SlackChannel, activate } from "../src/index.ts";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { name: string; rounds: unknown };

describe("Slack plugin manifest", () => {
  it("is valid, declares egress, and activate registers exactly the contributed ids", () => {
    const manifest = manifestSchema.parse(pkg.rounds);
    expect(pkg.name).toBe("@rounds/plugin-slack");
    expect(manifest.egress).toBe(true);
    const registered: Array<[ContributionKind, string]> = [];
    const ctx: PluginContext = {
      pluginId: pkg.name, settings: { signingSecret: "s", botToken: "xoxb-1" }, tier: "server", dataDir: "/tmp/x",
      logger: silentLogger(), subscriptions: [], services: {},
      register: (kind, id) => { registered.push([kind, id]); },
    };
    activate(ctx);
    const declared = (["channels"] as const).flatMap((k) => (manifest.contributes[k] ?? []).map((c) => [k, c.id] as [ContributionKind, string]));
    expect(registered).toEqual(declared);
    expect(declared).toEqual([["channels", "slack"]]);
  });

  it("loads through the plugin host with the env-mapped setting names", async () => {
    const host = await PluginHost.create({
      plugins: [{ name: pkg.name, manifest: pkg.rounds, module: { activate } }],
      tier: "server",
      settings: { [pkg.name]: { signingSecret: "s", botToken: "xoxb-1", appToken: "xapp-1", port: 0 } },
    });
    const channel = await host.get("channels", "slack");
    expect(channel).toBeInstanceOf(SlackChannel);
    expect(channel.id).toBe("slack");
    await host.dispose();
  });

  it("is refused on the on-prem tier (it sends data to Slack)", async () => {
    const host = await PluginHost.create({ plugins: [{ name: pkg.name, manifest: pkg.rounds, module: { activate } }], tier: "on-prem" });
    await expect(host.get("channels", "slack")).rejects.toMatchObject({ code: "PLUGIN_EGRESS_REFUSED" });
  });

  it("rejects unknown settings and explains missing secrets", async () => {
    const host = await PluginHost.create({
      plugins: [{ name: pkg.name, manifest: pkg.rounds, module: { activate } }],
      settings: { [pkg.name]: { botToken: "xoxb-1" } },
    });
    await expect(host.get("channels", "slack")).rejects.toMatchObject({ code: "CONFIG_INVALID" });
    const bad = await PluginHost.create({
      plugins: [{ name: pkg.name, manifest: pkg.rounds, module: { activate } }],
      settings: { [pkg.name]: { signingSecret: "s", botToken: "t", sigingSecret: "typo" } },
    });
    await expect(bad.get("channels", "slack")).rejects.toMatchObject({ code: "CONFIG_INVALID" });
  });
});

describe("slack-app-manifest.yaml", () => {
  it("points events, commands and interactivity at the receiver's path and asks for the scopes the channel uses", () => {
    const m = parse(readFileSync(new URL("../slack-app-manifest.yaml", import.meta.url), "utf8")) as {
      features: { slash_commands: Array<{ command: string; url: string }> };
      oauth_config: { scopes: { bot: string[] } };
      settings: { event_subscriptions: { request_url: string; bot_events: string[] }; interactivity: { request_url: string; is_enabled: boolean }; socket_mode_enabled: boolean };
    };
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { rounds: { contributes: { configuration: { properties: { path: { default: string }; slashCommand: { default: string } } } } } };
    const props = pkg.rounds.contributes.configuration.properties;
    const urls = [m.settings.event_subscriptions.request_url, m.settings.interactivity.request_url, ...m.features.slash_commands.map((c) => c.url)];
    for (const url of urls) expect(new URL(url).pathname).toBe(props.path.default);
    expect(m.features.slash_commands.map((c) => c.command)).toEqual([props.slashCommand.default]);
    expect(m.settings.event_subscriptions.bot_events).toEqual(expect.arrayContaining(["app_mention", "message.im", "file_shared"]));
    expect(m.oauth_config.scopes.bot).toEqual(expect.arrayContaining(["chat:write", "commands", "files:read", "app_mentions:read", "im:history"]));
    expect(m.settings.interactivity.is_enabled).toBe(true);
    expect(m.settings.socket_mode_enabled).toBe(false);
  });
});
