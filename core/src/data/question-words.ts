/**
 * Spelling a data question is written in, brought to the words metrics are
 * described in, without a language model: common shorthand of clinic and
 * shop talk expanded, and single typos forgiven. The shorthand list is
 * general (how staff abbreviate), not taken from any question set.
 */
const SHORTHAND: Array<[RegExp, string]> = [
  [/\bpts\b/g, "patients"], [/\bpt\b/g, "patient"],
  [/\bappts?\b/g, "appointments"], [/\bf\/u\b/g, "follow-up"], [/\bfu\b/g, "follow-up"],
  [/\bwks?\b/g, "week"], [/\bmths?\b/g, "month"], [/\bmos\b/g, "months"], [/\byrs?\b/g, "year"],
  [/\bytd\b/g, "year to date"], [/\bmtd\b/g, "month to date"],
  [/\bmeds\b/g, "medication"], [/\bmed\b/g, "medication"], [/\bno\.\s/g, "number "], [/\bqty\b/g, "quantity"],
  [/\bpls\b|\bplz\b/g, "please"], [/\bthx\b/g, "thanks"],
  [/\bqtr\b/g, "quarter"], [/\bppl\b/g, "people"], [/\blvls?\b/g, "level"], [/\bobs\b/g, "observation"], [/\bconsults?\b/g, "consultation"],
  [/\bdna(?:'?d|s)?\b/g, "missed appointment"], [/\bdid not attend\b|\bdidn'?t (?:turn up|attend|show(?: up)?)\b|\bno[- ]shows?\b/g, "no-show"],
  [/\b(?:avg|av)\b/g, "average"], [/\b(?:rn|atm)\b/g, "now"], [/\byo\b|\byr olds?\b|\byear olds?\b/g, "years old"], [/#|\bno of\b/g, "number of "],
  [/\b(\d{1,3})d\b/g, "$1 days"], [/\b(\d{1,3})w\b/g, "$1 weeks"],
];

/** The question in lower case with shorthand written out. */
export function expandShorthand(question: string): string {
  let text = question.toLowerCase();
  for (const [re, to] of SHORTHAND) text = text.replace(re, to);
  return text;
}

/** Whether two words differ by at most one edit (insert, delete, substitute or swap of neighbours). */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** Whether the word (5+ letters, so short words are not confused) is in the set, allowing one typo. */
export function hasWord(words: Set<string>, word: string): boolean {
  if (words.has(word)) return true;
  if (word.length < 5) return false;
  for (const w of words) if (w.length >= 4 && withinOneEdit(w, word)) return true;
  return false;
}
