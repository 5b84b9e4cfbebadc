/**
 * Deterministic synthetic clinical prose for benchmarks: sentences drawn
 * from a fixed vocabulary with a Zipf-like word distribution, so lexical
 * posting lists and document lengths look like real guidance documents.
 */
const vocabulary = (
  "ketamine infusion dose monitoring blood pressure heart rate oxygen saturation patient clinician session integration " +
  "preparation consent dissociation nausea ondansetron midazolam benzodiazepine lamotrigine stimulant depression anxiety " +
  "suicidal risk assessment discharge recovery observation protocol induction maintenance response remission scale score " +
  "baseline review prescriber nurse therapist contraindication hypertension psychosis pregnancy substance alcohol opioid " +
  "esketamine nasal spray device interval weeks minutes hours infusion pump weight adjusted tolerance adverse event report " +
  "family support transport sleep appetite mood rumination grief trauma insight goal plan follow-up telehealth clinic room"
).split(" ");

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sentence(random: () => number, words = 14): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    // Zipf-ish: low indexes much more frequent.
    const idx = Math.min(vocabulary.length - 1, Math.floor(vocabulary.length * random() ** 2.2));
    out.push(vocabulary[idx]!);
  }
  const s = out.join(" ");
  return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
}

export function paragraph(random: () => number, sentences = 6): string {
  return Array.from({ length: sentences }, () => sentence(random, 8 + Math.floor(random() * 12))).join(" ");
}

const askings = ["What does the protocol say about", "How should the team handle", "When is", "What is recommended for", "Which", "How often is", "Who reviews", "What should happen with"];

/** A question in the synthetic vocabulary (two to four subject words after a phrase of asking), for retrieval benchmarks. */
export function question(random: () => number): string {
  const words = Array.from({ length: 2 + Math.floor(random() * 3) }, () => vocabulary[Math.floor(random() * vocabulary.length)]!);
  return `${askings[Math.floor(random() * askings.length)]!} ${words.join(" ")}?`;
}

const settings = ["In an adult with", "For a patient on", "After a course of", "In an older patient with", "During maintenance with", "For a pregnant patient with"];

/**
 * A long clinical-style question in the synthetic vocabulary (30 to 50 words): the patient's
 * situation in one or two clauses, then what is asked about, as a clinician types a case.
 */
export function clinicalQuestion(random: () => number): string {
  const pick = (n: number) => Array.from({ length: n }, () => vocabulary[Math.floor(random() * vocabulary.length)]!).join(" ");
  const situation = `${settings[Math.floor(random() * settings.length)]!} ${pick(3 + Math.floor(random() * 3))} and ${pick(2 + Math.floor(random() * 3))}, who reported ${pick(3)} after ${pick(2)} at the last ${pick(2)}`;
  const more = random() < 0.5 ? ` and whose ${pick(2)} has changed since ${pick(3)} was started` : "";
  return `${situation}${more}, ${askings[Math.floor(random() * askings.length)]!.toLowerCase()} ${pick(4 + Math.floor(random() * 4))} before the next ${pick(2)}?`;
}
