/**
 * The two parts of the thesaurus WordNet's files cannot be searched for: the
 * adjectives that pertain to a noun synset (WordNet points from the adjective,
 * "uterine" → uterus, never back) and the definitions as a reverse dictionary
 * (every gloss's content terms). Both need a pass over whole data files (about
 * 0.2 s CPU), so `npm run build` makes them once into
 * `dist/text/wordnet-index.json` (scripts/build.ts, ~0.3 MB, read in a few
 * milliseconds, with the data file sizes it was made from); running from the
 * sources (tests, `npm run rounds`) or from a build of other database files,
 * the process makes them itself, once, on the first question.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { terms, words } from "./analyze.ts";
import { dataSizes, readDataFile, synsetLines } from "./wordnet-files.ts";

/**
 * WordNet lexicographer files read: noun.body 08, noun.process 22, noun.state
 * 26 (conditions) and noun.substance 27 for every name; noun.act 04
 * (procedures) and noun.artifact 06 (drugs, devices) only for names of several
 * words ("water pill"), as one word there is mostly something else ("stop" is
 * a card game, "back" a backrest).
 */
export const LEXICAL_FILES = new Set(["08", "22", "26", "27"]);
export const PHRASE_FILES = new Set(["04", "06"]);
/** Content terms a definition may have to be matched whole (longer ones say more than a question restates). */
const DEFINITION_TERMS = { min: 2, max: 5 };

/** A definition's content terms (stemmed) and the name it defines. */
export interface Definition {
  terms: string[];
  name: string[];
}

export interface WordNetIndex {
  /** Data file sizes the index was made from. */
  source: { noun: number; adj: number };
  /** Noun synset offset (in the files above) → its pertaining adjectives, in data.adj order. */
  adjectives: Array<[number, string[]]>;
  /** Definitions in data.noun order. */
  definitions: Definition[];
}

/** Makes the index from the installed data files (full passes over data.adj and the lexicographer files above of data.noun). */
export function buildWordNetIndex(): WordNetIndex {
  const noun = readDataFile("noun");
  const adj = readDataFile("adj");
  // An adjective that pertains to two things ("cardiopulmonary") names neither.
  const targets = new Map<string, Set<number>>();
  for (const s of synsetLines(adj, () => true)) {
    for (const p of s.pointers) {
      if (p.symbol !== "\\" || p.pos !== "n") continue;
      for (const a of p.source ? [s.lemmas[p.source - 1]!] : s.lemmas) if (!a.includes(" ")) targets.set(a, (targets.get(a) ?? new Set()).add(p.offset));
    }
  }
  const pertaining = new Map<number, Set<string>>();
  for (const [a, offsets] of targets) if (offsets.size === 1) for (const o of offsets) pertaining.set(o, (pertaining.get(o) ?? new Set()).add(a));
  const index: WordNetIndex = { source: { noun: noun.length, adj: adj.length }, adjectives: [], definitions: [] };
  // "offset lex_filenum ...": the file number is at a fixed place.
  for (const s of synsetLines(noun, (head) => LEXICAL_FILES.has(head.slice(9, 11)))) {
    if (!LEXICAL_FILES.has(s.file)) continue;
    const lemmas = [...new Set(s.lemmas)];
    // The definition of a condition, part of the body, process or substance, as a reverse dictionary: "inflammation of the lining of the stomach" names gastritis.
    const defined = [...new Set(terms(s.gloss))];
    if (defined.length >= DEFINITION_TERMS.min && defined.length <= DEFINITION_TERMS.max) index.definitions.push({ terms: defined, name: words(lemmas[0]!) });
    // A derived compound ("anticancer", "intravenous") holds another name of the synset: not the same thing.
    const own = [...lemmas, ...(pertaining.get(s.offset) ?? [])];
    const adjectives = [...(pertaining.get(s.offset) ?? [])].filter((a) => !own.some((o) => o !== a && o.length >= 4 && a.includes(o)));
    if (adjectives.length) index.adjectives.push([s.offset, adjectives]);
  }
  return index;
}

/** Where `npm run build` writes the index: beside this module's compiled file (never under src/). */
export const builtIndexPath = (): string => fileURLToPath(new URL("./wordnet-index.json", import.meta.url));

/** The built index when there is one made from these data files, else one made now. */
export function loadWordNetIndex(): WordNetIndex {
  const path = builtIndexPath();
  if (existsSync(path)) {
    const built = JSON.parse(readFileSync(path, "utf8")) as WordNetIndex;
    const sizes = dataSizes();
    if (built.source.noun === sizes.noun && built.source.adj === sizes.adj) return built;
  }
  return buildWordNetIndex();
}
