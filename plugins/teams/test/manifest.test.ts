import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { manifestSchema, silentLogger, type PluginContext } from "@rounds/core";
import { activate, optionsFromSettings, TeamsChannel } from "../src/index.ts";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { name: string; rounds: unknown };

describe("Teams plugin manifest", () => {
  const manifest = manifestSchema.parse(pkg.rounds);

  it("registers exactly the channel ids its manifest contributes", async () => {
    const registered: Array<{ kind: string; id: string; impl: unknown }> = [];
    const ctx = {
      pluginId: pkg.name, settings: { appId: "", port: 0 }, tier: "server", dataDir: "/tmp/rounds-teams-test",
      logger: silentLogger(), subscriptions: [], services: {},
      register: (kind: string, id: string, impl: unknown) => registered.push({ kind, id, impl }),
    } as unknown as PluginContext;
    activate(ctx);
    expect(registered.map((r) => `${r.kind}:${r.id}`)).toEqual((manifest.contributes.channels ?? []).map((c) => `channels:${c.id}`));
    const factory = registered[0]!.impl as () => TeamsChannel;
    const channel = factory();
    expect(channel).toBeInstanceOf(TeamsChannel);
    expect(channel.id).toBe("teams");
    expect(channel.specificationVersion).toBe("v1");
  });

  it("declares egress and settings for secrets, receiver and apiUrl", () => {
    expect(pkg.name).toBe("@rounds/plugin-teams");
    expect(manifest.egress).toBe(true);
    const properties = (manifest.contributes.configuration as { properties: Record<string, unknown> }).properties;
    for (const key of ["appId", "appPassword", "tenantId", "port", "path", "apiUrl", "maxFileBytes", "channelFiles", "graphUrl", "authorityHost"]) expect(properties).toHaveProperty(key);
    expect(properties.graphUrl).toMatchObject({ default: "https://graph.microsoft.com/v1.0" });
    expect(properties.authorityHost).toMatchObject({ default: "https://login.microsoftonline.com" });
    expect(properties.channelFiles).toMatchObject({ type: "boolean", default: true });
  });

  it("turns settings into channel options", () => {
    expect(optionsFromSettings({ appId: "a", appPassword: "p", tenantId: "t", port: 0, path: "/teams", apiUrl: "http://127.0.0.1:1", commandWords: ["ask", 3], host: "" }))
      .toEqual({ appId: "a", appPassword: "p", tenantId: "t", port: 0, path: "/teams", apiUrl: "http://127.0.0.1:1", commandWords: ["ask"] });
    expect(optionsFromSettings({ channelFiles: false, graphUrl: "http://127.0.0.1:2/v1.0", authorityHost: "https://127.0.0.1:3", maxFileBytes: 10 }))
      .toEqual({ channelFiles: false, graphUrl: "http://127.0.0.1:2/v1.0", authorityHost: "https://127.0.0.1:3", maxFileBytes: 10 });
  });
});
