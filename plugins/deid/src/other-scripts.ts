import type { PhiType } from "@rounds/core";
import type { WordToken } from "./word-tokens.ts";
import { asciiDigits, fieldTokens, formFields, labelKind, numberWord } from "./form-labels.ts";

/**
 * Recall mode for words in a script no safe list covers (Greek, Cyrillic, Hebrew, Arabic, Devanagari, Thai, Hangul,
 * Han, Kana…). The safe-list idea cannot hold a word of such a script (there is no list to find it in), and the
 * verdicts for Latin words (capitals, English vocabulary) say nothing about them, so these words are judged here, by
 * structure alone:
 *
 * - in a text mostly in Latin script, a run in another script is a name or address written in its own script
 *   ("Choi Young-sook (최영숙)", "CHEUNG Ka-wai 張嘉慧", "〒150-0041 東京都渋谷区…"): it goes;
 * - in a text mostly in such a script:
 *   - dates: East Asian dates ("2026年1月20日", "令和8年10月30日", "11월 18일") and a month name of the script's
 *     languages (from the runtime's CLDR data, `Intl.DateTimeFormat`, so no spelling is written here) beside a number
 *     ("14 Νοεμβρίου 2026", "8 בנובמבר 2026");
 *   - the value of a form line ("label: value", "label：value", up to the line's or bracket's end, six words at most):
 *     in a cased script only a value that starts with a capital or a digit ("Ασθενής: Κωνσταντίνα …", not
 *     "Στεφανιογραφία: στένωση …");
 *   - in a cased script (Greek, Cyrillic…), a capitalised word that does not open its line or sentence;
 *   - in Han or Kana text, which writes no spaces between words, two short runs with one space between them are a
 *     family and a given name ("村上 浩二").
 *
 * What stays: the labels of form lines, lower-case words of cased scripts, and running text with no such structure.
 */

/** A letter of a script other than Latin (Latin, its extensions and its combining marks stay below U+0370 or in U+1E00–U+1EFF). */
function otherScriptAt(code: number): boolean {
  return code >= 0x370 && !(code >= 0x1e00 && code <= 0x1eff) && !(code >= 0x2000 && code <= 0x2bff) && !(code >= 0xfb00 && code <= 0xfb06) && !(code >= 0xff00 && code <= 0xff65);
}

/** The word holds a letter of a script other than Latin. */
export function inOtherScript(word: string): boolean {
  for (let k = 0; k < word.length; k++) {
    const c = word.charCodeAt(k);
    if (c >= 0x370 && otherScriptAt(c) && /\p{L}/u.test(word[k]!)) return true;
  }
  return false;
}

/**
 * The issuer at the head of a letter or report: the lines before its first form line ("label: value"). The first line names
 * the document ("退院サマリー", "Επιστολή παραπομπής") and stays, but what follows a dash on it is the issuer ("סיכום אשפוז —
 * <hospital>, <town>"); each later heading line is the issuer (hospital, department, town: "<hospital> 精神科", "ГКБ № 52,
 * Москва"): its words in another script and its numbers go.
 */
function issuerLines(text: string, tokens: readonly WordToken[], otherScript: readonly boolean[], take: (k: number, type: PhiType) => void): void {
  let from = 0;
  let k = 0;
  // (Taken only when a form line follows: a short note with no form is no letter head.)
  const issuer: number[] = [];
  for (let line = 0; from < text.length && line < 4; line++) {
    const nl = text.indexOf("\n", from);
    const end = nl < 0 ? text.length : nl;
    const content = text.slice(from, end);
    if (/[:：]/u.test(content)) {
      if (line > 0) for (const x of issuer) take(x, "LOCATION");
      return;
    }
    // (On the first line, only what follows a dash; or what comes before it, when that is a list of places: "<hospital>,
    // <town> — <department>".)
    const dash = line === 0 ? /\s[—–-]\s/u.exec(content) : null;
    const headIsIssuer = dash !== null && content.slice(0, dash.index).includes(",");
    const start = line === 0 ? (dash && !headIsIssuer ? from + dash.index + dash[0].length : headIsIssuer ? from : end) : from;
    const stop = headIsIssuer ? from + dash.index : end;
    const inLine: number[] = [];
    for (; k < tokens.length && tokens[k]!.start < end; k++) if (tokens[k]!.start >= start && tokens[k]!.start < stop) inLine.push(k);
    if (inLine.length <= 8 && inLine.some((x) => otherScript[x])) for (const x of inLine) if (otherScript[x] || /^\d{1,5}$/.test(tokens[x]!.text)) issuer.push(x);
    if (nl < 0) return;
    from = nl + 1;
  }
}

