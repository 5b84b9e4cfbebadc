// The two text analyzers, run over a real vocabulary: the TypeScript one in
// core (`words`, `terms`, `stem`; used in memory for sentence selection,
// question intent, the hash-ngram embedder and the profile classifier) and
// PostgreSQL's `english` text search configuration (the lexical index:
// `chunks.tsv`, `term_stats`, BM25 and the retrieval query). They cannot
// agree word for word: core's stemmer is a light suffix stripper, PostgreSQL's
// is Snowball (core says "dos" where PostgreSQL says "dose"). So the code never
// compares a core stem with a PostgreSQL lexeme: where the two meet (the
// unknown-subject check, the retrieval query's subject) core hands PostgreSQL
// the question's *words* and PostgreSQL analyses them, i.e. the index's side
// is the definition there. This suite proves what that relies on and bounds
// how far the two stemmers' groupings differ.
//
// The vocabulary is the demo knowledge base (bot/demo/sources). The bound on
// grouping agreement was read on sources 01–05 and is asserted on 06–10 and
// the parking memo (a held-out split): see `groupingBound`.
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { stem, terms, words } from "@rounds/core";
import { openDatabase, type DatabaseHandle } from "@rounds/db";
import { databaseTargets } from "@rounds/db/testing";
import { type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const sourcesDir = resolve(import.meta.dirname, "../demo/sources");
const sources = readdirSync(sourcesDir).filter((f) => f.endsWith(".md")).sort();
const text = (file: string) => readFileSync(resolve(sourcesDir, file), "utf8");
const tuning = sources.filter((f) => /^0[1-5]-/.test(f));
const heldOut = sources.filter((f) => !tuning.includes(f));

/**
 * Share of words (alphabetic, kept by both analyzers) whose group (the words
 * sharing its stem) is the same under both analyzers. Read on the tuning
 * split (sources 01–05): 0.945 (240 of 254 words; 0.939 on the held-out
 * split when this was written). Asserted on the held-out split with this floor.
 */
const groupingBound = 0.9;

/** Words core keeps as terms that PostgreSQL's `english` drops, and the reverse, as core's STOP list has them. */
const coreOnlyStopWords = ["also", "etc", "may", "might", "must", "per", "shall", "us", "via"];

async function rows<T>(handle: DatabaseHandle, query: SQL): Promise<T[]> {
  const result: unknown = await handle.db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
}

/** Each word's lexemes under PostgreSQL's `english` configuration, the word analysed alone (as `termFrequencies` does). */
async function lexemesOf(handle: DatabaseHandle, list: string[]): Promise<Map<string, string[]>> {
  const found = await rows<{ word: string; lexemes: string[] }>(handle, sql`
    select w.word, array(select l.lexeme from unnest(to_tsvector('english', w.word)) l order by l.lexeme) as lexemes
    from unnest(array[${sql.join(list.map((w) => sql`${w}`), sql`, `)}]::text[]) as w(word)`);
  return new Map(found.map((r) => [r.word, r.lexemes]));
}

/** The lexemes of a whole text, as the `chunks.tsv` column computes them. */
async function documentLexemes(handle: DatabaseHandle, body: string): Promise<Set<string>> {
  return new Set((await rows<{ lexeme: string }>(handle, sql`select lexeme from unnest(to_tsvector('english', ${body}))`)).map((r) => r.lexeme));
}

/** How often two analyzers group a vocabulary's words the same way. */
function groupingAgreement(vocabulary: string[], coreKey: (w: string) => string, sqlKey: (w: string) => string) {
  const groups = (key: (w: string) => string) => {
    const byKey = new Map<string, string[]>();
    for (const w of vocabulary) byKey.set(key(w), [...(byKey.get(key(w)) ?? []), w]);
    return new Map(vocabulary.map((w) => [w, (byKey.get(key(w)) ?? []).join(" ")]));
  };
  const core = groups(coreKey);
  const pg = groups(sqlKey);
  const differing = vocabulary.filter((w) => core.get(w) !== pg.get(w));
  return { share: 1 - differing.length / vocabulary.length, differing };
}

describe.each(databaseTargets())("core's text analyzer and PostgreSQL's english configuration ($name)", (target) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openDatabase(await target.open());
  }, 60_000);
  afterAll(async () => handle?.close());

  const vocabularyOf = (files: string[]) => [...new Set(files.flatMap((f) => words(text(f))))].sort();

  it("never keeps a word as a term that PostgreSQL drops as a stop word; drops only its listed extra stop words that PostgreSQL keeps", async () => {
    const vocabulary = vocabularyOf(sources);
    expect(vocabulary.length).toBeGreaterThan(400);
    const lexemes = await lexemesOf(handle, vocabulary);
    const coreKeeps = (w: string) => terms(w).length > 0;
    // A word core keeps but PostgreSQL drops would be "neither known nor unknown" to the unknown-subject check.
    expect(vocabulary.filter((w) => coreKeeps(w) && (lexemes.get(w) ?? []).length === 0)).toEqual([]);
    const coreOnly = vocabulary.filter((w) => !coreKeeps(w) && (lexemes.get(w) ?? []).length > 0);
    expect(coreOnly.length).toBeGreaterThan(0);
    expect(coreOnly.filter((w) => !coreOnlyStopWords.includes(w))).toEqual([]);
    // The listed words really are core-only stop words: core drops them, PostgreSQL keeps them.
    const listed = await lexemesOf(handle, coreOnlyStopWords);
    expect(coreOnlyStopWords.filter((w) => terms(w).length > 0 || (listed.get(w) ?? []).length === 0)).toEqual([]);
  });

  it("finds every word of a document, analysed alone, in the document's own index, except inside slash-joined tokens", async () => {
    let checked = 0;
    const misses: string[] = [];
    for (const file of sources) {
      const body = text(file);
      const inIndex = await documentLexemes(handle, body);
      const vocabulary = [...new Set(words(body))];
      const lexemes = await lexemesOf(handle, vocabulary);
      const missing = vocabulary.filter((w) => (lexemes.get(w) ?? []).some((l) => !inIndex.has(l)));
      checked += vocabulary.length;
      // PostgreSQL's parser reads "mg/kg" or "150/95" as one file-path token and "PHQ-9" as a
      // hyphenated word whose numeric part is "-9"; core splits them into words. Such a word, asked
      // about alone, counts as unseen. Every miss must be that case and no other: the word never
      // stands on its own in the document, only joined to a neighbour by "/" or "-".
      for (const w of missing) {
        const escaped = w.replace(/\./g, "\\.");
        const standalone = new RegExp(`(^|[^\\p{L}\\p{N}/.-])${escaped}(?![\\p{L}\\p{N}]|[/-][\\p{L}\\p{N}])`, "iu");
        expect(standalone.test(body), `${file}: "${w}" stands alone yet is missing from the index`).toBe(false);
        expect(body, `${file}: "${w}"`).toMatch(new RegExp(`[\\p{L}\\p{N}][/-]${escaped}(?![\\p{L}\\p{N}])|(^|[^\\p{L}\\p{N}])${escaped}[/-][\\p{L}\\p{N}]`, "iu"));
      }
      misses.push(...missing);
    }
    expect(checked).toBeGreaterThan(400);
    // The demo's joined tokens: mg/kg, 150/95 mmHg and PHQ-9 (the case is real, so the check above ran).
    expect(misses.length).toBeGreaterThan(0);
  });

  it(`groups words by stem the same way for at least ${groupingBound * 100}% of the held-out vocabulary`, async () => {
    const vocabulary = vocabularyOf(heldOut).filter((w) => /^\p{L}+$/u.test(w) && terms(w).length > 0);
    const lexemes = await lexemesOf(handle, vocabulary);
    const single = vocabulary.filter((w) => (lexemes.get(w) ?? []).length === 1);
    expect(single.length).toBe(vocabulary.length);
    const { share, differing } = groupingAgreement(single, stem, (w) => lexemes.get(w)![0]!);
    expect(single.length).toBeGreaterThan(150);
    expect(share, `words grouped differently: ${differing.join(", ")}`).toBeGreaterThanOrEqual(groupingBound);
    // Not the same analyzer by another name: they do disagree on some words.
    expect(differing.length).toBeGreaterThan(0);
  });
});
