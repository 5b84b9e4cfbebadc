/**
 * Where a facility named only by common words is used as a proper name (#16, sixteenth round): a document's heading or a
 * letterhead line ("Silver Birch Hospital, Eastwick", "Referral letter — Harbour Light Clinic", "Royal Moorland Hospital —
 * Renal"). The name stands at a line's start or after a heading's dash or bar, and ends the line, meets a dash or bar,
 * or is followed by a comma and a capitalised word (its town). The caller still asks that some word of the name says which
 * facility ("Memory Clinic" and "General Practice" at a line's start stay).
 */
const BEFORE = /(?:^|\n)[\t ]*$|\S[\t ]+[—–|][\t ]+$/u;
const AFTER = /^(?:[\t ]*(?:\n|$)|[\t ]+[—–|][\t ]|,[\t ]+\p{Lu})/u;

export function facilityHeading(text: string, start: number, end: number): boolean {
  return BEFORE.test(text.slice(Math.max(0, start - 48), start)) && AFTER.test(text.slice(end, end + 8));
}

/** Words that say what kind of facility or whom it serves, not which one: a heading of them names no facility. */
export const KIND_OF_FACILITY = new Set("public local student staff rural urban state federal provincial municipal veterans adult adults youth senior language device protective".split(" "));

/**
 * Heads that name a service as often as a place ("Elder Protective Services", "Speech and Language Therapy"): a heading
 * ending in one is not taken for a facility's name. (Nor is a heading in capitals, a document's title: "STROKE PREVENTION CLINIC".)
 */
export const HEADING_ONLY_NOT = new Set(["services", "service", "therapy", "health", "healthcare", "medicine", "group", "team"]);
