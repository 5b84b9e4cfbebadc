// One writer per embedded data folder, with real processes: while
// `rounds serve` holds a PGlite folder, CLI commands on that folder go
// through the server (their writes are the server's, and persist), or stop
// with a message naming the server; none reports a success that is lost.
// Embedded tier only: PostgreSQL has no such limit and takes no lock.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { hostname, tmpdir } from "node:os";
import { basename, join } from "node:path";
import { apiKeys, auditLog, lockPathFor, openDatabase, patients } from "@rounds/db";
import { migratedPgliteCopy } from "@rounds/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCli, type CliProcess } from "./support/cli-process.ts";

const dataDir = mkdtempSync(join(tmpdir(), "rounds-one-writer-"));
const env = { ROUNDS_DATA_DIR: dataDir, ROUNDS_LOG_LEVEL: "warn" };
const lockFile = lockPathFor(join(dataDir, "db"));
let server: CliProcess | undefined;

async function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const p = startCli(args[0]!, args, env);
  const { code } = await p.exited();
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}

// A copy of the run's migrated database, then `init` as an operator runs it (creating one is cli-bin's and the demo's case).
beforeAll(async () => {
  await migratedPgliteCopy(dataDir);
}, 120_000);

afterAll(async () => {
  if (server && server.child.exitCode === null) {
    server.child.kill("SIGTERM");
    await server.exited();
  }
});

