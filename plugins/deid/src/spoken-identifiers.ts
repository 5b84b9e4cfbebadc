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
 * to `removed` unless an earlier rule took the token (`taken(i)`, the type it took it as).
 */
export function spokenIdentifiers(tokens: readonly WordToken[], folded: readonly string[], text: string, taken: (i: number) => PhiType | undefined,
  known: (i: number) => boolean, removed: Map<number, PhiType>): void {
  const put = (from: number, to: number, type: PhiType) => {
    for (let k = from; k <= to; k++) if (!taken(k)) removed.set(k, type);
  };
  // Counts of what the last spelled run said (`spelledRun`).
  let runDigits = 0;
  let runLetters = 0;
  const joined = (a: number, b: number) => /^[ ,-]{1,3}$/.test(text.slice(tokens[a]!.end, tokens[b]!.start));
  for (let i = 0; i < tokens.length; i++) {
    const f = folded[i]!;
    const kind = TRIGGERS.get(f);
    if (kind === undefined) continue;
    // (A lower-case letter alone, "a" or "i" in a sentence, starts nothing: most of these triggers.)
    if (kind === LETTER && tokens[i]!.text === f && !hyphened(i)) continue;
    if (kind === DIGIT || kind === LETTER) {
      // A number or code said character by character: digit words, "double"/"triple", teens and tens, and letters
      // spelled out ("oh seven seven one eight…", "W-H-seven-three-two, four-four-nine-one, Q", "O-L-fourteen, six-R-W").
      const end = spelledRun(i);
      if (end > i) {
        put(i, end, spelledType(i));
        i = end;
        continue;
      }
      // A house number said in words before a street the rules took ("eighteen forty-two Cypress Lane", "forty-one Carterknowle Road").
      if (kind === DIGIT && !NOT_HOUSE_NUMBERS.has(f)) {
        let k = i;
        while (k + 1 < tokens.length && NUMBER_WORDS.has(folded[k + 1]!) && joined(k, k + 1)) k++;
        const street = k + 1;
        if (street < tokens.length && text.slice(tokens[k]!.end, tokens[street]!.start) === " " && /^\p{Lu}/u.test(tokens[street]!.text) &&
          (taken(street) === "LOCATION" || removed.get(street) === "LOCATION")) {
          put(i, k, "LOCATION");
          i = k;
          continue;
        }
      }
    }
    if (kind === AT) {
      // An e-mail address said out loud: "… dot g at hackney dot gov dot uk", the part before "at" spelled or said.
      let to = i;
      while (folded[to + 2] === "dot" && to + 3 < tokens.length && joined(to + 1, to + 2) && joined(to + 2, to + 3)) to += 2;
      if (to === i || !TOP_LEVEL.has(folded[to + 1]!)) continue;
      // The part before "at": the word straight before it, and every word joined to it by "dot", "underscore" or a hyphen.
      if (i === 0 || text.slice(tokens[i - 1]!.end, tokens[i]!.start) !== " ") continue;
      let from = i - 1;
      while (from > 0) {
        const gap = text.slice(tokens[from - 1]!.end, tokens[from]!.start);
        if (gap === " " && (SAID_MARKS.has(folded[from - 1]!) || SAID_MARKS.has(folded[from]!))) from--;
        else if (gap === "-" || gap === "." || gap === "_") from--;
        else break;
      }
      // One English word before "at" is not an address ("we met at home dot com"); a name or a spelled one is.
      if (from === i - 1 && known(from)) continue;
      put(from, to + 1, "EMAIL");
      i = to + 1;
      continue;
    }
    if (kind === ORDINAL) {
      // "the twelfth of the eleventh, eighty-seven": a day and a month both said as ordinals, with the year after them.
      if (folded[i + 1] === "of" && folded[i + 2] === "the" && MONTH_ORDINALS.has(folded[i + 3] ?? "") && joined(i + 2, i + 3)) {
        put(i, yearAfter(i + 3), "DATE");
        i += 3;
        continue;
      }
      // "Friday the eighteenth": a weekday and a day said as an ordinal.
      if (i >= 2 && folded[i - 1] === "the" && SPOKEN_WEEKDAYS.has(folded[i - 2]!) && joined(i - 2, i - 1) && joined(i - 1, i)) put(i - 2, i, "DATE");
      continue;
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

  /**
   * The last token of the spelled identifier that starts at `i`, or -1. Digit words count one digit each ("double"
   * and "triple" repeat the next), teens and tens two, "hundred" two more; a letter counts when it is upper case or
   * spelled with hyphens ("r-u-t…": not the words "a" and "I" in a sentence). An identifier is seven digits or more
   * (a phone number read out), or two digits or more with letters among five characters or more (a code, postcode,
   * registration or member number spelled out).
   */
  function spelledRun(i: number): number {
    let k = i;
    let digits = 0;
    let letters = 0;
    let last = -1;
    while (k < tokens.length && (k === i || joined(k - 1, k))) {
      const g = folded[k]!;
      const t = tokens[k]!.text;
      if (DIGIT_WORDS.has(g)) digits++;
      else if ((g === "double" || g === "triple" || g === "treble") && DIGIT_WORDS.has(folded[k + 1] ?? "")) digits += g === "double" ? 1 : 2;
      else if (TEENS.has(g)) digits += 2;
      else if (TENS_ALL.has(g)) digits += DIGIT_WORDS.has(folded[k + 1] ?? "") && text[tokens[k]!.end] === "-" ? 1 : 2;
      else if (g === "hundred" && k > i && DIGIT_WORDS.has(folded[k - 1]!)) digits += 2;
      else if (t.length === 1 && /\p{L}/u.test(t) && (/\p{Lu}/u.test(t) && t !== "I" ? true : hyphened(k))) letters++;
      else break;
      k++;
      if ((letters === 0 && digits >= 7) || (letters > 0 && digits >= 2 && digits + letters >= 5)) last = k - 1;
    }
    runDigits = digits;
    runLetters = letters;
    return last;
  }
  /** A single letter written with a hyphen on either side ("r-u-t-h"). */
  function hyphened(k: number): boolean {
    return (k > 0 && text[tokens[k]!.start - 1] === "-" && tokens[k - 1]!.end === tokens[k]!.start - 1) ||
      (k + 1 < tokens.length && text[tokens[k]!.end] === "-" && tokens[k + 1]!.start === tokens[k]!.end + 1);
  }
  /** What a spelled identifier is, from the words before it ("postcode", "reg", "member number"); a phone otherwise when all digits. */
  function spelledType(from: number): PhiType {
    for (let k = from - 1; k >= 0 && k >= from - 8; k--) {
      const cue = SPELLED_CUES.get(folded[k]!);
      if (cue) return cue;
    }
    return runLetters === 0 && runDigits >= 7 ? "PHONE" : "ID";
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
      if (k < tokens.length && folded[k] === "the") k++;
      if (k < tokens.length && TENS.has(folded[k]!) && ORDINALS.has(folded[k + 1] ?? "")) k++;
      if (k < tokens.length && ORDINALS.has(folded[k]!)) {
        from = m;
        to = k;
      }
    }
    if (from < 0) return;
    put(from, yearAfter(to), "DATE");
  }

  /** The last token of a year said after token `to` ("nineteen sixty-three", "two thousand and four", ", eighty-seven"), or `to`. */
  function yearAfter(to: number): number {
    let y = to + 1;
    let said = 0;
    while (y < tokens.length && said < 5 && joined(y - 1, y) && (NUMBER_WORDS.has(folded[y]!) || (said > 0 && (folded[y] === "and" || folded[y] === "oh")))) {
      y++;
      said++;
    }
    if (said >= 2 && /^(?:nineteen|eighteen|twenty|two)$/.test(folded[to + 1]!)) return y - 1;
    // A year said by its last two digits ("eighty-seven", "ninety-one").
    if (said === 2 && TENS_ALL.has(folded[to + 1]!) && text[tokens[to + 1]!.end] === "-") return y - 1;
    return to;
  }
}

const DIGIT_WORDS = new Set("zero oh nought one two three four five six seven eight nine".split(" "));
const TENS = new Set("twenty thirty".split(" "));
/** Words of a number said aloud that do not start a house number. */
const NOT_HOUSE_NUMBERS = new Set(["oh", "zero", "nought", "double", "triple", "treble"]);
const TEENS = new Set("ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split(" "));
const TENS_ALL = new Set("twenty thirty forty fifty sixty seventy eighty ninety".split(" "));
/** Words before a spelled identifier that say what it is. */
const SPELLED_CUES = new Map<string, PhiType>([
  ...["postcode", "zip", "eircode"].map((w) => [w, "ZIP"] as const),
  ...["reg", "registration", "plate", "numberplate"].map((w) => [w, "VEHICLE"] as const),
  ...["medicaid", "medicare", "insurance", "insurer", "member", "policy", "plan", "scheme"].map((w) => [w, "HEALTH_PLAN"] as const),
  ...["social", "ssn", "nino"].map((w) => [w, "SSN"] as const),
]);
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
const LETTER = 4;
const ORDINAL = 6;
/** Ordinals that can be a month said as a number ("the eleventh"). */
const MONTH_ORDINALS = new Set("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split(" "));
const SPOKEN_WEEKDAYS = new Set("monday tuesday wednesday thursday friday saturday sunday".split(" "));
const AT = 5;
/** Marks said inside an e-mail address. */
const SAID_MARKS = new Set(["dot", "underscore", "dash", "hyphen"]);
/** The last part of an e-mail domain said out loud. */
const TOP_LEVEL = new Set("com org net uk edu gov io co info biz me us ca au nz ie in za de fr nl es it".split(" "));
const TRIGGERS = new Map<string, number>([
  ...[...DIGIT_WORDS, ...TEENS, ...TENS_ALL, "double", "triple", "treble"].map((w) => [w, DIGIT] as const),
  ..."abcdefghijklmnopqrstuvwxyz".split("").map((w) => [w, LETTER] as const),
  ["at", AT],
  ...[...ORDINALS].map((w) => [w, ORDINAL] as const),
  ...[...MONTHS].map((w) => [w, MONTH] as const),
  ...[...STREETS].map((w) => [w, STREET] as const),
]);