/** Han, Kana or Hangul: scripts that write dates with 年/月/日 (년/월/일). */
const HAN_OR_KANA = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]+$/u;
const EAST_ASIAN_DATE = /\d{1,4}[年년]\d{1,2}[月월](?:\d{1,2}[日일])?|\d{1,2}[月월]\d{1,2}[日일]/u;
const KOREAN_DATE_PART = /^\d{1,2}[월일]$/u;
const KOREAN_YEAR = /^\d{4}년$/u;

/** Locales whose month names are written in a script other than Latin (CLDR through `Intl`). */
const MONTH_LOCALES = ["el", "ru", "uk", "bg", "sr", "mk", "be", "kk", "he", "ar", "fa", "ur", "hi", "mr", "ne", "bn", "ta", "te", "th", "ka", "hy", "am", "ja", "ko", "zh"];
let monthWords: Set<string> | undefined;
function months(): Set<string> {
  if (monthWords) return monthWords;
  const out = new Set<string>();
  for (const locale of MONTH_LOCALES) {
    for (let m = 0; m < 12; m++) {
      const date = new Date(Date.UTC(2020, m, 15));
      for (const options of [{ month: "long" }, { day: "numeric", month: "long" }, { month: "short" }] as const) {
        const parts = new Intl.DateTimeFormat(locale, { ...options, timeZone: "UTC" }).formatToParts(date);
        const k = parts.findIndex((p) => p.type === "month");
        const name = parts[k]?.value.toLowerCase().replace(/\.$/, "");
        if (!name || !inOtherScript(name)) continue;
        out.add(name);
        // A prefix the language glues to the month after the day (Hebrew "15 בנובמבר").
        const glued = /(\p{L}+)$/u.exec(parts[k - 1]?.value ?? "");
        if (glued) out.add(glued[1]! + name);
      }
    }
  }
  return (monthWords = out);
}

/**
 * Verdicts for the tokens in another script that no earlier rule covered (`covered(k)`), added to `removed`.
 * `otherScript[k]` says which tokens hold such letters.
 */
