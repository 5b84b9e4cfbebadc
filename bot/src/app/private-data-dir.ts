import { chmodSync, lstatSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { isMainThread } from "node:worker_threads";

/**
 * The data folder holds the embedded database (with its write-ahead log of
 * transcript text), blobs, the server secret and model files: only the
 * server's own user may read or write it, whatever umask it was started with.
 * New files get 0600 and folders 0700 (the process's umask becomes 077, which
 * also covers files the embedded database creates while it runs); a folder
 * left open by an older version has its whole tree closed once.
 */
export function privateDataDir(dataDir: string): void {
  if (isMainThread) process.umask(0o077);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if ((lstatSync(dataDir).mode & 0o777) !== 0o700) closeTree(dataDir);
}

/**
 * Sets folders under `path` to 0700 and files to 0600. For trees written with
 * explicit modes the umask does not narrow (PGlite unpacks a new database from
 * its bundled template with mode 0666, write-ahead log included).
 */
export function closeTree(path: string): void {
  let info;
  try {
    info = lstatSync(path);
  } catch {
    return;
  }
  if (info.isSymbolicLink()) return;
  if (info.isDirectory()) {
    if ((info.mode & 0o777) !== 0o700) chmodSync(path, 0o700);
    for (const entry of readdirSync(path)) closeTree(join(path, entry));
  } else if (info.isFile() && (info.mode & 0o777) !== 0o600) {
    chmodSync(path, 0o600);
  }
}
