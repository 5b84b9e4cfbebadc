// The installed `rounds` command as an operator runs it: `npx rounds …`
// resolves to node_modules/.bin/rounds, a link to bot/bin/rounds.js. Each
// way of starting it must run the CLI (a start-up check once made the linked
// bin do nothing and exit 0). Runs init and api-key on an embedded data folder.
// The command runs the compiled build, so the suite builds it first (the
// sources as they are now, not a stale dist/).
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "../..");
const starts: Array<[string, string, string[]]> = [
  ["node_modules/.bin/rounds (npx rounds)", join(root, "node_modules/.bin/rounds"), []],
  ["bot/bin/rounds.js", process.execPath, [join(root, "bot/bin/rounds.js")]],
];

beforeAll(async () => {
  await run(process.execPath, ["--import", "tsx", join(root, "scripts/build.ts")], { cwd: root, timeout: 240_000 });
}, 240_000);

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
