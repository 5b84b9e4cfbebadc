import type { PhiSpan, PhiType } from "@rounds/core";
import { charClass, LOWER } from "./char-classes.ts";
import { fold, IN, vocabulary, type Vocabulary } from "./vocabulary.ts";
import { foreignText, formValueAfter, signOfOtherLanguage } from "./names.ts";
import { otherLanguageName, otherLanguageOf, otherLanguageWord, type OtherLanguage } from "./other-languages.ts";
import { TIME_AFTER } from "./patterns.ts";
import { FOREIGN_MONTH_LONG, FOREIGN_MONTH_SHORT, WEEKDAY } from "./calendar-words.ts";
import { spokenIdentifiers } from "./spoken-identifiers.ts";
import { inOtherScript, otherScriptVerdicts } from "./other-scripts.ts";
import { chatSpeakers } from "./chat-speakers.ts";
import { fieldTokens, formFields, labelKind, type FieldTokens } from "./form-labels.ts";
import { codeParts } from "./code-parts.ts";
import { ageAfterName, measuredNumber } from "./number-evidence.ts";
import { workplaceRuns } from "./workplace-evidence.ts";
import { facilityHeading, HEADING_ONLY_NOT, KIND_OF_FACILITY } from "./facility-evidence.ts";
import { brandUsedAsPlace, camelProduct, formulationAfter, productAfter, strengthAfter } from "./product-evidence.ts";
import { wordTokens, type WordToken } from "./word-tokens.ts";
import { CLINICAL_WORDS, COMMON_WORDS, MEASURES, NOT_SUBDIVISIONS } from "./word-lists.ts";

/**
 * The recall-first pass (after Philter's safe-list idea): a word stays only
 * when it is known not to be an identifier or is explained. Run after the
 * rules, on what they left:
 *
 * - a capitalised or upper-case word stays when it is in the safe vocabulary
 *   (English and clinical words), is not a given name, or appears in the same
 *   text in lower case; otherwise it goes (typed a place when it is one);
 * - a lower-case word goes only when it is a given name or a town of 15,000+
 *   people and not an English word ("my son dmitri in leicester");
 * - a number stays when a unit, score or ratio explains it, when it is a year,
 *   or when it is short (three digits or fewer) and stands alone; runs of
 *   digits that make up 5 or more digits, four-digit numbers that are not
 *   years, codes of letters and 3+ digits, and clock times go;
 * - around what went: a short number or code next to a removed place word is
 *   part of an address ("Tawastintie 72", "Apt. 004", "64677"), initials and
 *   capitalised words next to a removed name are part of it ("Kevin Reed II"),
 *   and every other mention of a removed word goes too.
 *
 * Placeholders already in the text (`[NAME]`) are left alone.
 */

type Token = WordToken;

const PLACEHOLDER_RE = /\[[A-Z_]+(?:_\d+)?\]/g;
/** Units, scales and ratios that explain the number before them. */
const UNIT_AFTER = /^\s*(?:%|percent|x\b|mg|mcg|µg|ug|g|kg|lbs?|ml|l|mmol|mol|mmhg|bpm|cm|mm|m|km|iu|units?|doses?|tabs?|tablets?|caps?|puffs?|drops?|hours?|hrs?|h|mins?|minutes?|secs?|seconds?|days?|d|weeks?|wks?|months?|years?|yrs?|y|yo|times|points?|degrees?|°|kcal|cal|l\/min|beats|breaths|sessions?|visits?|steps?|cigarettes|drinks|pack|per|\/)(?![\p{L}])/iu;
/** Labels of measurements and scores that explain the number after them. */
const LABEL_BEFORE = /(?:\b(?:bp|hr|rr|temp|sats|spo2|gcs|news2?|phq-?9|gad-?7|madrs|moca|mmse|bmi|hba1c|egfr|crp|wcc|hb|inr|score|scored|scores|dose|doses|x|lvef|weight|height|pulse|glucose|lactate|sodium|potassium|creatinine|grade|stage|level|index|step|day|week|cycle|session|visit|bay|bed|room|ward|floor|page|item|question|version|v|pager|bleep|has-bled|cha2ds2-vasc|rockwood|apgar|audit|epds|pcl-5|ybocs|qids|hads|iss|cpt)\s*[:=]?\s*|[<>≥≤~=]\s*|\/)$/i;
const ADDRESS_WORDS = new Set(("u utca rkp apt apartment suite ste unit flat floor fl box po psc apo fpo dpo no nr num bus bte piso planta izq dcha esc via rue calle avenida rua strasse straße gade vej vei veien gatan gata väg vägen tie katu kuja polku " +
  "app appt apto int m lok lokal whg dpto depto et etg kv bl bloc ap pta puerta hab sc scara " +
  "ul ulica utca út str lane road street st avenue ave drive dr court ct way place pl close crescent terrace building bldg block house shop").split(" ").map((w) => fold(w)));
const DRUG_SUFFIX = /(?:mab|nib|pril|sartan|olol|azole|cillin|mycin|floxacin|statin|prazole|xaban|gliptin|gliflozin|dronate|tidine|triptan|vir|cycline|semide|thiazide|parin|oxetine|aline|azepam|azolam|peridone|apine|afil|lukast|tropium|terol|sonide|ridone|icillin)$/;

export function recallSpans(text: string, found: readonly PhiSpan[]): PhiSpan[] {
  const v = vocabulary();
  const tokens = wordTokens(text);
  const skip = found.slice();
  for (const m of text.matchAll(PLACEHOLDER_RE)) skip.push({ type: "ID", start: m.index, end: m.index + m[0].length, confidence: 1 });
  // Which earlier span covers each token (one sweep over both sorted lists).
  const coveredBy: Array<PhiType | undefined> = overlapSweep(tokens, skip);
  const placeholder = overlapSweep(tokens, skip.slice(found.length));
  // (Built by push, not `map`: the array `map` makes in the interpreter and the one it makes inlined in optimised code have
  // different element kinds, and every step that reads `folded` was deoptimised and recompiled when the second kind came.)
  const folded: string[] = [];
  for (const t of tokens) folded.push(fold(t.text));
  // Words the text also writes in lower case (built on first use: most texts never ask).
  let lowerSet: Set<string> | undefined;
  const lowerInText = (w: string) => (lowerSet ??= new Set(folded.filter((_, i) => (charClass(tokens[i]!.text.codePointAt(0)!) & LOWER) !== 0))).has(w);
  // A text written in lower case throughout (speech-to-text, chat): capitals say nothing there (built on first use).
  let lowerCase: boolean | undefined;
  const lowerCaseText = () => (lowerCase ??= isLowerCaseText(tokens));
  // Which other language, when its words say so (only for a text with a sign of one; built on first use).
  let language: OtherLanguage | null | undefined;
  const otherLanguage = () => (language === undefined ? (language = (signOfOtherLanguage(text) && otherLanguageOf(text)) || null) : language);
  // A text mostly in another language, or whose words name one (built on first use; see `foreignText`).
  let foreign: boolean | undefined;
  const foreignLanguage = () => (foreign ??= foreignText(text));
  // A capitalised word of the text's other language ("Entlassung", "Informe", "Retorno"), unless a given name or a place of
  // any list, a street, unit, facility or calendar word, or where a name or place is expected (after a surname particle,
  // a street word or a postcode: "van den Heuvel", "Av. Nossa Senhora", "80336 München").
  const ownLanguageWord = (k: number) => {
    const w = tokens[k]!.text;
    const f = folded[k]!;
    // (The language first: an English text, most of them, stops here.)
    const lang = w.length >= 3 ? otherLanguage() : null;
    if (lang === null || !/^\p{Lu}\p{Ll}/u.test(w) || v.flags(f) & (IN.anyGiven | IN.cities) || FACILITY_WORDS.has(f) || ADDRESS_WORDS.has(f) || isStreetWord(w) ||
      nameOrPlaceExpected(tokens, k, folded) || CALENDAR_WORD.test(w)) return false;
    return otherLanguageWord(lang, w.toLowerCase()) || englishCognate(f, v);
  };

  const removed = new Map<number, PhiType>();
  // Form lines (`form-labels.ts`): a known label stays, and so does the value of a clinical label ("Dijagnoza: Preeklampsija",
  // "Medikation: … 1-0-0"), but for a given name or a long number in it.
  const fields = fieldTokens(text, tokens);
  const clinicalValue = (i: number) => fields.value[i] === "clinical" && !v.anyGiven.has(folded[i]!) && !/\d{5}/.test(tokens[i]!.text);
  const title = formTitle(text, tokens, folded, v);
  // (Of a label, only its known words stay: "Toronto address" is a label of a place that names one.)
  const labelWord = (i: number) => fields.label[i] !== undefined && labelKind(tokens[i]!.text) !== undefined;
  // Words in a script no safe list covers are judged apart, by structure (`other-scripts.ts`).
  const otherScript: boolean[] = [];
  for (const t of tokens) otherScript.push(inOtherScript(t.text));
  tokens.forEach((t, i) => {
    if (coveredBy[i] || otherScript[i] || labelWord(i) || clinicalValue(i) || title.has(i)) return;
    const type = judge(t, i, tokens, text, v, lowerInText, folded, lowerCaseText, foreignLanguage, ownLanguageWord);
    if (type) removed.set(i, type);
  });
  otherScriptVerdicts(text, tokens, otherScript, (k) => coveredBy[k] !== undefined, removed);
  // (What those verdicts removed, by word: the steps below were written for Latin script and may take other-script words
  // only as further mentions of these.)
  const otherScriptWords = new Set<string>();
  for (const [k] of removed) if (otherScript[k]) otherScriptWords.add(folded[k]!);
  // A year with a holiday before it: the holiday goes too ("Easter 2025").
  for (const [i, type] of [...removed]) if (type === "DATE" && i > 0 && !coveredBy[i - 1] && HOLIDAYS.has(folded[i - 1]!)) removed.set(i - 1, "DATE");
  // Facility names with a word that says which one, whole ("Harbourside Medical Practice", "St Columba's Hospice").
  // (A word the rules took, "Mary" of "St. Mary's Hospital", counts as the name and goes again with its "'s".)
  for (const k of facilityNames(tokens, text, folded, v, coveredBy, removed)) if (!placeholder[k]) removed.set(k, "LOCATION");
  // Phone numbers, dates and addresses said out loud and written in words ("oh one two…", "twelfth of june").
  spokenIdentifiers(tokens, folded, text, (k) => coveredBy[k], (k) => v.safe.has(folded[k]!), removed);
  // The later steps, each its own function (one large function is recompiled whole whenever any part of it meets a new
  // kind of input, at a cost that the first texts of a process pay).
  const pass: Pass = { text, tokens, folded, coveredBy, placeholder, removed, v, foreignLanguage, ownLanguageWord };
  labelledValues(pass, fields, otherScript);
  foreignStreets(pass);
  properNamesAfterPlacePrepositions(pass);
  // The patient's workplace after a verb of working (`workplace-evidence.ts`): "works at Brackwater Paint & Glass".
  for (const run of workplaceRuns(text, tokens, folded, (k) => coveredBy[k] !== undefined || TITLES.has(folded[k]!) || MONTHS_AND_DAYS.has(folded[k]!) ||
    ((v.states.has(folded[k]!) || v.countries.has(folded[k]!)) && !removed.has(k)))) for (const k of run) if (!removed.has(k)) removed.set(k, "LOCATION");
  multiWordPlaceNames(pass);
  syllableGivenNames(pass);
  chatSpeakers(text, tokens, folded, v, (k) => coveredBy[k] !== undefined, removed, (w) => {
    const lang = otherLanguage();
    return lang !== null && otherLanguageWord(lang, w);
  });
  facilityHeads(pass);
  headingIssuer(pass);
  emailNames(pass, found);
  surnameFirstGivenNames(pass);
  const parts = codeParts(text, tokens, (k) => removed.get(k) ?? (placeholder[k] ? "ID" : coveredBy[k]), removed);
  otherMentions(pass, parts);
  const beforeGrowing = new Set(removed.keys());
  growOverNeighbours(pass);
  facilityTails(pass);
  mentionsOfGrownNames(pass, beforeGrowing);
  bridges(pass);
  personAfterLabel(pass);
  weekdayDates(pass);
  timesAndAges(pass);
  // "Mr. and Mrs. [name]": the first honorific goes with the second.
  for (const [k, type] of [...removed]) {
    if (type === "NAME" && k >= 2 && HONORIFICS.has(folded[k]!) && /^(?:and|&)$/.test(folded[k - 1]!) && HONORIFICS.has(folded[k - 2]!) && !removed.has(k - 2) && coveredBy[k - 2] === undefined &&
      /^\.? $/.test(text.slice(tokens[k - 2]!.end, tokens[k - 1]!.start))) removed.set(k - 2, "NAME");
  }
  for (const [k] of removed) if ((otherScript[k] && !otherScriptWords.has(folded[k]!)) || labelWord(k) || clinicalValue(k) || title.has(k)) removed.delete(k);
  // An honorific's full stop goes with it, so "Dr. [name]" is one span; a given name's possessive stays ("[name]'s mum"; not
  // a place's: "St. Oswin's").
  return [...removed].map(([i, type]) => ({ type, start: tokens[i]!.start, end: tokens[i]!.end + (type === "NAME" && HONORIFICS.has(folded[i]!) && text[tokens[i]!.end] === "." ? 1 :
    type === "NAME" && POSSESSIVE.test(tokens[i]!.text) && v.anyGiven.has(folded[i]!.slice(0, -2)) && !/^(?:st|saint)$/.test(folded[i - 1] ?? "") ? -2 : 0), confidence: 0.6 }));
}

