/**
 * One writer per embedded database folder. PGlite is one process's
 * database: a second process that opens the same folder sees a stale copy
 * and its writes are lost when the first one closes. So whoever opens a
 * file-backed PGlite holds `<folder>.lock` (pid, start time, and, for a
 * server, the URL and a local operator token where CLI calls can go
 * instead). A lock whose pid is no longer alive is taken over.
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, writeSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { RoundsError } from "@rounds/core/errors";

export interface DataFolderLockRecord {
  pid: number;
  startedAt: string;
  /** What holds it: `serve`, `worker`, `cli`… (never arguments: they may carry patient data). */
  owner: string;
  /** The machine of the pid: a holder on another host (a shared folder) cannot be checked, so it counts as live. */
  host?: string;
  /** Set by a server once it listens: where CLI commands on this folder go instead. */
  api?: { url: string; token: string };
}

export interface DataFolderLock {
  path: string;
  record: DataFolderLockRecord;
  /** Advertises the running server's API (rewritten atomically, readable by this user only). */
  advertise(api: { url: string; token: string }): void;
  release(): void;
}

/** The lock file of a PGlite data folder. */
export const lockPathFor = (dataPath: string): string => `${resolve(dataPath)}.lock`;

// Folders this process holds: a lock with our own pid that is not in here is a previous incarnation's (a restarted container reuses pid 1).
const heldHere = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readRaw(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

function parse(raw: string): DataFolderLockRecord | undefined {
  try {
    const value = JSON.parse(raw) as Partial<DataFolderLockRecord>;
    return typeof value.pid === "number" && typeof value.startedAt === "string" ? value as DataFolderLockRecord : undefined;
  } catch {
    return undefined;
  }
}

const live = (path: string, record: DataFolderLockRecord): boolean =>
  record.host !== undefined && record.host !== hostname() ? true
    : record.pid === process.pid ? heldHere.has(path) : alive(record.pid);

const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** The live holder of a data folder, if any (a dead holder's lock counts as free). */
export function readLiveLock(dataPath: string): DataFolderLockRecord | undefined {
  const path = lockPathFor(dataPath);
  const raw = readRaw(path);
  const record = raw === undefined ? undefined : parse(raw);
  return record && live(path, record) ? record : undefined;
}

export function inUseError(dataPath: string, holder: DataFolderLockRecord): RoundsError {
  const where = holder.api ? `, serving ${holder.api.url}` : "";
  return new RoundsError("DATA_FOLDER_IN_USE",
    `The database in ${resolve(dataPath)} is in use by another Rounds process (${holder.owner}, pid ${holder.pid}${holder.host && holder.host !== hostname() ? ` on ${holder.host}` : ""}${where}). ` +
    `An embedded database has one writer, so this command cannot run beside it: stop that process first` +
    `${holder.api ? " (commands such as ask, ingest, docs, users, consent and api-key go through the running server instead)" : ""}. ` +
    `If no such process runs, delete ${lockPathFor(dataPath)}.`,
    { details: { pid: holder.pid, owner: holder.owner, ...(holder.api ? { url: holder.api.url } : {}) } });
}

/** Takes the folder's lock or throws DATA_FOLDER_IN_USE naming the holder. */
export function acquireDataFolderLock(dataPath: string, owner: string): DataFolderLock {
  const path = lockPathFor(dataPath);
  const record: DataFolderLockRecord = { pid: process.pid, startedAt: new Date().toISOString(), owner, host: hostname() };
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      const fd = openSync(path, "wx", 0o600);
      try {
        writeSync(fd, JSON.stringify(record));
      } finally {
        closeSync(fd);
      }
      heldHere.add(path);
      return handle(path, record);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const raw = readRaw(path);
    if (raw === undefined) continue;
    const holder = parse(raw);
    if (!holder) {
      // Being written by a process that just created it; give it a moment, then treat it as debris.
      if (attempt < 20) {
        pause(25);
        continue;
      }
    } else if (live(path, holder)) {
      throw inUseError(dataPath, holder);
    }
    takeOver(path, raw);
  }
  throw new RoundsError("DATA_FOLDER_IN_USE", `Could not take the lock ${path}; another process keeps replacing it.`);
}

/** Removes a dead holder's lock, unless another process replaced it meanwhile (then it is put back). */
function takeOver(path: string, staleRaw: string): void {
  const aside = `${path}.${process.pid}.${randomBytes(4).toString("hex")}`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  if (readRaw(aside) !== staleRaw) {
    try {
      linkSync(aside, path);
    } catch {
      // Someone created a lock in between; theirs stands.
    }
  }
  unlinkSync(aside);
}

function handle(path: string, record: DataFolderLockRecord): DataFolderLock {
  const ours = () => {
    const raw = readRaw(path);
    const current = raw === undefined ? undefined : parse(raw);
    return current?.pid === record.pid && current.startedAt === record.startedAt;
  };
  return {
    path,
    record,
    advertise(api) {
      record.api = api;
      const temp = `${path}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify(record), { mode: 0o600 });
      renameSync(temp, path);
    },
    release() {
      if (!heldHere.has(path)) return;
      heldHere.delete(path);
      if (ours()) unlinkSync(path);
    },
  };
}

/** The folder of a file-backed PGlite for these options; undefined for PostgreSQL and memory. */
export function embeddedDataPath(options: { url?: string | undefined; dataDir?: string | undefined }): string | undefined {
  const url = options.url;
  if (url && /^postgres(ql)?:\/\//.test(url)) return undefined;
  if (url === "memory://") return undefined;
  if (url) {
    if (!url.startsWith("file://") && !url.startsWith("pglite://")) {
      throw new Error(`Unsupported database URL scheme; use postgres://, file:// or memory://`);
    }
    return url.replace(/^(file|pglite):\/\//, "");
  }
  return join(options.dataDir ?? ".rounds", "db");
}
