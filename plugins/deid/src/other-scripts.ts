import type { PhiType } from "@rounds/core";
import type { WordToken } from "./word-tokens.ts";

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
  let other = 0;
  let latin = 0;
  for (let k = 0; k < tokens.length; k++) {
    if (otherScript[k]) other++;
    else if (/\p{L}/u.test(tokens[k]!.text)) latin++;
  }
  if (other === 0) return;
  const take = (k: number, type: PhiType) => {
    if (!covered(k) && !removed.has(k)) removed.set(k, type);
  };
  // A text mostly in Latin script: a run in another script is a name or an address in its own script.
  if (other * 2 < latin) {
    for (let k = 0; k < tokens.length; k++) if (otherScript[k]) take(k, /\d/.test(tokens[k]!.text) ? "LOCATION" : "NAME");
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
      }
    }
  }
  // The value of a form line.
  const LABEL = /(?:^|\n|[（(])[ \t]*([^\n:：（()）]{1,40}?)[ \t]*[:：][ \t]*([^\n（()）。]*)/gu;
  for (const m of text.matchAll(LABEL)) {
    const label = m[1]!;
    if (!inOtherScript(label)) continue;
    const valueStart = m.index + m[0].length - m[2]!.length;
    // (A full stop and a space end the value: "…: στένωση 80% LAD. Ασπιρίνη …".)
    const value = m[2]!.replace(/\.(?:\s.*)?$/u, "");
    const valueEnd = valueStart + value.length;
    const inValue: number[] = [];
    for (let k = 0; k < tokens.length; k++) if (tokens[k]!.start >= valueStart && tokens[k]!.end <= valueEnd) inValue.push(k);
    if (inValue.length === 0 || inValue.length > 6 || !inValue.some((k) => otherScript[k])) continue;
    const first = tokens[inValue[0]!]!.text;
    if (/^\p{Ll}/u.test(first)) continue;
    const type: PhiType = inValue.some((k) => /\d/.test(tokens[k]!.text)) ? "LOCATION" : "NAME";
    for (const k of inValue) if (otherScript[k] || /^\d{1,5}$/.test(tokens[k]!.text)) take(k, type);
  }
  // Capitalised words of a cased script that do not open a line or sentence; two short Han or Kana runs with one space.
  for (let k = tokens.length - 1; k >= 0; k--) {
    if (!otherScript[k]) continue;
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
