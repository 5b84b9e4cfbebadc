// The package boundaries of .dependency-cruiser.cjs (run by `npm run lint`)
// really fire: a small workspace laid out like this one (core, drizzle,
// plugins, bot, bench; packages linked under node_modules/@rounds as npm does)
// passes clean, then one file per rule breaks it and the check names that rule
// for that file, and only the files that break a rule are reported.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const depcruise = join(root, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs");
const run = promisify(execFile);

interface Violation { rule: { name: string }; from: string; to: string }

let dir: string;
const write = (path: string, text: string) => {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
};
const pkg = (path: string, body: object) => write(`${path}/package.json`, JSON.stringify({ version: "0.1.0", type: "module", ...body }));

async function check(): Promise<Violation[]> {
  const args = [depcruise, "core", "drizzle", "bot", "plugins", "bench", "--config", join(root, ".dependency-cruiser.cjs"), "--output-type", "json"];
  // Exit code is the number of violations; the JSON report is on stdout either way.
  const out = await run(process.execPath, args, { cwd: dir, maxBuffer: 32 * 1024 * 1024 }).catch((e: { stdout?: string; code?: number }) => {
    if (typeof e.stdout !== "string" || e.stdout === "") throw e;
    return { stdout: e.stdout };
  });
  return (JSON.parse(out.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "rounds-deprules-"));
  write("package.json", JSON.stringify({ name: "fixture", private: true, workspaces: ["core", "drizzle", "bot", "plugins/*"] }));
  write("tsconfig.json", JSON.stringify({ compilerOptions: { module: "ESNext", moduleResolution: "Bundler", allowImportingTsExtensions: true, noEmit: true } }));
  pkg("core", { name: "@rounds/core", exports: { ".": "./src/index.ts", "./testing": "./src/testing/index.ts" }, dependencies: { "vendor-a": "1.0.0" } });
  write("core/src/index.ts", 'import { a } from "vendor-a";\nexport const core = a;\n');
  write("core/src/testing/index.ts", 'import { core } from "../index.ts";\nexport const fake = core;\n');
  pkg("drizzle", { name: "@rounds/db", exports: { ".": "./src/index.ts" }, dependencies: { "@rounds/core": "0.1.0" } });
  write("drizzle/src/index.ts", 'import { core } from "@rounds/core";\nexport const db = core;\n');
  pkg("plugins/a", { name: "@rounds/plugin-a", exports: { ".": "./src/index.ts", "./testing": "./src/testing/fake-a.ts" }, dependencies: { "@rounds/core": "0.1.0", "vendor-a": "1.0.0" }, devDependencies: { devtool: "1.0.0", "vendor-optional": "1.0.0" },
    // An optional vendor SDK: an optional peer (left out of a default install), repeated in devDependencies for the repository's own install.
    peerDependencies: { "vendor-optional": "1.0.0" }, peerDependenciesMeta: { "vendor-optional": { optional: true } } });
  write("plugins/a/src/optional-sdk.ts", 'import { a } from "vendor-optional";\nexport const optionalSdk = a;\n');
  write("plugins/a/src/index.ts", 'import { core } from "@rounds/core";\nimport { a } from "vendor-a";\nexport const pluginA = [core, a];\n');
  write("plugins/a/src/testing/fake-a.ts", 'import { tool } from "devtool";\nexport const fakeA = tool;\n');
  write("plugins/a/test/a.test.ts", 'import { fake } from "@rounds/core/testing";\nimport { pluginA } from "../src/index.ts";\nexport const t = [fake, pluginA];\n');
  pkg("plugins/b", { name: "@rounds/plugin-b", exports: { ".": "./src/index.ts" }, dependencies: { "@rounds/core": "0.1.0" } });
  write("plugins/b/src/index.ts", 'import { core } from "@rounds/core";\nexport const pluginB = core;\n');
  pkg("bot", { name: "@rounds/bot", exports: { ".": "./src/index.ts" }, dependencies: { "@rounds/core": "0.1.0", "@rounds/db": "0.1.0", "@rounds/plugin-a": "0.1.0", "@rounds/plugin-b": "0.1.0" } });
  write("bot/src/index.ts", 'import { core } from "@rounds/core";\nimport { db } from "@rounds/db";\nimport { pluginA } from "@rounds/plugin-a";\nimport { pluginB } from "@rounds/plugin-b";\nexport const app = [core, db, pluginA, pluginB];\n');
  write("bot/test/app.test.ts", 'import { fakeA } from "@rounds/plugin-a/testing";\nimport { app } from "../src/index.ts";\nexport const t = [fakeA, app];\n');
  write("bot/bench/app.bench.ts", 'import type { BenchResult } from "../../bench/run.ts";\nimport { app } from "../src/index.ts";\nexport const b: BenchResult = app.length;\n');
  write("bench/run.ts", "export type BenchResult = number;\n");
  for (const [name, target] of [["core", "core"], ["db", "drizzle"], ["plugin-a", "plugins/a"], ["plugin-b", "plugins/b"], ["bot", "bot"]] as const) {
    mkdirSync(join(dir, "node_modules/@rounds"), { recursive: true });
    symlinkSync(join(dir, target), join(dir, "node_modules/@rounds", name), "dir");
  }
  for (const vendor of ["vendor-a", "devtool", "vendor-optional"]) {
    write(`node_modules/${vendor}/package.json`, JSON.stringify({ name: vendor, version: "1.0.0", main: "index.js" }));
    write(`node_modules/${vendor}/index.js`, "export const a = 1; export const tool = 2;\n");
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("dependency rules (.dependency-cruiser.cjs)", () => {
  it("a workspace that keeps the boundaries passes, an optional vendor SDK declared as an optional peer included", async () => {
    expect(await check()).toEqual([]);
  }, 60_000);

  it("each broken boundary is reported under its rule, for its file only", async () => {
    const breaks: Array<[file: string, text: string, rule: string]> = [
      ["core/src/uses-db.ts", 'export { db } from "@rounds/db";\n', "core-depends-on-no-workspace-package"],
      ["core/src/store.test.ts", 'import { db } from "@rounds/db";\nexport const t = db;\n', "core-depends-on-no-workspace-package"],
      ["drizzle/src/uses-plugin.ts", 'export { pluginA } from "@rounds/plugin-a";\n', "drizzle-depends-on-core-only"],
      ["plugins/b/src/uses-other-plugin.ts", 'export { pluginA } from "@rounds/plugin-a";\n', "plugin-depends-on-core-only"],
      ["plugins/b/test/uses-bot.test.ts", 'export { app } from "@rounds/bot";\n', "plugin-depends-on-core-only"],
      ["bot/test/relative-fake.test.ts", 'export { fakeA } from "../../plugins/a/src/testing/fake-a.ts";\n', "no-relative-import-across-packages"],
      ["plugins/b/test/relative-core.test.ts", 'export { core } from "../../../core/src/index.ts";\n', "no-relative-import-across-packages"],
      ["plugins/b/src/undeclared.ts", 'export { a } from "vendor-a";\n', "no-undeclared-dependency"],
      ["plugins/a/src/dev-in-source.ts", 'export { tool } from "devtool";\n', "no-dev-dependency-in-sources"],
      ["core/src/uses-bench.ts", 'export type { BenchResult } from "../../bench/run.ts";\n', "only-benches-use-the-bench-harness"],
      ["plugins/b/bench/reaches-bot.bench.ts", 'export { app } from "../../../bot/src/index.ts";\n', "bench-relative-imports-stay-home"],
      ["bot/src/missing.ts", 'export { nothing } from "./nowhere.ts";\n', "not-to-unresolvable"],
    ];
    for (const [file, text] of breaks) write(file, text);
    const violations = await check();
    for (const [file, , rule] of breaks) {
      expect({ file, rules: violations.filter((v) => v.from === file).map((v) => v.rule.name) }).toEqual({ file, rules: expect.arrayContaining([rule]) });
    }
    expect([...new Set(violations.map((v) => v.from))].sort()).toEqual(breaks.map(([file]) => file).sort());
  }, 60_000);
});
