// Every plugin in plugins/ loads through the real plugin host: its manifest
// validates, `activate` runs, and what it registers equals what its manifest
// declares (the host rejects the difference either way). A folder without
// code yet fails this test: a manifest may not promise what does not exist.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { PluginHost, silentLogger } from "@rounds/core";
import { describe, expect, it } from "vitest";

const pluginsDir = resolve(import.meta.dirname, "../../plugins");
const plugins = readdirSync(pluginsDir).filter((d) => existsSync(join(pluginsDir, d, "package.json"))).sort();

/** Settings a plugin needs just to activate (no network is touched at activation). */
const settings: Record<string, Record<string, unknown>> = {
  "@rounds/plugin-s3": { bucket: "b", endpoint: "http://127.0.0.1:1", region: "us-east-1", forcePathStyle: true },
};

describe("every plugin's manifest matches what it registers", () => {
  for (const dir of plugins) {
    const name = (JSON.parse(readFileSync(join(pluginsDir, dir, "package.json"), "utf8")) as { name: string }).name;
    it(name, async () => {
      const host = await PluginHost.create({ plugins: [name], tier: "server", dataDir: "/tmp/rounds-manifest-test", settings, logger: silentLogger(), resolveFrom: import.meta.dirname });
      try {
        await host.activateAll();
        const [info] = host.list();
        expect(info?.error).toBeUndefined();
        expect(info?.state).toBe("active");
        expect(Object.values(info!.contributes).flat().length).toBeGreaterThan(0);
      } finally {
        await host.dispose();
      }
    });
  }
});
