// `rounds deid` removes the organisation's own patient names, as ingest, notes
// and answers do (they pass `namesForGazetteer` to the de-identifier), through
// the real CLI process on both tiers: a patient added with `rounds users
// patient`, then text naming them piped through `rounds deid`. The control is
// the same text in a folder with no database, where the command is plain text
// de-identification (recall mode, placeholders) and keeps a name its rules
// cannot know; it creates no database there. On the embedded tier a running
// `rounds serve` holds the folder, and the command goes through it (the
// server tier has no such lock: the CLI opens PostgreSQL itself, as above).
// Names never cross organisations: with two, `--org` says whose, and the other
// organisation's names are not used.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { roundsArgs, startCli, type CliProcess } from "./support/cli-process.ts";
import { appTargets, cleanupTargets } from "./support/test-app.ts";

const root = resolve(import.meta.dirname, "../..");
const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ROUNDS_LOG_LEVEL: "warn" };
const servers: CliProcess[] = [];

afterAll(async () => {
  for (const s of servers) {
    if (s.child.exitCode === null) {
      s.child.kill("SIGTERM");
      await s.exited();
    }
  }
  await cleanupTargets();
});

/** `rounds <args>` as an operator runs it, with `input` on stdin. */
function rounds(args: string[], input = ""): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, roundsArgs(args), { cwd: root, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on("data", (d: Buffer) => { stderr += d.toString(); });
    child.on("close", (code) => done({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

const LETTER = "Jo Test (MRN-5001) was seen today; Jo Test will return in two weeks.";

describe.each(appTargets())("rounds deid with the organisation's patient names ($name)", (target) => {
  it("removes a patient the organisation knows, which plain de-identification keeps; per organisation; beside a running server", async () => {
    const environment = await target.environment();
    const config = join(environment.dataDir!, "rounds.config.json");
    writeFileSync(config, JSON.stringify(environment));
    const cli = (args: string[], input?: string) => rounds(["-c", config, ...args], input);

    // The control first: no database in the folder, so no names to know; the rules alone keep this name, and nothing is created.
    const bare = mkdtempSync(join(tmpdir(), "rounds-deid-bare-"));
    const plain = await rounds(["--data-dir", bare, "deid"], LETTER);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toContain("Jo Test");
    expect(plain.stdout).not.toContain("5001");
    expect(existsSync(join(bare, "db"))).toBe(false);

    expect((await cli(["init"])).code).toBe(0);
    const added = await cli(["users", "patient", "Jo Test"]);
    expect(added.code, added.stderr).toBe(0);

    const cleaned = await cli(["deid"], LETTER);
    expect(cleaned.code, cleaned.stderr).toBe(0);
    expect(cleaned.stdout).not.toMatch(/\bJo\b|Test|5001/);
    expect(cleaned.stdout).toMatch(/^\[NAME_1\] \(\[MRN_1\]\) was seen today; \[NAME_1\] will return in two weeks\.$/);
    const json = await cli(["deid", "--json"], JSON.stringify(["Called Jo Test.", "No names here."]));
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(["Called [NAME_1].", "No names here."]);

    // A second organisation: which names is then the operator's to say, and one organisation's names are not another's.
    expect((await cli(["init", "--org", "otherclinic"])).code).toBe(0);
    const ambiguous = await cli(["deid"], LETTER);
    expect(ambiguous.code).not.toBe(0);
    expect(ambiguous.stderr).toMatch(/Several organisations exist: pass --org/);
    expect(ambiguous.stdout).toBe("");
    const other = await cli(["deid", "--org", "otherclinic"], LETTER);
    expect(other.code, other.stderr).toBe(0);
    expect(other.stdout).toContain("Jo Test");
    const own = await cli(["deid", "--org", "clinic"], LETTER);
    expect(own.code, own.stderr).toBe(0);
    expect(own.stdout).not.toMatch(/\bJo\b|Test/);
    const unknown = await cli(["deid", "--org", "nosuchclinic"], LETTER);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/No organisation nosuchclinic/);

    if (target.name !== "embedded") return;
    // The folder held by `rounds serve`: the CLI cannot open it, so the server de-identifies with the same names.
    const server = startCli("serve", ["-c", config, "serve", "--port", "0"], env);
    servers.push(server);
    await server.waitFor(/listening on (http:\/\/\S+)/, 90_000);
    const through = await cli(["deid", "--org", "clinic"], LETTER);
    expect(through.code, through.stderr).toBe(0);
    expect(through.stdout).toMatch(/^\[NAME_1\] \(\[MRN_1\]\) was seen today; \[NAME_1\] will return in two weeks\.$/);
    const refused = await cli(["deid"], LETTER);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/Several organisations exist: pass --org/);
    server.child.kill("SIGTERM");
    expect((await server.exited()).code).toBe(0);
  }, 400_000);
});
