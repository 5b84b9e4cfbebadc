/**
 * Short forms the knowledge base never writes but whose long form is a
 * retrieved page's title. Paraphrases name a condition by its initials
 * ("FEVR", "NMS", "BOR syndrome"); a page that never introduces the short
 * form ("(NMS)", see `abbreviations.ts`) still names the long form in its
 * title. A question word written in capitals that no indexed chunk holds
 * stands for the run of title words it abbreviates: its first letter begins
 * the run, every word of the run gives its initial in order, and only the
 * run's last word may give further letters ("familial exudative
 * vitreoretinopathy" for FEVR, "branchiootorenal" for BOR, "nephronophthisis"
 * for NPHP). Letters inside an earlier word are not accepted ("hemolytic
 * anemia" is not HLA). Nothing is listed: the long forms are the titles of
 * the passages retrieved for the question, or, for a short form none of them
 * spells out, of the knowledge base's pages (`knowledgeBaseShortForms`): a
 * question that names its subject by initials alone shares no word with that
 * page, so retrieval rarely brings it among the candidates. There the short
 * form may be one the knowledge base writes for something else ("RA" in a
 * gene's name): it keeps its own meaning, and the long form joins it.
 */
import { words } from "./analyze.ts";
import type { Alternative } from "./synonyms.ts";

/** Title words a short form skips (they have no initial in it). */
const SKIPPED = new Set("of the and with to in for due on a an".split(" "));

/** A question word written as a short form: two to six capital letters. */
const SHORT_FORM = /\b[A-Z]{2,6}\b/g;

/** Whether `short` (lower case letters) abbreviates the words `run` whole: every initial in order, extra letters only in the last word. */
function abbreviates(short: string, run: string[]): boolean {
  let s = 0;
  for (const [i, w] of run.entries()) {
    if (short[s] !== w[0]) return false;
    s++;
    if (i === run.length - 1) {
      let at = 1;
      while (s < short.length) {
        at = w.indexOf(short[s]!, at);
        if (at < 0) return false;
        at++;
        s++;
      }
    }
    if (s >= short.length && i < run.length - 1) return false;
  }
  return s === short.length;
}

/** The run of `title`'s words that `short` abbreviates (the one giving the most initials, then the earliest), or undefined. */
export function titleLongForm(short: string, title: string): string[] | undefined {
  const s = short.toLowerCase();
  const ws = words(title).filter((w) => !SKIPPED.has(w) && /^\p{L}/u.test(w));
  for (let len = s.length; len >= 1; len--) {
    for (let i = 0; i + len <= ws.length; i++) {
      const run = ws.slice(i, i + len);
      // A one-word long form must be longer than the short form by more than a plural.
      if (len === 1 && run[0]!.length <= s.length + 1) continue;
      if (abbreviates(s, run)) return run;
    }
  }
  return undefined;
}

/**
 * Alternatives for the question's short forms that the knowledge base never
 * uses (`frequencies` 0), from the titles of the passages retrieved for it:
 * the first title (in retrieval order) that a short form abbreviates.
 */
export function titleShortForms(question: string, subject: readonly string[], frequencies: Map<string, number>, titles: readonly string[]): Alternative[] {
  const out: Alternative[] = [];
  for (const short of unknownShortForms(question, subject, frequencies)) {
    for (const title of new Set(titles)) {
      const long = titleLongForm(short, title);
      if (long) {
        out.push({ words: long, for: [short] });
        break;
      }
    }
  }
  return out;
}

/** A short form joined to a number ("WD-40", "COVID-19") is a name of its own, not a title's initials. */
const CODE = /^-?\d/;

/** The question's short forms (capitals, lower-cased) that are subject words. */
export function shortForms(question: string, subject: readonly string[]): string[] {
  const asked = new Set(subject);
  const found = [...question.matchAll(SHORT_FORM)].filter((m) => !CODE.test(question.slice(m.index + m[0].length))).map((m) => m[0].toLowerCase());
  return [...new Set(found)].filter((w) => asked.has(w));
}

/** The question's short forms that are subject words no indexed chunk holds. */
export function unknownShortForms(question: string, subject: readonly string[], frequencies: Map<string, number>): string[] {
  return shortForms(question, subject).filter((w) => frequencies.get(w) === 0);
}

/**
 * Alternatives for the short forms in `shorts` from all the titles of the
 * knowledge base's pages (not only the retrieved ones). Among hundreds of
 * titles a short form spells out part of a title by chance ("MRSA" in
 * "Melkersson-Rosenthal syndrome", "CT" in "germ cell tumors"), so here the
 * run must be the whole title (less its function words), of two words or
 * more, and the one long form so found ("RA" for "Rheumatoid arthritis";
 * "HD" for pages titled "Heart disease" and "Huntington disease" names
 * neither for sure and is left alone).
 */
export function knowledgeBaseShortForms(shorts: readonly string[], titles: readonly string[]): Alternative[] {
  const out: Alternative[] = [];
  for (const short of shorts) {
    const longs = new Set<string>();
    for (const title of new Set(titles)) {
      const long = titleLongForm(short, title);
      const whole = words(title).filter((w) => !SKIPPED.has(w) && /^\p{L}/u.test(w));
      if (long && long.length >= 2 && long.length === whole.length) longs.add(long.join(" "));
    }
    if (longs.size === 1) out.push({ words: [...longs][0]!.split(" "), for: [short] });
  }
  return out;
}
