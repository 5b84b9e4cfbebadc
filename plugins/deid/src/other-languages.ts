import { createRequire } from "node:module";
import { IN, vocabulary } from "./vocabulary.ts";

/**
 * Safe vocabulary of the main European languages other than English, so that the capitalised ordinary words of a
 * German, French, Dutch, Spanish, Portuguese, Italian or Polish text ("Entlassung", "Behandlung", "Informe", "Retorno")
 * are not taken for names. From the `@zxcvbn-ts/language-*` packages (MIT): each holds the language's most frequent
 * words (from subtitles, frequency-ordered) and its most common given names and surnames; German also takes
 * `an-array-of-german-words` (MIT, ~117,000 lower-case words), because German writes every noun with a capital.
 *
 * A word of such a list is safe only when it is none of the packages' given names or surnames (of any of the languages:
 * the subtitle lists hold character names) — and the recall pass asks only when the word is also no given name or
 * GeoNames place of its own lists. Nothing is loaded until a text in another language is met; then the top words of
 * every language (the profiles that tell the languages apart) are built once, and a language's full list on its first use.
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

interface Loaded {
  /** Each language's most frequent words that are not English words, given names or places: "und", "nicht", "está", "niet". */
  profiles: Map<OtherLanguage, Set<string>>;
  /** The word lists as shipped, per language, until a language's set is built. */
  words: Map<OtherLanguage, string[]>;
  /** Given names and surnames of every language's package: never safe. */
  names: Set<string>;
  safe: Map<OtherLanguage, Set<string>>;
}
let loaded: Loaded | undefined;

function load(): Loaded {
  if (loaded) return loaded;
  const v = vocabulary();
  const isEnglish = (w: string) => (v.flags(w) & (IN.safe | IN.anyGiven | IN.cities)) !== 0;
  const profiles = new Map<OtherLanguage, Set<string>>();
  const words = new Map<OtherLanguage, string[]>();
  const names = new Set<string>();
  for (const lang of LANGUAGES) {
    const list = dataOf(lang, "commonWords");
    words.set(lang, list);
    const profile = new Set<string>();
    for (const w of list) {
      if (profile.size >= PROFILE_SIZE) break;
      if (!isEnglish(w)) profile.add(w);
    }
    profiles.set(lang, profile);
    for (const kind of NAME_LISTS) for (const n of dataOf(lang, kind, true)) names.add(n);
  }
  // (A profile word that is also a name of any list says nothing of the language: "maria", "jose".)
  for (const profile of profiles.values()) for (const n of names) profile.delete(n);
  loaded = { profiles, words, names, safe: new Map() };
  return loaded;
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
  const { profiles } = load();
  const counts = new Map<OtherLanguage, number>();
  let words = 0;
  for (const m of text.matchAll(/(?<![\p{L}\p{N}])\p{L}{2,}(?![\p{L}\p{N}])/gu)) {
    words++;
    const w = m[0].toLowerCase();
    for (const [lang, profile] of profiles) if (profile.has(w)) counts.set(lang, (counts.get(lang) ?? 0) + 1);
  }
  let best: OtherLanguage | undefined;
  let first = 0;
  let second = 0;
  for (const [lang, n] of counts) {
    if (n > first) {
      second = first;
      first = n;
      best = lang;
    } else if (n > second) second = n;
  }
  languageOf = text;
  languageAnswer = first >= 2 && first >= words / 12 && first >= second * 1.25 ? best : undefined;
  return languageAnswer;
}
let languageOf: string | undefined;
let languageAnswer: OtherLanguage | undefined;

/** A word of that language's vocabulary, written in lower case ("behandlung", "informe"), that is no name of the lists. */
export function otherLanguageWord(lang: OtherLanguage, lowerCaseWord: string): boolean {
  if (!loaded) return false;
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
