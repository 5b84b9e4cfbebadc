/**
 * Abbreviations the knowledge base defines itself. Pages introduce a short
 * form once, in parentheses after its long form ("non-Hodgkin lymphoma
 * (NHL)", "chronic obstructive pulmonary disease (COPD)"); a question that
 * uses the short form is about the long form. The long form is found as
 * Schwartz and Hearst describe (2003): each character of the short form,
 * from its last, is found in order backwards in the words before the
 * parenthesis, and its first character must begin a word; the long form
 * is at most min(|short| + 5, 2·|short|) words. Nothing is listed: every
 * expansion is read from the passages retrieved for the question.
 */
import { words } from "./analyze.ts";
import type { Alternative } from "./synonyms.ts";

/** "long form (ABBR)": the parenthesis holds one token of 2 to 10 characters with at least two capitals. */
const DEFINITION = /\(([A-Za-z][A-Za-z0-9-]{1,9})\)/g;

/** The long form `before` ends with for `short`, or undefined. */
export function longFormOf(short: string, before: string): string | undefined {
  const limit = Math.min(short.length + 5, short.length * 2);
  const candidate = before.trimEnd().split(/\s+/).slice(-limit).join(" ");
  let l = candidate.length - 1;
  for (let s = short.length - 1; s >= 0; s--) {
    const c = short[s]!.toLowerCase();
    if (!/[a-z0-9]/.test(c)) continue;
    while (l >= 0 && (candidate[l]!.toLowerCase() !== c || (s === 0 && l > 0 && /[A-Za-z0-9]/.test(candidate[l - 1]!)))) l--;
    if (l < 0) return undefined;
    l--;
  }
  const start = candidate.lastIndexOf(" ", l) + 1;
  const long = candidate.slice(start).replace(/^[^A-Za-z0-9]+/, "");
  // A long form is longer than its short form in words or letters, and not the short form again.
  return words(long).length >= 2 && long.toLowerCase() !== short.toLowerCase() ? long : undefined;
}

/**
 * The long forms the texts define for the question's words that are short
 * forms there, as alternatives standing for those words (at most one long
 * form per short form: the one defined most often).
 */
export function definedAbbreviations(texts: readonly string[], questionWords: ReadonlySet<string>): Alternative[] {
  const found = new Map<string, Map<string, number>>();
  for (const text of texts) {
    for (const m of text.matchAll(DEFINITION)) {
      const short = m[1]!;
      if ((short.match(/[A-Z]/g) ?? []).length < 2) continue;
      const key = short.toLowerCase();
      if (!questionWords.has(key)) continue;
      const long = longFormOf(short, text.slice(Math.max(0, m.index - 200), m.index));
      if (!long) continue;
      const forms = found.get(key) ?? new Map<string, number>();
      const form = words(long).join(" ");
      forms.set(form, (forms.get(form) ?? 0) + 1);
      found.set(key, forms);
    }
  }
  return [...found].map(([short, forms]) => ({ words: [...forms].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0].split(" "), for: [short] }));
}
