/**
 * Evidence that a capitalised word names a product, an app or a scheme rather than a person or a place (#16, sixteenth
 * round). Two shapes say so without any list of brands:
 *
 * - A **strength ratio** after the word ("Zembrix 50/500", "Tolvanor 20/125"): two numbers joined by a slash
 *   that cannot be a day and a month in either order, with no capitalised word after them. ("7/33 Ponsonby Rd" is a
 *   unit and a house number before a street's name; "12/3" could be a date; "Anichstraße 22/5" has a street word before
 *   it, which the caller checks.)
 * - A **compound written in camel case** whose second part is an English word ("HomePulse", "DocChart",
 *   "CareShield"): how products and schemes are spelled, not people (a surname's particle is no head: "McPulse",
 *   "MacBride", "DeShawn", "LaRose" stay names) — unless the text uses it as a place or names a branch of it ("at the
 *   …", "… Pharmacy", "… #0417", "… QX20").
 * - A **release code** after the word, before a dose or a verb of prescribing ("Zembrix CR adjusted", "Tolvanor XL 150 mg"):
 *   a medicine's formulation.
 */

/** Two numbers joined by a slash that are no calendar date in either order (day/month or month/day). */
function notADate(a: number, b: number): boolean {
  return !((a >= 1 && a <= 31 && b >= 1 && b <= 12) || (a >= 1 && a <= 12 && b >= 1 && b <= 31));
}

const RATIO = /^\s+(\d{1,4})\/(\d{1,4})(?![\d/])([^\n]{0,3})/u;

/** The text straight after a word starts with a strength ratio (`notADate`) that no capitalised word follows. */
export function strengthAfter(textAfter: string): boolean {
  const m = RATIO.exec(textAfter);
  if (!m) return false;
  if (!notADate(Number(m[1]), Number(m[2]))) return false;
  return !/^\s+\p{Lu}/u.test(m[3]!) || /^\s+(?:BD|TDS|QDS|OD|PRN|TID|BID|QID)\b/.test(m[3]! + textAfter.slice(m[0].length, m[0].length + 4));
}

/**
 * A number that is one side of a strength ratio (`strengthAfter`): "50" or "500" of "Zembrix 50/500, one tablet". The
 * caller has already ruled out an address word or a street word before it.
 */
