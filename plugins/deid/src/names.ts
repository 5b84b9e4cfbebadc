import { labelKind } from "./form-labels.ts";
import type { PhiSpan } from "@rounds/core";
import { datasetGivenNames } from "./given-names.ts";
import { findLiteralWords, isWordBefore } from "./literal-words.ts";
import { otherLanguageOf } from "./other-languages.ts";
import { inOtherScript } from "./other-scripts.ts";
import { capitalStarts, matchAllAt } from "./rule-starts.ts";
import { vocabulary } from "./vocabulary.ts";
import { lowerCaseWords } from "./word-tokens.ts";
import { AMBIGUOUS_NAMES, CLINICAL_WORDS, COMMON_WORDS, FIRST_NAMES, MEASURES, NAME_CUE_PATTERNS, NAME_CUES, REPORTING, TITLES } from "./word-lists.ts";

/**
 * Person names: the organisation's own names (gazetteer), titled names,
 * names after cue words, common given names, transcript speaker labels, and
 * every later mention of a surname already found. Returns unmerged spans.
 */

/** Unicode-aware word boundaries (JavaScript's \b only knows ASCII). */
const B0 = "(?<![\\p{L}\\p{N}_'’])";
const B1 = "(?![\\p{L}\\p{N}_])";
/** One capitalised name word: Okonkwo, McDonald, O'Brien, Nakamura-Blythe, José. */
const WORD = "(?:\\p{Lu}['’])?\\p{Lu}\\p{Ll}+(?:\\p{Lu}\\p{Ll}+)?(?:-\\p{Lu}\\p{Ll}+)?";

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** Lower case, no possessive, no accents: "José's" → "jose". */
const lower = (w: string) => {
  const l = w.toLowerCase();
  // (Plain ASCII, most words: no accent to strip, and only "'s" can end it.)
  for (let k = 0; k < l.length; k++) if (l.charCodeAt(k) > 0x7f) return l.replace(/['’]s$/, "").normalize("NFD").replace(/\p{M}/gu, "");
  return l.endsWith("'s") ? l.slice(0, -2) : l;
};
const isCommon = (w: string) => COMMON_WORDS.has(lower(w));
const isClinical = (w: string) => CLINICAL_WORDS.has(lower(w));
/** Curated given names and the dataset names that are not common English words. */
const GIVEN_NAMES = new Set([...FIRST_NAMES, ...datasetGivenNames()]);
/** "my name is" → "[Mm]y name is": case-insensitive first letter without the i flag (which would loosen \p{Lu}). */
const cueSource = (cue: string) => `[${cue[0]!.toUpperCase()}${cue[0]!.toLowerCase()}]${escape(cue.slice(1)).replace(/ /g, "\\s+")}`;

// A name stays on its line: the next line's first word is a heading or label ("Dr. Petra Novak\nTreatment Plan:").
const TITLED = new RegExp(`${B0}${TITLES}\\.?\\s+(?:\\p{Lu}\\.[ \\t]*)?(${WORD}(?:[ \\t]+${WORD}){0,2})${B1}`, "gu");
const CUE_SOURCES = [...NAME_CUES.map(cueSource), ...NAME_CUE_PATTERNS].sort((a, b) => b.length - a.length);
const CUED = new RegExp(`${B0}(?:${CUE_SOURCES.join("|")})(?:\\s*([,:])|\\s+-)?\\s+(${WORD}(?:[ \\t]+${WORD})?)${B1}`, "gu");
/**
 * The characters a cue can begin with (every cue source opens with a class of one letter in both cases, "[Mm]y…"), so
 * CUED is tried only where one of them follows no letter, number, "_" or apostrophe (its B0): the same matches as a scan
 * of every position, which tests B0's Unicode classes at each (`cueStarts`). Undefined when a source opens otherwise.
 */
const CUE_FIRST: Uint8Array | undefined = (() => {
  // (A table of UTF-16 code units, 1 for a first character: one array read per character of the text, not a set look-up.)
  const first = new Uint8Array(0x10000);
  for (const source of CUE_SOURCES) {
    const m = /^\[(\p{L}+)\]/u.exec(source);
    if (!m) return undefined;
    // (A letter outside the BMP is no single code unit and is never listed, as `charCodeAt` never returned it from the set.)
    for (const ch of m[1]!) if (ch.codePointAt(0)! <= 0xffff) first[ch.codePointAt(0)!] = 1;
  }
  return first;
})();
/** Where CUED can start in a text (undefined: everywhere); exported for the test that compares it with a full scan. */
export const cueFinder = CUE_FIRST && ((text: string) => cueStarts(text, CUE_FIRST));
export { CUED };
/** Every position of a cue's first character after no letter, number, "_" or apostrophe (CUED's B0), in order. */
function cueStarts(text: string, first: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) if (first[text.charCodeAt(i)] === 1 && !isWordBefore(text, i)) out.push(i);
  return out;
}
const CAPITALISED = new RegExp(`${B0}(${WORD})(?:[ \\t]+(${WORD}))?${B1}`, "gu");
/** The name patterns that begin with a capital after no letter, tried only at `capitalStarts` (`test/rule-starts.test.ts`). */
export const FROM_CAPITALS = [TITLED, CAPITALISED];
const ALL_CAPS_SPEAKER = /(?:^|[\n.?!]\s*|\s{2,})(\p{Lu}{2,}|(?:\p{Lu}['’])?\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)(?=:\s)/gu;

const ROLE_TITLE = /^(?:Nurse|Officer|Judge|Pastor|Sgt|Capt)\b/;

interface Found { start: number; end: number; confidence: number; propagate: boolean }

/** Keeps the leading run of words that are not vocabulary; `clinicalOk` lets eponyms through (after a title). */
function nameWords(value: string, clinicalOk: boolean): string {
  const kept: string[] = [];
  for (const w of value.split(/\s+/)) {
    if (isCommon(w) || (!clinicalOk && isClinical(w))) break;
    kept.push(w);
  }
  return kept.join(" ");
}

/**
 * What follows a "Word:" label to the end of its line is a form value, not speech: it holds a digit and no English word
 * of three letters or more in lower case ("Rue des Carmes 12, 75005 Paris"; not "I took 2 of them").
 */
export function formValueAfter(text: string, from: number): boolean {
  const nl = text.indexOf("\n", from);
  const line = text.slice(from, nl < 0 ? undefined : nl);
  if (!/\d/.test(line)) return false;
  const safe = vocabulary().safe;
  for (const m of line.matchAll(/(?<![\p{L}\p{N}])\p{Ll}{3,}(?![\p{L}\p{N}])/gu)) if (safe.has(m[0])) return false;
  return true;
}

/** Function words of the commoner European languages: a sign that a text is in one of them. (Not those that are also English words: "do", "per", "die", "con", "en", "se"…) */
const FOREIGN_FUNCTION_WORDS = new Set(("de la le les du des et est une au aux el los las del por para su sus di il della dello che " +
  "der das und mit von zu den dem ist nicht og av på van het een voor niet dos não ao ze").split(" "));

/**
 * A text mostly in another language: four or more lower-case words of three letters or more, under half of them English,
 * and a sign of the other language (a lower-case word with letters outside English, or two function words of one:
 * "Paciente: … residente na Rua …"). There the English safe list says nothing about its words, and a "Word:" at a line's or
 * sentence's start is a form label or a role ("Pasient:", "Terapeuta:"), not a speaker's name. (Chosen on the own sets and
 * synth-dev: every English text there has 60% or more English words or no such sign — a short lower-case line of names
 * and company words has none; blind-5's texts in other languages have 40% or fewer, and a sign.)
 */
export function foreignText(text: string): boolean {
  // The name rules and the recall pass both ask about the same text: the last answer is kept.
  if (text !== foreignTextOf) {
    foreignTextAnswer = isForeignText(text);
    foreignTextOf = text;
  }
  return foreignTextAnswer;
}
let foreignTextOf: string | undefined;
let foreignTextAnswer = false;
function isForeignText(text: string): boolean {
  // The sign first, with two plain scans (no vocabulary, no Unicode classes): most texts have none and stop here.
  if (!signOfOtherLanguage(text)) return false;
  // A text whose words name one of the main European languages ("Sehr geehrte …", "Informe de alta").
  if (otherLanguageOf(text)) return true;
  const safe = vocabulary().safe;
  let words = 0;
  let english = 0;
  // (Each word once, and not the medicines and clinical words every language writes alike: "november" twice, "escitalopram"
  // and "paranoid" say nothing of a Danish or Norwegian letter's language.)
  const seen = new Set<string>();
  for (const w of lowerCaseWords(text)) {
    if (seen.has(w) || CLINICAL_WORDS.has(w)) continue;
    seen.add(w);
    words++;
    if (safe.has(w)) english++;
  }
  return words >= 3 && english <= words / 2;
}
/** A sign that a text is in another language: a lower-case word with letters outside English, or two different function words of one. */
export function signOfOtherLanguage(text: string): boolean {
  // (The name rules and the recall pass both ask about the same text: the last answer is kept, as `foreignText` keeps its.)
  if (text !== signOf) {
    signAnswer = hasSignOfOtherLanguage(text);
    signOf = text;
  }
  return signAnswer;
}
let signOf: string | undefined;
let signAnswer = false;
function hasSignOfOtherLanguage(text: string): boolean {
  if (ACCENTED_IN_WORD.test(text)) return true;
  let first = "";
  FUNCTION_WORD.lastIndex = 0;
  for (let m = FUNCTION_WORD.exec(text); m; m = FUNCTION_WORD.exec(text)) {
    if (!first) first = m[0];
    else if (m[0] !== first) return true;
  }
  return false;
}
/** A lower-case letter outside English beside another lower-case letter ("está", "sønn", "tuổi"). */
const ACCENTED_IN_WORD = /[a-z\u00DF-\u00F6\u00F8-\u00FF\u0101-\u017F\u1E01-\u1EFF][\u00DF-\u00F6\u00F8-\u00FF\u0101-\u017F\u1E01-\u1EFF]|[\u00DF-\u00F6\u00F8-\u00FF\u0101-\u017F\u1E01-\u1EFF][a-z]/;
const FUNCTION_WORD = new RegExp(`(?<![A-Za-z\\u00C0-\\u024F])(?:${[...FOREIGN_FUNCTION_WORDS].join("|")})(?![A-Za-z\\u00C0-\\u024F])`, "g");

export function detectNames(text: string, gazetteer: readonly string[]): PhiSpan[] {
  const found: Found[] = [];
  const add = (start: number, value: string, confidence: number, propagate: boolean) => {
    if (value) found.push({ start, end: start + value.length, confidence, propagate });
  };

  // 1. The organisation's own names: full names case-insensitively, and each part (surname or given name alone).
  const full = new Set<string>();
  const parts = new Set<string>();
  for (const entry of gazetteer) {
    const name = entry.trim().replace(/\s+/g, " ");
    if (name.length < 2) continue;
    full.add(name);
    for (const p of name.split(" ")) if (p.replace(/\W/g, "").length >= 3) parts.add(p);
  }
  const insensitive = [...full, ...[...parts].filter((p) => !isCommon(p) && !isClinical(p) && !AMBIGUOUS_NAMES.has(lower(p)))];
  const capitalisedOnly = [...parts].filter((p) => !insensitive.includes(p));
  const gaz = (names: string[], flags: string) => {
    if (names.length === 0) return;
    const alternation = names.sort((a, b) => b.length - a.length).map((n) => escape(n).replace(/ /g, "\\s+")).join("|");
    for (const m of text.matchAll(new RegExp(`${B0}(?:${alternation})${B1}`, flags))) add(m.index, m[0], 0.99, true);
  };
  gaz(insensitive, "giu");
  gaz(capitalisedOnly.map((p) => p[0]!.toUpperCase() + p.slice(1)), "gu");

  // 2. After a title: Dr. Okonkwo, Mrs. Abernathy, Nurse Rahman. Eponyms count here ("Dr. Beck").
  // Titled and capitalised names begin with a capital after no letter: they are tried only there (the same matches).
  const capitals = capitalStarts(text);
  for (const m of matchAllAt(TITLED, text, capitals)) {
    // After a role used as a title (Nurse, Officer…), an English word that is not a given name is a role too: "Clinical Nurse Specialist".
    if (ROLE_TITLE.test(m[0]) && vocabulary().safe.has(lower(m[1]!.split(/\s/)[0]!)) && !GIVEN_NAMES.has(lower(m[1]!.split(/\s/)[0]!))) continue;
    const value = nameWords(m[1]!, true);
    add(m.index + m[0].lastIndexOf(m[1]!), value, 0.95, true);
  }

  // 3. After a cue: "my name is Daniel", "her daughter Emily", "his wife, Beatriz", "session with Sarah Whitlock".
  // A cue with a colon is also a transcript speaker label ("Therapist: Say more", "Patient: Floaty, like last
  // time"): there one capitalised word counts only when it is a given name ("Client: Mateus Rocha" still counts).
  for (const m of cueFinder ? matchAllAt(CUED, text, cueFinder(text)) : text.matchAll(CUED)) {
    const value = nameWords(m[2]!, false);
    if (m[1] === ":" && !/\s/.test(value) && !GIVEN_NAMES.has(lower(value))) continue;
    // A cue word that begins a form label is no cue: "Patient Folder: …", "Client File: …" (an English word before the colon).
    if (text[m.index + m[0].length] === ":" && vocabulary().safe.has(lower(value.split(" ").at(-1) ?? "")) && !GIVEN_NAMES.has(lower(value.split(" ").at(-1) ?? ""))) continue;
    add(m.index + m[0].lastIndexOf(m[2]!), value, 0.85, true);
  }

  // 4. Common given names, with a following surname when there is one.
  for (const m of matchAllAt(CAPITALISED, text, capitals)) {
    const given = m[1]!;
    const g = lower(given);
    if (!GIVEN_NAMES.has(g) || isCommon(given) || isClinical(given)) continue;
    const surname = m[2] && !isCommon(m[2]) && !isClinical(m[2]) ? m[2] : "";
    const after = text.slice(m.index + given.length, m.index + given.length + 20);
    if (AMBIGUOUS_NAMES.has(g) && !surname && !REPORTING.test(after)) continue;
    // A scale that is also a given name, before its value, is the scale: "Braden 14", "Norton: 12" (`MEASURES`).
    if (!surname && MEASURES.has(g) && /^(?:-\p{L}+)?:?\s*\d/u.test(after)) continue;
    const value = surname ? text.slice(m.index, m.index + m[0].indexOf(surname) + surname.length) : given;
    add(m.index, value, AMBIGUOUS_NAMES.has(g) ? 0.6 : 0.75, surname !== "");
  }

  // 5. Transcript speaker labels that are not roles or headings: "Okafor: I stopped…", "MARCUS: …".
  let foreign: boolean | undefined;
  for (const m of text.matchAll(ALL_CAPS_SPEAKER)) {
    const label = m[1]!;
    const allCaps = label === label.toUpperCase();
    // Form and chat labels are words, not speakers: "Website:", "Mobile:", "Desk:", "User:".
    if (isCommon(label) || isClinical(label) || (allCaps && !GIVEN_NAMES.has(label.toLowerCase())) || (!GIVEN_NAMES.has(lower(label)) && vocabulary().safe.has(lower(label)))) continue;
    // A form label in another language is not a speaker: "Adresse: Rue … 12, 75005 Paris", "Kontakt: Storgatan 8B, …".
    if (!GIVEN_NAMES.has(lower(label)) && formValueAfter(text, m.index + m[0].length + 1)) continue;
    // In a text in another language, a label that is not a given name is a form label or a role ("Pasient:", "Cliente:").
    if (!GIVEN_NAMES.has(lower(label)) && (foreign ??= foreignText(text))) continue;
    // A label in a script no word list covers, or a form label of a known kind in any language ("Jina:", "Dijagnoza:",
    // "Læknir:"; `form-labels.ts`), is a speaker only when it opens two turns or more ("Пациент:" once is a form label).
    if ((inOtherScript(label) || labelKind(label) !== undefined) && countLabel(text, label) < 2) continue;
    add(m.index + m[0].length - label.length, label, 0.7, !allCaps);
  }

  // 6. Later mentions of a name word already found with a strong cue ("Dr. Osei … Osei called back").
  const tokens = new Set<string>();
  for (const f of found) {
    if (!f.propagate) continue;
    for (const w of text.slice(f.start, f.end).split(/\s+/)) {
      if (w.length >= 3 && /^\p{Lu}/u.test(w) && !isCommon(w) && !isClinical(w) && !AMBIGUOUS_NAMES.has(lower(w))) tokens.add(w);
    }
  }
  // (Found as `${B0}(?:${tokens.join("|")})${B1}` would find them, without compiling that expression for every text.)
  for (const m of findLiteralWords(text, [...tokens])) add(m.index, m.word, 0.85, false);

  return found.map((f) => ({ type: "NAME", start: f.start, end: f.end, confidence: f.confidence }));
}

/** How many times a text writes `label:` at a line's start. */
function countLabel(text: string, label: string): number {
  let n = 0;
  for (let at = text.indexOf(`${label}:`); at >= 0; at = text.indexOf(`${label}:`, at + 1)) if (at === 0 || /\n[\t ]*$/.test(text.slice(Math.max(0, at - 4), at))) n++;
  return n;
}
