import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PluginHost, manifestSchema, silentLogger, type ContributionKind, type PluginContext } from "@rounds/core";
import { DiscordChannel, activate } from "../src/index.ts";
import { APP_ID, PUBLIC_KEY_HEX } from "../src/testing/fake-discord.ts";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { name: string; rounds: unknown };
const plugin = { name: pkg.name, manifest: pkg.rounds, module: { activate } };

describe("Discord plugin manifest", () => {
  it("is valid, declares egress, and activate registers exactly the contributed ids", () => {
    const manifest = manifestSchema.parse(pkg.rounds);
    expect(pkg.name).toBe("@rounds/plugin-discord");
    expect(manifest.egress).toBe(true);
    const registered: Array<[ContributionKind, string]> = [];
    const ctx: PluginContext = {
      pluginId: pkg.name, settings: { publicKey: PUBLIC_KEY_HEX, applicationId: APP_ID }, tier: "server", dataDir: "/tmp/x",
      logger: silentLogger(), subscriptions: [], services: {},
      register: (kind, id) => { registered.push([kind, id]); },
    };
    activate(ctx);
    const declared = (["channels"] as const).flatMap((k) => (manifest.contributes[k] ?? []).map((c) => [k, c.id] as [ContributionKind, string]));
    expect(registered).toEqual(declared);
    expect(declared).toEqual([["channels", "discord"]]);
  });

  it("loads through the plugin host with the env-mapped setting names", async () => {
    const host = await PluginHost.create({
      plugins: [plugin],
      tier: "server",
      settings: { [pkg.name]: { publicKey: PUBLIC_KEY_HEX, applicationId: APP_ID, botToken: "bot", port: 0, maxFileBytes: 1024, fileOrigins: ["http://127.0.0.1:1"] } },
    });
    const channel = await host.get("channels", "discord");
    expect(channel).toBeInstanceOf(DiscordChannel);
    expect(channel.id).toBe("discord");
    expect(channel.specificationVersion).toBe("v1");
    await host.dispose();
  });

  it("is refused on the on-prem tier (it sends data to Discord)", async () => {
    const host = await PluginHost.create({ plugins: [plugin], tier: "on-prem" });
    await expect(host.get("channels", "discord")).rejects.toMatchObject({ code: "PLUGIN_EGRESS_REFUSED" });
  });

  it("rejects unknown settings and explains a missing or malformed key", async () => {
    const missing = await PluginHost.create({ plugins: [plugin], settings: { [pkg.name]: { applicationId: APP_ID } } });
    await expect(missing.get("channels", "discord")).rejects.toMatchObject({ code: "CONFIG_INVALID", message: expect.stringMatching(/publicKey/) });
    const malformed = await PluginHost.create({ plugins: [plugin], settings: { [pkg.name]: { publicKey: "xyz", applicationId: APP_ID } } });
    await expect(malformed.get("channels", "discord")).rejects.toMatchObject({ code: "CONFIG_INVALID" });
    const badApp = await PluginHost.create({ plugins: [plugin], settings: { [pkg.name]: { publicKey: PUBLIC_KEY_HEX, applicationId: "my-app" } } });
    await expect(badApp.get("channels", "discord")).rejects.toMatchObject({ code: "CONFIG_INVALID", message: expect.stringMatching(/applicationId/) });
    const typo = await PluginHost.create({ plugins: [plugin], settings: { [pkg.name]: { publicKey: PUBLIC_KEY_HEX, applicationId: APP_ID, publicKy: "typo" } } });
    await expect(typo.get("channels", "discord")).rejects.toMatchObject({ code: "CONFIG_INVALID" });
  });
});
