import type { WordToken } from "./word-tokens.ts";

/**
 * A workplace named after a verb of working (#16, sixteenth round): "works at Brackwater Paint & Glass", "lost his job at
 * Granite Hill Quarry", "works as a porter at The Copper Anchor", "I work till six at Heronsgate Joinery". The sets label
 * the patient's employer a place, and its words are often all English, so no word list finds it. The slot says so: a verb
 * or noun of work, up to four lower-case words, "at", "for" or "with", then a run of capitalised words (over "&" and
 * "and"), which goes whole. Not a title and a name ("works with Dr Hale": the name rules decide), not one acronym ("works
 * for NHS"), not a state, country, month or weekday alone.
 */
const WORK_BEFORE = /\b(?:works?|worked|working|job|jobs|shifts?|employed|employee|volunteers?|volunteered|volunteering|placement|apprentice|apprenticeship|manager|supervisor|boss|cashier|cook|chef|driver|labourer|laborer|nurse|assistant|waiter|waitress|clerk|mechanic|cleaner)\b(?:[ \t]+\p{Ll}+){0,4}?[ \t]+(?:at|for|with)[ \t]+$/u;
const JOINERS = new Set(["&", "and"]);

export function workplaceRuns(text: string, tokens: readonly WordToken[], folded: readonly string[], skip: (k: number) => boolean): number[][] {
  const runs: number[][] = [];
  if (!/\b(?:at|for|with) \p{Lu}/u.test(text)) return runs;
  for (let a = 1; a < tokens.length; a++) {
    if (!/^\p{Lu}/u.test(tokens[a]!.text) || !/^(?:at|for|with)$/.test(folded[a - 1]!)) continue;
    if (!WORK_BEFORE.test(text.slice(Math.max(0, tokens[a]!.start - 80), tokens[a]!.start))) continue;
    const run: number[] = [];
    for (let k = a; k < tokens.length && run.length < 6; k++) {
      const gap = k === a ? " " : text.slice(tokens[k - 1]!.end, tokens[k]!.start);
      const joined = gap === " " || gap === " & " || gap === "-" || gap === "'";
      if (!joined) break;
      if (/^\p{Lu}/u.test(tokens[k]!.text) || (k > a && folded[k]!.length > 1 && /^\p{Ll}/u.test(tokens[k]!.text) && /^['’]$/.test(gap))) run.push(k);
      else if (k > a && JOINERS.has(folded[k]!) && /^\p{Lu}/u.test(tokens[k + 1]?.text ?? "")) run.push(k);
      else break;
    }
    while (run.length && JOINERS.has(folded[run.at(-1)!]!)) run.pop();
    if (run.length === 0 || run.some(skip)) continue;
    if (run.length === 1 && /^\p{Lu}{2,5}$/u.test(tokens[run[0]!]!.text)) continue;
    runs.push(run);
    a = run.at(-1)!;
  }
  return runs;
}
