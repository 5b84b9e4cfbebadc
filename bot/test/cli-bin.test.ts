// The installed `rounds` command as an operator runs it: `npx rounds …`
// resolves to node_modules/.bin/rounds, a link to bot/bin/rounds.js. Each
// way of starting it must run the CLI (a start-up check once made the linked
// bin do nothing and exit 0). Runs init and api-key on an embedded data folder.
// The command runs the compiled build: the run's global setup
// (scripts/test-run-folder.ts) builds the sources as they are now when dist/
// is older, and the command refuses a build older than its sources.
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "../..");
const starts: Array<[string, string, string[]]> = [
  ["node_modules/.bin/rounds (npx rounds)", join(root, "node_modules/.bin/rounds"), []],
  ["bot/bin/rounds.js", process.execPath, [join(root, "bot/bin/rounds.js")]],
];

describe.each(starts)("the rounds command started as %s", (_name, file, prefix) => {
  it("runs init and api-key, and fails an unknown command with a clear message", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "rounds-bin-"));
    const init = await run(file, [...prefix, "--data-dir", dataDir, "init", "--org", "bin-clinic"], { cwd: tmpdir(), timeout: 120_000 });
    expect(init.stdout).toMatch(/bin-clinic/);
    const key = await run(file, [...prefix, "--data-dir", dataDir, "api-key", "admin page"], { cwd: tmpdir(), timeout: 120_000 });
    expect(key.stdout.split("\n")[0]).toMatch(/^rk_\S{20,}/);
    const unknown = await run(file, [...prefix, "--data-dir", dataDir, "frobnicate"], { cwd: tmpdir(), timeout: 60_000 }).catch((e: { code: number; stderr: string }) => e);
    expect(unknown).toMatchObject({ code: expect.any(Number) });
    expect((unknown as { code: number }).code).not.toBe(0);
    expect((unknown as { stderr: string }).stderr).toMatch(/unknown command 'frobnicate'/);
  }, 180_000);
});

