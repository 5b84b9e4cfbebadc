import type { PhiType } from "@rounds/core";
import type { WordToken } from "./word-tokens.ts";

/**
 * Identifiers said out loud and written down in words, as transcripts and voicemail have them (recall mode):
 *
 * - a phone number read digit by digit: seven digit words or more in a row ("oh one two…", "double seven");
 * - a date of birth in words: an ordinal day of a month ("the twelfth of june", "june the third"), with the year said
 *   after it ("…, nineteen sixty-three", "two thousand and four");
 * - an address in lower case: a street word after a word no vocabulary explains ("kingsley road"), or after any word
 *   with a place preposition before it ("lives on birch avenue"; not "on the road", "on a side road"), with the house
 *   number before it in figures or words ("forty-one …").
 *
 * `folded` are the tokens in lower case; `known(i)` says whether token i is a safe English word; what is found is added
 * to `removed` unless an earlier rule took the token (`taken(i)`).
 */
export function spokenIdentifiers(tokens: readonly WordToken[], folded: readonly string[], text: string, taken: (i: number) => boolean,
  known: (i: number) => boolean, removed: Map<number, PhiType>): void {
  const put = (from: number, to: number, type: PhiType) => {
    for (let k = from; k <= to; k++) if (!taken(k)) removed.set(k, type);
  };
  const joined = (a: number, b: number) => /^[ ,-]{1,3}$/.test(text.slice(tokens[a]!.end, tokens[b]!.start));
  for (let i = 0; i < tokens.length; i++) {
    const f = folded[i]!;
    const kind = TRIGGERS.get(f);
    if (kind === undefined) continue;
    if (kind === DIGIT) {
      // A run of digits said one by one.
      let k = i;
      let digits = 0;
      while (k < tokens.length && (k === i || joined(k - 1, k))) {
        const g = folded[k]!;
        if (DIGIT_WORDS.has(g)) digits++;
        else if (!(g === "double" || g === "triple" || g === "treble") || !DIGIT_WORDS.has(folded[k + 1] ?? "")) break;
        k++;
      }
      if (digits >= 7) {
        put(i, k - 1, "PHONE");
        i = k - 1;
        continue;
      }
    }
    if (kind === MONTH) spokenDate(i);
    else if (kind === STREET && tokens[i]!.text === f && i > 0 && /^ $/.test(text.slice(tokens[i - 1]!.end, tokens[i]!.start)) &&
      /^\p{Ll}{3,}$/u.test(tokens[i - 1]!.text) && !NUMBER_WORDS.has(folded[i - 1]!) &&
      (!known(i - 1) || (i > 1 && STREET_PREPOSITIONS.has(folded[i - 2]!) && !KINDS_OF_ROAD.has(folded[i - 1]!) && NAMED_STREETS.has(f)))) {
      // "kingsley road", with "41" or "forty-one" before it.
      let s = i - 1;
      while (s > 0 && i - s < 4 && /^[ -]$/.test(text.slice(tokens[s - 1]!.end, tokens[s]!.start)) && (NUMBER_WORDS.has(folded[s - 1]!) || /^\d{1,4}\p{Ll}?$/u.test(tokens[s - 1]!.text))) s--;
      put(s, i, "LOCATION");
    }
  }

  function spokenDate(m: number): void {
    // "twelfth of june", "the twenty-first of may"; "june the third", "june third".
    let from = -1;
    let to = m;
    if (m >= 2 && folded[m - 1] === "of" && ORDINALS.has(folded[m - 2]!)) {
      from = m - 2;
      if (from > 0 && TENS.has(folded[from - 1]!) && joined(from - 1, from)) from--;
    } else {
      let k = m + 1;
      if (folded[k] === "the") k++;
      if (k < tokens.length && TENS.has(folded[k]!) && ORDINALS.has(folded[k + 1] ?? "")) k++;
      if (k < tokens.length && ORDINALS.has(folded[k]!)) {
        from = m;
        to = k;
      }
    }
    if (from < 0) return;
    // The year said after it: "nineteen sixty-three", "two thousand and four", "twenty twenty-one".
    let y = to + 1;
    let said = 0;
    while (y < tokens.length && said < 5 && joined(y - 1, y) && (NUMBER_WORDS.has(folded[y]!) || (said > 0 && (folded[y] === "and" || folded[y] === "oh")))) {
      y++;
      said++;
    }
    if (said >= 2 && /^(?:nineteen|eighteen|twenty|two)$/.test(folded[to + 1]!)) to = y - 1;
    put(from, to, "DATE");
  }
}

const DIGIT_WORDS = new Set("zero oh nought one two three four five six seven eight nine".split(" "));
const TENS = new Set("twenty thirty".split(" "));
const ORDINALS = new Set(("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth " +
  "sixteenth seventeenth eighteenth nineteenth twentieth thirtieth").split(" "));
const MONTHS = new Set("january february march april may june july august september october november december".split(" "));
const NUMBER_WORDS = new Set(("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen " +
  "nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand").split(" "));
/** Street words that name a street in lower case only after a word no vocabulary explains. */
const STREETS = new Set(("street road lane avenue drive close crescent terrace gardens grove way place row walk court square hill rise mews " +
  "parade park view green boulevard").split(" "));
/** Street words that only a street's name goes before (not "walk", "way", "park": "on a long walk"). */
const NAMED_STREETS = new Set("street road lane avenue crescent terrace gardens mews boulevard".split(" "));
const STREET_PREPOSITIONS = new Set("on in at off along down up".split(" "));
/** Words before a street word that say what kind of road, not which one. */
const KINDS_OF_ROAD = new Set(("main high ring side back private public busy quiet long short country dirt slip service access bypass relief " +
  "same other wrong right left open new old this that one ring trunk toll dual the a an my his her their our your its every each any").split(" "));
/** What a word may start (one lookup per word: most words start nothing). */
const DIGIT = 1;
const MONTH = 2;
const STREET = 3;
const TRIGGERS = new Map<string, number>([
  ...[...DIGIT_WORDS, "double", "triple", "treble"].map((w) => [w, DIGIT] as const),
  ...[...MONTHS].map((w) => [w, MONTH] as const),
  ...[...STREETS].map((w) => [w, STREET] as const),
]);
