/**
 * The on-demand thesaurus (`synonyms.ts`: binary search in index.noun, synsets
 * read at their offsets, the built index of `wordnet-index.ts`) gives exactly
 * what the full load it replaced gave. The reference below is that full load
 * (helper/answers10's `parseWordNet`: every line of data.noun and data.adj
 * parsed into maps), kept here only as the oracle. Compared on every lemma the
 * full load has names for, on lemmas it has none for, and on alternativesIn
 * for phrases made from WordNet's own lemmas and glosses (none from an eval set).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { terms, words } from "./analyze.ts";
import { alternativesIn, type Thesaurus, wordNet } from "./synonyms.ts";
import { wordNetDictionary } from "./wordnet-files.ts";
import { buildWordNetIndex, type Definition } from "./wordnet-index.ts";

const LEXICAL_FILES = new Set(["08", "22", "26", "27"]);
const PHRASE_FILES = new Set(["04", "06"]);
const DEFINITION_TERMS = { min: 2, max: 5 };
const lemmaOf = (raw: string) => raw.replace(/\(.*\)$/, "").replaceAll("_", " ").toLowerCase();

function* synsets(data: string, keep: (line: string) => boolean): Generator<{ offset: string; file: string; lemmas: string[]; gloss: string; pointers: Array<{ symbol: string; offset: string; pos: string; source: number; target: number }> }> {
  for (let start = 0, end = 0; start < data.length; start = end + 1) {
    end = data.indexOf("\n", start);
    if (end < 0) end = data.length;
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

/** helper/answers10's full load, unchanged but for returning maps. */
function parseWordNet(noun: string, adj: string): { names: Map<string, string[][]>; definitions: Map<string, Definition[]> } {
  const targets = new Map<string, Set<string>>();
  for (const s of synsets(adj, () => true)) {
    for (const p of s.pointers) {
      if (p.symbol !== "\\" || p.pos !== "n") continue;
      for (const a of p.source ? [s.lemmas[p.source - 1]!] : s.lemmas) if (!a.includes(" ")) targets.set(a, (targets.get(a) ?? new Set()).add(p.offset));
    }
  }
  const pertaining = new Map<string, Set<string>>();
  for (const [a, offsets] of targets) if (offsets.size === 1) for (const o of offsets) pertaining.set(o, (pertaining.get(o) ?? new Set()).add(a));
  const thesaurus = { names: new Map<string, string[][]>(), definitions: new Map<string, Definition[]>() };
  const add = (lemma: string, others: string[]) => {
    const list = thesaurus.names.get(lemma) ?? [];
    for (const o of others) {
      const ws = words(o);
      if (o !== lemma && ws.length && !list.some((x) => x.join(" ") === ws.join(" "))) list.push(ws);
    }
    thesaurus.names.set(lemma, list);
  };
  for (const s of synsets(noun, (head) => LEXICAL_FILES.has(head.slice(9, 11)) || PHRASE_FILES.has(head.slice(9, 11)))) {
    const phrasesOnly = PHRASE_FILES.has(s.file);
    if (!phrasesOnly && !LEXICAL_FILES.has(s.file)) continue;
    const lemmas = [...new Set(s.lemmas)];
    const defined = phrasesOnly ? [] : [...new Set(terms(s.gloss))];
    if (defined.length >= DEFINITION_TERMS.min && defined.length <= DEFINITION_TERMS.max) {
      const d = { terms: defined, name: words(lemmas[0]!) };
      for (const t of defined) thesaurus.definitions.set(t, [...(thesaurus.definitions.get(t) ?? []), d]);
    }
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

describe("the on-demand WordNet thesaurus equals the full load it replaced", () => {
  const dict = wordNetDictionary();
  const old = parseWordNet(readFileSync(join(dict, "data.noun"), "utf8"), readFileSync(join(dict, "data.adj"), "utf8"));
  const reference: Thesaurus = { names: (l) => old.names.get(l) ?? [], definitions: (t) => old.definitions.get(t) ?? [] };
  const current = wordNet();
  // Every 7th lemma of each index file (nouns of every lexicographer file, adjectives, verbs), whether or not the full load has names for it.
  const indexLemmas = ["index.noun", "index.adj", "index.verb"].flatMap((f) => readFileSync(join(dict, f), "latin1").split("\n")
    .filter((l) => l && !l.startsWith(" ")).map((l) => lemmaOf(l.slice(0, l.indexOf(" ")))).filter((_, i) => i % 7 === 0));

  it("names: every lemma the full load has names for, in the same order", () => {
    const keys = [...old.names.keys()];
    expect(keys.length).toBeGreaterThan(15_000);
    const differing = keys.filter((k) => JSON.stringify(current.names(k)) !== JSON.stringify(old.names.get(k)!.length ? old.names.get(k) : []));
    expect(differing).toEqual([]);
  });

  it("names: lemmas from all of WordNet's index files, plurals and words not in WordNet", () => {
    const probes = [...indexLemmas, ...indexLemmas.slice(0, 2000).map((l) => `${l}s`), "zzzz", "a", "aaa", "zymurgy zz", "'hood"];
    expect(probes.length).toBeGreaterThan(10_000);
    const differing = probes.filter((k) => JSON.stringify(current.names(k)) !== JSON.stringify(reference.names(k)));
    expect(differing).toEqual([]);
    expect(probes.filter((k) => reference.names(k).length).length).toBeGreaterThan(1000);
  });

  it("definitions: the same definitions under every term, in the same order", () => {
    const built = buildWordNetIndex();
    const allTerms = [...new Set(built.definitions.flatMap((d) => d.terms))];
    expect(allTerms.sort()).toEqual([...old.definitions.keys()].sort());
    const differing = allTerms.filter((t) => JSON.stringify(current.definitions(t)) !== JSON.stringify(reference.definitions(t)));
    expect(differing).toEqual([]);
  });

  it("alternativesIn: questions made from lemmas and from glosses (the reverse dictionary)", () => {
    const noun = readFileSync(join(dict, "data.noun"), "latin1").split("\n").filter((l) => l && !l.startsWith(" "));
    const glosses = noun.filter((_, i) => i % 97 === 0).map((l) => l.slice(l.indexOf(" | ") + 3).split(";")[0]!);
    const fromLemmas = indexLemmas.filter((_, i) => i % 20 === 0).map((l, i) => (i % 2 ? `how is ${l} treated in adults with ${indexLemmas[i * 3] ?? "pain"}` : `what causes ${l}s`));
    const questions = [...glosses, ...glosses.map((g) => `how is ${g.split(" ").slice(0, 6).join(" ")} treated`), ...fromLemmas];
    expect(questions.length).toBeGreaterThan(800);
    let withAlternatives = 0;
    let withDefinitions = 0;
    for (const q of questions) {
      const subject = new Set(words(q).filter((w) => terms(w).length));
      const expected = alternativesIn(reference, q, subject);
      expect(alternativesIn(current, q, subject), q).toEqual(expected);
      if (expected.length) withAlternatives += 1;
      if (expected.some((a) => !a.for.every((w) => a.words.includes(w)) && a.for.length > 1)) withDefinitions += 1;
    }
    // The comparison covered questions that do get alternatives, definitions among them.
    expect(withAlternatives).toBeGreaterThan(100);
    expect(withDefinitions).toBeGreaterThan(20);
  });
});
