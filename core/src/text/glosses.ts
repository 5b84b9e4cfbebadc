/**
 * Other names a question declares itself. A writer who calls a condition by
 * a short form, an eponym or a lay name often glosses it in parentheses with
 * another name, "FLC (fibrolamellar)", "TSC (Bourneville disease)", "BOS
 * (dermatoosteopoikilosis)": the two sides name one thing. When one side
 * names a page (`titleNaming` in answer/subject-focus.ts), the words of the
 * other side are part of that name too, so the unknown words among them are
 * excused as the name's own are ("Comel" in "Comel-Netherton disease").
 *
 * Only the words next to the parenthesis pair up: the run of at most
 * `GLOSS_WORDS` words directly before "(" (within one phrase: no punctuation
 * between) and the words inside it. Nothing is excused unless the word
 * directly before "(" or a word inside it is a naming word, so a gloss beside a name no page carries ("leprosy (Hansen's
 * disease)" where no title is named) excuses nothing.
 */
import { words as wordsOf } from "./analyze.ts";

/** Words before "(" that can be the glossed name (a name is short: "BOR", "Melnick-Fraser syndrome", "ML III gamma"). */
export const GLOSS_WORDS = 4;

/** Pairs of sides ("before", "inside") of each parenthesised gloss in `question`, as lower-case words. */
export function glosses(question: string): Array<[string[], string[]]> {
  const pairs: Array<[string[], string[]]> = [];
  for (const m of question.matchAll(/\(([^()]*)\)/g)) {
    const inside = wordsOf(m[1]!);
    // The phrase directly before "(": back to the previous punctuation other than a hyphen or apostrophe.
    const before = question.slice(0, m.index).split(/[^\p{L}\p{N}'\s-]+/u).at(-1) ?? "";
    const side = wordsOf(before).slice(-GLOSS_WORDS);
    if (inside.length && side.length) pairs.push([side, inside]);
  }
  return pairs;
}

/**
 * The question's words that a parenthesised gloss pairs with a word of
 * `name` (the words that name a page): the other side's words, whole, where
 * a word inside the parentheses or the word directly before them names it.
 */
export function glossedName(question: string, name: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const [before, inside] of glosses(question)) {
    // English puts a name's head last: the word directly before "(" must name the page.
    if (name.has(before.at(-1)!)) for (const w of inside) out.add(w);
    if (inside.some((w) => name.has(w))) for (const w of before) out.add(w);
  }
  return out;
}
