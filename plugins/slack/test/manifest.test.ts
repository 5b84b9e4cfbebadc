import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
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