export function otherScriptVerdicts(text: string, tokens: readonly WordToken[], otherScript: readonly boolean[], covered: (k: number) => boolean, removed: Map<number, PhiType>): void {
  // (Most texts have no word in another script: they stop here, before a Unicode test of every word.)
  if (!otherScript.includes(true)) return;
  let other = 0;
  let latin = 0;
  for (let k = 0; k < tokens.length; k++) {
    if (otherScript[k]) other++;
    else if (/\p{L}/u.test(tokens[k]!.text)) latin++;
  }
  const take = (k: number, type: PhiType) => {
    if (!covered(k) && !removed.has(k)) removed.set(k, type);
  };
  // A text mostly in Latin script: a run in another script is a name or an address in its own script.
  if (other * 2 < latin) {
    // (Not the label of a form line: "ਨਾਮ: …" is "Name:".)
    const labels = fieldTokens(text, tokens).label;
    for (let k = 0; k < tokens.length; k++) if (otherScript[k] && labels[k] === undefined) take(k, /\d/.test(tokens[k]!.text) ? "LOCATION" : "NAME");
    return;
  }
  issuerLines(text, tokens, otherScript, take);
  const month = months();
  const lineStart = (k: number) => k === 0 || /\n\s*$/.test(text.slice(tokens[k - 1]!.end, tokens[k]!.start));
  for (let k = 0; k < tokens.length; k++) {
    const w = tokens[k]!.text;
    // Dates.
    if (EAST_ASIAN_DATE.test(w) || (KOREAN_DATE_PART.test(w) && k > 0 && /[년월]$/u.test(tokens[k - 1]!.text))) {
      take(k, "DATE");
      if (KOREAN_DATE_PART.test(w) && k > 0 && KOREAN_YEAR.test(tokens[k - 1]!.text)) take(k - 1, "DATE");
      continue;
    }
    if (otherScript[k] && month.has(w.toLowerCase())) {
      const day = k > 0 && /^\d{1,2}$/.test(tokens[k - 1]!.text) && /^[ .]+$/.test(text.slice(tokens[k - 1]!.end, tokens[k]!.start));
      const year = k + 1 < tokens.length && /^\d{4}$/.test(tokens[k + 1]!.text) && /^,? +$/.test(text.slice(tokens[k]!.end, tokens[k + 1]!.start));
      if (day || year) {
        take(k, "DATE");
        if (day) take(k - 1, "DATE");
        if (year) take(k + 1, "DATE");
        // (The year's abbreviation after it: "2 грудня 2026 р.", "… 2026 г.".)
        if (year && k + 2 < tokens.length && /^[рг]$/u.test(tokens[k + 2]!.text) && text.slice(tokens[k + 1]!.end, tokens[k + 2]!.start) === " ") take(k + 2, "DATE");
      }
    }
  }
  // The value of a form line, by what its label says (`form-labels.ts`): after a label of a person or place the whole value
  // goes, whatever its case or script ("Адреса: вул. …", "الطبيب: د. …", "医師：… （病院）"); after a clinical label it stays
  // ("Діагноз: Гіпотиреоз", "诊断：阿尔茨海默病"); after an age label only an age over 89. A label of no known kind: the
  // value of six words at most, up to a bracket or a full stop, that starts with a capital or a digit in a cased script.
  const clinical = new Array<boolean>(tokens.length).fill(false);
  const fields = formFields(text);
  let t0 = 0;
  for (const f of fields) {
    while (t0 < tokens.length && tokens[t0]!.end <= f.labelStart) t0++;
    const inValue: number[] = [];
    const label: number[] = [];
    for (let k = t0; k < tokens.length && tokens[k]!.start < f.valueEnd; k++) {
      if (tokens[k]!.start >= f.valueStart) inValue.push(k);
      else if (tokens[k]!.end <= f.labelEnd) label.push(k);
    }
    if (f.kind === "clinical") {
      for (const k of inValue) clinical[k] = true;
      continue;
    }
    if (f.kind === "age") {
      for (const k of inValue) if (Number(asciiDigits(/^\p{Nd}+/u.exec(tokens[k]!.text)?.[0] ?? "")) >= 90) take(k, "AGE");
      continue;
    }
    if (f.kind === "person" || f.kind === "place") {
      if (!label.some((k) => otherScript[k])) continue;
      const type: PhiType = f.kind === "place" || inValue.some((k) => /\p{Nd}/u.test(tokens[k]!.text)) ? "LOCATION" : "NAME";
      // (Not a word that names a number: "…, <registration no.> 40912287".)
      if (inValue.length <= 16) for (const k of inValue) if (!numberWord(tokens[k]!.text)) take(k, type);
      continue;
    }
    if (!label.some((k) => otherScript[k])) continue;
    // (A full stop and a space, or a bracket, end the value: "…: στένωση 80% LAD. Ασπιρίνη …".)
    const stop = /\.\s|[（()）。]/u.exec(text.slice(f.valueStart, f.valueEnd));
    const valueEnd = stop ? f.valueStart + stop.index : f.valueEnd;
    const shown = inValue.filter((k) => tokens[k]!.end <= valueEnd);
    if (shown.length === 0 || shown.length > 6 || !shown.some((k) => otherScript[k])) continue;
    if (/^\p{Ll}/u.test(tokens[shown[0]!]!.text)) continue;
    const type: PhiType = shown.some((k) => /\p{Nd}/u.test(tokens[k]!.text)) ? "LOCATION" : "NAME";
    for (const k of shown) if (otherScript[k] || /^\p{Nd}{1,5}$/u.test(tokens[k]!.text)) take(k, type);
  }
  // A line that opens with such a label and no colon, as Thai writes it ("<name label> <name>", "<address label> 88/14 …").
  for (let k = 0; k < tokens.length; k++) {
    // (Not the first line: it names the document, "<patient> <registration> <slip>".)
    if (!otherScript[k] || k === 0 || !lineStart(k)) continue;
    const lineEnd = text.indexOf("\n", tokens[k]!.start);
    const line = text.slice(tokens[k]!.start, lineEnd < 0 ? text.length : lineEnd);
    const head = /^[^\s:：]+/u.exec(line)![0];
    if (line.includes(":") || line.includes("：") || head.length === line.length) continue;
    const kind = labelKind(head);
    if (kind === undefined) continue;
    const headEnd = tokens[k]!.start + head.length;
    const rest: number[] = [];
    for (let x = k; x < tokens.length && tokens[x]!.start < tokens[k]!.start + line.length; x++) if (tokens[x]!.start >= headEnd) rest.push(x);
    if (kind === "clinical") for (const x of rest) clinical[x] = true;
    else if ((kind === "person" || kind === "place") && rest.length <= 16) for (const x of rest) take(x, kind === "place" || rest.some((y) => /\d/.test(tokens[y]!.text)) ? "LOCATION" : "NAME");
  }
  // Numbers in the digits of another script ("০১/১২/২০২৬", "৭০০০৩২"): a date of three parts, or four digits and more.
  for (let k = 0; k < tokens.length; k++) {
    const w = tokens[k]!.text;
    if (!/^\p{Nd}+$/u.test(w) || /^[0-9]+$/.test(w) || clinical[k]) continue;
    const joined = (k + 1 < tokens.length && /^[/.-]$/.test(text.slice(tokens[k]!.end, tokens[k + 1]!.start)) && /^\p{Nd}+$/u.test(tokens[k + 1]!.text)) ||
      (k > 0 && /^[/.-]$/.test(text.slice(tokens[k - 1]!.end, tokens[k]!.start)) && /^\p{Nd}+$/u.test(tokens[k - 1]!.text));
    if (joined) take(k, "DATE");
    else if (asciiDigits(w).length >= 4) take(k, "LOCATION");
  }
  // Capitalised words of a cased script that do not open a line or sentence; two short Han or Kana runs with one space.
  for (let k = tokens.length - 1; k >= 0; k--) {
    if (!otherScript[k] || clinical[k]) continue;
    const w = tokens[k]!.text;
    if (/^\p{Lu}\p{Ll}/u.test(w) && !lineStart(k) && !/[.!?]\s+$|[:：]\s*$/u.test(text.slice(tokens[k - 1]!.end, tokens[k]!.start))) take(k, "NAME");
    else if (k > 0 && HAN_OR_KANA.test(w) && w.length <= 3 && /^[ \u3000]$/.test(text.slice(tokens[k - 1]!.end, tokens[k]!.start)) && HAN_OR_KANA.test(tokens[k - 1]!.text) &&
      tokens[k - 1]!.text.length <= 3 && !removed.has(k - 1)) {
      take(k, "NAME");
      take(k - 1, "NAME");
      k--;
    }
  }
}
