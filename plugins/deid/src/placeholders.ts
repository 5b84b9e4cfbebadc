import type { PhiSpan, PhiType, PlaceholderNumbering } from "@rounds/core";
import { fold, vocabulary } from "./vocabulary.ts";

/**
 * Numbered placeholders for one document: `[NAME_1] … [NAME_1] … [NAME_2]`.
 * The same surface form (case and spacing aside) of the same type gets the
 * same number, so a reader still sees whether one person or two are meant;
 * numbers count per type in order of first appearance.
 */
export class PlaceholderNumbers {
  private readonly seen: Map<string, number>;
  private readonly counts: Map<PhiType, number>;

  /** With `shared`, numbers continue those of earlier calls over the same document (`DeidOptions.numbering`). */
  constructor(shared?: PlaceholderNumbering) {
    this.seen = shared?.seen ?? new Map<string, number>();
    this.counts = shared?.counts ?? new Map<PhiType, number>();
  }

  placeholder(type: PhiType, original: string): string {
    // An honorific taken with a name in recall mode does not make another person: "Dr. Okonkwo" and "Okonkwo" agree.
    const key = `${type}:${original.slice(type === "NAME" ? honorificLength(original) : 0).toLowerCase().replace(/\s+/g, " ").trim()}`;
    let n = this.seen.get(key);
    if (n === undefined) {
      n = (this.counts.get(type) ?? 0) + 1;
      this.counts.set(type, n);
      this.seen.set(key, n);
    }
    return `[${type}_${n}]`;
  }
}

/** The length of an honorific (and its full stop and space) that begins a name span in recall mode ("Dr. ", "mrs "), or 0. */
export const honorificLength = (original: string): number => HONORIFIC_PREFIX.exec(original)?.[0].length ?? 0;
const HONORIFIC_PREFIX = /^(?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof|Professor|Sir|Dame|dr|mr|mrs|ms|prof)\.? (?=\S)/;

/** Titles and honorifics: a kept "Dr" before a name is not a leftover of it. */
const TITLES = new Set("dr mr mrs ms miss mx prof professor sir dame nurse sister rev fr".split(" "));
/** An English word that is not a given name ("Patient Miguel Santos", "Santos said"): not a leftover. */
const ordinary = (w: string) => !/\d/.test(w) && w.length > 1 && vocabulary().safe.has(fold(w)) && !vocabulary().given.has(fold(w));
/** Name particles between a name and its leftover: "Rosalind [de la] Vega". */
const PARTICLES = "(?:(?:da|das|de|del|della|der|di|do|dos|du|la|le|van|von|den|ter|ten|bin|ibn|al|el)[ \\t]+){0,3}";
const NAME_LIKE: ReadonlySet<PhiType> = new Set(["NAME", "LOCATION"]);

/**
 * Whether a token that no span removed sits right beside `span` (a space, a
 * hyphen or an initial's full stop between, same line) and looks like a piece
 * of the same identifier: for names and places a capitalised word or an
 * initial, for numbers a group of digits or a short code ("ext 22"). A
 * surrogate there would make the leftover look like part of a fake.
 */
export function fragmentLeftBeside(text: string, span: PhiSpan, spans: readonly PhiSpan[]): boolean {
  const covered = (start: number, end: number) => spans.some((s) => s.start < end && s.end > start);
  const names = NAME_LIKE.has(span.type);
  const fragment = names ? /^\p{Lu}[\p{L}\p{M}'’]*$/u : /^\p{L}{0,3}\d[\p{L}\p{N}]*$/u;
  const initial = (w: string) => /^\p{Lu}$/u.test(w);
  const before = /([\p{L}\p{M}\p{N}'’]+)(\.[ \t]|[ \t]|-)$/u.exec(text.slice(Math.max(0, span.start - 40), span.start));
  if (before) {
    const word = before[1]!;
    const start = span.start - before[0].length;
    // "Jones. Bennett": a full stop ends a sentence unless it follows an initial.
    const ok = !before[2]!.startsWith(".") || initial(word);
    if (ok && fragment.test(word) && !TITLES.has(word.toLowerCase()) && !ordinary(word) && !covered(start, start + word.length)) return true;
  }
  const extension = names ? "" : "(?:ext\\.?|extension|x)?\\s*";
  const after = new RegExp(`^(\\.[ \\t]|[ \\t]|-)${names ? PARTICLES : extension}([\\p{L}\\p{M}\\p{N}'’]+)`, "u").exec(text.slice(span.end, span.end + 40));
  if (after) {
    const word = after[2]!;
    const start = span.end + after[0].length - word.length;
    const ok = !after[1]!.startsWith(".") || initial(text.slice(span.end - 1, span.end));
    // After a particle ("de la Vega") a capitalised word is the rest of the name even when it is also a word.
    const particle = after[0].length > after[1]!.length + word.length;
    if (ok && fragment.test(word) && (particle || !ordinary(word)) && !covered(start, start + word.length)) return true;
  }
  return false;
}
