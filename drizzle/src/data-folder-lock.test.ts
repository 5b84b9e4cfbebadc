// The one-writer lock of an embedded database folder, across real processes:
// a live holder refuses (naming its pid), a dead holder's lock is taken over,
// and a lock with this process's own pid that this process does not hold is
// a previous incarnation's (a restarted container reuses its pid).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RoundsError } from "@rounds/core";
import { afterEach, describe, expect, it } from "vitest";
import { acquireDataFolderLock, lockPathFor, readLiveLock, type DataFolderLock } from "./data-folder-lock.ts";
import { openDatabase } from "./client.ts";

const held: DataFolderLock[] = [];
afterEach(() => {
  for (const lock of held.splice(0)) lock.release();
});

const folder = () => join(mkdtempSync(join(tmpdir(), "rounds-lock-")), "db");
const deadPid = () => spawnSync(process.execPath, ["-e", ""]).pid;

function refusal(fn: () => unknown): RoundsError {
  try {
    fn();
  } catch (error) {
    if (RoundsError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected DATA_FOLDER_IN_USE");
}

describe("data folder lock", () => {
  it("refuses a second holder in the same process until the first releases", () => {
    const dir = folder();
    const first = acquireDataFolderLock(dir, "serve");
    held.push(first);
    const error = refusal(() => acquireDataFolderLock(dir, "cli"));
    expect(error.code).toBe("DATA_FOLDER_IN_USE");
    expect(error.message).toContain(`pid ${process.pid}`);
    first.release();
    expect(existsSync(lockPathFor(dir))).toBe(false);
    held.push(acquireDataFolderLock(dir, "cli"));
    expect(readLiveLock(dir)?.owner).toBe("cli");
  });

  it("refuses while another live process holds it, naming its pid and URL", async () => {
    const dir = folder();
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
    try {
      writeFileSync(lockPathFor(dir), JSON.stringify({ pid: other.pid, startedAt: new Date().toISOString(), owner: "serve", api: { url: "http://127.0.0.1:9", token: "t" } }));
      const error = refusal(() => acquireDataFolderLock(dir, "cli"));
      expect(error.message).toContain(`pid ${other.pid}`);
      expect(error.message).toContain("http://127.0.0.1:9");
      expect(error.message).not.toContain("\"t\"");
      expect(readLiveLock(dir)?.pid).toBe(other.pid);
    } finally {
      other.kill();
      await new Promise((ok) => other.once("exit", ok));
    }
    // Its holder is gone: the lock is stale and taken over.
    expect(readLiveLock(dir)).toBeUndefined();
    const lock = acquireDataFolderLock(dir, "cli");
    held.push(lock);
    expect(JSON.parse(readFileSync(lockPathFor(dir), "utf8"))).toMatchObject({ pid: process.pid, owner: "cli" });
  });

  it("takes over a dead pid's lock, its own pid's leftover, and an unreadable lock", () => {
    for (const leftover of [
      JSON.stringify({ pid: deadPid(), startedAt: "2020-01-01T00:00:00Z", owner: "serve" }),
      JSON.stringify({ pid: process.pid, startedAt: "2020-01-01T00:00:00Z", owner: "serve" }),
      "{not json",
    ]) {
      const dir = folder();
      writeFileSync(lockPathFor(dir), leftover);
      const lock = acquireDataFolderLock(dir, "cli");
      expect(lock.record.startedAt).not.toBe("2020-01-01T00:00:00Z");
      lock.release();
      expect(existsSync(lockPathFor(dir))).toBe(false);
    }
  });

  it("counts a holder on another machine (a shared folder) as live: its pid cannot be checked from here", () => {
    const dir = folder();
    writeFileSync(lockPathFor(dir), JSON.stringify({ pid: deadPid(), startedAt: new Date().toISOString(), owner: "serve", host: "another-host.invalid" }));
    const error = refusal(() => acquireDataFolderLock(dir, "cli"));
    expect(error.message).toContain("on another-host.invalid");
  });

  it("advertises a server's API in a file only its user can read", () => {
    const dir = folder();
    const lock = acquireDataFolderLock(dir, "serve");
    held.push(lock);
    lock.advertise({ url: "http://127.0.0.1:1234", token: "secret-token" });
    expect(readLiveLock(dir)?.api).toEqual({ url: "http://127.0.0.1:1234", token: "secret-token" });
    expect(statSync(lockPathFor(dir)).mode & 0o077).toBe(0);
  });

  it("is taken by openDatabase on a file-backed PGlite and released by close", async () => {
    const dir = folder();
    const db = await openDatabase({ url: `file://${dir}`, owner: "serve" });
    try {
      expect(readLiveLock(dir)).toMatchObject({ pid: process.pid, owner: "serve" });
      await expect(openDatabase({ url: `file://${dir}` })).rejects.toMatchObject({ code: "DATA_FOLDER_IN_USE" });
    } finally {
      await db.close();
    }
    expect(existsSync(lockPathFor(dir))).toBe(false);
    const memory = await openDatabase({ url: "memory://" });
    expect(memory.lock).toBeUndefined();
    await memory.close();
  });
});
