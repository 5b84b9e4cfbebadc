import { ratioNumber } from "./product-evidence.ts";
import type { WordToken } from "./word-tokens.ts";

/**
 * Evidence that a short number beside a removed word is not part of an address (#16, fifteenth round). Growing an
 * address takes the number next to a removed place ("Tawastintie 72", "Flat 31"); but the word that went is often a
 * product, a scale or a person, and the number beside it is a dose, a measure or an age ("Gewicht 12,1 kg", "Vit K 1 mg",
 * "Kt/V 1.3", "[name], 40 — thyroid nodule"). These say what the number is, so it is not grown over; the
 * judgement of the number alone (`judgeNumber`) is unchanged.
 */

/** Units after a number (and after its decimal part): a measure, never a house number. */
const UNIT = /^(?:[.,]\d+)?\s*(?:%|mg|mcg|µg|ug|g|kg|lbs?|ml|mL|l|mmol|mol|mmhg|bpm|cm|mm|km|iu|units?|tabs?|tablets?|caps?|puffs?|drops?|hours?|hrs?|h|mins?|minutes?|secs?|seconds?|s|days?|weeks?|wks?|months?|years?|yrs?|yo|y\/o|anos|años|ans|jahre|J\.|sai|tuổi|times|points?|°|kcal|l\/min|x)(?![\p{L}])/iu;

const YEARS = /^\s*(?:years?|yrs?|yo|y\/o|anos|años|ans|jahre|J\.|sai|tuổi)(?![\p{L}])/iu;

/**
 * A number the text explains as a measure: a unit after it ("12,1 kg", "2 yrs", "1 mg"), or a decimal ("1.3", the "3" of it
 * too), unless an address word stands before it ("Flat 3.2").
 */
export function measuredNumber(text: string, t: WordToken, addressWordBefore: boolean): boolean {
  if (!/^\d{1,4}$/.test(t.text)) return false;
  const after = text.slice(t.end, t.end + 12);
  const before = text.slice(Math.max(0, t.start - 2), t.start);
  // (An age over 89 with its unit is an identifier: "97 Jahre" goes.)
  if (UNIT.test(after)) return !(Number(t.text) >= 90 && Number(t.text) <= 125 && YEARS.test(after));
  if (addressWordBefore) return false;
  // A decimal: a digit, a point and a digit ("Kt/V 1.3"). (Not a ratio: "7/33 Ponsonby Rd" and "Anichstraße 22/5" are
  // addresses, as "25/100" is a dose.)
  // A strength ratio after a product ("Zembrix 50/500", `product-evidence.ts`).
  return /^\.\d/.test(after) || /\d\.$/.test(before) || ratioNumber(text, t.start, t.end);
}

/**
 * A short number straight after a name and a comma, followed by a comma, a bracket, a dash or running text in lower case:
 * an age ("Anneke [name], 40 — thyroid", "Zion [name], 4, ear pain", "[name], F, 28\n"), not a house number, which a
 * street name in capitals or a place follows ("[name], 12 High Street").
 */
const STREET_AFTER = /^ \p{Ll}+ (?:\p{Ll}+ )?(?:street|st|road|rd|lane|ln|avenue|ave|drive|dr|close|way|court|ct|crescent|terrace|place|row|hill|gardens|park)\b/u;

export function ageAfterName(text: string, t: WordToken, gapBefore: string, safeLowerWord: (w: string) => boolean, typedPlace = false): boolean {
  if (!/^\d{1,3}$/.test(t.text) || !/^, ?$/.test(gapBefore)) return false;
  const after = text.slice(t.end, t.end + 24);
  // (After a word typed a place, only a dash or running text: "Calle Mayor, 10, 2º" and "…, 10\n" are house numbers.)
  if (typedPlace ? /^\s+[—–-]\s/.test(after) : /^(?:\s*[,;)]|\s+[—–-]\s|\s*$|\s*\n)/.test(after)) return true;
  const word = /^ (\p{Ll}+)\b/u.exec(after);
  return word !== null && safeLowerWord(word[1]!) && !STREET_AFTER.test(after);
}
