/**
 * The default production install: the workspace's package.json files, the
 * lockfile and the postinstall script copied to a temporary folder, then
 * `npm install --omit=dev` there as a user would run it (from the registry,
 * through npm's cache). Reports the size of node_modules (target < 400 MB;
 * llama.cpp's GPU builds are opt-in, see plugins/llama-cpp/README.md) and
 * the number of engine warnings npm printed for this Node version (target 0).
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import type { BenchResult } from "../../bench/run.ts";

const root = resolve(import.meta.dirname, "../..");

function bytes(path: string): number {
  const s = statSync(path, { throwIfNoEntry: false });
  if (!s || s.isSymbolicLink()) return 0;
  return s.isDirectory() ? readdirSync(path).reduce((sum, f) => sum + bytes(join(path, f)), 0) : s.blocks * 512;
}

export default async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), "rounds-install-"));
  try {
    const workspaces = ["core", "drizzle", "bot", "admin-web", ...readdirSync(join(root, "plugins")).map((p) => `plugins/${p}`)];
    for (const file of ["package.json", "package-lock.json", "scripts/prune-llama-builds.js", ...workspaces.map((w) => `${w}/package.json`)]) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      cpSync(join(root, file), join(dir, file));
    }
    const started = performance.now();
    const npm = spawnSync("npm", ["install", "--omit=dev", "--no-audit", "--no-fund", "--loglevel=warn"], { cwd: dir, encoding: "utf8", timeout: 1_800_000 });
    const seconds = (performance.now() - started) / 1000;
    if (npm.status !== 0) throw new Error(`npm install --omit=dev failed (${npm.status}): ${npm.stderr.slice(-1000)}`);
    const output = `${npm.stdout}\n${npm.stderr}`;
    const engineWarnings = (output.match(/EBADENGINE/g) ?? []).length;
    const megabytes = bytes(join(dir, "node_modules")) / 1e6;
    return [
      { suite: "install (npm install --omit=dev, fresh folder)", name: "node_modules size", value: megabytes, unit: "MB", target: "< 400", passed: megabytes < 400, notes: `install took ${seconds.toFixed(0)} s` },
      { suite: "install (npm install --omit=dev, fresh folder)", name: "engine warnings on this Node", value: engineWarnings, unit: "", target: "0", passed: engineWarnings === 0, notes: process.version },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
