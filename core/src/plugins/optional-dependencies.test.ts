// A plugin whose vendor SDK is an optional peer dependency: refused at start,
// naming the package and the install command, while the SDK is absent; loaded
// once it is installed. Real folders: a plugin package and a node_modules
// beside it, as npm lays them out.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PluginHost } from "./host.ts";
import { missingOptionalDependencies } from "./optional-dependencies.ts";

const root = mkdtempSync(join(tmpdir(), "rounds-optional-sdk-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function writePackage(dir: string, pkg: Record<string, unknown>, entry?: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify(pkg));
  if (entry) writeFileSync(join(dir, "index.js"), entry);
}

const plugin = join(root, "plugins", "vendor-chat");
writePackage(plugin, {
  name: "rounds-test-vendor-chat", version: "1.0.0", type: "module", main: "./index.js",
  peerDependencies: { "rounds-test-vendor-sdk": "^2.1.0", "rounds-test-required-peer": "^1.0.0" },
  peerDependenciesMeta: { "rounds-test-vendor-sdk": { optional: true } },
  rounds: { displayName: "Vendor chat", contributes: { embedders: [{ id: "vendor-emb" }] } },
}, `import { dimensions } from "rounds-test-vendor-sdk";
export function activate(ctx) { ctx.register("embedders", "vendor-emb", () => ({ id: "vendor-emb", dimensions, embed: async () => [] })); }`);

describe("optional vendor SDKs of a plugin", () => {
  it("refuses the configured plugin at start, naming the missing package and the command that installs it", async () => {
    expect(missingOptionalDependencies(plugin)).toEqual([{ name: "rounds-test-vendor-sdk", range: "^2.1.0" }]);
    const error = await PluginHost.create({ plugins: [plugin], resolveFrom: root }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "PLUGIN_DEPENDENCY_MISSING",
      details: { package: "rounds-test-vendor-chat", missing: ["rounds-test-vendor-sdk@^2.1.0"] },
    });
    expect((error as Error).message).toBe("Plugin rounds-test-vendor-chat needs rounds-test-vendor-sdk, an optional package that a default install leaves out. Install it in the Rounds folder: npm install rounds-test-vendor-sdk@^2.1.0");
    // A peer that is not optional is npm's to install, not this check's.
    expect((error as Error).message).not.toContain("rounds-test-required-peer");
  });

  it("loads and activates the plugin once the SDK is installed where Node finds it", async () => {
    writePackage(join(root, "node_modules", "rounds-test-vendor-sdk"), { name: "rounds-test-vendor-sdk", version: "2.1.0", type: "module", main: "./index.js" }, "export const dimensions = 3;");
    expect(missingOptionalDependencies(plugin)).toEqual([]);
    const host = await PluginHost.create({ plugins: [plugin], resolveFrom: root });
    expect((await host.get("embedders", "vendor-emb")).dimensions).toBe(3);
    await host.dispose();
  });
});
