import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { PluginHost } from "@rounds/core";
import { describe, expect, it } from "vitest";
import { activate, SafeHarborDeidentifier } from "../src/index.ts";

const pluginDir = resolve(import.meta.dirname, "..");
const manifest = JSON.parse(readFileSync(resolve(pluginDir, "package.json"), "utf8")) as {
  rounds: { displayName: string; contributes: Record<string, unknown> & { configuration: { properties: Record<string, { default?: unknown }> } } };
};

describe("manifest", () => {
  it("activate registers exactly the ids the manifest declares", () => {
    const registered: string[] = [];
    activate({ settings: {}, register: (kind: string, id: string) => void registered.push(`${kind}/${id}`) } as never);
    const declared = Object.entries(manifest.rounds.contributes)
      .filter(([k]) => k !== "configuration")
      .flatMap(([k, list]) => (list as Array<{ id: string }>).map((c) => `${k}/${c.id}`));
    expect(declared).toEqual(["deidentifiers/safe-harbor"]);
    expect(registered.sort()).toEqual(declared.sort());
  });

  it("loads from disk in the real plugin host, applies setting defaults, and de-identifies", async () => {
    const host = await PluginHost.create({ plugins: [pluginDir], settings: { "@rounds/plugin-deid": { operator: "redact" } } });
    try {
      expect(host.ids("deidentifiers")).toEqual(["safe-harbor"]);
      const d = await host.get("deidentifiers", "safe-harbor");
      expect(d).toBeInstanceOf(SafeHarborDeidentifier);
      expect((await d.deidentify("Call 617-555-0142.")).text).toBe("Call ███.");
      expect(host.list()[0]).toMatchObject({ name: "@rounds/plugin-deid", state: "active", displayName: manifest.rounds.displayName });
    } finally {
      await host.dispose();
    }
  });

  it("the host refuses settings the schema does not allow", async () => {
    const host = await PluginHost.create({ plugins: [pluginDir], settings: { "@rounds/plugin-deid": { operator: "shred" } } });
    await expect(host.get("deidentifiers", "safe-harbor")).rejects.toThrow(/operator/);
    const other = await PluginHost.create({ plugins: [pluginDir], settings: { "@rounds/plugin-deid": { unknown: true } } });
    await expect(other.get("deidentifiers", "safe-harbor")).rejects.toThrow(/invalid/);
  });

  it("every setting has a default", () => {
    const props = manifest.rounds.contributes.configuration.properties;
    expect(Object.keys(props).sort()).toEqual(["gazetteer", "minConfidence", "operator", "secondPassModel"]);
    for (const [name, p] of Object.entries(props)) expect(p.default, name).toBeDefined();
  });
});
