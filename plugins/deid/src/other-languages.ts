import { createRequire } from "node:module";
import { cachedWordTable } from "./table-cache.ts";
import { IN, vocabulary } from "./vocabulary.ts";
import type { WordTable } from "./word-table.ts";

/**
 * Safe vocabulary of the main European languages other than English, so that the capitalised ordinary words of a
 * German, French, Dutch, Spanish, Portuguese, Italian or Polish text ("Entlassung", "Behandlung", "Informe", "Retorno")
 * are not taken for names. From the `@zxcvbn-ts/language-*` packages (MIT): each holds the language's most frequent
 * words (from subtitles, frequency-ordered) and its most common given names and surnames; German also takes
 * `an-array-of-german-words` (MIT, ~117,000 lower-case words), because German writes every noun with a capital.
 *
 * A word of such a list is safe only when it is none of the packages' given names or surnames (of any of the languages:
 * the subtitle lists hold character names) — and the recall pass asks only when the word is also no given name or
 * GeoNames place of its own lists. The top words of every language (the profiles that tell the languages apart) are built
 * when a text first shows a sign of another language (kept on disk with the vocabulary); a language's full list on its
 * first use.
 */
const require = createRequire(import.meta.url);

const PACKAGES = {
  de: "@zxcvbn-ts/language-de",
  fr: "@zxcvbn-ts/language-fr",
  nl: "@zxcvbn-ts/language-nl-be",
  es: "@zxcvbn-ts/language-es-es",
  pt: "@zxcvbn-ts/language-pt-br",
  it: "@zxcvbn-ts/language-it",
  pl: "@zxcvbn-ts/language-pl",
} as const;
export type OtherLanguage = keyof typeof PACKAGES;
const LANGUAGES = Object.keys(PACKAGES) as OtherLanguage[];

/** The packages' lists of given names and surnames (each package has some of them). */
const NAME_LISTS = ["firstnames", "lastnames", "boysFirstnames", "girlsFirstnames", "femaleFirstnames", "maleFirstnames", "femaleLastnames", "maleLastnames"];

/** How many of a language's most frequent words make its profile (its function words and commonest verbs). */
const PROFILE_SIZE = 5000;

/**
 * Each language's most frequent words that are not English words, given names or places ("und", "nicht", "está",
 * "niet"), as one table from a word to the bits of the languages (`LANGUAGES` order) whose profile holds it; kept on
 * disk with the vocabulary (`cachedWordTable`).
 */
let profiles: WordTable | undefined;

function languageProfiles(): WordTable {
  profiles ??= cachedWordTable("language-profiles", () => {
    const v = vocabulary();
    const isEnglish = (w: string) => (v.flags(w) & (IN.safe | IN.anyGiven | IN.cities)) !== 0;
    const { words, names } = lists();
    // (A profile word that is also a name of any list says nothing of the language: "maria", "jose".)
    const out = new Map<string, number>();
    LANGUAGES.forEach((lang, bit) => {
      let size = 0;
      for (const w of words.get(lang)!) {
        if (size >= PROFILE_SIZE) break;
        if (isEnglish(w) || names.has(w)) continue;
        out.set(w, (out.get(w) ?? 0) | (1 << bit));
        size++;
      }
    });
    return out;
  });
  return profiles;
}

interface Shipped {
  /** The word lists as shipped, per language, until a language's set is built. */
  words: Map<OtherLanguage, string[]>;
  /** Given names and surnames of every language's package: never safe. */
  names: Set<string>;
  safe: Map<OtherLanguage, Set<string>>;
}
let shipped: Shipped | undefined;

/** The packages' lists, read on first need (a profile to build, a language's safe words). */
function lists(): Shipped {
  if (shipped) return shipped;
  const words = new Map<OtherLanguage, string[]>();
  const names = new Set<string>();
  for (const lang of LANGUAGES) {
    words.set(lang, dataOf(lang, "commonWords"));
    for (const kind of NAME_LISTS) for (const n of dataOf(lang, kind, true)) names.add(n);
  }
  shipped = { words, names, safe: new Map() };
  return shipped;
}

function dataOf(lang: OtherLanguage, kind: string, optional = false): string[] {
  try {
    return require(`${PACKAGES[lang]}/src/${kind}.json`) as string[];
  } catch (error) {
    if (optional && (error as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND") return [];
    throw error;
  }
}

/**
 * The language of a text that is not English, when its words say so: the language whose profile holds the most of them,
 * at least two and a twelfth of the text's words (an English letter naming a "Hôpital Européen" is not French), and a
 * quarter more than the next language ("es" and "pt" share many words). `undefined` when none stands out. The caller asks only for texts with a sign of another language (accents, foreign function words).
 */
export function otherLanguageOf(text: string): OtherLanguage | undefined {
  if (text === languageOf) return languageAnswer;
  const profiles = languageProfiles();
  const counts = new Array<number>(LANGUAGES.length).fill(0);
  let words = 0;
  let first = 0;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) {
    words++;
    const bits = profiles.get(m[0].toLowerCase());
    if (bits) for (let k = 0; k < counts.length; k++) if (bits & (1 << k) && ++counts[k]! > first) first = counts[k]!;
    // (An English text stops here: with under 5 of its first 100 words in a profile, no language is likely to reach a
    // twelfth of them.)
    if (words === 100 && first < 5) break;
  }
  let best = -1;
  let second = 0;
  counts.forEach((n, k) => {
    if (best < 0 || n > counts[best]!) best = k;
  });
  counts.forEach((n, k) => {
    if (k !== best && n > second) second = n;
  });
  languageOf = text;
  languageAnswer = first >= 2 && first >= words / 12 && first >= second * 1.25 ? LANGUAGES[best] : undefined;
  return languageAnswer;
}
const WORD = /(?<![\p{L}\p{N}])\p{L}{2,}(?![\p{L}\p{N}])/gu;
let languageOf: string | undefined;
let languageAnswer: OtherLanguage | undefined;

/** A word of that language's vocabulary, written in lower case ("behandlung", "informe"), that is no name of the lists. */
export function otherLanguageWord(lang: OtherLanguage, lowerCaseWord: string): boolean {
  if (!profiles) return false;
  const loaded = lists();
  let safe = loaded.safe.get(lang);
  if (!safe) {
    safe = new Set(loaded.words.get(lang));
    if (lang === "de") for (const w of require("an-array-of-german-words") as string[]) safe.add(w);
    for (const n of loaded.names) safe.delete(n);
    loaded.safe.set(lang, safe);
    loaded.words.delete(lang);
  }
  return safe.has(lowerCaseWord);
}

/** A given name or surname of any of the packages' lists (lower case): never a language's common word. */
export function otherLanguageName(lowerCaseWord: string): boolean {
  return lists().names.has(lowerCaseWord);
}
