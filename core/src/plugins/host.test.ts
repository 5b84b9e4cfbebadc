import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { RoundsError } from "../errors/index.ts";
import { FakeEmbedder } from "../testing/fakes/index.ts";
import { PluginHost, type InlinePlugin } from "./host.ts";

const repoRoot = resolve(import.meta.dirname, "../../..");

function embedderPlugin(name: string, log: string[], extra: Partial<InlinePlugin> = {}): InlinePlugin {
  return {
    name,
    manifest: { displayName: name, contributes: { embedders: [{ id: `${name}-emb` }] } },
    module: {
      activate(ctx) {
        log.push(`activate ${name}`);
        ctx.register("embedders", `${name}-emb`, () => new FakeEmbedder(8));
        ctx.subscriptions.push({ dispose: () => void log.push(`dispose ${name}`) });
      },
    },
    ...extra,
  };
}

const codeOf = (e: unknown) => (RoundsError.isInstance(e) ? e.code : String(e));

describe("PluginHost", () => {
  it("activates lazily on first use, once, and resolves the registered implementation", async () => {
    const log: string[] = [];
    const host = await PluginHost.create({ plugins: [embedderPlugin("a", log)] });
    expect(log).toEqual([]);
    expect(host.list()[0]!.state).toBe("inactive");
    const [e1, e2] = await Promise.all([host.get("embedders", "a-emb"), host.get("embedders", "a-emb")]);
    expect(e1).toBe(e2);
    expect(e1.dimensions).toBe(8);
    expect(log).toEqual(["activate a"]);
    expect(host.list()[0]!.state).toBe("active");
  });

  it("activates onStartup plugins at boot", async () => {
    const log: string[] = [];
    const p = embedderPlugin("s", log);
    (p.manifest as { activationEvents?: string[] }).activationEvents = ["onStartup"];
    await PluginHost.create({ plugins: [p] });
    expect(log).toEqual(["activate s"]);
  });

  it("disposes in reverse activation order", async () => {
    const log: string[] = [];
    const host = await PluginHost.create({ plugins: [embedderPlugin("a", log), embedderPlugin("b", log), embedderPlugin("c", log)] });
    await host.get("embedders", "b-emb");
    await host.get("embedders", "a-emb");
    await host.get("embedders", "c-emb");
    await host.dispose();
    expect(log).toEqual(["activate b", "activate a", "activate c", "dispose c", "dispose a", "dispose b"]);
    await expect(host.get("embedders", "a-emb")).rejects.toThrow(/shut down/);
  });

  it("rejects an invalid manifest naming the plugin and the field", async () => {
    const bad: InlinePlugin = { name: "broken-manifest", manifest: { displayName: "x", contributes: { embedders: [{ id: "Bad Id" }] } }, module: { activate() {} } };
    const e = await PluginHost.create({ plugins: [bad] }).catch((x: unknown) => x);
    expect(codeOf(e)).toBe("PLUGIN_MANIFEST_INVALID");
    expect((e as Error).message).toMatch(/broken-manifest.*contributes\.embedders\.0\.id/);
    const unknownKey: InlinePlugin = { name: "extra-key", manifest: { displayName: "x", contributes: { widgets: [] } }, module: { activate() {} } };
    await expect(PluginHost.create({ plugins: [unknownKey] })).rejects.toThrow(/extra-key/);
  });

  it("reports a plugin that throws in activate, by name, and keeps failing clearly", async () => {
    const throwing: InlinePlugin = {
      name: "thrower", manifest: { displayName: "t", contributes: { embedders: [{ id: "t-emb" }] } },
      module: { activate() { throw new Error("boom in activate"); } },
    };
    const host = await PluginHost.create({ plugins: [throwing] });
    const e = await host.get("embedders", "t-emb").catch((x: unknown) => x);
    expect(codeOf(e)).toBe("PLUGIN_ACTIVATION_FAILED");
    expect((e as Error).message).toMatch(/thrower failed to activate: boom in activate/);
    expect(host.list()[0]).toMatchObject({ state: "failed" });
    await expect(host.get("embedders", "t-emb")).rejects.toThrow(/thrower/);
  });

  it("refuses registrations the manifest does not declare, and declared ids left unregistered", async () => {
    const sneaky: InlinePlugin = {
      name: "sneaky", manifest: { displayName: "s", contributes: { embedders: [{ id: "declared" }] } },
      module: { activate(ctx) { ctx.register("embedders", "declared", new FakeEmbedder()); ctx.register("embedders", "undeclared", new FakeEmbedder()); } },
    };
    const lazy: InlinePlugin = {
      name: "forgetful", manifest: { displayName: "f", contributes: { embedders: [{ id: "one" }, { id: "two" }] } },
      module: { activate(ctx) { ctx.register("embedders", "one", new FakeEmbedder()); } },
    };
    const host = await PluginHost.create({ plugins: [sneaky, lazy] });
    await expect(host.get("embedders", "declared")).rejects.toThrow(/sneaky registered embedders "undeclared"/);
    await expect(host.get("embedders", "one")).rejects.toThrow(/forgetful declares embedders:two/);
  });

  it("names a missing plugin package and an unknown contribution", async () => {
    const e = await PluginHost.create({ plugins: ["@clinic/no-such-plugin"], resolveFrom: repoRoot }).catch((x: unknown) => x);
    expect(codeOf(e)).toBe("PLUGIN_NOT_FOUND");
    expect((e as Error).message).toMatch(/@clinic\/no-such-plugin/);
    const host = await PluginHost.create({ plugins: [] });
    await expect(host.get("parsers", "pdf")).rejects.toThrow(/No configured plugin contributes parsers "pdf"/);
  });

  it("refuses egress plugins on the on-prem tier", async () => {
    const cloud = embedderPlugin("cloud", []);
    (cloud.manifest as { egress?: boolean }).egress = true;
    const host = await PluginHost.create({ plugins: [cloud], tier: "on-prem" });
    const e = await host.get("embedders", "cloud-emb").catch((x: unknown) => x);
    expect(codeOf(e)).toBe("PLUGIN_EGRESS_REFUSED");
    expect(host.list()[0]!.state).toBe("refused");
  });

  it("validates settings against the manifest's configuration schema, naming the setting", async () => {
    const p: InlinePlugin = {
      name: "configured",
      manifest: {
        displayName: "c",
        contributes: {
          embedders: [{ id: "c-emb" }],
          configuration: { type: "object", properties: { dimensions: { type: "integer", minimum: 2, default: 4 } }, additionalProperties: false },
        },
      },
      module: { activate(ctx) { ctx.register("embedders", "c-emb", new FakeEmbedder(ctx.settings.dimensions as number)); } },
    };
    const ok = await PluginHost.create({ plugins: [p] });
    expect((await ok.get("embedders", "c-emb")).dimensions).toBe(4);
    const bad = await PluginHost.create({ plugins: [p], settings: { configured: { dimensions: 1 } } });
    await expect(bad.get("embedders", "c-emb")).rejects.toThrow(/plugins\.configured\.dimensions/);
  });

  it("rejects two plugins contributing the same id", async () => {
    const log: string[] = [];
    const a = embedderPlugin("dup", log);
    const b = { ...embedderPlugin("dup", log), name: "dup2" };
    await expect(PluginHost.create({ plugins: [a, b] })).rejects.toThrow(/dup and dup2 both contribute embedders "dup-emb"/);
  });
});