describe("one writer per embedded data folder", () => {
  it("routes CLI writes through a running server, refuses what cannot be routed, and keeps every write", async () => {
    expect((await cli("init", "--org", "lockclinic")).code).toBe(0);
    server = startCli("serve", ["serve", "--port", "0"], env);
    const [, url] = await server.waitFor(/listening on (http:\/\/\S+)/, 90_000);
    expect(existsSync(lockFile)).toBe(true);

    const made = await cli("api-key", "ops");
    expect(made.code, made.stderr).toBe(0);
    const key = made.stdout.split("\n")[0]!;
    expect(key).toMatch(/^rk_\S{20,}$/);
    // The key the CLI printed is one the running server knows.
    expect((await fetch(`${url}/v1/commands`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);

    // The server keeps who a key acts as in memory (drizzle/src/repos/identity-cache.ts): a change the CLI routes through it counts on the very next request.
    const session = () => fetch(`${url}/v1/session`, { headers: { authorization: `Bearer ${key}` } });
    const roleNow = async () => ((await (await session()).json()) as { user: { role: string } }).user.role;
    const before = await roleNow();
    expect(before).toBe(await roleNow());
    const people = JSON.parse((await cli("users", "list", "--json")).stdout) as Array<{ id: string; displayName: string }>;
    const keyUser = people.find((p) => p.displayName === "API key: ops")!;
    expect(keyUser).toBeDefined();
    const changed = await cli("users", "role", keyUser.id, before === "auditor" ? "clinician" : "auditor");
    expect(changed.code, changed.stderr).toBe(0);
    expect(await roleNow()).toBe(before === "auditor" ? "clinician" : "auditor");
    const removed = await cli("users", "remove", keyUser.id);
    expect(removed.code, removed.stderr).toBe(0);
    expect((await session()).status).toBe(401);
    expect((await fetch(`${url}/v1/commands`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(401);

    const patient = await cli("users", "patient", "Lock Test Patient");
    expect(patient.code, patient.stderr).toBe(0);
    expect(patient.stdout).toMatch(/Added patient [0-9a-f-]{36}/);

    // A document that fails on the server fails the command here, and so does a retry that fails again.
    const broken = join(dataDir, "..", `${basename(dataDir)}-broken.pdf`);
    writeFileSync(broken, "%PDF-1.7\n1 0 obj\n<< /Type /Catalog");
    const ingested = await cli("ingest", broken);
    expect(ingested.code).toBe(1);
    expect(ingested.stdout).toMatch(/: failed \(parse: /);
    const failedId = (JSON.parse((await cli("docs", "list", "failed", "--json")).stdout) as Array<{ id: string }>)[0]!.id;
    const retried = await cli("docs", "retry", failedId);
    expect(retried.code).toBe(1);
    expect(retried.stdout).toMatch(/Processed:\n• .+: failed \(parse: /);

    // A command error from the server is an error here too.
    const missing = await cli("consent", "grant", "00000000-0000-4000-8000-000000000000", "recording");
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/NOT_FOUND/);

    // Commands that must open the database themselves stop, naming the server.
    const migrate = await cli("migrate");
    expect(migrate.code).not.toBe(0);
    expect(migrate.stderr).toContain(`pid ${server.child.pid}`);
    expect(migrate.stderr).toContain(url!);
    expect(migrate.stdout).not.toMatch(/Migrations applied/);

    // The local operator route answers only with the token from the lock file.
    const forged = await fetch(`${url}/local/api-keys`, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer guess" }, body: JSON.stringify({ name: "x", role: "admin" }) });
    expect(forged.status).toBe(401);

    server.child.kill("SIGTERM");
    expect((await server.exited()).code).toBe(0);
    expect(existsSync(lockFile)).toBe(false);

    // After the server stopped, everything the CLI did while it ran is still there.
    const db = await openDatabase({ dataDir });
    try {
      const keys = await db.db.select().from(apiKeys);
      expect(keys.map((k) => k.name)).toContain("ops");
      expect((await db.db.select().from(patients)).length).toBe(1);
      const actions = (await db.db.select().from(auditLog)).map((a) => a.action);
      expect(actions).toEqual(expect.arrayContaining(["api_key.create", "patient.create"]));
    } finally {
      await db.close();
    }
  }, 240_000);

  it("takes over the lock a dead server left behind", async () => {
    const dead = spawnSync(process.execPath, ["-e", ""]).pid;
    writeFileSync(lockFile, JSON.stringify({ pid: dead, startedAt: new Date().toISOString(), owner: "serve", api: { url: "http://127.0.0.1:9", token: "stale" } }));
    const made = await cli("api-key", "after-crash");
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/^rk_/);
    expect(made.stdout).not.toContain("created by the server");
    expect(existsSync(lockFile)).toBe(false);
  }, 120_000);

  it("a lock naming a live process that does not answer says which file to delete, and changes nothing", async () => {
    // This test's own pid is alive and is no Rounds server (as after a crash, when the pid was given to another program).
    writeFileSync(lockFile, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString(), owner: "serve", host: hostname(), api: { url: "http://127.0.0.1:9", token: "stale" } }));
    try {
      const made = await cli("api-key", "while-stale");
      expect(made.code).not.toBe(0);
      expect(made.stdout).not.toMatch(/rk_/);
      expect(made.stderr).toContain("does not answer");
      expect(made.stderr).toContain(`delete ${lockFile}`);
    } finally {
      rmSync(lockFile, { force: true });
    }
  }, 120_000);

  it("a server that cannot listen says why, exits non-zero and lets go of the folder", async () => {
    const taken = createServer();
    await new Promise<void>((ok) => taken.listen(0, "127.0.0.1", ok));
    const port = (taken.address() as AddressInfo).port;
    try {
      const busy = startCli("serve-busy", ["serve", "--port", String(port)], env);
      const { code } = await busy.exited();
      expect(code, busy.stderr()).toBe(1);
      expect(busy.stderr()).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(busy.stderr()).toContain("ADDRESS_IN_USE");
      expect(busy.stderr()).not.toContain("unexpected error");
      expect(existsSync(lockFile)).toBe(false);
    } finally {
      taken.close();
    }
    // Not a number: refused before anything opens, naming the option (before, the process stayed up holding the folder).
    const bad = startCli("serve-bad-port", ["serve", "--port", "abc"], env);
    const { code } = await bad.exited();
    expect(code).toBe(2);
    expect(bad.stderr()).toContain("--port");
    expect(bad.stderr()).toContain("from 0 to 65535");
    expect(existsSync(lockFile)).toBe(false);
    // The folder is free: the next command opens it.
    const list = await cli("docs", "list");
    expect(list.code, list.stderr).toBe(0);
  }, 180_000);
});
