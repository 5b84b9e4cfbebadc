import { isIPv4, isIPv6 } from "node:net";
import type { PhiSpan, PhiType } from "@rounds/core";
import { findPhoneNumbersInText } from "libphonenumber-js";
import { charClass, LETTER } from "./char-classes.ts";
import { FOREIGN_MONTH_LONG, FOREIGN_MONTH_SHORT, WEEKDAY } from "./calendar-words.ts";
import { matchAllAt, sharedKeywordStarts, startsFinder } from "./rule-starts.ts";
import { CLINICAL_WORDS, COMMON_WORDS, NOT_SUBDIVISIONS } from "./word-lists.ts";
import { fold, vocabulary } from "./vocabulary.ts";

/**
 * Pattern rules for every Safe Harbor family except person names: dates,
 * ages over 89, contact numbers, e-mail, URLs, IPs, places, ZIP codes and
 * record, plan, account, licence, vehicle, device and other id numbers.
 * Returns unmerged spans.
 */
interface Rule {
  type: PhiType;
  re: RegExp;
  confidence: number;
  /** Which capture group is the identifier (default: the whole match). */
  group?: number;
  /** Extra check on the identifier text. */
  accept?: (value: string) => boolean;
  /** Trims a matched value (e.g. punctuation after a URL). */
  trim?: (value: string) => string;
  /** A cheap test every match needs: when the text fails it, the rule is not run (speed). */
  gate?: RegExp;
}