// A stale build: sources changed after `npm run build` (a `git pull`, a branch
// switch, an edit). The real bin and the real compiled CLI, in a throwaway
// repository layout (so the clone's own sources are never touched): bot/ holds
// copies of the bin files and links to the built dist/ and src/, and a second
// package, extra/, has a src/ and a dist/ stamp this test controls.
describe("the rounds command in a clone whose build is older than its sources", () => {
  function layout(): { dir: string; bin: string } {
    const dir = mkdtempSync(join(tmpdir(), "rounds-stale-"));
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "rounds", private: true, workspaces: ["bot", "extra"] }));
    mkdirSync(join(dir, "bot/bin"), { recursive: true });
    for (const file of ["rounds.js", "build-stamp.js"]) copyFileSync(join(root, "bot/bin", file), join(dir, "bot/bin", file));
    symlinkSync(join(root, "bot/dist"), join(dir, "bot/dist"));
    symlinkSync(join(root, "bot/src"), join(dir, "bot/src"));
    mkdirSync(join(dir, "extra/src"), { recursive: true });
    mkdirSync(join(dir, "extra/dist"), { recursive: true });
    writeFileSync(join(dir, "extra/src/a.ts"), "export const a = 1;\n");
    writeFileSync(join(dir, "extra/src/b.ts"), "export const b = 2;\n");
    return { dir, bin: join(dir, "bot/bin/rounds.js") };
  }
  const stamp = (dir: string, builtAt: number): void => writeFileSync(join(dir, "extra/dist/build-stamp.json"), JSON.stringify({ builtAt }));
  // Every source and folder of extra/ dated `seconds` ago, so a stamp can be placed before or after them.
  const age = (dir: string, seconds: number): void => {
    const then = new Date(Date.now() - seconds * 1000);
    for (const path of ["extra/src/a.ts", "extra/src/b.ts", "extra/src"]) utimesSync(join(dir, path), then, then);
  };
  const fails = async (bin: string): Promise<{ code: number; stderr: string; stdout: string }> =>
    run(process.execPath, [bin, "--help"], { cwd: tmpdir(), timeout: 60_000 }).then(
      (ok) => ({ code: 0, ...ok }),
      (e: { code: number; stderr: string; stdout: string }) => e,
    );

  it("runs when the build is newer than every source, and stops with the package, the file and `npm run build` when one changed", async () => {
    const { dir, bin } = layout();
    try {
      age(dir, 120);
      stamp(dir, Date.now() - 60_000);
      const current = await fails(bin);
      expect(current.code).toBe(0);
      expect(current.stdout).toMatch(/Usage: rounds/);

      utimesSync(join(dir, "extra/src/b.ts"), new Date(), new Date()); // edited (or pulled) after the build
      const edited = await fails(bin);
      expect(edited.code).toBe(1);
      expect(edited.stdout).toBe("");
      expect(edited.stderr).toMatch(/older than the sources/);
      expect(edited.stderr).toMatch(/extra: extra\/src\/b\.ts changed after the build/);
      expect(edited.stderr).toMatch(/run `npm run build`/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("stops when a source was deleted after the build (its folder changed), and when a package was never built", async () => {
    const { dir, bin } = layout();
    try {
      age(dir, 120);
      stamp(dir, Date.now() - 60_000);
      rmSync(join(dir, "extra/src/a.ts"));
      const deleted = await fails(bin);
      expect(deleted.code).toBe(1);
      expect(deleted.stderr).toMatch(/extra: extra\/src changed after the build/);

      rmSync(join(dir, "extra/dist/build-stamp.json"));
      const unbuilt = await fails(bin);
      expect(unbuilt.code).toBe(1);
      expect(unbuilt.stderr).toMatch(/extra: not built/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("skips packages without src/, as in a published install", async () => {
    const { dir, bin } = layout();
    try {
      rmSync(join(dir, "extra/src"), { recursive: true });
      const published = await fails(bin);
      expect(published.code).toBe(0);
      expect(published.stdout).toMatch(/Usage: rounds/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

// Start-up cost: a suite spawns the CLI hundreds of times, so what a command loads before it runs is paid each time.
// `--help` and `deid` without a database run on @rounds/core/startup (configuration, errors, the plugin host reading
// manifests) and the de-identifier plugin: core's barrel (every use case, the job queues, zod schemas of every route)
// loads only when a command opens an app. A module loader hook records every ES module the process loads.
describe("what the rounds command loads before a command needs the app", () => {
  const dir = mkdtempSync(join(tmpdir(), "rounds-loads-"));
  writeFileSync(join(dir, "loader.mjs"), [
    "import { appendFileSync } from \"node:fs\";",
    "let file;",
    "export function initialize(data) { file = data.file; }",
    "export async function load(url, context, next) { appendFileSync(file, `${url}\\n`); return next(url, context); }",
  ].join("\n"));
  const loaded = async (name: string, args: string[]): Promise<{ stdout: string; urls: string[] }> => {
    const file = join(dir, `${name}.txt`);
    writeFileSync(join(dir, `${name}.mjs`), `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(join(dir, "loader.mjs")).href)}, { data: { file: ${JSON.stringify(file)} } });\n`);
    writeFileSync(file, "");
    const { stdout } = await run(process.execPath, ["--import", join(dir, `${name}.mjs`), join(root, "bot/bin/rounds.js"), ...args], { cwd: tmpdir(), timeout: 120_000 });
    return { stdout, urls: readFileSync(file, "utf8").split("\n").filter(Boolean) };
  };
  const barrel = new URL("../../core/dist/index.js", import.meta.url).href;
  const startup = new URL("../../core/dist/startup.js", import.meta.url).href;

  it("--help and deid without a database do not load core's barrel", async () => {
    const help = await loaded("help", ["--help"]);
    expect(help.stdout).toMatch(/\bdeid\b/);
    expect(help.urls).toContain(startup);
    expect(help.urls).not.toContain(barrel);
    const dataDir = mkdtempSync(join(tmpdir(), "rounds-loads-data-"));
    const input = join(dir, "note.txt");
    writeFileSync(input, "Seen by Dr. Jane Smith on 3 March 2024, phone 617-555-0199.\n");
    const deid = await loaded("deid", ["--data-dir", dataDir, "deid", input]);
    expect(deid.stdout).toMatch(/\[PHONE_1\]/);
    expect(deid.urls).toContain(startup);
    expect(deid.urls).not.toContain(barrel);
    rmSync(dataDir, { recursive: true, force: true });
  }, 180_000);
});
