import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { WordTable } from "./word-table.ts";

/**
 * The de-identifier's word tables (the vocabulary and the language profiles) kept on disk between processes: building
 * them from the data packages costs about 2 s of CPU, which every `rounds ingest`, `rounds deid` or worker paid at its
 * first text; reading them back takes a few milliseconds.
 *
 * A table is built the first time and written to the plugin's own folder (`node_modules/.cache/` of the plugin
 * package, writable only by whoever can change the plugin's code; never a shared temporary folder, since a planted
 * table would decide what is removed). Its file name carries a digest of everything that makes it: the plugin's code
 * (every module of the folder the running code is in, `src/` or `dist/`), the name and installed version of every
 * dependency, and the runtime's Unicode and ICU versions (case folding, `normalize`). Any change gives a new name, so a
 * table is never read by code it was not built by; the files of other digests are removed when one is written. A file
 * that cannot be read back whole is rebuilt; a folder that cannot be written (a read-only install) only means each
 * process builds its own table, as before.
 */
const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const MAGIC = 0x31425457; // "WTB1"

let digest: string | undefined;

/** What the tables are made of (see above), as a digest. */
function inputsDigest(): string {
  if (digest) return digest;
  const hash = createHash("sha256");
  const ext = extname(fileURLToPath(import.meta.url));
  for (const file of readdirSync(here).filter((f) => f.endsWith(ext)).sort()) hash.update(file).update("\0").update(readFileSync(join(here, file))).update("\0");
  const manifest = JSON.parse(readFileSync(join(here, "..", "package.json"), "utf8")) as { dependencies?: Record<string, string> };
  for (const name of Object.keys(manifest.dependencies ?? {}).sort()) hash.update(`${name}@${installedVersion(name) ?? manifest.dependencies![name]}\0`);
  hash.update(`unicode ${process.versions.unicode} icu ${process.versions.icu}`);
  digest = hash.digest("hex").slice(0, 24);
  return digest;
}

function installedVersion(name: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), "utf8")) as { version?: string }).version;
  } catch {
    // A package whose exports hide its package.json (the workspace's own): its range stands for it.
    return undefined;
  }
}

/** The plugin's cache folder: `node_modules/.cache/rounds-deid` beside its package.json. */
export const defaultCacheFolder = (): string => join(here, "..", "node_modules", ".cache", "rounds-deid");

/** The table `name`, read from the cache folder when a copy made from the same inputs is there, else built by `build` and written. */
export function cachedWordTable(name: string, build: () => ReadonlyMap<string, number>, folder = defaultCacheFolder()): WordTable {
  // The sources and the build have their own files (their code differs), so neither removes the other's.
  const kind = `${name}-${basename(here)}-`;
  const file = join(folder, `${kind}${inputsDigest()}.bin`);
  const cached = readTable(file);
  if (cached) return cached;
  const table = new WordTable(build());
  writeTable(folder, kind, file, table);
  return table;
}

function readTable(file: string): WordTable | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined; // not made yet
  }
  if (bytes.length < 12 || bytes.readUInt32LE(0) !== MAGIC) return undefined;
  const chars = bytes.readUInt32LE(4);
  const records = bytes.readUInt32LE(8);
  const charsAt = 12;
  const recordsAt = charsAt + chars * 2 + ((chars * 2) % 4);
  if (bytes.length !== recordsAt + records * 4) return undefined;
  // Views of the file's bytes (a file this size is read into a buffer of its own, at offset 0); copies if not aligned.
  const aligned = bytes.byteOffset % 4 === 0;
  const charArray = aligned ? new Uint16Array(bytes.buffer, bytes.byteOffset + charsAt, chars) : new Uint16Array(bytes.buffer.slice(bytes.byteOffset + charsAt, bytes.byteOffset + charsAt + chars * 2));
  const recordArray = aligned ? new Int32Array(bytes.buffer, bytes.byteOffset + recordsAt, records) : new Int32Array(bytes.buffer.slice(bytes.byteOffset + recordsAt, bytes.byteOffset + recordsAt + records * 4));
  try {
    return WordTable.fromArrays(charArray, recordArray);
  } catch {
    return undefined; // not a table's arrays: rebuilt
  }
}

function writeTable(folder: string, kind: string, file: string, table: WordTable): void {
  const { chars, records } = table.arrays();
  const header = Buffer.alloc(12);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt32LE(chars.length, 4);
  header.writeUInt32LE(records.length, 8);
  const pad = Buffer.alloc((chars.length * 2) % 4);
  try {
    mkdirSync(folder, { recursive: true });
    // Written aside and renamed into place, so a reader never sees half a file.
    const aside = `${file}.${process.pid}.tmp`;
    writeFileSync(aside, Buffer.concat([header, Buffer.from(chars.buffer, chars.byteOffset, chars.byteLength), pad, Buffer.from(records.buffer, records.byteOffset, records.byteLength)]));
    renameSync(aside, file);
    for (const old of readdirSync(folder)) {
      if (old.startsWith(kind) && join(folder, old) !== file && !old.endsWith(".tmp")) rmSync(join(folder, old), { force: true });
    }
  } catch {
    // A folder this process cannot write: the table it built serves it, and the next process builds its own.
  }
}
