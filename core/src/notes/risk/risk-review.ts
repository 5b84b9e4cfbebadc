/**
 * The recall-first second tier of the risk screen: "possible risk — review".
 * The flag tier (`screen-risk.ts`: statement patterns, the learned model and
 * the concept layer, with negation, hypotheticals, third parties and
 * questions judged around every match) is tuned for precision and misses
 * about half of the risk sentences written by people who did not write it.
 * This tier casts a wide net over the patient's sentences the flag tier did
 * not flag: a sentence that names a risk *theme* in any phrasing (death and
 * dying, wanting life or pain to stop, hopelessness, being a burden,
 * farewells, weapons, medication in quantity, places to jump, hurting
 * oneself, hurting others, being hurt or controlled, a lapse) is shown for a
 * clinician to review and dismiss. It reads no scope beyond two rules: a
 * clinician's words are never the patient's risk, and a sentence the flag
 * tier read as a denial ("I've never tried to kill myself") is already shown
 * as a screened negative. The cue classes and that rule were chosen on the
 * tune splits only (README: "The review tier").
 */
import type { RiskCategory } from "./risk-patterns.ts";
import { REVIEW_CUES } from "./review-cues.ts";
import { committedRiskEmbeddingModel, scoreRiskEmbedding } from "./risk-embedding-model.ts";
import { committedRiskModel, scoreRiskModel } from "./risk-model.ts";
import { CLAUSE_BREAK, deniedAt, documentedStatement, FIRST_PERSON, normaliseStatement, otherOrHypotheticalAt, pastResolved, screenStatement, type RiskScreenResult, type ScreenOptions, type SpeakerRole } from "./screen-risk.ts";

export { REVIEW_CUES, type ReviewCue } from "./review-cues.ts";

export interface ReviewMatch {
  category: RiskCategory;
  cue: string;
  /** The theme is in a past the sentence says has ended ("it's been a year since I last cut"): a screened negative, shown as such, not a review flag. */
  screenedNegative?: true;
  /** Raised by the learned word model or the embedding classifier: its probability. */
  p?: number;
}

/**
 * The review tier on one sentence, given the flag tier's result on it: nothing when the flag tier flagged it as
 * risk; when the flag tier read a denial in it ("denies SI", "I've never tried to kill myself"), the denied clauses
 * are a screened negative, shown as such, and only the sentence's other clauses are read ("I'm not suicidal, but I
 * keep thinking everyone would be better off without me" is still a review flag). The one entry point the
 * transcript screen and the measures share.
 */
export function reviewSentence(text: string, role: SpeakerRole, flag: RiskScreenResult, options: ScreenOptions = {}): ReviewMatch | undefined {
  if (flag.verdict === "risk") return undefined;
  const documented = documentedStatement(text, role);
  if (documented !== undefined) return reviewSentence(documented, "patient", flag, options);
  if (flag.verdict === "none") {
    if (role === "clinician") return undefined;
    const norm = normaliseStatement(text);
    const found = allCues(norm);
    if (!found.length) return modelReview(norm, options) ?? embeddingReview(text, norm, options);
    // Every theme the sentence names is read, in order, not only the first: "my mum found the razor but I have
    // another …", "I keep getting urges to push people onto the tracks" (the tracks are said with someone else in the
    // clause; pushing people is not). A theme in a past the sentence says has ended, or an act the sentence denies
    // ("my partner has never been violent", "I didn't take too many"), is a screened negative. Not for ideation's
    // themes, whose cues carry their own negation ("I can't see the point", "no one would miss me").
    // A self-directed theme (ideation, self-harm, overdose, means, relapse) said of someone else or inside a
    // hypothetical, as the flag tier reads its clause ("my flatmate took an overdose", "if I ever felt like ending it"),
    // is no review flag (someone else as the subject does not count when the theme's own words name the speaker:
    // "you won't have to put up with me much longer", "it's on my thighs now"), in a short sentence only: in a long run-on one the subject the flag tier finds may belong to
    // an earlier conjunct ("he said to rest it and part of me wants to…"). Harm to others and abuse keep no scope: a
    // third party hurting a child is a safeguarding concern, and a conditional threat is a threat.
    const scoped = norm.split(/\s+/).length < SCOPED_WORDS;
    // A theme of the same category as a denied one is read with the denial ("I haven't cut since I was sixteen, the
    // scars are old").
    const denied = found.filter((one) => deniedTheme(norm, one));
    for (const one of found) {
      if (denied.some((d) => d.category === one.category)) continue;
      if (SELF_DIRECTED.has(one.category) && scoped && otherOrHypotheticalAt(norm, one.index, SPEAKER_NAMED.test(one.cue))) continue;
      return { category: one.category, cue: one.cue };
    }
    return denied[0] && { category: denied[0].category, cue: denied[0].cue, screenedNegative: true };
  }
  if (pastResolved(normaliseStatement(text))) return undefined;
  for (const clause of normaliseStatement(text).split(CLAUSE_BREAK).map((c) => c.trim()).filter(Boolean)) {
    if (screenStatement(clause, role).verdict === "denied") continue;
    const found = reviewStatement(clause, role);
    // A clause that does not name the speaker and names the same act the flag tier read as denied is part of that
    // denial ("Denies self-harm; old scars bilateral forearms"; not "…, but I've been doing coke most weekends"); not
    // ideation, whose cues carry their own negation ("I'm not suicidal, but … better off without me").
    if (found && found.category !== "suicidal_ideation" && !FIRST_PERSON.test(clause) && flag.findings.some((f) => f.verdict === "denied" && f.category === found.category)) continue;
    if (found) return found;
  }
  return undefined;
}