const MONTH = "(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";
const DAY = "(?:3[01]|[12]\\d|0?[1-9])(?:st|nd|rd|th)?";
const YEAR = "(?:19|20)\\d{2}";
const US_STATES = "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR";
const CITY = "\\p{Lu}\\p{Ll}+(?:[ -]\\p{Lu}\\p{Ll}+){0,2}";
const STREET = "(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Circle|Cir|Highway|Hwy|Parkway|Pkwy|Square|Sq|Trail|Row|Crescent|Cres|Close|Grove|Gardens|Mews|Hill|Rise|Walk|Parade|Esplanade|Quay|Wharf)(?:\\s+[NSEW])?";
/** Canadian provinces and Australian states, before a postcode or after a city. */
const CA_PROVINCES = "AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT";
const AU_STATES = "NSW|VIC|QLD|SA|WA|TAS|NT|ACT";
/** UK postcodes (outward and inward code), e.g. SW1A 1AA, M19 2LL, EH8 9YL. */
const UK_POSTCODE = "(?:[A-PR-UWYZ][A-HK-Y]?\\d[A-Z\\d]?)\\s\\d[ABD-HJLNP-UW-Z]{2}";
/** Irish Eircodes (routing key and unique identifier), e.g. D02 X285, P31 X2E8, D6W 1234. */
const EIRCODE = "(?:[AC-FHKNPRTV-Y]\\d{2}|D6W)\\s[0-9AC-FHKNPRTV-Y]{4}";
/** Canadian postal codes, e.g. K1N 6N5. */
const CA_POSTCODE = "[ABCEGHJ-NPRSTVXY]\\d[ABCEGHJ-NPRSTV-Z]\\s?\\d[ABCEGHJ-NPRSTV-Z]\\d";
/** A labelled identifier value: letters, digits and dashes with at least one digit. */
const ID_VALUE = "((?=[A-Z0-9-]*\\d)[A-Z0-9][A-Z0-9-]{3,24})\\b";
/** Between a label and its value: marks, a dash ("MRN-778812") or a verb ("license number is 5130634"). */
const LABEL_GAP = "(?:[\\s:#.-]*(?:\\s(?:is|was|reads|=)\\b)?[\\s:#.-]*)";
/** "number", "no.", "#", "id" after a label. */
const NUMBER_WORD = "\\s*(?:number|num|no\\.|#|id)";
const alternation = (labels: string[]) => labels.map((l) => l.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&").replace(/ /g, "\\s+")).join("|");
const notAYear = (v: string) => !/^(?:19|20)\d{2}$/.test(v);
/**
 * An id after its label: strong labels may be followed by the value directly
 * ("MRN 00482913"), weak ones need "number", "#" or "id" ("chart #55-20931",
 * not "treatment plan 1-2x").
 */
function labelled(type: PhiType, strong: string[], weak: string[], confidence: number): Rule {
  const re = new RegExp(`\\b(?:(?:${alternation(strong)})(?:${NUMBER_WORD})?|(?:${alternation(weak)})${NUMBER_WORD})${LABEL_GAP}${ID_VALUE}`, "gi");
  return { type, re, confidence, group: 1, accept: notAYear };
}
/** A US or NANP phone number. */
const PHONE_NUMBER = "(?:\\+?1[\\s.-]?)?(?:\\(\\d{3}\\)\\s?|\\d{3}[\\s.-])\\d{3}[\\s.-]\\d{4}(?:\\s*(?:x|ext\\.?)\\s*\\d{1,5})?";
/** Units and ratios after a number that make it a measurement, not an age. */
const NOT_AGE = "(?!\\s*(?:%|percent|mg|mcg|ml|mmhg|bpm|kg|lbs?|pounds?|kilos?|minutes?|mins?|hours?|hrs?|days?|weeks?|seconds?|secs?|times|points?|units?|degrees?)\\b)(?![/.,]\\d)";

const luhn = (digits: string) => {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
};
/** DEA numbers: two letters, seven digits, the last a check digit. */
const deaValid = (v: string) => {
  const d = v.slice(2).split("").map(Number);
  if (d.length !== 7 || d.some(Number.isNaN)) return false;
  return (d[0]! + d[2]! + d[4]! + 2 * (d[1]! + d[3]! + d[5]!)) % 10 === d[6];
};
/** NHS numbers: ten digits, the last a modulus 11 check digit. */
const nhsValid = (v: string) => {
  const d = v.replace(/\D/g, "").split("").map(Number);
  if (d.length !== 10) return false;
  const check = 11 - (d.slice(0, 9).reduce((n, x, i) => n + x * (10 - i), 0) % 11);
  return (check === 11 ? 0 : check) === d[9];
};
/** Australian Medicare card numbers: first digit 2-6, the ninth a weighted check digit. */
const auMedicareValid = (v: string) => {
  const d = v.replace(/\D/g, "").split("").map(Number);
  if (d.length < 10 || d.length > 11 || d[0]! < 2 || d[0]! > 6) return false;
  return [1, 3, 7, 9, 1, 3, 7, 9].reduce((n, w, i) => n + w * d[i]!, 0) % 10 === d[8];
};
/** IBANs: country, check digits, then the account; valid when the rearranged number mod 97 is 1. */
const ibanValid = (v: string) => {
  const s = v.replace(/\s/g, "").toUpperCase();
  if (s.length < 15 || s.length > 34) return false;
  const digits = (s.slice(4) + s.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const ch of digits) rest = (rest * 10 + Number(ch)) % 97;
  return rest === 1;
};
const luhnDigits = (v: string) => luhn(v.replace(/\D/g, ""));
const mixedLettersDigits = (v: string) => /\d/.test(v) && /[A-Z]/i.test(v);
const trimUrl = (v: string) => v.replace(/[.,;:!?'"]+$/, "");

/** A top-level domain after a dot: the cheap test before the bare-domain rules run. */
const TLD = /[a-z0-9]\.(?:com|org|net|edu|gov|io|me|us|uk|ie|au|ca|de|info|co|blog|app|dev|eu|fr|nl|es|it|ch|at|se|no|dk|fi|pl|jp|nz)\b/i;

export const RULES: Rule[] = [
  // Contact.
  { type: "EMAIL", re: /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b/gi, confidence: 0.99, gate: /@/ },
  { type: "URL", re: /\b(?:https?:\/\/|ftp:\/\/|www\.)[^\s<>"'()]+/gi, confidence: 0.95, trim: trimUrl, gate: /:\/\/|www\./i },
  // A bare domain with a path (profile and blog links): facebook.com/name, example.org/page.
  { type: "URL", re: /(?<![@\w.])(?:[a-z0-9-]+\.)+(?:com|org|net|edu|gov|io|me|us|uk|ie|au|ca|de|info|co)\/[^\s<>"'()]+/gi, confidence: 0.9, trim: trimUrl, gate: TLD },
  // A bare domain of a personal site or blog (ferns-and-walks.blogspot.com): a known top-level domain, not inside an e-mail.
  { type: "URL", re: /(?<![@\w.\/-])(?:[a-z0-9-]+\.)+(?:com|org|net|edu|gov|io|me|info|blog|app|dev|eu|ie|de|fr|nl|es|it|ch|at|se|no|dk|fi|pl|jp|au|nz|ca|uk)(?![\w@-]|\.\w)/gi, confidence: 0.85, gate: TLD, accept: (v) => /^[a-z0-9.-]+$/.test(v) && !/^(?:e\.g|i\.e)\b/i.test(v) },
  // Social-media handles: with a digit, underscore or dot as personal handles have ("@rosie_paints"), or after the
  // network's name; not a bare mention of a bot or a team ("@Rounds"). An e-mail's local part is not one (the lookbehind).
  { type: "ID", re: /(?<![\w.@])@(?=[A-Za-z0-9_.]*[\d_.][A-Za-z0-9_])[A-Za-z][A-Za-z0-9_.]{2,29}(?<!\.)(?![\w@])/g, confidence: 0.85, gate: /@/ },
  { type: "ID", re: /\b(?:instagram|twitter|tiktok|snapchat|facebook|threads|bluesky|handle|username|user name)\b[^\n@]{0,12}(@[A-Za-z][A-Za-z0-9_.]{2,29})(?<!\.)(?![\w@])/gi, confidence: 0.85, group: 1, gate: /@/ },
  { type: "IP", re: /(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w.]*\d)/g, confidence: 0.95, accept: isIPv4 },
  { type: "IP", re: /(?<![\w:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\w:])/gi, confidence: 0.95, accept: (v) => isIPv6(v) && /[0-9a-f]{3}/i.test(v), gate: /::|[0-9a-f]:[0-9a-f]{1,4}:[0-9a-f]/i },
  { type: "FAX", re: new RegExp(`\\bfax(?:\\s*(?:number|no\\.?|#))?[\\s:#]*(${PHONE_NUMBER}|\\d{10})(?!\\d)`, "gi"), confidence: 0.97, group: 1 },
  { type: "PHONE", re: new RegExp(`(?<![\\w-])${PHONE_NUMBER}(?!\\d)`, "g"), confidence: 0.9 },
  { type: "PHONE", re: /(?<![\w-])\+\d{1,3}(?:[\s.-]?\d{2,4}){2,5}(?!\d)/g, confidence: 0.85, accept: (v) => v.replace(/\D/g, "").length >= 8 },
  { type: "PHONE", re: /\b(?:phone|cell|mobile|tel|telephone|pager|call|text)[\s:#]*(\d{10})\b/gi, confidence: 0.9, group: 1 },
  // Australian landlines with the area code in brackets: (02) 9374 4000.
  { type: "PHONE", re: /(?<![\w-])\(0\d\)\s?\d{4}\s?\d{4}(?!\d)/g, confidence: 0.9 },
  // National numbers with a trunk 0 (UK, AU, DE, ...): 020 7946 0018, 07700 900123, 0161-496-0000.
  { type: "PHONE", re: /(?<![\w.-])0\d{2,4}[\s-]\d{3,4}[\s-]?\d{3,4}(?![\w-])/g, confidence: 0.85, accept: (v) => { const n = v.replace(/\D/g, "").length; return n >= 10 && n <= 11; } },

  // Numbers.
  // National health numbers with a check digit, after their label (they look like phone numbers).
  { type: "HEALTH_PLAN", re: /\bNHS(?:\s*(?:number|no\.?|#))?[\s:#]*(\d{3}\s?\d{3}\s?\d{4})\b/gi, confidence: 0.98, group: 1, accept: nhsValid },
  { type: "HEALTH_PLAN", re: /\bMedicare(?:\s*(?:card|number|no\.?|#))+[\s:#]*(\d{4}\s?\d{5}\s?\d(?:\s?\d)?)\b/gi, confidence: 0.97, group: 1, accept: auMedicareValid },
  // UK National Insurance numbers (format and prefix rules) and Canadian SINs (Luhn, after their label).
  { type: "SSN", re: /\b(?![DFIQUV])(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b/g, confidence: 0.9 },
  // After its label, any two letters: the documented specimen prefixes ("QQ") are written in forms and letters too.
  { type: "SSN", re: /\b(?:national insurance|NI|NINO)(?:\s*(?:number|no\.?|#))?(?:\s+(?:is|was))?[\s:#]*([A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D])\b/gi, confidence: 0.95, group: 1, gate: /insurance|\bNI/i },
  { type: "SSN", re: /\b(?:SIN|social insurance(?:\s*(?:number|no\.?))?)[\s:#]*(\d{3}[\s-]?\d{3}[\s-]?\d{3})\b/g, confidence: 0.95, group: 1, accept: luhnDigits },
  // IBANs (checksum verified) and MAC addresses (device identifiers).
  { type: "ACCOUNT", re: /\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?\b/g, confidence: 0.95, accept: ibanValid },
  { type: "DEVICE", re: /\b[0-9A-F]{2}(?:([:-])[0-9A-F]{2})(?:\1[0-9A-F]{2}){4}\b/gi, confidence: 0.93 },
  { type: "SSN", re: /\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b/g, confidence: 0.97 },
  { type: "SSN", re: /\b(?:ssn|ss#|social security(?:\s*(?:number|no\.?|#))?)[\s:#]*(\d{3}[\s-]?\d{2}[\s-]?\d{4})\b/gi, confidence: 0.97, group: 1 },
  labelled("MRN", ["mrn", "mr#", "medical record", "med rec"], ["chart", "patient", "hospital", "record"], 0.96),
  labelled("HEALTH_PLAN", ["mbi", "member id", "subscriber id"], ["member", "subscriber", "policy", "insurance", "plan", "beneficiary", "medicaid", "medicare", "health plan", "policy holder"], 0.95),
  labelled("ACCOUNT", ["account", "acct"], ["billing", "invoice"], 0.93),
  // Card numbers of every length (12 to 19 digits, grouped or not) that pass the Luhn check.
  { type: "ACCOUNT", re: /(?<![\w-])\d(?:[ -]?\d){11,18}(?![\w-])/g, confidence: 0.9, accept: (v) => /^(?:\d+)(?:([ -])\d+)*$/.test(v) && luhn(v.replace(/\D/g, "")) },
  labelled("LICENSE", ["dea", "npi", "license", "licence", "driver's license", "driver’s license", "drivers license"], ["certificate", "cert", "board certification"], 0.93),
  { type: "LICENSE", re: /\b[A-Z][A-Z9]\d{7}\b/g, confidence: 0.85, accept: deaValid },
  labelled("VEHICLE", ["license plate", "licence plate", "plate", "vin"], ["tag", "registration"], 0.93),
  { type: "VEHICLE", re: /\b[A-Z]{2}\d{2}\s[A-Z]{3}\b/g, confidence: 0.8 },
  { type: "VEHICLE", re: /\b[A-HJ-NPR-Z0-9]{17}\b/g, confidence: 0.7, accept: mixedLettersDigits },
  labelled("DEVICE", ["serial", "s/n", "sn", "imei", "udi"], ["device", "implant", "pump", "pacemaker", "model"], 0.93),
  labelled("ID", ["passport"], ["claim", "case", "referral", "study", "participant", "subject", "employee", "student", "badge", "reference", "ref", "ticket", "authorization", "authorisation", "auth", "visa", "voter", "tax"], 0.9),

  // A user name after its label, when it has a digit, a dot or an underscore in it ("user jsandoval_rn", "username: kb84"); not
  // a role after a form label ("User: receptionist").
  { type: "ID", re: /\b(?:[Uu]ser(?:\s?name|\s?id)?|[Ll]ogin|[Hh]andle)\s*[:#]?\s*(?:is\s+)?([A-Za-z][A-Za-z0-9]*(?:[._-][A-Za-z0-9]+)+|[A-Za-z]+\d+)\b/g, confidence: 0.85, group: 1 },

  // Dates: every element but the year alone.
  // ISO dates, also glued to their time ("2026-01-19T10:45").
  { type: "DATE", re: new RegExp(`\\b${YEAR}[-/.](?:1[0-2]|0?[1-9])[-/.](?:3[01]|[12]\\d|0?[1-9])(?=T\\d|\\b)`, "g"), confidence: 0.97 },
  // Month and year as digits ("08/2027", "exp 09/28" after an expiry or date cue).
  { type: "DATE", re: new RegExp(`\\b(?:1[0-2]|0?[1-9])[/-]${YEAR}\\b(?![/.-]\\d)`, "g"), confidence: 0.85 },
  { type: "DATE", re: /\b(?:3[01]|[12]\d|0?[1-9])([/.-])(?:3[01]|[12]\d|0?[1-9])\1(?:\d{4}|\d{2})\b(?![/.-]\d)/g, confidence: 0.93 },
  // A date with spaces for slashes, as claim forms print it ("07 14 1983", "14 07 1983"; "DOS 11 03 26" after a date label).
  { type: "DATE", re: /\b(?:(?:0[1-9]|1[0-2]) (?:0[1-9]|[12]\d|3[01])|(?:0[1-9]|[12]\d|3[01]) (?:0[1-9]|1[0-2])) (?:19|20)\d{2}\b(?! \d)/g, confidence: 0.9 },
  { type: "DATE", gate: /DOB|DOS|D\.O\.B|ate of/, re: /\b(?:DOB|DOS|D\.O\.B\.|[Dd]ate of (?:birth|service))\s*:?\s+((?:0[1-9]|[12]\d|3[01]) (?:0[1-9]|[12]\d|3[01]) \d{2})\b(?! \d)/g, confidence: 0.9, group: 1 },
  {
    type: "DATE",
    re: /\b(?:on|since|from|until|till|by|before|after|dated|date|seen|due|last|next|of|exp|expiry|expires|valid(?:\s+(?:to|until))?|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\.?:?\s+((?:3[01]|[12]\d|0?[1-9])\/(?:1[0-2]|0?[1-9])|(?:1[0-2]|0?[1-9])\/(?:3[01]|[12]\d|0?[1-9]))\b(?![/.]\d)(?!\s*(?:mg|ml|mcg|of|sessions?|visits?|doses?|days?|weeks?|points?)\b)/gi,
    confidence: 0.8,
    group: 1,
  },
  // Day, month name and year joined by dashes ("11-Mar-2026", "07-Jul-83").
  { type: "DATE", re: new RegExp(`\\b${DAY}-${MONTH}-(?:${YEAR}|\\d{2})\\b`, "g"), confidence: 0.92 },
  { type: "DATE", re: new RegExp(`\\b${MONTH}\\.?\\s+(?:the\\s+)?${DAY}\\b(?:,?\\s+${YEAR}\\b)?`, "g"), confidence: 0.92 },
  { type: "DATE", re: new RegExp(`\\b${DAY}\\s+(?:of\\s+)?${MONTH}\\b\\.?(?:,?\\s+${YEAR}\\b)?`, "g"), confidence: 0.92 },
  { type: "DATE", re: new RegExp(`\\b${MONTH}\\.?,?\\s+${YEAR}\\b`, "g"), confidence: 0.9 },
  { type: "DATE", re: /\b(?:january|february|march|april|june|july|august|september|october|november|december)\s+(?:the\s+)?(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\b/g, confidence: 0.85 },
  // A month named in another language (CLDR names, `calendar-words.ts`): "17 septembre 1940", "3 de mayo de 1966", "12. März 2025".
  {
    type: "DATE",
    re: new RegExp(`\\b${DAY}(?:er|º|ª)?\\.?\\s+(?:de\\s+|d['’]\\s*)?(?:(?:${FOREIGN_MONTH_LONG})(?![\\p{L}])(?:\\.?,?\\s+(?:de\\s+)?${YEAR}\\b)?|(?:${FOREIGN_MONTH_SHORT})\\.?,?\\s+(?:de\\s+)?${YEAR}\\b)`, "giu"),
    confidence: 0.9,
  },
  // The year first, as Hungarian and Lithuanian write it ("2026. december 2.", "2026 m. gruodžio 1 d."), and a day, month
  // and year in digits with spaces after the full stops ("26. 11. 2026.").
  { type: "DATE", re: new RegExp(`\\b${YEAR}(?:\\.|\\s+m\\.)\\s+(?:${FOREIGN_MONTH_LONG}|${FOREIGN_MONTH_SHORT})\\.?\\s+(?:3[01]|[12]\\d|0?[1-9])\\b(?:\\.|\\s+d\\.)?`, "giu"), confidence: 0.9,
    gate: /(?:19|20)\d{2}(?:\.|\s+m\.)\s+\p{L}/u },
  { type: "DATE", re: /\b(?:3[01]|[12]\d|0?[1-9])\.\s(?:1[0-2]|0?[1-9])\.\s(?:19|20)\d{2}\b\.?/g, confidence: 0.9, gate: /\d\.\s\d{1,2}\.\s[12]/ },

  // A month alone dating an event ("in October", "since January"); "may" only capitalised.
  { type: "DATE", re: /\b(?:[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Ff]rom|[Dd]uring|[Ee]arly|[Mm]id|[Ll]ate|[Tt]hroughout|[Ll]ast|[Nn]ext|[Tt]his)(?:\s+(?:early|mid|late))?\s+(January|February|March|April|May|June|July|August|September|October|November|December)\b(?!\s*\d)/g, confidence: 0.8, group: 1 },
  { type: "DATE", re: /\b(?:on|by|from|until|since|before|after)\s+the\s+((?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th))\b(?!\s+(?:of\s+)?(?:session|visit|dose|day|week|time|floor|percentile|cycle|infusion))/gi, confidence: 0.75, group: 1 },

  // Ages over 89.
  { type: "AGE", re: new RegExp(`\\b(9\\d|1[01]\\d)(?=[\\s-]*(?:years?|yrs?|y\\/?o|yo)\\b)`, "gi"), confidence: 0.95, group: 1 },
  { type: "AGE", re: new RegExp(`\\b(?:aged?|age of|age:)\\s*(9\\d|1[01]\\d)\\b${NOT_AGE}`, "gi"), confidence: 0.95, group: 1 },
  { type: "AGE", re: new RegExp(`\\b(?:turned|turns|turning|who is|who was|who's|she is|he is|she's|he's|is now|now|(?:patient|father|mother|husband|wife|grandmother|grandfather|dad|mum|mom) is)\\s+(9\\d|1[01]\\d)\\b${NOT_AGE}`, "gi"), confidence: 0.85, group: 1 },
  { type: "AGE", re: /\bin\s+(?:his|her|their|the)\s+((?:early|mid|late)[\s-]+)?(?:9|10|11)0s\b/gi, confidence: 0.9, trim: (v) => v.replace(/^in\s+\S+\s+/i, "") },
  { type: "AGE", re: new RegExp(`\\b(?:(?:she|he|who|patient|father|mother|husband|wife|grandmother|grandfather|dad|mum|mom) is|she's|he's|aged?|turned|turns)\\s+((?:ninety|one hundred)(?:[\\s-]+(?:and\\s+)?(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))?)\\b${NOT_AGE}`, "gi"), confidence: 0.9, group: 1 },
  { type: "AGE", re: /\b((?:ninety|one hundred)(?:[\s-]+(?:and\s+)?(?:one|two|three|four|five|six|seven|eight|nine))?)(?=[\s-]*(?:years?|yrs?)[\s-]*old\b)/gi, confidence: 0.9, group: 1 },
  { type: "AGE", re: /\b(?:nonagenarian|centenarian|supercentenarian)\b/gi, confidence: 0.9 },

  // Places smaller than a state, and ZIP codes.
  { type: "LOCATION", re: new RegExp(`\\b\\d{1,6}(?:-\\d{1,4})?\\s+(?:[NSEW]\\.?\\s+)?(?:\\p{Lu}[\\p{L}']+\\s+){1,3}${STREET}\\b\\.?(?:,?\\s+(?:Apt|Apartment|Unit|Suite|Ste|#)\\.?\\s*[\\w-]+)?`, "gu"), confidence: 0.95 },
  { type: "LOCATION", re: /\b(?:P\.?\s?O\.?\s+Box|Post Office Box)\s+\d+/gi, confidence: 0.95 },
  { type: "LOCATION", re: new RegExp(`\\b(?:${STREET})\\.?(?:,?\\s+(?:Apt|Apartment|Unit|Suite|#)\\.?\\s*[\\w-]+)?,\\s+(${CITY})(?=[,.;]|\\s+(?:${US_STATES})\\b|$)`, "gu"), confidence: 0.9, group: 1 },
  // (MD and PA are also a doctor's and a physician assistant's letters: "Ingrid Halvorsen, MD" is a person. Those two make a
  // place only with a ZIP after them: "Lancaster, PA 17601".)
  { type: "LOCATION", re: new RegExp(`(?<![\\p{L}])(${CITY}),\\s+(?:(?!MD\\b|PA\\b)(?:${US_STATES})|(?:MD|PA)(?=,?\\s+\\d{5})|${CA_PROVINCES})\\b`, "gu"), confidence: 0.85, group: 1, gate: /,\s+[A-Z]{2}\b/ },
  // A city before an Australian state and postcode, or before a UK, Irish or Canadian postcode.
  { type: "LOCATION", re: new RegExp(`(?<![\\p{L}])(${CITY}),?\\s+(?:(?:${AU_STATES})\\s+\\d{4}|${UK_POSTCODE}|${EIRCODE}|${CA_POSTCODE})\\b`, "gu"), confidence: 0.85, group: 1, gate: /[A-Z]\d|[A-Z]{2,3}\s+\d{4}/ },
  {
    type: "LOCATION",
    re: new RegExp(`\\b(?:[Ll]ives|[Ll]iving|[Ll]ive|[Ll]ived|[Mm]oved|[Mm]oving|[Gg]rew up|[Rr]esides|[Rr]esiding|[Rr]esided|[Bb]orn|[Rr]elocated|[Rr]elocating|[Ss]taying|[Ss]tays|[Rr]aised|[Vv]isiting|[Ss]helter|[Hh]ome)(?:\\s+(?:back|alone|together|now|still|currently|mostly|up|down|over|out|there|with|by|on|her|his|their|own|my|mother|father|mom|dad|parents|sister|brother|family|partner|wife|husband|kids|children|daughter|son|grandmother|aunt|uncle))*\\s+(?:in|at|to|near|from|outside(?:\\s+of)?)\\s+(${CITY})`, "gu"),
    confidence: 0.85,
    group: 1,
  },
  { type: "ZIP", re: /\b\d{5}-\d{4}\b/g, confidence: 0.9 },
  { type: "ZIP", re: new RegExp(`\\b(?:${UK_POSTCODE}|${EIRCODE}|${CA_POSTCODE})\\b`, "g"), confidence: 0.9 },
  { type: "ZIP", re: new RegExp(`\\b(?:${AU_STATES})\\s+(\\d{4})\\b`, "g"), confidence: 0.9, group: 1 },
  { type: "ZIP", re: new RegExp(`\\b(?:${US_STATES}),?\\s+(\\d{5})\\b`, "g"), confidence: 0.93, group: 1 },
  { type: "ZIP", re: /\b(?:zip|postal|postcode|post code|zip code|postal code)(?:[\s:#]*(?:\s(?:is|was)\b)?)[\s:#]*(\d{3,6}(?:-\d{3,4})?)\b/gi, confidence: 0.95, group: 1 },
];

/** Words that start a sentence or a heading, not a street name ("The Road ahead", "On Street level"). */
const FUNCTION_WORDS = new Set("the a an this that these those on in at to from of by with and or but our your his her their my its no not any every each some".split(" "));

/** Capitalised vocabulary the city patterns may catch ("lives in Hospice care", "Tuesday, OK"), and states and countries. */
const notAPlace = (value: string) => {
  const first = value.split(/[\s-]/)[0]!.toLowerCase();
  const v = vocabulary();
  const whole = fold(value);
  // A state of a federal country or a country (Safe Harbor keeps both): "in Queensland", "to Portugal".
  const stateOrCountry = whole.split(/[\s-]+/).every((w) => v.states.has(w) || v.countries.has(w));
  return COMMON_WORDS.has(first) || CLINICAL_WORDS.has(first) || NOT_SUBDIVISIONS.has(value.toLowerCase()) || first === "hospice" || stateOrCountry;
};

const finders = new Map<RegExp, ((text: string) => readonly number[]) | null>(sharedKeywordStarts(RULES.map((r) => r.re)));
/** Where a rule can start, when its pattern says (then it is tried only there: speed, the same matches). */
function startsOf(re: RegExp): ((text: string) => readonly number[]) | undefined {
  let finder = finders.get(re);
  if (finder === undefined) finders.set(re, (finder = startsFinder(re) ?? null));
  return finder ?? undefined;
}

const compiled = new Map<RegExp, RegExp>();
/** The same pattern with the `d` flag, for capture-group offsets. */
function withIndices(re: RegExp): RegExp {
  let out = compiled.get(re);
  if (!out) {
    out = new RegExp(re.source, re.flags.includes("d") ? re.flags : re.flags + "d");
    compiled.set(re, out);
  }
  return out;
}

/** The time after a date ("14/02/2026 at 03:40", "2026-01-19T10:45", "1992-11-12 07:04:41") is part of it. */
/** A weekday before a date ("Thursday 19 November", "Wed, 2 Dec 2026", "Mittwoch, 6. Januar"; English and CLDR names). */
const WEEKDAY_BEFORE = new RegExp(`(?<![\\p{L}])(?:${WEEKDAY})\\.?,?\\s+(?:the\\s+)?$`, "iu");
const TIME_BEFORE = /(?<![\d:])(?:[01]?\d|2[0-3]):[0-5]\d(?:\s*[ap]\.?m\.?)?(?:,\s*|\s+on\s+|\s+)$/i;
/** "at approx. 03:40", "@ 2:15pm", Norwegian and Danish "kl. 22.40" (a full stop between the hours and minutes only after "kl."). */
export const TIME_AFTER = /^(?:T|,?\s+(?:(?:at|@)\s*(?:(?:approx(?:imately|\.)?|about|around|ca\.)\s*)?)?|,?\s+kl\.?\s*(?=\d{1,2}[.:]\d))((?:[01]?\d|2[0-3])(?::|(?<=kl\.?\s*\d{1,2})\.)[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:\s*[ap]\.?m\.?)?(?:Z|\s?[+-]\d{2}:?\d{2}|\s(?:UTC|GMT|BST|CET|CEST|EST|EDT|CST|CDT|MST|MDT|PST|PDT|AEST|AEDT)\b)?)(?!\d)/i;

/** Phone numbers libphonenumber recognises (international with +, and national numbers of the default country). */
function detectPhones(text: string): PhiSpan[] {
  const out: PhiSpan[] = [];
  // International numbers written with "+": libphonenumber validates them against each country's plan. It is slow on long
  // text, so it sees only each candidate run with a little context (US and trunk-0 national numbers have the rules above).
  for (const m of text.matchAll(PHONE_CANDIDATE)) {
    if (m[0].replace(/\D/g, "").length < 7) continue;
    for (const p of findPhoneNumbersInText(m[0])) out.push({ type: "PHONE", start: m.index + p.startsAt, end: m.index + p.endsAt, confidence: 0.88 });
  }
  return out;
}
const PHONE_CANDIDATE = /\+\s?\(?\d[\d\s().\/-]{5,}\d(?:\s*(?:x|ext\.?)\s*\d{1,5})?/g;

/** A street named without a number: "Elm Street", "Porter Square", "5th Avenue" (designators that are not also common nouns of a note). */
// (Matched without the Unicode flag, which makes irregexp scan slower, and no letter after it checked by `charClass`: the same
// matches as `/[ \t](?:Street|…)(?![\p{L}])/gu`, since no designator begins another and none holds a space or tab.)
const STREET_DESIGNATOR = /[ \t](?:Street|Road|Avenue|Lane|Boulevard|Square|Terrace|Crescent|Gardens|Mews|Parade|Strasse|Straße)/g;
const STREET_NAME_BEFORE = /(?<![\p{L}\p{N}])(?:\d{1,3}(?:st|nd|rd|th)|\p{Lu}\p{Ll}+(?:['’]s)?)(?:[ \t]+\p{Lu}\p{Ll}+)?$/u;
function detectNamedStreets(text: string): PhiSpan[] {
  const out: PhiSpan[] = [];
  for (const m of text.matchAll(STREET_DESIGNATOR)) {
    const after = m.index + m[0].length;
    if (after < text.length && charClass(text.codePointAt(after)!) & LETTER) continue;
    const name = STREET_NAME_BEFORE.exec(text.slice(Math.max(0, m.index - 40), m.index));
    if (!name || FUNCTION_WORDS.has(name[0].split(/\s+/)[0]!.toLowerCase())) continue;
    out.push({ type: "LOCATION", start: m.index - name[0].length, end: m.index + m[0].length, confidence: 0.8 });
  }
  return out;
}

/** `withTime`: the time after a date goes with it (recall mode; a time alone identifies no one). */
export function detectPatterns(text: string, withTime = false): PhiSpan[] {
  const out: PhiSpan[] = [...detectPhones(text), ...detectNamedStreets(text)];
  // International numbers dialled with 00 instead of +: 0049 30 901820.
  for (const m of text.matchAll(/(?<![\w-])00[1-9]\d{0,2}(?:[\s.-]?\(?\d{1,4}\)?){2,6}(?![\w-])/g)) {
    const n = m[0].replace(/\D/g, "").length;
    if (n >= 10 && n <= 17) out.push({ type: "PHONE", start: m.index, end: m.index + m[0].length, confidence: 0.85 });
  }
  // Positions each start finder lists for this text, found once for all the rules that share it.
  const starts = new Map<(text: string) => readonly number[], readonly number[]>();
  for (const rule of RULES) {
    if (rule.gate && !rule.gate.test(text)) continue;
    // Match indices (the "d" flag) cost on every match: only rules that take a group ask for them.
    const re = rule.group ? withIndices(rule.re) : rule.re;
    const finder = startsOf(rule.re);
    let at = finder && starts.get(finder);
    if (finder && !at) starts.set(finder, (at = finder(text)));
    for (const m of at ? matchAllAt(re, text, at) : text.matchAll(re)) {
      const raw = rule.group ? m[rule.group] : m[0];
      const at = rule.group ? m.indices?.[rule.group]?.[0] : m.index;
      if (!raw || at === undefined) continue;
      let start = at;
      let value = raw;
      if (rule.trim) {
        const trimmed = rule.trim(value);
        start += value.indexOf(trimmed);
        value = trimmed;
      }
      if (!value || (rule.accept && !rule.accept(value))) continue;
      if (rule.type === "LOCATION" && notAPlace(value)) continue;
      let end = start + value.length;
      if (withTime && rule.type === "DATE") {
        end += TIME_AFTER.exec(text.slice(end, end + 40))?.[0].length ?? 0;
        // A clock time written before the date is part of it ("23:10 on 30 Dec 2025", "04:37, 8 January").
        start -= TIME_BEFORE.exec(text.slice(Math.max(0, start - 40), start))?.[0].length ?? 0;
        // A weekday before it ("Thursday 19 November", "Wed, 2 Dec 2026"): with the date it narrows the year.
        start -= WEEKDAY_BEFORE.exec(text.slice(Math.max(0, start - 24), start))?.[0].length ?? 0;
      }
      out.push({ type: rule.type, start, end, confidence: rule.confidence });
    }
  }
  return out;
}
