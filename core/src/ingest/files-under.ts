import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { RoundsError } from "../errors/index.ts";

/**
 * Files under a path: the file itself, or every regular file of a folder
 * (recursively; hidden entries and symbolic links inside it are skipped, so a
 * folder cannot lead out of itself). `shown` is how the path is named in errors.
 */
export async function filesUnder(path: string, shown: string): Promise<string[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new RoundsError("NOT_FOUND", `No file or folder at ${shown}.`);
  if (info.isFile()) return [path];
  if (!info.isDirectory()) throw new RoundsError("BAD_REQUEST", `${shown} is neither a file nor a folder.`);
  const out: string[] = [];
  for (const entry of await readdir(path, { withFileTypes: true })) {
    if (entry.name.startsWith(".")) continue;
    const full = join(path, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full, shown)));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}