/**
 * The review tier's cues on one sentence (or clause), with no scope read beyond the speaker:
 * the first risk theme it names, or nothing. Clinicians' sentences are never a review flag.
 */
export function reviewStatement(text: string, role: SpeakerRole): ReviewMatch | undefined {
  if (role === "clinician") return undefined;
  const found = firstCue(normaliseStatement(text));
  return found && { category: found.category, cue: found.cue };
}

/**
 * The learned model as the review tier's second net: a sentence no cue named, whose risk probability reaches the
 * model file's `reviewThreshold` (below the flag tier's bar; the flag bar when the file has none), unless it is a question put to the listener or places
 * its risk in a past it says has ended. `options.model` as in the flag tier (`null`: no model).
 */
function modelReview(norm: string, options: ScreenOptions): ReviewMatch | undefined {
  if (options.model === null) return undefined;
  const m = options.model ?? committedRiskModel();
  // Without a lower review bar, the flag bar: a sentence the model scores over it that names no risk theme is a review
  // flag, not a flag (`screen-risk.ts`).
  const bar = options.reviewThreshold ?? m.reviewThreshold ?? options.threshold ?? m.threshold;
  if (bar === undefined || (norm.trim().endsWith("?") && /\byou\b/.test(norm)) || pastResolved(norm)) return undefined;
  // Each sentence that names the speaker, whole, as the flag tier reads it (a turn's other sentences dilute the one
  // that says it); not a long sentence's clauses: read alone at a lower bar they raised two to three times the review
  // flags on AnnoMI's even sessions for two more risk statements out of fold (measure/train-risk-model.ts).
  const scored = norm.split(/(?<=[.!?])\s+/).filter((x) => FIRST_PERSON.test(x)).map((x) => scoreRiskModel(x, m)).sort((a, b) => b.p - a.p)[0];
  if (!scored) return undefined;
  return scored.p >= bar ? { category: scored.category, cue: `model p=${scored.p.toFixed(2)}`, p: scored.p } : undefined;
}

/**
 * The sentence-embedding classifier as the review tier's third net: a patient's sentence no cue named and the word
 * model did not raise, that names the speaker, is not a question put to the listener and places no risk in a past it
 * says has ended, whose probability reaches the classifier's review bar. It never raises a flag-tier flag: on ordinary
 * talk it cannot tell distress from risk well enough (core/src/notes/README.md), so what it adds is shown for a
 * clinician to look at, under a false-alarm budget. Silent without vectors (no embedder for it) or with `null`.
 */
function embeddingReview(text: string, norm: string, options: ScreenOptions): ReviewMatch | undefined {
  if (options.embeddingModel === null || !FIRST_PERSON.test(norm) || (norm.trim().endsWith("?") && /\byou\b/.test(norm)) || pastResolved(norm)) return undefined;
  const vector = options.embeddings?.(text);
  if (!vector) return undefined;
  const m = options.embeddingModel ?? committedRiskEmbeddingModel();
  const p = scoreRiskEmbedding(vector, m);
  if (p < (options.embeddingReviewThreshold ?? m.reviewThreshold)) return undefined;
  return { category: scoreRiskModel(norm).category, cue: `embedding p=${p.toFixed(2)}`, p };
}

/** A theme in a past the sentence says has ended, or an act the sentence denies. */
function deniedTheme(norm: string, found: ReviewMatch & { index: number }): boolean {
  return pastResolved(norm) || (found.category !== "suicidal_ideation" && deniedAt(norm, found.index, found.cue.length));
}

/** The speaker named inside a theme's words ("put up with me", "my thighs"; a reflexive needs the speaker as subject anyway). */
const SPEAKER_NAMED = /\b(?:i|me|my|mine)\b/;
const SELF_DIRECTED: ReadonlySet<RiskCategory> = new Set<RiskCategory>(["suicidal_ideation", "self_harm", "overdose", "plan_or_means", "substance_relapse"]);
/** Sentences of fewer words than this get the third-party and hypothetical scope (above). */
const SCOPED_WORDS = 20;

function firstCue(norm: string): (ReviewMatch & { index: number }) | undefined {
  return allCues(norm)[0];
}

const GLOBAL_CUES = new Map(REVIEW_CUES.map((cue) => [cue, new RegExp(cue.re.source, "g")]));

/** Every cue match in the sentence, cue by cue in their order, each cue's matches left to right. */
function allCues(norm: string): Array<ReviewMatch & { index: number }> {
  return REVIEW_CUES.flatMap((cue) => [...norm.matchAll(GLOBAL_CUES.get(cue)!)].map((m) => ({ category: cue.category, cue: m[0], index: m.index })));
}