export function ratioNumber(text: string, start: number, end: number): boolean {
  const at = /\d\/$/.test(text.slice(Math.max(0, start - 2), start)) ? text.lastIndexOf(" ", start) : start - 1;
  // (Only after a word: not "№ 3318/26", a record's number and year.)
  if (at < 1 || !/^[ \t(]$/.test(text[at] ?? "") || !/\p{L}{2,}(?:-\p{L}+)?$/u.test(text.slice(Math.max(0, at - 40), at))) return false;
  const after = text.slice(at, end + 12);
  return strengthAfter(after.replace(/^\(/, " "));
}

/** Particles that begin surnames written with an inner capital. */
const SURNAME_HEAD = /^(?:Mc|Mac|Mag|De|Di|Da|Du|Dos|Del|Della|La|Le|Lo|Van|Von|Fitz|St|O|D|Ja|Ke|Ra|Sha|Ta|Te)$/;

/** A capitalised compound with an inner capital whose tail is an English word (`isEnglish`) and not a given name. */
export function camelProduct(word: string, isEnglish: (w: string) => boolean, isGiven: (w: string) => boolean): boolean {
  const m = /^(\p{Lu}\p{Ll}+)(\p{Lu}\p{Ll}{2,})$/u.exec(word);
  if (!m || SURNAME_HEAD.test(m[1]!)) return false;
  const tail = m[2]!.toLowerCase();
  return isEnglish(tail) && !isGiven(tail);
}

/** Where a compound brand names a place or a branch: after a place preposition, before a facility word, a number or a code. */
export function brandUsedAsPlace(before: string, after: string, facilityWord: (w: string) => boolean): boolean {
  if (/\b(?:at|to|from|in|into|visited|attended|attends|for|by)(?:\s+the)?\s+$/i.test(before)) return true;
  if (/^\s*(?:#|\(?\d|[\p{Lu}\d-]*\d)/u.test(after)) return true;
  const next = /^[ \t]+(\p{L}+)/u.exec(after);
  return next !== null && /^\p{Lu}/u.test(next[1]!) && facilityWord(next[1]!.toLowerCase());
}

const FORMULATION = /^[ \t]+(?:CR|ER|XR|XL|SR|ODT|EC|IR|CD|LP|Retard|retard)[ \t]+(?:\d|(?:adjusted|started|stopped|increased|reduced|decreased|continued|held|restarted|switched|titrated|weaned|tablets?|capsules?)\b)/u;

/** A release code after the word, then a dose or a verb of prescribing: the word is a medicine. */
export function formulationAfter(textAfter: string): boolean {
  return FORMULATION.test(textAfter);
}

/** What a medicine is given as, and what a device is: the noun after a product's name (or after its model code). */
const PRODUCT_NOUN =
  "inhalers?|turbuhaler|evohaler|accuhaler|ellipta|nebules?|autoinjectors?|auto-injectors?|injections?|injectors?|tablets?|capsules?|caplets?|" +
  "creams?|gel|ointment|lotion|patch(?:es)?|pens?|spray|drops|syrup|elixir|suspension|lozenges?|pessar(?:y|ies)|suppositor(?:y|ies)|sachets?|" +
  "sensors?|readers?|pumps?|pods?|transmitters?|glucometer|meters?|implant|pacemaker|defibrillator|hearing\\s+aids?";
/** A count of doses, in digits or words: "two puffs", "1 tablet", "one sachet". */
const DOSE_COUNT = "(?:\\d{1,2}|one|two|three|four|half\\s+a|a)\\s+(?:puffs?|tablets?|tabs|caps|capsules?|drops|sprays?|sachets?|patch(?:es)?|pessar(?:y|ies)|injections?|vials?|ampoules?|units)";
/** A model code: a number, or one to three capitals with one to three digits ("G7", "L90", "3", "X2"), not a postcode's half ("LD6 5AX"). */
const MODEL = "(?:\\d{1,3}|\\p{Lu}{1,3}\\d{1,3}\\p{Lu}?)(?:\\s+(?:plus|pro|max|mini|lite))?";
/** A health plan's type after an insurer's name ("Carewell HMO", "Mediplan PPO"). */
const PLAN_TYPE = "(?:HMO|PPO|EPO|HMO-POS)(?![\\p{L}\\d])";
const PRODUCT_AFTER = new RegExp(`^[ \\t]+(?:(?:${MODEL})[ \\t]+)?(?:${PRODUCT_NOUN})(?![\\p{L}\\d-])|^[ \\t]+${DOSE_COUNT}(?![\\p{L}\\d])`, "iu");
const PLAN_AFTER = new RegExp(`^[ \\t]+${PLAN_TYPE}`, "u");
/**
 * A serial or batch number after the word, its model's words between ("Cardiotek Azure, serial number …", "Imagix Vida,
 * serienr. …", "Slumbex AirSense 11 (SN …)", "Vaxorix batch …"): the word names the device or the vaccine.
 */
const SERIAL_AFTER = /^(?:[ \t]+(?:\p{Lu}[\p{L}\d-]*|\d{1,3})){0,3},?[ \t]+\(?(?:serial|s\/n|SN|serienr|serienummer|batch)(?![\p{L}])(?![ \t]+of\b)/iu;

/**
 * Evidence that a capitalised word is a medicine or a device from the words straight after it: a formulation or device noun
 * ("Zorvaxa inhaler", "Glucotrack sensor"), the same after a model code ("Glucotrack G7 sensor", "Pumpex 5 pod"), or a
 * count of doses ("Zorvaxa two puffs twice daily"); an insurer before its plan's type ("Carewell HMO"); a device or vaccine
 * before its serial or batch number (`SERIAL_AFTER`). People and places are not followed by these words.
 */
export function productAfter(textAfter: string): boolean {
  return PRODUCT_AFTER.test(textAfter) || PLAN_AFTER.test(textAfter) || SERIAL_AFTER.test(textAfter);
}