const POSSESSIVE = /\p{L}{2}['’]s$/u;

/** What the steps after the word-by-word verdicts share: the text, its words, and what each step removes. */
interface Pass {
  text: string;
  tokens: readonly Token[];
  folded: readonly string[];
  coveredBy: ReadonlyArray<PhiType | undefined>;
  placeholder: ReadonlyArray<PhiType | undefined>;
  removed: Map<number, PhiType>;
  v: Vocabulary;
  /** The text is mostly in another language: its lower-case words are that language's, not names. */
  foreignLanguage: () => boolean;
  /** The word at an index is a capitalised word of the text's other language, no name or place. */
  ownLanguageWord: (k: number) => boolean;
}

/**
 * A given name of two syllables joined by a hyphen, the second in lower case, beside a removed name: Cantonese and Korean
 * names as romanised ("CHEUNG Ka-wai", "Chan Siu-ming", "Yeung Wai-lun, Lucius", "Kim Min-jun").
 */
function syllableGivenNames(pass: Pass): void {
  const { text, tokens, coveredBy, removed } = pass;
  const isName = (k: number) => k >= 0 && k < tokens.length && (coveredBy[k] === "NAME" || removed.get(k) === "NAME");
  for (let k = 0; k + 1 < tokens.length; k++) {
    const a = tokens[k]!;
    const b = tokens[k + 1]!;
    if (b.start !== a.end + 1 || text[a.end] !== "-" || !/^\p{Lu}\p{Ll}{0,4}$/u.test(a.text) || !/^\p{Ll}{1,4}$/u.test(b.text)) continue;
    // (A surname in capitals before it is one whatever the lists say: "LAU Mei-ling".)
    const capitals = k > 0 && text.slice(tokens[k - 1]!.end, a.start) === " " && /^\p{Lu}{2,}$/u.test(tokens[k - 1]!.text);
    const before = k > 0 && text.slice(tokens[k - 1]!.end, a.start) === " " && (isName(k - 1) || capitals) && /^\p{Lu}/u.test(tokens[k - 1]!.text);
    const after = k + 2 < tokens.length && /^,? $/.test(text.slice(b.end, tokens[k + 2]!.start)) && isName(k + 2);
    if (!before && !after) continue;
    for (const x of capitals ? [k - 1, k, k + 1] : [k, k + 1]) if (!coveredBy[x]) removed.set(x, "NAME");
  }
}

/**
 * The title of a form: in a text with three form lines of a known kind or more, the first line (before a dash, when it has
 * one) of three words at most names the document ("Arztbrief", "Otpusno pismo", "Ripoti ya mgonjwa — …"), unless a word of it
 * is a given name, a town or a facility word.
 */
function formTitle(text: string, tokens: readonly Token[], folded: readonly string[], v: Vocabulary): Set<number> {
  const out = new Set<number>();
  if (formFields(text).filter((f) => f.kind !== undefined).length < 3) return out;
  const nl = text.indexOf("\n");
  const line = nl < 0 ? text : text.slice(0, nl);
  const dash = /\s[—–-]\s/u.exec(line);
  const end = dash ? dash.index : line.length;
  const inTitle: number[] = [];
  for (let k = 0; k < tokens.length && tokens[k]!.start < end; k++) inTitle.push(k);
  if (inTitle.length === 0 || inTitle.length > 3 || line.includes(":")) return out;
  if (inTitle.some((k) => v.anyGiven.has(folded[k]!) || v.cities.has(folded[k]!) || FACILITY_WORDS.has(folded[k]!) || /\d/.test(tokens[k]!.text))) return out;
  for (const k of inTitle) out.add(k);
  return out;
}

/**
 * The value of a form line whose label names a person or a place ("Jina: …", "Adresa: Bulevar oslobođenja 77, …", "Họ tên:
 * …", "Lekarz prowadzący: lek. …"), in Latin script (`other-scripts.ts` judges the others):
 * - a place with a number in it goes whole, to the line's end ("Aadress: Riia mnt 44-7, Tartu 51004");
 * - otherwise the run of capitalised words (initials, particles and hyphens inside) that opens the value, after an
 *   abbreviation in lower case ("dr.", "lek."); after a comma, what follows on the line when it opens with a capital
 *   ("…, Klinički centar Vojvodine", "Macatangay, Rosario"), not a date or age ("…, geb. 07.02.1936", "…, 91 yrs").
 */
function labelledValues(pass: Pass, fields: FieldTokens, otherScript: readonly boolean[]): void {
  const { text, tokens, folded, coveredBy, placeholder, removed, v } = pass;
  const take = (k: number, type: PhiType) => {
    if (coveredBy[k] === undefined && !removed.has(k) && !otherScript[k]) removed.set(k, type);
  };
  for (let k = 0; k < tokens.length; k++) {
    const kind = fields.value[k];
    if (kind !== "person" && kind !== "place") continue;
    const field = fields.field[k]!;
    const value: number[] = [];
    for (; k < tokens.length && fields.field[k] === field; k++) value.push(k);
    k--;
    // (A label that opens several lines is a transcript's speaker, not a form's field: "Patient: Okay. …".)
    if (value.length > 16 || (kind === "person" && field.repeats > 1)) continue;
    // (The value ends at a semicolon, or a full stop after a word of five letters or a number: "…, Paris, France. Tél.
    // …", "RX-4471023. Ward 7B"; not after a street's abbreviation: "Str. Memorandumului".)
    const end = value.findIndex((x, n) => {
      if (n === 0) return false;
      const gap = text.slice(tokens[value[n - 1]!]!.end, tokens[x]!.start);
      return gap.includes(";") || (/^\W?\.\s/.test(gap) && /^(?:\p{L}{5,}|.*\d.*)$/u.test(tokens[value[n - 1]!]!.text));
    });
    if (end > 0) value.length = end;
    if (kind === "place" && value.some((x) => /\d/.test(tokens[x]!.text) && !placeholder[x])) {
      for (const x of value) take(x, "LOCATION");
      continue;
    }
    const type: PhiType = kind === "place" ? "LOCATION" : "NAME";
    let x = 0;
    // (An abbreviation in lower case first: "dr.", "lek.", "uzm.")
    while (x < value.length && /^\p{Ll}{1,4}$/u.test(tokens[value[x]!]!.text) && text[tokens[value[x]!]!.end] === ".") x++;
    const run: number[] = [];
    let commas = 0;
    for (; x < value.length; x++) {
      const t = tokens[value[x]!]!;
      const gap = run.length ? text.slice(tokens[run.at(-1)!]!.end, t.start) : "";
      if (gap.includes(",")) {
        if (!/^\p{Lu}/u.test(t.text) || ++commas > 1) break;
      } else if (run.length && !/^[ '’-]$/.test(gap) && !(/^\.[ -]?$/.test(gap) && (tokens[run.at(-1)!]!.text.length === 1 || VALUE_TITLES.has(folded[run.at(-1)!]!)))) break;
      // (A word in capitals before a long number labels it: "…, PESEL 46071203518".)
      if (run.length > 0 && /^\p{Lu}{2,}$/u.test(t.text) && /^ +\d{5}/.test(text.slice(t.end, t.end + 7))) break;
      if (/^\p{Lu}/u.test(t.text) || (run.length > 0 && (CONNECTORS.has(folded[value[x]!]!) || (!v.safe.has(folded[value[x]!]!) && !/\d/.test(t.text))))) run.push(value[x]!);
      else break;
    }
    // (Speech after a speaker's label is English words: "CLIENT: I'm …", "PATIENT: My number's …".)
    const base = (r: number) => folded[r]!.replace(/n['’]t$|['’](?:s|m|ll|re|ve|d)$/u, "");
    if (!run.some((r) => (!v.safe.has(base(r)) && !STOP.has(base(r))) || v.anyGiven.has(folded[r]!))) continue;
    for (const r of run) if (!isPostnominal(tokens[r]!.text)) take(r, type);
  }
}

/** Titles written with a full stop before a name in a form's value, in the languages of `form-labels.ts` ("Dra.", "Uzm.", "Lek."). */
const VALUE_TITLES = new Set("dr dra dres sr sra srta mr mrs ms mme mlle prof pr hr fr doc uzm lek dott ing mgr sig st".split(" "));

/** A street named after its designator in another language, with its house number. */
function foreignStreets(pass: Pass): void {
  const { text, tokens, folded, coveredBy, removed } = pass;
  // A street named after its designator in another language, the house number after it ("Via Roma 5,", "Calle Mayor 10\n",
  // "Rua Nova 7B"): whole, though its words are English.
  for (let d = 0; d < tokens.length - 2; d++) {
    if (!(FOREIGN_STREET_WORDS.has(folded[d]!) || folded[d] === "via") || !/^\p{Lu}/u.test(tokens[d]!.text)) continue;
    let k = d + 1;
    while (k < tokens.length && k - d <= 4 && /^ +$/.test(text.slice(tokens[k - 1]!.end, tokens[k]!.start)) && (/^\p{Lu}/u.test(tokens[k]!.text) || CONNECTORS.has(folded[k]!))) k++;
    if (k === d + 1 || k >= tokens.length || !/^\d{1,4}\p{L}?$/u.test(tokens[k]!.text) || !/^[ ,]+$/.test(text.slice(tokens[k - 1]!.end, tokens[k]!.start))) continue;
    if (!/^(?:\s*$|\s*[,\n/]|\s+\d{4,6}\b)/.test(text.slice(tokens[k]!.end, tokens[k]!.end + 8))) continue;
    for (let x = d; x <= k; x++) if (!coveredBy[x] && !removed.has(x)) removed.set(x, "LOCATION");
  }
}

/** A proper name of two capitalised words after a place preposition, one of which went. */
function properNamesAfterPlacePrepositions(pass: Pass): void {
  const { text, tokens, folded, coveredBy, removed, v } = pass;
  // A proper name of two capitalised words after a place preposition, one of which went, goes whole: "seen at
  // Birch Okonjo", "report from Peters Lindqvist" (not a title, month, weekday, state or country in it).
  for (const [r, type] of [...removed]) {
    if (!/^\p{Lu}/u.test(tokens[r]!.text) || (type !== "NAME" && type !== "LOCATION")) continue;
    let a = r;
    let z = r;
    while (a > 0 && oneSpaceAfter(text, tokens, a - 1) && /^\p{Lu}/u.test(tokens[a - 1]!.text) && r - a < 3) a--;
    while (z + 1 < tokens.length && oneSpaceAfter(text, tokens, z) && /^\p{Lu}/u.test(tokens[z + 1]!.text) && z - r < 3) z++;
    if (z - a !== 1 || a === 0 || !FACILITY_PREPOSITIONS.has(tokens[a - 1]!.text) || !/^ +$/.test(text.slice(tokens[a - 1]!.end, tokens[a]!.start))) continue;
    for (let k = a; k <= z; k++) {
      const f = folded[k]!;
      // (Generic and service words stay to the facility rule: "Thornbury Community Mental Health Team" is a service.)
      if (removed.has(k) || coveredBy[k] || STOP.has(f) || TITLES.has(f) || MONTHS_AND_DAYS.has(f) || v.states.has(f) || v.countries.has(f) || facilityWord(f) || DEPARTMENTS.has(f)) continue;
      removed.set(k, "LOCATION");
    }
  }
}

/** A place of two or three words, one of which went. */
function multiWordPlaceNames(pass: Pass): void {
  const { text, tokens, folded, coveredBy, removed, v } = pass;
  // A place of two or three words one of which went goes whole ("Tunbridge Wells", "Hebden Bridge": GeoNames, not a cue).
  const capitalisedAt = (k: number) => k >= 0 && k < tokens.length && /^\p{Lu}/u.test(tokens[k]!.text);
  // Seeds: what went, and every capitalised "City", which makes a city of the state or country before it ("New York City").
  const seeds = [...removed.keys()];
  folded.forEach((f, k) => { if (f === "city" && capitalisedAt(k) && !coveredBy[k]) seeds.push(k); });
  // And the first of two capitalised words after a place preposition or a postcode ("grew up in PORT TALBOT", "50450
  // Kuala Lumpur"); a state or country named after a preposition stays ("moved to New York"), not after a postcode.
  const afterPostcode = new Set<number>();
  for (let k = 1; k < tokens.length - 1; k++) {
    // (Cheap tests first: a space after it, a place preposition or a token with a digit before it.)
    const p = tokens[k - 1]!.text;
    if (text.charCodeAt(tokens[k]!.end) !== 32 || !(PLACE_PREPOSITIONS.has(p) || (p.charCodeAt(0) >= 48 && p.charCodeAt(0) <= 57) || /\d/.test(p))) continue;
    if (coveredBy[k] || removed.has(k) || !capitalisedAt(k) || !capitalisedAt(k + 1)) continue;
    const before = text.slice(Math.max(0, tokens[k]!.start - 12), tokens[k]!.start);
    if (!PLACE_BEFORE.test(before)) continue;
    seeds.push(k);
    if (/\d\s+$/.test(before)) afterPostcode.add(k);
  }
  for (const r of seeds) {
    if (!capitalisedAt(r)) continue;
    search: for (const n of [3, 2]) {
      for (let i = r - n + 1; i <= r; i++) {
        let name = "";
        let ok = true;
        for (let k = i; k < i + n && ok; k++) {
          ok = capitalisedAt(k) && (k === i || text.slice(tokens[k - 1]!.end, tokens[k]!.start) === " ");
          if (ok) name += (k === i ? "" : " ") + fold(tokens[k]!.text);
        }
        if (!ok || !(v.multiWordPlaces.has(name) || (name.endsWith(" city") && v.cities.has(name)))) continue;
        if (!removed.has(r) && !afterPostcode.has(r) && name.split(" ").every((x) => v.states.has(x) || v.countries.has(x))) continue;
        for (let k = i; k < i + n; k++) if (!coveredBy[k]) removed.set(k, "LOCATION");
        break search;
      }
    }
  }
}

/**
 * The issuer named after a dash on a text's first line, up to a comma: "Epikrise — Aarhus Universitetshospital, …",
 * "Lähete — Tampereen yliopistollinen sairaala", "DISCHARGE SUMMARY — Mercy Ridgecrest Medical Center, …": whole, when one of
 * its words went or is a capitalised word no vocabulary explains ("PROGRESS NOTE — Outpatient Psychiatry", "Session 4 — Interpersonal
 * therapy" stay).
 */
function headingIssuer(pass: Pass): void {
  const { text, tokens, folded, coveredBy, removed, v } = pass;
  const nl = text.indexOf("\n");
  const line = nl < 0 ? text : text.slice(0, nl);
  const dash = /\s[—–]\s+(?=\p{Lu})/u.exec(line);
  if (!dash) return;
  const start = dash.index + dash[0].length;
  const stop = /[,(:;]/.exec(line.slice(start));
  const end = stop ? start + stop.index : line.length;
  const inTail: number[] = [];
  for (let k = 0; k < tokens.length && tokens[k]!.start < end; k++) {
    // (The head names the document, not an issuer: nothing in it went. "Hôpital … — Service de Neurologie" is a department.)
    if (tokens[k]!.start < dash.index && (removed.has(k) || coveredBy[k] !== undefined)) return;
    if (tokens[k]!.start >= start) inTail.push(k);
  }
  if (inTail.length < 2 || inTail.length > 6 || inTail.some((k) => !/^\p{L}+$/u.test(tokens[k]!.text))) return;
  if (!inTail.some((k) => removed.has(k) || coveredBy[k] === "NAME" || coveredBy[k] === "LOCATION" || (/^\p{Lu}\p{Ll}{2,}$/u.test(tokens[k]!.text) && !v.safe.has(folded[k]!)))) return;
  for (const k of inTail) if (coveredBy[k] === undefined && !removed.has(k)) removed.set(k, "LOCATION");
}

/**
 * The name an e-mail address is made of ("angus.ferrier@…", "mere_tautahi@…"): its parts, written capitalised elsewhere
 * in the text, are the person's names ("From: Angus Ferrier <…>", "Kia ora Mere,"). Only for an address of two parts or
 * more, none of them a common word ("info.desk@…" says no name).
 */
/** A header's display name straight before "<address>": capitalised words after "From:", "To:", "Cc:" or a comma between addresses. */
const DISPLAY_NAME = /(?:(?:^|\n)[\t ]*(?:[Ff]rom|FROM|[Tt]o|TO|[Cc]c|CC|[Bb]cc|BCC|[Rr]eply-[Tt]o|[Ss]ender)[\t ]*:|>,)[\t ]*"?((?:\p{Lu}[\p{L}\p{M}'’.-]*[\t ]+){1,4})"?<$/u;
function emailNames(pass: Pass, found: readonly PhiSpan[]): void {
  const { text, tokens, folded, coveredBy, removed } = pass;
  const names = new Set<string>();
  for (const s of found) {
    if (s.type !== "EMAIL") continue;
    // The display name before an address in a header ("From: Lavender Boisvenu <ltremblay@…>"), though its words are English.
    const display = text.charCodeAt(s.start - 1) === 60 ? DISPLAY_NAME.exec(text.slice(Math.max(0, s.start - 80), s.start)) : null;
    if (display) {
      const from = s.start - display[1]!.length - 1;
      for (let k = 0; k < tokens.length && tokens[k]!.start < s.start; k++) {
        if (tokens[k]!.start >= from && coveredBy[k] === undefined && !removed.has(k) && !TITLES.has(folded[k]!)) removed.set(k, "NAME");
      }
    }
    const local = text.slice(s.start, s.end).split("@")[0]!.toLowerCase();
    const parts = local.split(/[._-]+|\d+/).filter((p) => p.length > 0);
    if (parts.length < 2 || parts.some((p) => !/^\p{L}{2,}$/u.test(p) || COMMON_WORDS.has(p) || STOP.has(p))) continue;
    for (const p of parts) names.add(p);
  }
  if (names.size === 0) return;
  for (let k = 0; k < tokens.length; k++) {
    if (coveredBy[k] === undefined && !removed.has(k) && names.has(folded[k]!) && /^\p{Lu}/u.test(tokens[k]!.text)) removed.set(k, "NAME");
  }
}

/**
 * The given name after a surname written first, at a line's start or after a label ("Patient: WOJCIECHOWSKA, ZENOBIA",
 * "Lövgren, Bo  21:06"): a capitalised word after the comma that ends the line, or stands before a wide gap or a clock
 * time, though it is an English word or a short one. Not professional letters, a state or a country ("Latu, RN",
 * "Mercer, PA").
 */
/** After a label that names a person ("Name:", "Patient:"), "X, Y" ending the value is a person though a word of it is also a town ("Mele"). */
function personAfterLabel(pass: Pass): void {
  const { text, tokens, removed } = pass;
  for (const [k, type] of removed) {
    if (type !== "LOCATION" || removed.get(k + 1) !== "LOCATION" || text.slice(tokens[k]!.end, tokens[k + 1]!.start) !== ", " ||
      !PERSON_LABEL.test(text.slice(Math.max(0, tokens[k]!.start - 24), tokens[k]!.start)) || !/^(?:[\t ]*(?:\n|$)|[\t ]{2,})/.test(text.slice(tokens[k + 1]!.end, tokens[k + 1]!.end + 3))) continue;
    removed.set(k, "NAME");
    removed.set(k + 1, "NAME");
  }
}
const PERSON_LABEL = /(?:^|\n|\s)(?:[Nn]ame|NAME|[Pp]atient|PATIENT|[Cc]lient|[Rr]esident|[Ss]tudent|[Pp]t)[\t ]*:[\t ]*$/;
function surnameFirstGivenNames(pass: Pass): void {
  const { text, tokens, folded, coveredBy, placeholder, removed, v } = pass;
  const nameAt = (k: number) => removed.get(k) === "NAME" || (coveredBy[k] === "NAME" && !placeholder[k]);
  for (let k = 0; k + 1 < tokens.length; k++) {
    if (!nameAt(k) || text.slice(tokens[k]!.end, tokens[k + 1]!.start) !== ", ") continue;
    const g = k + 1;
    const w = tokens[g]!.text;
    if (removed.has(g) || coveredBy[g] !== undefined || !/^\p{Lu}(?:[\p{Ll}\p{M}]+|\p{Lu}{2,})$/u.test(w) || isPostnominal(w) || stateOrCountry(v, folded[g]!) || TITLES.has(folded[g]!)) continue;
    if (!/^(?:[\t ]*(?:\n|$)|[\t ]{2,}|\t|[\t ]+\d{1,2}:\d{2})/.test(text.slice(tokens[g]!.end, tokens[g]!.end + 8))) continue;
    // The surname starts its line or follows a label's colon (over a particle: "Ní Fhlannagáin, Éabha").
    let f = k;
    while (f > 0 && nameAt(f - 1) && text.slice(tokens[f - 1]!.end, tokens[f]!.start) === " ") f--;
    if (!/(?:^|\n|:)[\t ]*$/.test(text.slice(Math.max(0, tokens[f]!.start - 24), tokens[f]!.start))) continue;
    removed.set(g, "NAME");
  }
}

/**
 * A name's word that growing took beside a surname ("Chance" of "From: Chance Wedderburn", an English word) goes where it
 * is written again, capitalised ("Chance" signing the message).
 */
function mentionsOfGrownNames(pass: Pass, before: ReadonlySet<number>): void {
  const { tokens, folded, coveredBy, placeholder, removed } = pass;
  const grown = new Set<string>();
  for (const [k, type] of removed) if (type === "NAME" && !before.has(k) && /^\p{Lu}\p{Ll}{2,}$/u.test(tokens[k]!.text) && !TITLES.has(folded[k]!)) grown.add(folded[k]!);
  if (grown.size === 0) return;
  for (let i = 0; i < tokens.length; i++) {
    if (grown.has(folded[i]!) && !removed.has(i) && coveredBy[i] === undefined && !placeholder[i] && /^\p{Lu}/u.test(tokens[i]!.text)) removed.set(i, "NAME");
  }
}

/** Every other mention of a removed word. */
function otherMentions(pass: Pass, identifierParts: ReadonlySet<number>): void {
  const { tokens, folded, coveredBy, placeholder, removed, v } = pass;
  // Every other mention of a removed word goes too (in lower case only when it is not an English word).
  const removedWords = new Map<string, PhiType>();
  // (Not the generic words of a facility's name: "Health" in "Pellinore Health" says nothing of "Mental Health".)
  // (Nor the letters of an identifier: "MRN" of "MRN-20417" says nothing of "MRN 3381204".)
  for (const [i, type] of removed) if (/^\p{L}{3,}$/u.test(tokens[i]!.text) && !facilityWord(folded[i]!) && !identifierParts.has(i)) removedWords.set(folded[i]!, type);
  // A given name the rules found in a name ("From: Chance Wedderburn") goes where it is written alone and capitalised, as
  // a signature ("Chance", "Major", "Lavender" on the last line), though it is an English word.
  const foundGiven = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    if (coveredBy[i] === "NAME" && !placeholder[i] && !removed.has(i) && /^\p{Lu}\p{Ll}{2,}$/u.test(tokens[i]!.text) && !TITLES.has(folded[i]!) && !removedWords.has(folded[i]!) &&
      v.anyGiven.has(folded[i]!)) foundGiven.add(folded[i]!);
  }
  if (removedWords.size || foundGiven.size) {
    tokens.forEach((t, i) => {
      const lw = folded[i]!;
      const type = removedWords.get(lw) ?? (foundGiven.has(lw) && /^\p{Lu}/u.test(t.text) && coveredBy[i] === undefined ? "NAME" : undefined);
      if (type && !removed.has(i) && !placeholder[i] && (/^\p{Lu}/u.test(t.text) || !v.safe.has(lw))) removed.set(i, type);
    });
  }
}

/**
 * A capitalised word between two removed words of one name or place ("Ospedale San Gerardo"), and a facility word
 * straight before a removed name ("Hospital Universitario …"), belong to it.
 */
function bridges(pass: Pass): void {
  const { text, tokens, folded, coveredBy, placeholder, removed } = pass;
  const typeAt = (i: number): PhiType | undefined => (i < 0 || i >= tokens.length ? undefined : removed.get(i) ?? (placeholder[i] ? undefined : coveredBy[i]));
  const space = (a: number, b: number) => text.slice(tokens[a]!.end, tokens[b]!.start) === " ";
  // Only the word before a removed name or place can join it (few of a text's words).
  const candidates: number[] = [];
  for (const [j, type] of removed) if (type === "LOCATION" || type === "NAME") candidates.push(j - 1);
  for (let j = 1; j < tokens.length; j++) if ((coveredBy[j] === "LOCATION" || coveredBy[j] === "NAME") && !placeholder[j] && !removed.has(j)) candidates.push(j - 1);
  for (const k of candidates) {
    if (k < 0 || removed.has(k) || coveredBy[k] !== undefined || !/^\p{Lu}\p{Ll}/u.test(tokens[k]!.text) || STOP.has(folded[k]!) || !space(k, k + 1)) continue;
    const after = typeAt(k + 1);
    const before = typeAt(k - 1);
    if ((before === after && space(k - 1, k) && !MONTHS_AND_DAYS.has(folded[k]!)) ||
      (FACILITY_WORDS.has(folded[k]!) && !ENDS_ONLY.has(folded[k]!) && /^\p{Lu}\p{Ll}{3,}$/u.test(tokens[k + 1]!.text))) removed.set(k, before ?? "LOCATION");
  }
}

/**
 * The time after a removed date, found by the rules or by this pass ("Tue 3/24 at 9:00 AM", "16.3 at 14:30", "kl. 22.40"),
 * and an age over 89 straight after a removed name, as notes and letters write it ("Mr Ebenezer [name], 92, of",
 * "Mrs [name] (97)").
 */
function timesAndAges(pass: Pass): void {
  const { text, tokens, coveredBy, placeholder, removed } = pass;
  const typeAt = (i: number): PhiType | undefined => removed.get(i) ?? (placeholder[i] ? undefined : coveredBy[i]);
  const free = (i: number) => !removed.has(i) && coveredBy[i] === undefined;
  for (let i = 0; i < tokens.length - 1; i++) {
    if (!free(i + 1)) continue;
    const type = typeAt(i);
    if (type === "DATE") {
      const time = TIME_AFTER.exec(text.slice(tokens[i]!.end, tokens[i]!.end + 40));
      if (time) for (let k = i + 1, end = tokens[i]!.end + time[0].length; k < tokens.length && tokens[k]!.start < end; k++) if (free(k)) removed.set(k, "DATE");
    } else if (type === "NAME") {
      const n = Number(tokens[i + 1]!.text);
      if (n >= 90 && n <= 125 && /^(?:, | \()$/.test(text.slice(tokens[i]!.end, tokens[i + 1]!.start)) &&
        /^\s*[,)]/.test(text.slice(tokens[i + 1]!.end, tokens[i + 1]!.end + 2))) removed.set(i + 1, "AGE");
    }
  }
}

/** Addresses and names grown over their neighbours. */
function growOverNeighbours(pass: Pass): void {
  const { text, tokens, coveredBy, placeholder, removed, v, foreignLanguage, ownLanguageWord } = pass;
  // Grow addresses and names over their neighbours.
  const isCovered = (i: number) => removed.has(i) || coveredBy[i] !== undefined;
  const typeAt = (i: number): PhiType | undefined => removed.get(i) ?? (placeholder[i] ? undefined : coveredBy[i]);
  const gapBetween = (i: number, j: number) => (j < i ? text.slice(tokens[j]!.end, tokens[i]!.start) : text.slice(tokens[i]!.end, tokens[j]!.start));
  // A work list: every covered token, and again each neighbour of a token that changed.
  const queue: number[] = [];
  for (let i = 0; i < tokens.length; i++) if (isCovered(i)) queue.push(i);
  const touched = (i: number) => queue.push(i, i - 1, i + 1);
  for (let steps = 0; queue.length && steps < 20 * tokens.length + 100; steps++) {
    const i = queue.pop()!;
    if (i < 0 || i >= tokens.length || !isCovered(i)) continue;
    const type = typeAt(i);
    // (Only a removed name grows over a covered neighbour: for any other token a covered one is skipped before its gap is read.)
    const removedName = removed.get(i) === "NAME";
    // (Both neighbours, before then after, with no array made per step.)
    for (let j = i - 1; j <= i + 1; j += 2) {
      if (j < 0 || j >= tokens.length || (!removedName && isCovered(j))) continue;
      const gap = gapBetween(i, j);
      if (gap.length > 6 || !/^[^\p{L}\p{N}]*$/u.test(gap) || gap.includes("\n\n")) continue;
      // A word taken for a name beside an address, a street word or a house number is part of the address.
      if (removedName && (
        ((typeAt(j) === "LOCATION" || typeAt(j) === "ZIP") && !/[.?!]\s/.test(gap)) ||
        (!/[.?!]\s|\n/.test(gap) && (isStreetWord(tokens[j]!.text) || (j < i && PLACE_PREFIX.has(fold(tokens[j]!.text))) || (/^\d{1,5}\p{Ll}?$/u.test(tokens[j]!.text) && !isCovered(j) && /^[\s,]*$/.test(gap) && !clockPart(text, tokens[j]!) && !numberNotAddress(text, tokens, j, j > i ? gap : "", v)))))) {
        removed.set(i, "LOCATION");
        touched(i);
        break;
      }
      if (isCovered(j)) continue;
      // From a given name forward, or from an initial either way, a capitalised word is the rest of the name.
      const strong = type === "NAME" && ((j > i && v.given.has(fold(tokens[i]!.text))) || /^\p{Lu}$/u.test(tokens[i]!.text));
      // (A word of the text's other language before a name is a title, relation or label there: "Herrn", "Ehefrau", "Paciente".)
      // (Nor a relation before a name: "Son Marek informed", "Daughter Ines visiting".)
      const grown = type === "NAME" && j < i && gap !== "-" && (ownLanguageWord(j) || (/^\p{Lu}\p{Ll}+$/u.test(tokens[j]!.text) && KIN_TAILS.has(fold(tokens[j]!.text)))) ? undefined : grow(text, tokens, j, j > i, gap, type, v, strong, foreignLanguage);
      if (grown) {
        removed.set(j, grown);
        touched(j);
      } else if (type === "NAME" && /^(?:and|or|&)$/i.test(tokens[j]!.text) && /^ +$/.test(gap)) {
        // "Park and Morales", "Graves and Reed": the other member of a pair of people.
        const k = j > i ? j + 1 : j - 1;
        if (k >= 0 && k < tokens.length && !isCovered(k) && /^ +$/.test(gapBetween(j, k)) && isListed(tokens[k]!.text)) {
          removed.set(k, "NAME");
          touched(k);
        }
      }
    }
  }
}

/** Words that end a facility's name; "Home" and "Unit" only after a word that says what kind. */
const FACILITY_WORDS = new Set(("hospital hosp hospice surgery practice clinic infirmary centre center ctr cntr academy school college university institute sanatorium health healthcare " +
  "hub nursery pharmacy counseling counselling midwives midwifery primary ospedale hôpital hopital hospitál klinik klinikum clinica clínica " +
  "apothecary lodge therapy services medical associates partners architects logistics solicitors " +
  "pathology imaging radiology homecare orthopedics orthopaedics physiotherapy montessori podiatry optometry opticians audiology dermatology chiropractic " +
  "group medicine laboratory laboratories labs diagnostics dentistry").split(" ").map((w) => fold(w)));
/**
 * Words that end the name of a place of work, school, ward or firm, and only end it ("Otterbrook Elementary", "Hollenbeck
 * Freight Depot", "Minchinhampton Smile Studio", "Puffin Ward", "Sutter Arden Lab"): never the head of a name after them
 * ("Ward Manager's office", "Team WhatsApp").
 */
const ORGANISATION_WORDS = new Set(("lab ward elementary prep grammar high depot studio farm warehouse pediatrics paediatrics behavioral behavioural " +
  "electrical ltd llp pty inc plc temple mosque church synagogue gurdwara mandir shelter").split(" "));
for (const w of ORGANISATION_WORDS) FACILITY_WORDS.add(w);
/**
 * Facility words that end a name only at its end ("Harborview Health", "Greenhill Primary", "ClearPath Therapy", "Sea Point
 * Medical"; not "Primary Care Team", "Therapy Services", "Medical Centre").
 */
const ENDS_ONLY = new Set(["health", "healthcare", "primary", "therapy", "services", "medical", "associates", "partners", "group", "medicine", "imaging", "radiology",
  "pathology", "homecare", "orthopedics", "orthopaedics", "physiotherapy", "podiatry", "optometry", "audiology", "dermatology", ...ORGANISATION_WORDS]);
const FACILITY_PREPOSITIONS = new Set(["at", "to", "from", "in", "into", "visited", "attended", "attends", "attending"]);
/** Words naming a clinical service, whose clinics are departments, not institutions ("seen in Fracture Clinic"). */
const DEPARTMENTS = new Set(("memory fracture pain eye ear nose throat sleep heart cancer diabetes renal kidney liver lung chest breast skin foot feet hand spine " +
  "back bone blood joint stroke falls fertility antenatal maternity baby children child women men sexual travel weight wound continence " +
  "dental outpatient outpatients walk day emergency urgent minor injuries injury trauma rehab rehabilitation hearing speech voice " +
  "movement headache seizure epilepsy asthma allergy anticoagulation warfarin lipid hypertension infusion dialysis transplant " +
  "addiction alcohol drug drugs smoking gender eating mood anxiety crisis assessment diagnostic imaging scan radiology x ray").split(" "));
const FACILITY_KINDS = new Set("care nursing residential rehabilitation rehab assessment inpatient day assisted".split(" "));
/** Words that say what kind of facility, not which one ("Royal", "General", "Medical", "Children's"). */
const GENERIC_FACILITY = new Set(("the royal general university community district county city memorial medical med health mental national regional teaching private " +
  "primary secondary high junior infant family care nursing day children's childrens women's womens specialist nhs trust foundation group new old north south " +
  "east west central main st saint our lady and of").split(" "));

/**
 * Facility names: a run of capitalised words ending in a facility word, one of which names which facility (not a
 * generic or clinical word and not among the most frequent English words, or a place: "Riverside" Surgery, "St
 * Columba's" Hospice, "Tampere" University Hospital), goes whole. "Memory Clinic" and "Royal Infirmary" name none and stay.
 */
function facilityNames(tokens: readonly Token[], text: string, folded: readonly string[], v: Vocabulary, coveredBy: ReadonlyArray<PhiType | undefined>, removed: ReadonlyMap<number, PhiType>): number[] {
  const out: number[] = [];
  for (let b = 1; b < tokens.length; b++) {
    const f = folded[b]!;
    const home = ((f === "home" || f === "unit") && FACILITY_KINDS.has(folded[b - 1]!)) || (f === "care" && (folded[b - 1] === "health" || folded[b - 1] === "aged")) || // "Stanford Health Care", "Bluebush Grove Aged Care"
      (f === "living" && folded[b - 1] === "assisted"); // "Palmetto Grove Assisted Living"
    // "General" ends a hospital's name after a capitalised word, when no capitalised word follows ("Leith General").
    const general = f === "general" && /^\p{Lu}/u.test(tokens[b - 1]!.text) && !/^ +\p{Lu}/u.test(text.slice(tokens[b]!.end, tokens[b]!.end + 3));
    if (!(FACILITY_WORDS.has(f) || home || general) || !/^\p{Lu}/u.test(tokens[b]!.text)) continue;
    // "Health" ends a name only at its end ("Harborview Health"), not inside one ("Community Mental Health Team").
    if (ENDS_ONLY.has(f) && /^ +\p{Lu}/u.test(text.slice(tokens[b]!.end, tokens[b]!.end + 3))) continue;
    const run: number[] = [];
    let named = false;
    for (let k = b - 1; k >= 0 && b - k <= 5; k--) {
      const joint = text.slice(tokens[k]!.end, tokens[k + 1]!.start);
      // A full stop joins only after an abbreviation ("St. Mary's"), not between sentences ("…: Cholecystitis. Surgery").
      // ("and" between two capitalised words: "Cromer and District Hospital".)
      // ("of" likewise: "Our Lady of Victory Hospital".)
      const and = (folded[k] === "and" || folded[k] === "of") && k > 0 && /^\p{Lu}/u.test(tokens[k - 1]!.text) && text.slice(tokens[k - 1]!.end, tokens[k]!.start) === " ";
      if ((!/^\p{Lu}/u.test(tokens[k]!.text) && !and) || !(joint === " " || joint === "-" || joint === " & " || (joint === ". " && tokens[k]!.text.length <= 3))) break;
      run.push(k);
      // A word that says which facility: distinctive, already taken for a name or place, or an acronym ("UCLA", "NYU").
      if (distinctive(folded[k]!, v) || coveredBy[k] === "NAME" || coveredBy[k] === "LOCATION" || (/^\p{Lu}{2,5}$/u.test(tokens[k]!.text) && !GENERIC_FACILITY.has(folded[k]!))) named = true;
    }
    // A facility with a name goes whole, its generic words and facility word too ("[LOCATION]", not "[LOCATION]
    // Medical Practice"): every labelled set counts the whole name, and the kind of place is rarely worth a leak.
    // A facility named only by common words, used as a proper name: straight after "at/to/from/in", with no article
    // ("admitted to Mercy Clinic", "seen at General Hospital"; not "the Memory Clinic").
    const first = run.length ? run[run.length - 1]! : b;
    // A place straight after the facility word says which one ("Children's Hospital Bratislava", "University Hospital Tampere").
    // (Over one particle: "Children's Hospital of Bratislava", "Hospital San Remo".)
    const p = b + 1 < tokens.length && (CONNECTORS.has(folded[b + 1]!) || folded[b + 1] === "of") ? b + 2 : b + 1;
    const placeAfter = p < tokens.length && /^ +$/.test(text.slice(tokens[b]!.end, tokens[b + 1]!.start)) && /^ +$/.test(text.slice(tokens[p - 1]!.end, tokens[p]!.start)) &&
      /^\p{Lu}/u.test(tokens[p]!.text) && (coveredBy[p] === "LOCATION" || removed.get(p) === "LOCATION" || (removed.has(p) && v.cities.has(folded[p]!)));
    if (placeAfter && (run.length > 0 || folded[b + 1] === "of")) {
      named = true;
      for (let k = b + 1; k < p; k++) out.push(k);
    }
    // (Or as a form's value, after a label's colon: "Facility: Our Lady of Victory Hospital", "Lives at: Beech House Care Home".)
    if (!named && run.length > 0 && first > 0 && ((FACILITY_PREPOSITIONS.has(folded[first - 1]!) && /^ +$/.test(text.slice(tokens[first - 1]!.end, tokens[first]!.start))) ||
      /^:[\t ]+$/.test(text.slice(tokens[first - 1]!.end, tokens[first]!.start))) &&
      !run.some((k) => STOP.has(folded[k]!) || (!GENERIC_FACILITY.has(folded[k]!) && SPECIALTY.test(folded[k]!)) || DEPARTMENTS.has(folded[k]!.replace(/['’]s$/, "")))) named = true;
    // (Or as a heading or letterhead, with a word neither generic nor clinical: "Silver Birch Hospital, Eastwick",
    // "Referral letter — Harbour Light Clinic"; `facility-evidence.ts`.)
    if (!named && run.length > 0 && !HEADING_ONLY_NOT.has(f) && tokens[b]!.text !== tokens[b]!.text.toUpperCase() && facilityHeading(text, tokens[first]!.start, tokens[b]!.end) && !run.some((k) => STOP.has(folded[k]!) && folded[k] !== "of" && folded[k] !== "and") &&
      run.some((k) => { const w = folded[k]!.replace(/['’]s$/, ""); return !GENERIC_FACILITY.has(w) && !KIND_OF_FACILITY.has(w) && !DEPARTMENTS.has(w) && !SPECIALTY.test(w) && !FACILITY_WORDS.has(w) && !FACILITY_KINDS.has(w); })) named = true;
    // ("of" goes inside the name, "Our Lady of Victory Hospital", and "and" before a generic word, "Cromer and District
    // Hospital"; a stop word at its start only in "Our Lady": not "The Royal Hospital".)
    if (named) for (const k of [...run, b]) if (!STOP.has(folded[k]!) || ((folded[k] === "of" || (folded[k] === "and" && GENERIC_FACILITY.has(folded[k + 1]!))) && k !== first) || (folded[k] === "our" && folded[k + 1] === "lady")) out.push(k);
  }
  return out;
}
/**
 * A facility named after its facility word, as many languages write it: "Hospital Santa Clara", "Centre Hospitalier de
 * Roanne", "Klinikum Nordstadt" — the facility word and the capitalised words after it (over particles, up to the line's
 * end, a dash, comma or bracket), when one of them says which (a word no vocabulary explains, a town, or a name or place
 * already found). Not "Hospital Discharge Summary", whose words are all English.
 */
function facilityHeads(pass: Pass): void {
  const { text, tokens, folded, coveredBy, removed, v } = pass;
  for (let b = 0; b + 1 < tokens.length; b++) {
    if (!FACILITY_WORDS.has(folded[b]!) || ORGANISATION_WORDS.has(folded[b]!) || !/^\p{Lu}/u.test(tokens[b]!.text) || coveredBy[b] !== undefined) continue;
    const run: number[] = [];
    let named = false;
    for (let k = b + 1; k < tokens.length && k - b <= 6 && / $/.test(text.slice(tokens[k - 1]!.end, tokens[k]!.start)) && text.slice(tokens[k - 1]!.end, tokens[k]!.start).length === 1; k++) {
      const f = folded[k]!;
      if (CONNECTORS.has(f)) {
        run.push(k);
        continue;
      }
      if (!/^\p{Lu}\p{Ll}/u.test(tokens[k]!.text) || MONTHS_AND_DAYS.has(f)) break;
      run.push(k);
      const type = removed.get(k) ?? coveredBy[k];
      if (f.length >= 3 && (type === "LOCATION" || type === "NAME" || !v.safe.has(f) || v.cities.has(f))) named = true;
    }
    while (run.length && CONNECTORS.has(folded[run.at(-1)!]!)) run.pop();
    if (!named || run.length === 0) continue;
    for (const k of [b, ...run]) if (coveredBy[k] === undefined) removed.set(k, "LOCATION");
    b = run.at(-1)!;
  }
}

/** Words that may follow the name of a facility, service or firm as its kind: "Family Health Team", "Nursing & Rehab". */
const TAIL_WORDS = new Set(["team", "system", "rehab", "psychology", "physio", "services", "service", "network", "trust", "mart"]);
const tailWord = (w: string) => facilityWord(w) || DEPARTMENTS.has(w) || TAIL_WORDS.has(w) || (w.endsWith("s") && facilityWord(w.slice(0, -1)));
/** Tail words that end a facility's name (not "Family", "Regional" or "Mental" alone). */
const tailEnd = (w: string) => FACILITY_WORDS.has(w) || TAIL_WORDS.has(w) || (w.endsWith("s") && FACILITY_WORDS.has(w.slice(0, -1)));

/**
 * The rest of a facility whose distinctive word went (#16, fifteenth round): the capitalised words of its kind after it
 * ("[Riverdale] Family Health Team", "[Westview] Nursing & Rehab", "[Cambridge] University Hospitals"), up to a word that
 * ends such a name, and a chain's store with its branch number ("Medicine Shoppe #0652", "Rite Aid #5518"): the whole
 * name goes, as the labelled sets count it.
 */
function facilityTails(pass: Pass): void {
  const { text, tokens, folded, coveredBy, placeholder, removed } = pass;
  const went = (k: number) => removed.has(k) || (coveredBy[k] !== undefined && !placeholder[k]);
  for (let k = 0; k + 1 < tokens.length; k++) {
    const type = removed.get(k) ?? coveredBy[k];
    if ((type !== "LOCATION" && type !== "NAME") || !/^\p{Lu}/u.test(tokens[k]!.text) || went(k + 1)) continue;
    let end = -1;
    for (let x = k + 1; x < tokens.length && x - k <= 4; x++) {
      const gap = text.slice(tokens[x - 1]!.end, tokens[x]!.start);
      const f = folded[x]!;
      // (A town's community or mental health service is a public service, not a named facility: "Thornbury Community Mental
      // Health Team" keeps its kind, as `properNamesAfterPlacePrepositions` does.)
      if ((gap !== " " && gap !== " & ") || !/^\p{Lu}\p{Ll}/u.test(tokens[x]!.text) || !tailWord(f) || went(x)) break;
      if (f === "community" || f === "mental") {
        end = -1;
        break;
      }
      if (tailEnd(f)) end = x;
    }
    // (A name followed by its kind is a facility only when the kind is one: "[Okafor] Family" is not.)
    if (end < 0 || /^ +\p{Lu}/u.test(text.slice(tokens[end]!.end, tokens[end]!.end + 3))) continue;
    for (let x = k + 1; x <= end; x++) removed.set(x, "LOCATION");
    if (removed.get(k) === "NAME" && !HONORIFICS.has(folded[k]!)) removed.set(k, "LOCATION");
    k = end;
  }
  // A chain's store and its branch number: two to four capitalised words straight before "#" and digits.
  // (Only in a text with " #": the Unicode pattern is not run over every text.)
  if (!text.includes(" #")) return;
  for (const m of text.matchAll(/((?:\p{Lu}[\p{L}'’]+ ){1,3}\p{Lu}[\p{L}'’]+) #\d{2,6}\b/gu)) {
    const from = m.index;
    const to = m.index + m[0].length;
    const inside: number[] = [];
    for (let x = 0; x < tokens.length && tokens[x]!.start < to; x++) if (tokens[x]!.start >= from) inside.push(x);
    // (Not a heading of labels in capitals: "CASE NUMBER #12".)
    if (inside.some((x) => placeholder[x]) || /^\p{Lu}+$/u.test(tokens[inside[0]!]!.text)) continue;
    for (const x of inside) if (coveredBy[x] === undefined) removed.set(x, "LOCATION");
  }
}

/** A word that says what kind of facility, or is one: it names nothing alone. */
const facilityWord = (w: string) => FACILITY_WORDS.has(w) || GENERIC_FACILITY.has(w) || FACILITY_KINDS.has(w) || w === "home" || w === "unit";
const SPECIALTY = /(?:ology|ologic|iatry|iatric|iatrics|ics|ic|al|ary|ery|tion|sis|ment|ness|ance|ence|ity|ing)$/;
function distinctive(w: string, v: Vocabulary): boolean {
  const base = w.replace(/['’]s$/, "");
  // (A clinical service says what kind of clinic, not which: "Paediatric Allergy Clinic", "Medical Outpatient Clinic".)
  if (GENERIC_FACILITY.has(w) || GENERIC_FACILITY.has(base) || FACILITY_WORDS.has(base) || FACILITY_KINDS.has(base) || STOP.has(base) || DEPARTMENTS.has(base)) return false;
  if (!v.safe.has(base) || v.cities.has(base)) return true;
  return !v.frequent.has(base) && !SPECIALTY.test(base);
}

/** For each token, the type of a span overlapping it, if any. */
function overlapSweep(tokens: readonly Token[], spans: readonly PhiSpan[]): Array<PhiType | undefined> {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out = new Array<PhiType | undefined>(tokens.length);
  let k = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    while (k < sorted.length && sorted[k]!.end <= t.start) k++;
    for (let j = k; j < sorted.length && sorted[j]!.start < t.end; j++) {
      if (sorted[j]!.end > t.start) {
        out[i] = sorted[j]!.type;
        break;
      }
    }
  }
  return out;
}

/** Exactly one space between token x and the next. (Helpers of the per-word steps are module functions, not closures made per call.) */
const oneSpaceAfter = (text: string, tokens: readonly Token[], x: number) => tokens[x + 1]!.start - tokens[x]!.end === 1 && text.charCodeAt(tokens[x]!.end) === 32;
/** A state of a federal country or a country (one lookup for both lists). */
const stateOrCountry = (v: Vocabulary, x: string) => (v.flags(x) & (IN.countries | IN.states)) !== 0;

/**
 * A short word in capitals straight before a number, with a separator ("NHS 943…", "MRN: 77…", "AHV-Nr. 756…", "CEP
 * 01304-001"): the label of that number. Not an address or unit word ("Apt 4B", "RT 04"), a place, a state or a country.
 */
function labelBeforeNumber(text: string, tokens: readonly Token[], j: number, v: Vocabulary): boolean {
  const w = tokens[j]!.text;
  if (!/^\p{Lu}{2,5}$/u.test(w) || !/^(?:-?(?:Nr|nr|No|no)\.?)?(?:[.:#] ?| )[(+]?\d/.test(text.slice(tokens[j]!.end, tokens[j]!.end + 10))) return false;
  const f = fold(w);
  return !ADDRESS_WORDS.has(f) && !(v.flags(f) & (IN.cities | IN.states | IN.countries));
}

/** A neighbour of a removed token that belongs to the same identifier. */
function grow(text: string, tokens: readonly Token[], j: number, forward: boolean, gap: string, type: PhiType | undefined, v: Vocabulary, fromGivenName: boolean, foreignLanguage: () => boolean): PhiType | undefined {
  const w = tokens[j]!.text;
  // (A possessive or a contraction says nothing of the word: "Client's", "name's", "Don't".)
  const folded = fold(w);
  const lw = folded.includes("'") || folded.includes("’") ? folded.replace(/n['’]t$|['’](?:s|m|ll|re|ve|d)$/u, "") : folded;
  const capitalised = /^\p{Lu}/u.test(w);
  const upper = capitalised && w === w.toUpperCase();
  const sameSentence = !/[.?!:;]\s|\n/.test(gap);
  // A label ("Home:", "Postal:", "T:"), professional letters ("RN", "(OT)") and, on the line of the place, a state or
  // country (Safe Harbor keeps both; "Chicago, IL", "Łódź, Poland") are not part of a name or an address.
  // (A speaker's initial after a given name is not a label: "Priya N: anyone seen…"; "T: 0161 …" is.)
  // A dash between words parts a heading from a name ("LABORATORY REPORT — [name]", "ADMISSION NOTE – [place]").
  if (/\s[—–]\s/.test(gap)) return undefined;
  // (Also a label's first word before "No:", "number:", "ID:": "Hosp No: RAI-…".)
  if (/\p{L}/u.test(w) && LABEL_WORD_AFTER.test(text.slice(tokens[j]!.end, tokens[j]!.end + 10))) return undefined;
  // (A colon after a space too, as French writes it: "Adresse : 5540, rue …".)
  if (/\p{L}/u.test(w) && (text[tokens[j]!.end] === ":" || (text[tokens[j]!.end] === " " && text[tokens[j]!.end + 1] === ":")) && !(type === "NAME" && forward && fromGivenName && /^\p{Lu}$/u.test(w) && gap === " " && !/^:\s*[+(\d]/.test(text.slice(tokens[j]!.end, tokens[j]!.end + 4)))) return undefined;
  if (clockPart(text, tokens[j]!)) return undefined; // "[09:14] ada.k:": a clock time is never part of a name or an address
  // A medicine or device by what follows it ("Uso de Zorvaxa 40 mg", "Aloitettu Zorvaxa 60 mg") is not part of a name beside it.
  if (/^\p{Lu}\p{Ll}+$/u.test(w) && productNext(text, tokens[j]!.end)) return undefined;
  if (/['’]/.test(w) && STOP.has(fold(w.replace(/['’]\p{L}+$/u, "")))) return undefined; // "I'm", "it's"
  if (isPostnominal(w)) return undefined;
  if (!gap.includes("\n") && REGION_CODES.has(w)) {
    // Recall mode removes more than Safe Harbor asks where it costs little: a state code straight after a removed town
    // ("[Chicago], IL 60625") goes with the address; a code anywhere else stays ("IL" alone, "Dr Osei, MD").
    return (type === "LOCATION" || type === "ZIP") && forward && /^,? ?$/.test(gap) ? "LOCATION" : undefined;
  }
  // A word in capitals that labels the number after it is not part of the identifier before it or of that number ("…,
  // NHS 943 476 5919", "CPF 394.218.607-52", "Berlin KV-Nr.: A123…", "PWZ 2749163"): a label (`labelBeforeNumber`).
  if (labelBeforeNumber(text, tokens, j, v)) return undefined;
  // The state or country that ends an address line ("Coalville South Africa", "Tubize, Belgium", "Reichenbach
  // Rheinland-Pfalz"), as international addresses have: part of the address (a state or country alone stays).
  if ((type === "LOCATION" || type === "ZIP" || (type === "NAME" && forward)) && capitalised && !/[.?!;]\s/.test(gap) &&
    (stateOrCountry(v, lw) || (forward && stateOrCountry(v, fold(tokens[j + 1]?.text ?? "")) && /^ $/.test(text.slice(tokens[j]!.end, tokens[j + 1]?.start ?? 0))))) return "LOCATION";
  // A given name with an "s" before a removed name, as institutions are named ("Peters Lindqvist").
  if ((type === "NAME" || type === "LOCATION") && !forward && gap === " " && /^\p{Lu}\p{Ll}+s$/u.test(w) && v.anyGiven.has(lw.slice(0, -1)) && !v.anyGiven.has(lw)) return type;
  // "St." before a removed saint's name is the place's name ("St. Aidan's").
  if ((type === "NAME" || type === "LOCATION") && !forward && /^(?:St|Ste|Saint)$/.test(w) && /^\.? $/.test(gap) && /['’]s$/.test(tokens[j + 1]!.text)) return "LOCATION";
  if (type === "LOCATION" || type === "ZIP") {
    // Not across the end of a sentence that a number or a word of five letters or more ends ("HbA1c 58. Libre 3 …",
    // "Waterlow 18. Dressing"), either way; an abbreviation's full stop joins ("Str. Memorandumului", "Brgy. Bulaklakan").
    if (/^[^\n.]*\. [^\n]*$/.test(gap) && /^(?:\d+|\p{L}{5,})$/u.test(tokens[forward ? j - 1 : j]!.text)) return undefined;
    // Not an English word after the sentence that ends the address ("…, Australia. Mobile +61…"), nor any word there in a
    // text in another language ("…, 48006 Bilbao. Fecha de ingreso:").
    if (forward && /[.?!]\s/.test(gap) && (v.safe.has(lw) || foreignLanguage())) return undefined;
    // Nor a line of that language's words after it ("…, Zaragoza\nInforme clínico", "— Desio\nLettera di dimissione").
    if (forward && gap.includes("\n") && capitalised && foreignHeading(tokens[j]!, j, tokens, text, v) && foreignLanguage()) return undefined;
    if (/^\d{1,6}[\p{L}]{0,2}$/u.test(w) || /\d/.test(w)) return numberNotAddress(text, tokens, j, forward && /^\p{L}/u.test(tokens[j - 1]!.text) && !isStreetWord(tokens[j - 1]!.text) ? gap : "", v, true) ? undefined : "LOCATION";
    // The name of a street before its street word ("Kestrel View", "Ferry Brae"), though it is an English word.
    if (!forward && gap === " " && capitalised && !upper && !STOP.has(lw) && isStreetWord(tokens[j + 1]!.text)) return "LOCATION";
    // A street or unit word: capitalised, or in lower case when a number follows ("apt 4", "m. 7") or it is not English ("ul.").
    const numberNext = /^[\s.,#º]*\p{Lu}?\d/u.test(text.slice(tokens[j]!.end, tokens[j]!.end + 5));
    if ((ADDRESS_WORDS.has(lw) || isStreetWord(w)) && (capitalised || numberNext || FOREIGN_STREET_WORDS.has(lw) || (!v.safe.has(lw) && lw.length > 1))) return "LOCATION";
    // The last lines of an address block: a short line of capitalised words ("United States", "Cyprus (Greek) 51034").
    if (capitalised && forward && gap.includes("\n") && shortAddressLine(text, tokens[j]!)) return "LOCATION";
    // A line with a label, or a long one, after an address is not part of it ("…, Hillford\nDate of Visit:": "Date" is also a town).
    if (gap.includes("\n") && !shortLine(text, tokens[j]!, false)) return undefined;
    if (capitalised && (NOT_SUBDIVISIONS.has(lw) || (!forward && PLACE_PREFIX.has(lw)))) return "LOCATION";
    if (!capitalised && !/\d/.test(w) && !v.safe.has(lw) && w.length >= 3 && !foreignLanguage()) return "LOCATION";
    if (particleJoins(tokens, j, forward)) return "LOCATION";
    if (/^\p{Lu}{2,3}$/u.test(w) && gap.length <= 3 && !gap.includes("(") && !REGION_CODES.has(w)) return "LOCATION";
    if (capitalised && !STOP.has(lw) && (!v.safe.has(lw) || v.cities.has(lw) || (upper && sameSentence && !gap.includes("(")))) return "LOCATION";
    return undefined;
  }
  if (type === "NAME") {
    // Recall mode: an honorific straight before a removed name goes with it ("[Dr. Emily Stone]", "[mrs okoye]"): it
    // tells a reader the person's role and sex, which a training export or a cloud prompt does not need.
    if (!forward && HONORIFICS.has(lw) && (capitalised || lw === w) && /^\.? $/.test(gap)) return "NAME";
    if (!sameSentence && !/^[.]\s$/.test(gap)) return undefined;
    // A middle initial ("Faina D. Yefremova", "Kate M Begum"); "I" and "A" only with a full stop.
    if (/^\p{Lu}(?:['’]s)?$/u.test(w) && ((w !== "I" && w !== "A") || /^\.\s+\p{Lu}/u.test(text.slice(tokens[j]!.end, tokens[j]!.end + 8)) ||
      (forward && gap === " " && /^\.(?!\s+\p{Ll})/u.test(text.slice(tokens[j]!.end, tokens[j]!.end + 4))))) return "NAME"; // "Mabel A., 45"
    if (!sameSentence) return undefined;
    if (/^(?:II|III|IV|Jr|Sr|Jnr|Snr)$/.test(w)) return "NAME";
    if (/['’]s$/.test(tokens[forward ? j - 1 : j + 1]!.text) && forward) return undefined;
    // Parts of a double-barrelled name ("Berg-Aksoy", "Quist-Amankwah"), even when one part is a word.
    if (gap === "-" && capitalised && /^\p{Lu}/u.test(tokens[forward ? j - 1 : j + 1]!.text)) return "NAME";
    if (particleJoins(tokens, j, forward)) return "NAME";
    // The capitalised word a removed particle joined the name for, even when it is a word ("Pieter de Wit", "Anna van Dam").
    if (forward && capitalised && gap === " " && !upper && CONNECTORS.has(fold(tokens[j - 1]!.text)) && /^\p{Ll}/u.test(tokens[j - 1]!.text) && !STOP.has(lw)) return "NAME";
    // Not across a bracket ("[4:15 PM] Ada Quist:"), and not a short word in capitals beside a name that is not ("PM", "ICU").
    const acronymBeside = upper && w.length <= 5 && !/^\p{Lu}+$/u.test(tokens[forward ? j - 1 : j + 1]!.text);
    if (capitalised && !STOP.has(lw) && !ADDRESS_WORDS.has(lw) && !/[,[\]()]/.test(gap) && !acronymBeside && (!v.safe.has(lw) || fromGivenName)) return "NAME";
    // A given name that is also a word, straight beside a removed name: "Clement [Osei-Bonsu]", "[Wanjiru] Grace".
    if (capitalised && gap === " " && !upper && v.anyGiven.has(lw) && !COMMON_WORDS.has(lw) && !MONTHS_AND_DAYS.has(lw) && !TITLES.has(lw)) return "NAME";
    if (!capitalised && !/\d/.test(w) && w.length >= 3 && !v.safe.has(lw) && /^(?:\s+|-)$/.test(gap) && !foreignLanguage()) return "NAME";
    if (/^\d{1,5}$/.test(w) && /^\s+$/.test(gap) && !numberNotAddress(text, tokens, j, "", v)) return "LOCATION"; // "Peter Zuidhove 188" (not "Efa Pugh, 19,": an age)
    // A given name of any list, also a word, as the next item of a list of people: "Present: Jade, Kieran, Mercy, Autumn".
    if (/^, ?$/.test(gap) && isListed(w) && v.anyGiven.has(lw) && !MONTHS_AND_DAYS.has(lw) && !TITLES.has(lw) && /^(?:[,.;]|\s*\n|\s*$| (?:and|&) )/.test(text.slice(tokens[j]!.end, tokens[j]!.end + 6))) return "NAME";
    // Lists of people: "Okafor, Graves and Reed".
    if (gap.trim() === "," && isListed(w)) {
      const k = forward ? j + 1 : j - 1;
      if (/^(?:and|or|&)$/i.test(tokens[k]?.text ?? "")) return "NAME";
    }
    return undefined;
  }
  return undefined;
}

/**
 * A number beside a removed word that the text says is a measure or an age (`number-evidence.ts`), so not an address's
 * house number: growing stops there. `gapAfterName` is the gap when the number follows a removed name, else "".
 */
function numberNotAddress(text: string, tokens: readonly Token[], j: number, gapAfterName: string, v: Vocabulary, typedPlace = false): boolean {
  const prev = j > 0 ? tokens[j - 1]!.text : "";
  return measuredNumber(text, tokens[j]!, ADDRESS_WORDS.has(fold(prev)) || isStreetWord(prev)) ||
    (gapAfterName !== "" && ageAfterName(text, tokens[j]!, gapAfterName, (w) => v.safe.has(w) && !ADDRESS_WORDS.has(w), typedPlace));
}

function judge(t: Token, i: number, tokens: Token[], text: string, v: Vocabulary, lowerInText: (w: string) => boolean, folded: readonly string[], lowerCaseText: () => boolean, foreignLanguage: () => boolean,
  ownLanguageWord: (i: number) => boolean): PhiType | undefined {
  const prev = i > 0 ? folded[i - 1]! : "";
  // Which lists hold the word as written (one lookup for all of them).
  const asWritten = v.flags(t.text);
  // A given name written in lower case, also when it is a word ("rose", "mark"), where speech names someone: "it's rose from…",
  // "this is rosa", "thanks kofi,", "rose said", and after a title in lower case ("dr mbeki", "mrs okoye").
  if (asWritten & IN.anyGiven && !COMMON_WORDS.has(t.text) && spokenName(t, i, tokens, text, folded)) return "NAME";
  if (i > 0 && LOWER_TITLES.has(tokens[i - 1]!.text) && /^\p{Ll}{3,}$/u.test(t.text) && text.slice(tokens[i - 1]!.end, t.start) === " " && !STOP.has(t.text) && !COMMON_WORDS.has(t.text)) return "NAME";
  // A given name straight after a relation, in any case, also when it is a word: "her mum rose is at the desk", "my sister
  // summer", "husband Will says", "aunt Dawn" (not a modal verb in lower case: "my son will call"); and a capitalised word no
  // frequent English word there ("her partner Mo").
  if (KIN_TAILS.has(prev) && /^\p{L}{2,}$/u.test(t.text) && !COMMON_WORDS.has(folded[i]!) && !MODALS.has(t.text) &&
    ((v.anyGiven.has(folded[i]!) && t.text.length >= 3) || (/^\p{Lu}\p{Ll}/u.test(t.text) && !v.frequent.has(folded[i]!))) &&
    RELATION_BEFORE.test(text.slice(Math.max(0, t.start - 24), t.start))) return "NAME";
  // Most words: lower-case English, where only a name cue ("my name is will") can change the verdict.
  if (asWritten & IN.safe && !NAME_CUE_TAILS.has(prev)) return undefined;
  const asFolded = folded[i] === t.text ? asWritten : v.flags(folded[i]!);
  const cue = CUE_TAILS.has(prev) || (/[0-9]/.test(prev) && /^\d{4,6}$|\d[a-z]{2}$/i.test(prev));
  // A given name, the common-word ones too, with a surname initial after it: "Sally R.", "Sam W." (not "Vitamin D.").
  if (text.charCodeAt(t.end) === 32 && text.charCodeAt(t.end + 2) === 46 && /^\p{Lu}\p{Ll}+$/u.test(t.text) && /^ \p{Lu}\.(?![\p{L}\p{N}])/u.test(text.slice(t.end, t.end + 4)) &&
    asFolded & IN.anyGiven) return "NAME";
  // A given name that is also a word, capitalised mid-sentence, before a verb of speech: "what Marguerite said", "then Hope
  // rang" (at a sentence's start the name rules decide, with their confidence).
  if (i > 0 && text.charCodeAt(t.end) === 32 && SPOKEN_AFTER.has(folded[i + 1] ?? "") && tokens[i + 1]!.start === t.end + 1 &&
    /^\p{Lu}\p{Ll}{2,}$/u.test(t.text) && v.anyGiven.has(folded[i]!) && !COMMON_WORDS.has(folded[i]!) &&
    /^\p{Ll}/u.test(tokens[i - 1]!.text) && /^[ ,]+$/.test(text.slice(tokens[i - 1]!.end, t.start))) return "NAME";
  // A capitalised given name that is also a word, where only a person fits: with a possessive ("Hope's mum", "Will's
  // girlfriend"), before a verb a person does ("Sky attended", "Summer reports", "Hunter plays"), or after a greeting
  // ("Hi Mark,", "Dear Faith").
  if (/^\p{Lu}\p{Ll}{2,}(?:['’]s)?$/u.test(t.text) && personWord(t, i, tokens, text, folded, v)) return "NAME";
  // With no cue before it, an English word in any case that is not a given name stays ("The", "Patient", "BLOOD").
  if (!cue && (asFolded & (IN.safe | IN.given)) === IN.safe) return undefined;
  const before = cue ? text.slice(Math.max(0, t.start - 24), t.start) : "";
  // The word after "my name is", "last name?", "calls me": a name whatever its case or vocabulary.
  if (before && NAME_CUE_TAILS.has(prev) && NAME_CUE_BEFORE.test(before) && /^\p{L}+$/u.test(t.text) && !STOP.has(fold(t.text)) && !COMMON_WORDS.has(fold(t.text))) return "NAME";
  // After a relation ("my brother tobias"): a word no vocabulary explains, whatever its case.
  if (before && !PLACE_TAILS.has(prev) && !NAME_CUE_TAILS.has(prev) && RELATION_BEFORE.test(before) && /^\p{L}+$/u.test(t.text) && !v.safe.has(fold(t.text))) return "NAME";
  // A town of 15,000+ people after a postcode or a place preposition, even when it is also a word ("10435 Berlin", "from Paris").
  // A county or region, or a town that is also a common word, after a place preposition in running text ("in Kent", "from
  // Cork", "moved to Reading"), not in a title-case heading ("Work In Progress").
  // (A postcode says so only on the town's line: "KD4 2PL\nMobile 07700…" is a contact line.)
  const placeCue = before !== "" && (PLACE_TAILS.has(prev) || (/[0-9]/.test(prev) && !text.slice(tokens[i - 1]!.end, t.start).includes("\n"))) && PLACE_BEFORE.test(before);
  if (placeCue && /^\p{Lu}\p{Ll}+$/u.test(t.text) && (v.regions.has(fold(t.text)) || (v.largeCities.has(fold(t.text)) && COMMON_WORDS.has(fold(t.text)))) &&
    !/\p{Lu}\S*\s+\S+\s+$/u.test(before) && !/^\s*\p{Lu}/u.test(text.slice(t.end, t.end + 3))) return "LOCATION";
  if (placeCue && /^\p{Lu}(?:\p{Ll}+|\p{Lu}+)$/u.test(t.text) && v.largeCities.has(fold(t.text)) && !COMMON_WORDS.has(fold(t.text))) return "LOCATION";
  const w = t.text.includes("'") || t.text.includes("’") ? t.text.replace(/n['’]t$/i, "").replace(/['’](?:s|m|ll|re|ve|d)$/i, "") : t.text;
  const lw = fold(w);
  if (/\d/.test(w)) return judgeNumber(t, i, tokens, text);
  if (/^\p{Ll}/u.test(w)) {
    if (v.safe.has(lw) || DRUG_SUFFIX.test(lw)) return undefined;
    // In a text in another language its lower-case words are that language's ("está", "una"), not names or places.
    if (foreignLanguage()) return undefined;
    if (v.given.has(lw)) return "NAME";
    if (v.largeCities.has(lw)) return "LOCATION";
    // Letters outside English (ž, ð, ø…) in a word no list explains: a name or place written in lower case.
    if (/[^\p{ASCII}]/u.test(w) && w.length >= 3) return v.cities.has(lw) ? "LOCATION" : "NAME";
    // A word no list explains before a verb of speech or after a greeting ("so wojciech said", "thanks adebayo,").
    if (w.length >= 3 && spokenName(t, i, tokens, text, folded)) return "NAME";
    // A chat speaker's name in lower case at a line's start, after a clock time or none ("22:41 wiktor: …", "funmi: me"), in a
    // text with two such lines or more.
    if (w.length >= 3 && text.charCodeAt(t.end) === 58 && /^\p{Ll}+$/u.test(w) && !CHAT_WORDS.has(w) && chatSpeaker(text, t.start)) return v.cities.has(lw) ? "LOCATION" : "NAME";
    // In a text written all in lower case, a word of four letters or more that no list explains ("wojciech", "adebayo").
    if (w.length >= 4 && /^\p{Ll}+$/u.test(w) && !CHAT_WORDS.has(w) && lowerCaseText()) return v.cities.has(lw) ? "LOCATION" : "NAME";
    return undefined;
  }
  // Capitalised or upper case.
  const upper = w === w.toUpperCase();
  // An eponym: a surname naming a sign, score or syndrome ("Chaddock reflex", "Gleason score", "Guillain-Barré
  // syndrome", "Barrett's oesophagus"); a given name only before a noun no one's name goes with ("Wilson's disease" goes).
  const eponym = EPONYM_AFTER.exec(text.slice(t.end, t.end + 48));
  if (eponym && !upper && !TITLES.has(prev) && (!v.given.has(lw) || !/^(?:disease|disorder)/i.test(eponym[1]!))) return undefined;
  // A given name in capitals, alone among lower-case words, is an acronym ("ADA guidelines", "hx of GERD").
  if (v.given.has(lw) && upper && w.length <= 5 && acronymContext(tokens, i, text)) return undefined;
  // A lab test or score before its value ("Plt 210", "Barthel 14/20").
  if (MEASURES.has(lw) && /^(?:-\p{L}+)?:?\s*\d/u.test(text.slice(t.end, t.end + 12))) return undefined;
  if (v.given.has(lw) && !(upper && w.length <= 2)) return "NAME";
  if (v.safe.has(lw) || DRUG_SUFFIX.test(lw) || lowerInText(lw) || (lw.endsWith("s") && v.safe.has(lw.slice(0, -1)))) return undefined;
  // A word of the text's other language ("Entlassung", "Informe", "Retorno").
  if (!upper && ownLanguageWord(i)) return undefined;
  // An institution named by its acronym where a place is expected: "seen at UCSF", "admitted to UWMC" (not a hospital's
  // unit or a service: "at PACU", "referred to CAMHS"; not after "from" or a bare "to", where a disease is as likely).
  if (upper && /^\p{Lu}{3,5}$/u.test(w) && !HOSPITAL_UNITS.has(lw) && !v.states.has(lw) && !v.countries.has(lw) && t.start > 0 && text.charCodeAt(t.start - 1) === 32 &&
    (prev === "at" || (prev === "to" && i > 1 && SENT_TO.test(folded[i - 2]!)))) return "LOCATION";
  // Acronyms and mixed-case abbreviations: CT, MDT, IBAN, ASAP, QTc, HbA.
  if ((upper || /\p{Ll}\p{Lu}|\p{Lu}{2}\p{Ll}/u.test(w)) && w.length <= 5 && !v.largeCities.has(lw)) return undefined;
  // A product, app or scheme spelled in camel case ("HomePulse", "DocChart"), unless used as a place or a branch (`product-evidence.ts`).
  if (!upper && camelProduct(w, (x) => v.safe.has(x), (x) => v.anyGiven.has(x)) && !brandUsedAsPlace(text.slice(Math.max(0, t.start - 16), t.start), text.slice(t.end, t.end + 16), (x) => tailWord(x) || ORGANISATION_WORDS.has(x) || ENDS_ONLY.has(x))) return undefined;
  if (w.length === 1) return undefined;
  // Professional letters, countries and states (Safe Harbor keeps both), a medicine before its dose ("Eliquis 5 mg"), a
  // word on a medication or allergy line.
  // Languages ("Interpreter required: Tigrinya"), a form label in another language before its value ("Adresse: Rue … 12"),
  // and a medicine before how it is taken or what was done with it ("Ozempic weekly", "Entresto started;").
  if (v.languages.has(lw) || (text.charCodeAt(t.end) === 58 && (i === 0 || /\n[\t ]*$|[.;] +$/.test(text.slice(tokens[i - 1]!.end, t.start))) && formValueAfter(text, t.end + 1)) ||
    (inLabel(text, t) && foreignLanguage()) || (foreignHeading(t, i, tokens, text, v) && foreignLanguage()) ||
    productNext(text, t.end)) return undefined;
  if (isPostnominal(w) || v.states.has(lw) || v.countries.has(lw) || medicationLine(text, t.start) ||
    (MEDICINE_CUE_TAILS.has(prev) && MEDICINE_BEFORE.test(text.slice(Math.max(0, t.start - 28), t.start))) || (!v.cities.has(lw) && diagnosisLine(text, t.start))) return undefined;
  if (!upper && foreignLanguage() && openingWord(t, i, tokens, text, folded, v)) return undefined;
  return v.cities.has(lw) ? "LOCATION" : "NAME";
}

/**
 * A clinical word of another language that is an English word with that language's spelling of an ending or of "c":
 * "Dermatologie", "Cardiologia", "Pneumonie", "Ambulatorio", "Synkope", "Exsikkose" (-ie/-ia/-io for -y or -ia, -ose for
 * -osis, -ique/-ico for -ic, k for c). Asked only in a text in another language, of a word no list explains.
 */
function englishCognate(lw: string, v: Vocabulary): boolean {
  if (lw.length < 6) return false;
  const c = lw.replace(/k/g, "c");
  const stem = c.replace(/(?:ie|ia|io|e|a|o)$/, "");
  for (const candidate of [c, `${stem}y`, `${stem}ia`, `${stem}e`, `${stem}ic`, c.replace(/ose$/, "osis"), c.replace(/(?:ique|ico|ica|isch)$/, "ic")]) {
    if (candidate !== lw && candidate.length >= 5 && (v.flags(candidate) & (IN.safe | IN.anyGiven | IN.cities)) === IN.safe) return true;
  }
  return false;
}

/** Weekday and month names, English and of other languages (CLDR). */
const CALENDAR_WORD = new RegExp(`^(?:${WEEKDAY}|${FOREIGN_MONTH_LONG}|${FOREIGN_MONTH_SHORT})$`, "iu");
/** Surname particles after which a capitalised word is a surname ("van den Heuvel", "von der Leyen", "zu Solms", "ter Horst"). */
const SURNAME_PARTICLES = new Set(["van", "von", "zu", "ter", "ten", "vander", "vom"]);

/** A capitalised word where a name or place is expected: after a surname particle, a street word, or a postcode on its line. */
function nameOrPlaceExpected(tokens: readonly Token[], i: number, folded: readonly string[]): boolean {
  if (i === 0) return false;
  const p = folded[i - 1]!;
  if (SURNAME_PARTICLES.has(p) || ((p === "den" || p === "der" || p === "de") && i > 1 && SURNAME_PARTICLES.has(folded[i - 2]!))) return true;
  const prev = tokens[i - 1]!.text;
  return TITLES.has(p) || isStreetWord(prev) || ADDRESS_WORDS.has(p) || p === "av" || /^\d{4,5}$/.test(prev);
}

/**
 * In a text in another language, a capitalised word that opens a line or sentence and runs on in lower case is that
 * language's word, not a name: "Compte rendu d'hospitalisation", "Lettera di dimissione", "Tratamiento con …" (a name
 * runs on in capitals, or with a particle: "Begoña Ruiz", "Femke de Bruin").
 */
function foreignHeading(t: Token, i: number, tokens: readonly Token[], text: string, v: Vocabulary): boolean {
  const next = tokens[i + 1];
  // (The next word not English, so an English text never pays for the language test.)
  if (!next || text.slice(t.end, next.start) !== " " || !/^\p{Ll}{2,}/u.test(next.text) || CONNECTORS.has(next.text) || v.safe.has(next.text)) return false;
  return i === 0 || /\n[\t ]*$|[.!?] +$/.test(text.slice(tokens[i - 1]!.end, t.start));
}

/**
 * In a text in another language (one with a word list or not: Swedish, Finnish, Turkish, Malay…), a capitalised word that
 * opens a line or sentence, or a form value, and runs on in lower case or into a number, or stands alone on its line, is
 * that language's word: "Besök 2026-…", "Innlagt 2. november", "Fortsätter med …", "Tanı: Akut kolesistit", a heading
 * "Epikrise". Not a given name or surname of any list, a town, or a word before a name particle ("Maria de …", "Hafiz
 * bin …"); a name runs on in capitals ("Solveig Brekke").
 */
function openingWord(t: Token, i: number, tokens: readonly Token[], text: string, folded: readonly string[], v: Vocabulary): boolean {
  const before = i === 0 ? "" : text.slice(tokens[i - 1]!.end, t.start);
  // (A sentence ends after a word, not after a number: "vom 17. Jänner" is a date.)
  const opens = i === 0 || /\n[\t ]*$/.test(before) || (/^[.!?] +$/.test(before) && /^\p{L}{2,}$/u.test(tokens[i - 1]!.text));
  // (A form value after a one-word label at a line's start: "Tanı: Akut …", "Dg.: Jaterní …".)
  const value = !opens && /^\.?[:：][\t ]+$/.test(before) && (i === 1 || /\n[\t ]*$/.test(text.slice(tokens[i - 2]!.end, tokens[i - 1]!.start)));
  if (!opens && !value) return false;
  if (v.flags(folded[i]!) & (IN.anyGiven | IN.cities) || otherLanguageName(folded[i]!)) return false;
  const next = tokens[i + 1];
  const gap = next ? text.slice(t.end, next.start) : "";
  if (!next || /^[\t ]*\n/.test(gap)) return opens && !value;
  // The title of a letter before the dash that names its issuer ("Epikrise — …", "Lähete — …"); a word opening a line before
  // a comma and a lower-case word or an acronym ("Skizofreni, paranoid type", "Muistisairaus, MMSE 19/30").
  if (i === 0 && /^ [—–] $/.test(gap)) return true;
  if (opens && gap === ", " && /^(?:\p{Ll}{2,}|\p{Lu}{2,5})$/u.test(next.text) && !CONNECTORS.has(next.text)) return true;
  if (gap !== " ") return false;
  // (Into a number only as a date or a measure, "Besök 2026-11-05", "Innlagt 2. november", "Blodtryck 152/88"; a street
  // runs into its house number, "Marktplatz 4, …".)
  return (/^\p{Ll}{2,}/u.test(next.text) && !CONNECTORS.has(next.text) && !SURNAME_PARTICLES.has(next.text)) ||
    (/^\d+$/.test(next.text) && !value && !isStreetWord(t.text) && /^[./-]\d|^\. \p{Ll}/u.test(text.slice(next.end, next.end + 3)));
}

function judgeNumber(t: Token, i: number, tokens: Token[], text: string): PhiType | undefined {
  const w = t.text;
  const digits = w.replace(/\D/g, "").length;
  const letters = w.replace(/[\d]/g, "").length;
  // An age over 89 with the patient's sex, as triage and radiology write it ("91M fall").
  if (/^(?:9\d|1[01]\d|12[0-5])[MF]$/.test(w)) return "AGE";
  // A clock time alone identifies no one (the time after a date goes with the date, in the rules).
  if (/^\d{1,2}$/.test(w) && (/^:\d{2}\b/.test(text.slice(t.end, t.end + 4)) || /\d:$/.test(text.slice(Math.max(0, t.start - 3), t.start)))) return undefined;
  // The rest of a decimal with a unit glued to it ("1.73m2"), and a decade ("the 1990s", "her 80s"), which Safe Harbor keeps.
  if (letters > 0 && (/\d[.,]$/.test(text.slice(Math.max(0, t.start - 2), t.start)) || /^(?:1[89]|20)?\d0s$/.test(w))) return undefined;
  // A dose or measure with its unit glued on ("40mg", "250ml", "10mcg") is explained by the unit.
  if (letters > 0 && digits <= 4 && /^\d+\p{L}+$/u.test(w) && UNIT_AFTER.test(w.replace(/^\d+/, ""))) return undefined;
  // Codes that start with a digit and mix capitals and digits ("8KX4TR"), and codes with 3+ digits.
  if (letters > 0) return (digits >= 3 && !/^\p{Lu}\d{2}$/u.test(w)) || (/^\d[\dA-Z]{4,}$/.test(w) && digits >= 2 && letters >= 2) || gluedCode(tokens, i, text) ? "ID" : undefined;
  // A run of digit groups joined by spaces, dots, dashes or brackets: phone, card and id numbers.
  let total = digits;
  let first = i;
  for (let j = i - 1; j >= 0 && /^\d+$/.test(tokens[j]!.text) && /^[\s.()\-+]{1,3}$/.test(text.slice(tokens[j]!.end, tokens[j + 1]!.start)); j--) {
    total += tokens[j]!.text.length;
    first = j;
  }
  for (let j = i + 1; j < tokens.length && /^\d+$/.test(tokens[j]!.text) && /^[\s.()\-+]{1,3}$/.test(text.slice(tokens[j - 1]!.end, tokens[j]!.start)); j++) total += tokens[j]!.text.length;
  const before = text.slice(Math.max(0, t.start - 24), t.start);
  const after = text.slice(t.end, t.end + 12);
  // A year written with an apostrophe after a day or month: part of the date ("Aug 10, '23", "Feb 14th '23").
  if (digits === 2 && (before.endsWith("'") || before.endsWith("’")) && /(?:\d|\d(?:st|nd|rd|th)|\p{L}{3,9}\.?),?\s*['’]$/iu.test(before) && !/^\s*(?:%|\d)/.test(after)) return "DATE";
  // A local number of seven digits ("555-0172") is a phone number; other long runs are ids.
  if (total === 7 && /(?<![\d-])\d{3}[-.]\d{4}(?![\d-])/.test(text.slice(Math.max(0, t.start - 4), t.end + 5))) return "PHONE";
  // A run of 8 to 15 digits whose first group is bracketed ("(852) 2123 4567") is a phone number, not an id.
  if (total >= 8 && total <= 15 && /^\d{1,4}\)/.test(text.slice(tokens[first]!.start, tokens[first]!.end + 1)) && text[tokens[first]!.start - 1] === "(") return "PHONE";
  // A range of years ("2004-2009", "1998–2001"): Safe Harbor keeps years.
  if (digits === 4 && /^(?:19|20)\d{2}$/.test(w) && (/^[-–](?:19|20)\d{2}(?!\d)/.test(after) || /(?<!\d)(?:19|20)\d{2}[-–]$/.test(before))) return undefined;
  if (total >= 7 || gluedCode(tokens, i, text)) return "ID";
  if (/^[.,]\d/.test(after) || /\d[.,]$/.test(before)) return undefined; // decimals: 37.9, 2.1
  // An age over 89 (Safe Harbor): 90 to 125 before "years old"/"yo", or with nothing to explain it ("she is 94", "age 100").
  const n = Number(w);
  if (digits <= 3 && n >= 90 && n <= 125 && (AGE_AFTER.test(after) || (AGE_CUE_BEFORE.test(before) && !UNIT_AFTER.test(after) && !/^\s*(?:%|\/|-\d)/.test(after)))) return "AGE";
  // A number after a code of capitals and a slash is a reference ("WM/220914"), not the second term of a ratio.
  if (digits >= 4 && /(?<![\p{L}\p{N}/])\p{Lu}{1,4}\/$/u.test(before)) return "ID";
  if (UNIT_AFTER.test(after) || LABEL_BEFORE.test(before)) return undefined;
  // A lab test or score straight before it ("Plt 210", "Na 134", "Waterlow 22").
  const label = tokens[i - 1];
  if (label && MEASURES.has(fold(label.text)) && /^\s*[:=]?\s*$/.test(text.slice(label.end, t.start))) return undefined;
  if (digits >= 5) return "ID";
  // A house number beside a street word ("út 98", "Flat 2", "Apt. 864").
  const prev = tokens[i - 1];
  const next = i + 1 < tokens.length ? tokens[i + 1] : undefined; // (no read past the end: optimised code is dropped at the first)
  if ((prev && /^[\s.,#º]*$/.test(text.slice(prev.end, t.start)) && (ADDRESS_WORDS.has(fold(prev.text)) || isStreetWord(prev.text))) ||
    (next && /^[\s,]*$/.test(text.slice(t.end, next.start)) && /^\p{Lu}/u.test(next.text) && isStreetWord(next.text))) return "LOCATION";
  // A year alone stays (Safe Harbor keeps years), but not the year of a holiday, which is a date ("Easter 2025").
  if (digits === 4 && /^(?:19|20)\d{2}$/.test(w)) return HOLIDAY_BEFORE.test(before) ? "DATE" : undefined;
  // A 24-hour clock time in four digits ("VITALS (0600)", "at 1430", "0800h"), and the first term of a ratio or a fluid
  // balance ("I/O 1200/950"): not postcodes.
  if (digits === 4 && ((/^(?:[01]\d|2[0-3])[0-5]\d$/.test(w) && ((before.endsWith("(") && after.startsWith(")")) || /^\s*(?:h|hrs?|hours)\b/i.test(after) ||
    /(?:^|[^\p{L}])(?:at|@|from|until|till)\s*$/iu.test(before))) || /^\/\d{1,4}(?![\d/])/.test(after))) return undefined;
  return digits === 4 ? "ZIP" : undefined;
}

/**
 * A code of several parts glued by dashes or slashes, at least two of them
 * with digits: "1EG4-TE5-MK73", "KB/2291/25", a sort code "60-16-13" (three
 * or more groups of digits only). Not "COVID-19", "ICD-10-CM" or "120/80".
 */
function gluedCode(tokens: readonly Token[], i: number, text: string): boolean {
  let a = i;
  let b = i;
  // (No closure or callback made per call: this runs for most numbers of a text, and under tsx each one made is also named.)
  while (a > 0 && glued(text, tokens, a - 1)) a--;
  while (b < tokens.length - 1 && glued(text, tokens, b)) b++;
  // (Arrays built by push, of one element kind whichever tier runs this: see `folded` in recallSpans.)
  const parts: string[] = [];
  const withDigits: string[] = [];
  for (let k = a; k <= b; k++) {
    parts.push(tokens[k]!.text);
    if (/\d/.test(tokens[k]!.text)) withDigits.push(tokens[k]!.text);
  }
  const digits = withDigits.join("").replace(/\D/g, "").length;
  // A reference of letter codes and one number glued by slashes ("LB/ck/88213": writer's and typist's initials).
  if (parts.length >= 3 && /^[A-Z]{1,4}$/.test(parts[0]!) && /^\d{4,}$/.test(parts.at(-1)!) && parts.slice(1, -1).every(isShortWord) && slashesOnly(text, tokens, a, b)) return true;
  if (withDigits.length < 2 || digits < 3) return false;
  if (parts.some(hasLetter)) return true;
  // "2019/5531" (not two amounts of four digits or fewer, the first no year: a fluid balance "1800/1450").
  if (digits >= 7 && /^\/$/.test(text.slice(tokens[a]!.end, tokens[a + 1]!.start)) &&
    !(parts.length === 2 && parts.every((p) => p.length <= 4) && !/^(?:19|20)\d{2}$/.test(parts[0]!))) return true;
  return parts.length >= 3 && digits >= 6 && /^-$/.test(text.slice(tokens[a]!.end, tokens[a + 1]!.start));
}

/** A dash or a slash alone between token x and the next. */
const glued = (text: string, tokens: readonly Token[], x: number) => /^[-/]$/.test(text.slice(tokens[x]!.end, tokens[x + 1]!.start));
/** Only a slash between each token from a to b and the next. */
function slashesOnly(text: string, tokens: readonly Token[], a: number, b: number): boolean {
  for (let k = a; k < b; k++) if (text.slice(tokens[k]!.end, tokens[k + 1]!.start) !== "/") return false;
  return true;
}
const isShortWord = (p: string) => /^\p{L}{1,4}$/u.test(p);
const hasLetter = (p: string) => /\p{L}/u.test(p);

/**
 * What follows an eponym: a sign, score, scale or syndrome, or an examination's finding ("Thessaly neg", "Apley positive"),
 * maybe after a second name joined by "and" ("[name] and [name] stage") or one more word ("Framingham risk score").
 */
const EPONYM_AFTER = /^(?:['’]s)?(?:-\p{Lu}\p{Ll}+(?:['’]s)?)?\s+(?:(?:and|&|e|et|und|y)\s+\p{Lu}\p{Ll}+\s+)?(?:\p{L}+\s+)?(syndrome|disease|disorder|reflex|sign|score|scale|criteria|criterion|classification|test|manoeuvre|maneuver|procedure|operation|fracture|palsy|phenomenon|triad|equation|formula|index|staging|ulcer|o?esophagus|lymphoma|sarcoma|tumou?r|cyst|duct|cells?|bodies|law|study|trial|technique|catheter|method|questionnaire|inventory|regimen|incision|position|murmur|contracture|deformity|anomaly|effect|picture|papules?|nodes?|nodules?|biplane|grade|grading|stage|pouch|hernia|space|lines?|spots?|ratio|body|diverticulum|rules|neg|pos|negative|positive)\b/iu;
/** Hours or minutes of a clock time ("09:14", "3:45"). */
const clockPart = (text: string, t: Token) => /^\d{1,2}$/.test(t.text) && (/^:\d{2}/.test(text.slice(t.end, t.end + 3)) || /\d:$/.test(text.slice(Math.max(0, t.start - 2), t.start)));
/**
 * Verbs of a person after a name at any place in a sentence ("Sky attended", "Hunter plays"; not "is", "has": "Hope is
 * key"). Not the reporting verbs of the name rules ("said", "reported"), which decide those with their confidence.
 */
const PERSON_VERBS = new Set(("rang phoned texted emailed attended attends plays played lives lived works worked describes presented presents " +
  "denies admits complains complained visits visited").split(" "));
const GREETINGS_BEFORE = new Set("hi hello hey dear thanks thank cheers bye morning".split(" "));
/**
 * A capitalised given name of any list, also an ordinary word ("Hope", "Summer", "Mark"), used where only a person fits:
 * with a possessive, before a verb a person does, or after a greeting and before a comma or the line's end.
 */
function personWord(t: Token, i: number, tokens: readonly Token[], text: string, folded: readonly string[], v: Vocabulary): boolean {
  const possessive = /['’]s$/u.test(t.text);
  // (The slot first, the lists after: most capitalised words fill none.)
  const next = tokens[i + 1];
  // (Not the second word of a capitalised title: "The Princess Royal arrived".)
  const verb = !possessive && next !== undefined && next.start === t.end + 1 && text.charCodeAt(t.end) === 32 && PERSON_VERBS.has(next.text) &&
    !(i > 0 && text.slice(tokens[i - 1]!.end, t.start) === " " && /^\p{Lu}/u.test(tokens[i - 1]!.text));
  const greeted = !possessive && !verb && i > 0 && GREETINGS_BEFORE.has(folded[i - 1]!) && text.slice(tokens[i - 1]!.end, t.start) === " " &&
    /^(?:[,!]|\s*$|\s*\n)/.test(text.slice(t.end, t.end + 2));
  if (!possessive && !verb && !greeted) return false;
  const f = possessive ? folded[i]!.slice(0, -2) : folded[i]!;
  // (Not an eponym of the clinical list, "Addison's", nor a relation, "Son's truck".)
  if (!v.anyGiven.has(f) || COMMON_WORDS.has(f) || CLINICAL_WORDS.has(f) || KIN_TAILS.has(f) || MONTHS_AND_DAYS.has(f) || TITLES.has(f) || HOLIDAYS.has(f)) return false;
  return !possessive || !EPONYM_AFTER.test(text.slice(t.end - 2, t.end + 48));
}
/** Titles written in lower case (speech-to-text, chat): the word after is a name unless it is a common word. */
const LOWER_TITLES = new Set(["dr", "mr", "mrs", "mx", "prof"]);
/** Chat and note shorthand that is not in the English list: never a name in a lower-case text. */
const CHAT_WORDS = new Set(("appt appts hosp tmrw tmr thnx thx pls plz btw idk tbh imo omg lmao asap mins hrs wks yrs mths secs sats resp neuro cardio physio ortho " +
  "psych paeds peds gynae obgyn postop preop meds bloods scan scans covid nhs gp's whatsapp facetime zoom insta snapchat tiktok").split(" "));
/** Verbs of speech after a name, and greetings before one. */
const SPOKEN_AFTER = new Set("said says told asked called rang phoned texted came mentioned wants wanted thinks thought".split(" "));
const GREETINGS = new Set("thanks thank hi hello hey bye cheers".split(" "));
function spokenName(t: Token, i: number, tokens: readonly Token[], text: string, folded: readonly string[]): boolean {
  if (!/^\p{Ll}{3,}$/u.test(t.text)) return false;
  const prev = folded[i - 1] ?? "";
  const gapBefore = i > 0 ? text.slice(tokens[i - 1]!.end, t.start) : "";
  const gapAfter = i + 1 < tokens.length ? text.slice(t.end, tokens[i + 1]!.start) : "";
  if (gapBefore === " " && (prev === "it's" || prev === "it’s" || (prev === "is" && folded[i - 2] === "this"))) return true;
  if (gapBefore === " " && GREETINGS.has(prev) && /^(?:[,.!?]|$)/.test(text.slice(t.end, t.end + 1))) return true;
  return gapAfter === " " && SPOKEN_AFTER.has(folded[i + 1] ?? "");
}
/**
 * A word of a form label of one to three words before its colon, at a line's or sentence's start ("Médecin traitant :",
 * "Fecha de ingreso:", "Pasient:").
 */
function inLabel(text: string, t: Token): boolean {
  const after = /^[\p{L}'’ -]{0,40}?[ \t]?:/u.exec(text.slice(t.end, t.end + 44));
  if (!after) return false;
  const from = Math.max(0, t.start - 42);
  const before = (from === 0 ? /(?:^|\n|[.;] )[\t ]*([\p{L}'’ -]{0,40})$/u : /(?:\n|[.;] )[\t ]*([\p{L}'’ -]{0,40})$/u).exec(text.slice(from, t.start));
  return !!before && `${before[1]}${t.text}${after[0].slice(0, -1)}`.trim().split(/\s+/).length <= 3;
}

/** Eight words or more, and under 3% of them capitalised. */
/** A line start, then an optional clock time ("22:41", "[09:12]"), before `at`; in a text with two such speaker lines or more. */
function chatSpeaker(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf("\n", at - 1) + 1;
  if (!CHAT_LINE_HEAD.test(text.slice(lineStart, at))) return false;
  if (text !== chatTextOf) {
    chatTextOf = text;
    chatLines = text.match(CHAT_SPEAKER_LINE)?.length ?? 0;
  }
  return chatLines >= 2;
}
const CHAT_LINE_HEAD = /^[\t ]*(?:\[?\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]m)?\]?[\t ]+)?$/i;
const CHAT_SPEAKER_LINE = /^[\t ]*(?:\[?\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]m)?\]?[\t ]+)?[\p{L}][\p{L}\p{N}._]{1,30}:/gimu;
let chatTextOf: string | undefined;
let chatLines = 0;

/**
 * A weekday, English or of another language (CLDR), in any case, before a day and month in digits: "martes 24/11", "wtorek
 * 17.11.", "sun 22/11", "Woensdag 18/11". The date and its weekday go (the time after it follows, `timesAndAges`).
 */
function weekdayDates(pass: Pass): void {
  const { text, tokens, folded, coveredBy, removed } = pass;
  // A weekday and a day of the month as an ordinal ("Thurs 10th", "Mon 3rd"), the weekday taken for a name or not.
  for (let k = 0; k + 1 < tokens.length; k++) {
    const c = tokens[k + 1]!.text.charCodeAt(0);
    if (c < 48 || c > 57 || !/^\d{1,2}(?:st|nd|rd|th)$/i.test(tokens[k + 1]!.text) || coveredBy[k + 1] !== undefined || !WEEKDAY_WORD.test(folded[k]!) || coveredBy[k] !== undefined ||
      !/^\.?,? $/.test(text.slice(tokens[k]!.end, tokens[k + 1]!.start))) continue;
    removed.set(k, "DATE");
    removed.set(k + 1, "DATE");
  }
  for (const m of text.matchAll(DAY_MONTH)) {
    // (The word before, then whether it is a weekday: one anchored test per date, not a search of the text before it.)
    const weekday = WORD_BEFORE_DAY.exec(text.slice(Math.max(0, m.index - 24), m.index));
    if (!weekday || !WEEKDAY_WORD.test(weekday[1]!)) continue;
    const start = m.index - weekday[0].length;
    const end = m.index + m[0].length;
    // (Over what the word-by-word rules took it for: "Fri 11/9" is no house number.)
    for (let k = 0; k < tokens.length && tokens[k]!.start < end; k++) if (tokens[k]!.end > start && coveredBy[k] === undefined) removed.set(k, "DATE");
  }
}
const DAY_MONTH = /(?<![\p{L}\p{N}./])(?:3[01]|[12]\d|0?[1-9])[./](?:1[0-2]|0?[1-9])\.?(?![\p{N}]|[./]\p{N})/gu;
const WORD_BEFORE_DAY = /(?<![\p{L}])(\p{L}{3,})\.?,?\s+(?:den\s+)?$/u;
const WEEKDAY_WORD = new RegExp(`^(?:${WEEKDAY})$`, "iu");

function isLowerCaseText(tokens: readonly Token[]): boolean {
  let words = 0;
  let capitals = 0;
  for (const t of tokens) {
    const c = t.text.charCodeAt(0);
    if (c >= 48 && c <= 57) continue;
    words++;
    if (/^\p{Lu}/u.test(t.text)) capitals++;
  }
  return words >= 8 && capitals <= words * 0.03;
}
/** Months and weekdays: a date, never part of a place's name. */
const MONTHS_AND_DAYS = new Set(("january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec " +
  "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun").split(" "));
/** Titles: the word after one is a name, not an eponym. */
const TITLES = new Set("dr mr mrs ms miss mx prof professor sir dame nurse sister doctor".split(" "));
/** Honorifics that go with a removed name in recall mode (not roles such as "Nurse" or "Doctor"). */
const HONORIFICS = new Set("dr mr mrs ms miss mx prof professor sir dame".split(" "));

/**
 * A word in capitals among lower-case words: the word after it (on the same line, only spaces between) is not
 * capitalised, and the word before (spaces or a comma between) is not in capitals ("ADA guidelines", "hx of GERD,";
 * not "MARY SMITH", "SMITH, MARY").
 */
function acronymContext(tokens: readonly Token[], i: number, text: string): boolean {
  const next = tokens[i + 1];
  if (next && /^ +$/.test(text.slice(tokens[i]!.end, next.start)) && /^\p{Lu}/u.test(next.text)) return false;
  const prev = tokens[i - 1];
  if (prev && /^[ ,]+$/.test(text.slice(prev.end, tokens[i]!.start)) && /^\p{Lu}{2,}$/u.test(prev.text)) return false;
  return true;
}

/** After a number of 90+: it is an age. */
const AGE_AFTER = /^\s*-?\s*(?:years?|yrs?|yo|y\/o|y\.o\.)(?![\p{L}])/iu;
/** Before a bare age: "she is 94", "aged 101", "(age 100)", "turns 90", "died at 92". */
const AGE_CUE_BEFORE = /\b(?:is|was|aged?|turn(?:ed|s|ing)?|be|now|at)\s*:?\s*$/i;
/** A holiday before a year: together they are a date. */
const HOLIDAY_BEFORE = /\b(?:christmas|easter|eid|diwali|ramadan|hanukkah|passover|thanksgiving)(?:\s+day)?\s+$/i;
/** Holidays that, with a year, are a date ("Easter 2025"). */
const HOLIDAYS = new Set("christmas easter eid diwali ramadan hanukkah passover thanksgiving".split(" "));
/** A dose after a word: the word is a medicine ("Eliquis 5 mg", "Lasix 40mg"). */
/** How a medicine is taken, or what was done with it, straight after its name: "Ozempic weekly", "Entresto started;", "Jardiance continued". */
const MEDICINE_AFTER = /^ (?:(?:once|twice)\s+(?:daily|weekly|a\s+day)|daily|weekly|nightly|bd|tds|qds|od|prn|nocte|mane|(?:started|stopped|continued|discontinued|withheld|restarted|titrated|weaned|held)(?=\s*(?:[;,.)]|$|\n|and\b)))/i;
const DOSE_AFTER = /^\s+(?:\d+\/\d+,?\s+)?\d+(?:[.,]\d+)?\s*(?:mg|mcg|µg|micrograms?|g|ml|units?|u|iu|%|[mµunp]?mol|fl|[mµun]?g\/d?l|[mµu]?mol\/l|u\/l|l\/min|[x×]\s?10\^?\d*|mmhg)(?![\p{L}])/iu;
/**
 * What follows a word says it is a medicine or a device: how it is taken or what was done with it ("Ozempic weekly"), a
 * release code, a dose, a strength ratio, a formulation or device noun, a serial number (`product-evidence.ts`).
 */
function productNext(text: string, end: number): boolean {
  return MEDICINE_AFTER.test(text.slice(end, end + 24)) || formulationAfter(text.slice(end, end + 24)) || productAfter(text.slice(end, end + 48)) ||
    DOSE_AFTER.test(text.slice(end, end + 40).replace(/^-\p{L}+/u, "")) || strengthAfter(text.slice(end, end + 16).replace(/^-\p{L}+/u, ""));
}
/**
 * A verb of prescribing before a word that is not a given name: the word is a medicine ("currently on Lantus",
 * "prescribing Eliquis", "switched to Ozempic", "started on Lantus"). Not after "taking" or "started X on", where a person
 * is as likely ("took Okafor home"); given names are judged before this anyway.
 */
const MEDICINE_BEFORE = /\b(?:(?:currently|still|now|remains?|remained|stays?|stayed|put|kept)\s+on|prescrib(?:e|es|ed|ing)|(?:start(?:s|ed|ing)?|commenc(?:e|ed|ing)|restart(?:s|ed|ing)?)\s+on|initiat(?:e|es|ed|ing)|discontinu(?:e|ed|ing)|titrat(?:e|ed|ing)|switch(?:ed|ing)?\s+(?:to|from)|(?:dose|course|trial)\s+of)\s+$/i;
/** The last word of every MEDICINE_BEFORE cue: the regex runs only after one of them. */
const MEDICINE_CUE_TAILS = new Set("on prescribe prescribes prescribed prescribing initiate initiates initiated initiating discontinue discontinued discontinuing titrate titrated titrating to from of".split(" "));
/** A line that lists medicines or allergies: its capitalised words are drug names. */
const MEDICATION_LINE = /^[\t ]*(?:[\p{L} ]{0,24}\b)?(?:medications?|medicines?|meds|drugs?|allerg(?:y|ies)|prescriptions?|ttos?)[\t ]*:/iu;
/**
 * A label for a device, a dressing, a therapy or an insurer (in English or another language), then up to three words on the
 * same line: "Device: Cardiotek Azure XT", "Terapia: Zorvaxa 125", "Insurance: Mediplan member ID …", "HMO: Carewell HMO".
 * Those first words are a product or a scheme; a holder's name further on is judged as usual.
 */
const PRODUCT_LABEL = /(?:^|[\s.;,|(])(?:devices?|implants?|pacemaker|hearing\s+aids?|dressings?|pumps?|inhalers?|vaccines?|insurance|insurer|ins|payer|hmo|terapia|therapie|tratamiento|medicaci[oó]n|medica[cç][aã]o|medikation|medicatie|l[aä][aä]kitys)[\t ]*:[\t ]*(?:[\p{L}\d+&/-]+[\t ]+){0,3}$/iu;
/** A line that states a diagnosis: its capitalised words that are not places are clinical terms ("Diabetes Insipidus"). */
const DIAGNOSIS_LINE = /^[\t ]*(?:[\p{L} ]{0,24}\b)?(?:diagnos[ie]s|dx|impression|problems?|conditions?|indications?)[\t ]*:/iu;
function diagnosisLine(text: string, at: number): boolean {
  const start = text.lastIndexOf("\n", at - 1) + 1;
  return DIAGNOSIS_LINE.test(text.slice(start, at));
}
function medicationLine(text: string, at: number): boolean {
  const start = text.lastIndexOf("\n", at - 1) + 1;
  return MEDICATION_LINE.test(text.slice(start, at)) || PRODUCT_LABEL.test(text.slice(Math.max(start, at - 80), at));
}
/** Street words of other languages, which join an address in lower case too ("rue de la Hulotais", "ul. Cicha"). */
const FOREIGN_STREET_WORDS = new Set(("rue rua calle avenida paseo carrer avinguda rambla camino travessa largo strada ul ulica aleja utca út strasse straße str gasse gade vej vei " +
  "gatan gata vägen katu tie weg laan straat piazza viale corso chemin").split(" ").map((w) => fold(w)));
/** Professional letters after a name: "RN", "(OT)", "MRCP", "PhD"; not "Do" or "do". */
const isPostnominal = (w: string) => POSTNOMINALS.has(fold(w)) && /\p{Lu}/u.test(w) && !/^\p{Lu}\p{Ll}+$/u.test(w);
/** Professional letters after a name: "RN", "(OT)", "MRCP". */
const POSTNOMINALS = new Set(("rn rgn rmn rnld ot pt slt md do np pa lpn lcsw lpc lmft cns msw mbbs mbchb bm frcp mrcp frcs mrcs frcpsych mrcpsych frcgp mrcgp " +
  "frcpath frca frcr frcog mrcog frcpch mrcpch dclinpsy cpsychol phd msc bsc mphil mpharm bpharm dpt otr cota rd dds dmd psyd edd facp faap").split(" "));

/** Before a name whatever its case: "my name is", "last name?", "everyone calls me". */
const NAME_CUE_BEFORE = /(?:\bname(?:\s+is|\s*[:?])|\bcalls?\s+me|\bnamed|\bsurname(?:\s+is)?|\bmaiden\s+name(?:\s+is)?)\s+$/i;
/** The last word of every name cue ("my name is", "calls me", "named", "surname"). */
const NAME_CUE_TAILS = new Set("is name me named surname".split(" "));
/** The last word of a place cue ("in", "from", "via"…). */
const PLACE_TAILS = new Set("in from to at near of around outside visiting via".split(" "));
/** The last word of every cue below: the cue regexes run only after one of them. */
const CUE_TAILS = new Set(("is name me named surname brother sister son daughter wife husband partner mother father mum mom dad aunt uncle cousin niece nephew " +
  "friend boyfriend girlfriend fiance fiancee grandson granddaughter grandmother grandfather neighbour neighbor carer caregiver " +
  "auntie grandma grandpa granny grandad granddad gran nan nana nanna stepmum stepmom stepdad stepson stepdaughter ex keyworker flatmate roommate " +
  "in from to at near of around outside visiting via").split(" "));
/** The relations of `RELATION_BEFORE`, to test the token before it first. */
const KIN_TAILS = new Set(("brother sister son daughter wife husband partner mother father mum mom dad aunt auntie uncle cousin niece nephew friend " +
  "boyfriend girlfriend fiance fiancee fiancé fiancée grandson granddaughter grandmother grandfather grandma grandpa granny grandad granddad gran nan nana " +
  "nanna stepmum stepmom stepdad stepson stepdaughter ex neighbour neighbor carer caregiver keyworker flatmate roommate").split(" "));
/** Modal verbs that are also given names: after a relation in lower case they are the verb ("my son will call"). */
const MODALS = new Set(["will", "may", "can", "must", "shall"]);
/** Relations before a name: "my brother", "her daughter", "his wife,". */
const RELATION_BEFORE = /\b(?:brother|sister|son|daughter|wife|husband|partner|mother|father|mum|mom|dad|aunt|auntie|uncle|cousin|niece|nephew|friend|boyfriend|girlfriend|fianc[eé]e?|grandson|granddaughter|grandmother|grandfather|grandma|grandpa|granny|grandad|granddad|gran|nan|nana|nanna|stepmum|stepmom|stepdad|stepson|stepdaughter|ex|neighbou?r|carer|caregiver|keyworker|flatmate|roommate)[,:]?\s+$/i;
/** The prepositions of `PLACE_BEFORE`, to test a token before the regular expression. */
const PLACE_PREPOSITIONS = new Set("in from to at near of around outside visiting via".split(" "));
/** Before a place: a prepositon of place or a postcode. */
const PLACE_BEFORE = /(?:\b(?:in|from|to|at|near|of|around|outside|visiting|via)\s+|\b\d{4,6}\s+|\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\s+)$/;
/** Street designators (the USPS list of street suffixes, in English) and their common non-English equivalents, capitalised. */
const STREET_WORDS = new Set(("alley annex arcade avenue bayou beach bend bluff boulevard branch bridge brook bypass causeway circle cliff club common commons corner " +
  "course court cove coves creek crescent crest crossing crossroad curve dale dam drive estate estates expressway extension falls ferry field fields flat flats ford " +
  "forest forge forges fork freeway garden gardens gateway glen green greens grove harbor harbour haven heights highway hill hills hollow inlet island islands isle " +
  "junction knoll lake landing lane lodge loop mall manor meadow meadows mews mill motorway mount mountain orchard oval parade park parkway pass passage path pike " +
  "place plaza point prairie ridge road route row run shore shores spring square station stravenue stream street summit terrace trace track trail tunnel turnpike " +
  "valley view village villages ville vista walk way well wells wharf quay close rise " +
  "brae wynd " +
  "rua via rue calle avenida paseo carrer avinguda rambla camino travessa largo strada ulica aleja strasse straße gasse gade vej vei gatan gata vägen katu tie weg laan straat plein allee chaussee piazza viale corso").split(" ").map((w) => fold(w)));
const isStreetWord = (w: string) => /^\p{Lu}/u.test(w) && STREET_WORDS.has(fold(w));
/** State, province and territory codes, which Safe Harbor keeps (US, Canada, Australia). */
const REGION_CODES = new Set(("AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR " +
  "AB BC MB NB NL NS NT NU ON PE QC SK YT NSW VIC QLD SA TAS ACT").split(" "));
/** Words that begin a place name: "Port Paien", "New Westminster", "Upper Austria", "Cite Ben Hjel". */
const PLACE_PREFIX = new Set("port new upper lower north south east west saint sainte san santa sao st ste cite fort mount grand great little store old".split(" "));

/** A line of at most four words, each capitalised, a particle or a number, and no label ("Tel:"). */
const shortAddressLine = (text: string, t: Token) => shortLine(text, t, true);
/** A line of at most four words and no label ("Tel:"); with `capitals`, each word capitalised, a particle or a number. */
function shortLine(text: string, t: Token, capitals: boolean): boolean {
  const lineStart = text.lastIndexOf("\n", t.start - 1) + 1;
  const lineEnd = text.indexOf("\n", t.end);
  const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
  const words = line.match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
  return !line.includes(":") && words.length <= 4 && !CONTACT_LABEL.test(line) && (!capitals || words.every((w) => /^\p{Lu}|^\d+$/u.test(w) || CONNECTORS.has(w)));
}
/** The rest of a label after its first word: "Hosp No:", "Member number:", "Lab ID:". */
const LABEL_WORD_AFTER = /^ (?:no|nr|number|id|ref)\.?:/i;
/** A line that gives a contact number after its label without a colon ("Mobile 6127 3350", "Ph 04 472 9183", "Tel 01326 …"). */
const CONTACT_LABEL = /^\s*(?:tel|telephone|phone|ph|mobile|mob|cell|fax|pager|bleep|email|e-mail|web)\.?\s+[+(\d]/i;

/** A capitalised word that may be a person in a list: not a function word, heading or street word. */
const isListed = (w: string) => /^\p{Lu}\p{Ll}+$/u.test(w) && !STOP.has(fold(w)) && !COMMON_WORDS.has(fold(w)) && !ADDRESS_WORDS.has(fold(w));

/**
 * A particle beside a removed name or place belongs to it: before it always
 * ("van der Heijden", "ter Horst", "Van der Berg"), after it when the run of
 * particles ends in a capitalised word ("Marisol de la Fuente", "Calle de la
 * Reina").
 */
function particleJoins(tokens: readonly Token[], j: number, forward: boolean): boolean {
  if (!CONNECTORS.has(fold(tokens[j]!.text))) return false;
  let k = j;
  for (let n = 0; n < 3 && k >= 0 && k < tokens.length && CONNECTORS.has(fold(tokens[k]!.text)); n++) k += forward ? 1 : -1;
  if (!forward) return true;
  return /^\p{Lu}/u.test(tokens[k]?.text ?? "");
}

/** Particles inside names and street names: "Rua do Arenque", "van de Noort". */
/**
 * Acronyms of a hospital's units and of services, which name no institution (those not already English or clinical
 * words): critical and high-dependency care, assessment and day units, community mental health and talking therapies.
 */
const HOSPITAL_UNITS = new Set(("ccu pacu nicu picu micu sicu cicu cvicu cticu hdu itu mau amu sau cdu epu eau opd ipu scbu ssu asu dsu tcu pcu cdu " +
  "cmht camhs iapt crht eip cmhc chmt ltc snf irf ltac ltach gyn ent slt mfm std gum hiv nhs").split(" "));
/** Verbs after which "to" names where a patient went ("admitted to UWMC"). */
const SENT_TO = /^(?:admitted|transferred|taken|brought|moved|discharged|sent|returned|went|came|presented|readmitted|flown|rushed)$/;
const CONNECTORS = new Set("da das de del della dei der di do dos du des la le los las van von zu den ter ten y e bin ibn al el ben ap mac ni o".split(" "));
const STOP = new Set(("a an and the of in on at to for from by with or but is are was were be been he she it they we i you his her their our my your " +
  "this that these those who which what when where why how not no yes dr mr mrs ms").split(" "));
