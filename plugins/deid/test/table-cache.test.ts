import { mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cachedWordTable } from "../src/table-cache.ts";
import { WordTable } from "../src/word-table.ts";

const require = createRequire(import.meta.url);
const folder = mkdtempSync(join(tmpdir(), "rounds-deid-table-cache-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A word table kept on disk must be the table that was built, array for array, and answer as its Map. */
describe("cachedWordTable", () => {
  const english = require("an-array-of-english-words") as string[];
  const map = new Map<string, number>(english.map((w, k) => [w, (k % 2047) + 1]));
  for (const w of ["zürich", "łódź", "são paulo", "𝐀lex", "o'brien", "x"]) map.set(w, 7);
  let builds = 0;
  const build = () => {
    builds++;
    return map;
  };
  const bytes = (a: Uint16Array | Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  const same = (a: WordTable, b: WordTable) => {
    expect(bytes(a.arrays().chars).equals(bytes(b.arrays().chars))).toBe(true);
    expect(bytes(a.arrays().records).equals(bytes(b.arrays().records))).toBe(true);
  };

  it("builds a table once, and a later call (another process) reads the same table back: same arrays, same answers", () => {
    const built = cachedWordTable("test-words", build, folder);
    expect(builds).toBe(1);
    expect(readdirSync(folder).filter((f) => f.endsWith(".bin"))).toHaveLength(1);
    const read = cachedWordTable("test-words", build, folder);
    expect(builds).toBe(1);
    same(read, built);
    same(read, new WordTable(map));
    const wrong: string[] = [];
    for (const [w, value] of map) if (read.get(w) !== value) wrong.push(w);
    for (const w of [...english.slice(0, 20_000).map((w) => `${w}q`), "", "Zürich", "zurich"]) if (read.get(w) !== (map.get(w) ?? 0)) wrong.push(w);
    expect(wrong).toEqual([]);
  });

  it("rebuilds a file that cannot be read back whole (cut short, or not a table), and replaces it", () => {
    const [file] = readdirSync(folder).filter((f) => f.endsWith(".bin"));
    truncateSync(join(folder, file!), 1000);
    same(cachedWordTable("test-words", build, folder), new WordTable(map));
    expect(builds).toBe(2);
    same(cachedWordTable("test-words", build, folder), new WordTable(map));
    expect(builds).toBe(2);
    writeFileSync(join(folder, file!), Buffer.alloc(64));
    same(cachedWordTable("test-words", build, folder), new WordTable(map));
    expect(builds).toBe(3);
  });

  it("a folder it cannot write only means the table is built each time", () => {
    const notAFolder = join(folder, "a-file");
    writeFileSync(notAFolder, "");
    let n = 0;
    const small = () => {
      n++;
      return new Map([["word", 1]]);
    };
    expect(cachedWordTable("small", small, join(notAFolder, "cache")).get("word")).toBe(1);
    expect(cachedWordTable("small", small, join(notAFolder, "cache")).get("word")).toBe(1);
    expect(n).toBe(2);
  });
});
