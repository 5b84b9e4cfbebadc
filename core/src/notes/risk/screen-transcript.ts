/**
 * Runs the risk screen over every sentence of every turn, in two tiers. The
 * flag tier (`screen-risk.ts`) raises risk flags and screened negatives; the
 * recall-first review tier (`risk-review.ts`) then reads every patient
 * sentence the flag tier did not flag as risk and raises "possible risk —
 * review" flags (`verdict: "review"`). Each flag cites its turn (speaker and
 * the turn's own time) and quotes the sentence; risk and review flags both
 * need acknowledging before a note is approved.
 */
import { splitSentences } from "../../ingest/chunker.ts";
import type { TranscriptTurn } from "../transcript-turns.ts";
import type { RiskCategory } from "./risk-patterns.ts";
import { reviewSentence, reviewStatement } from "./risk-review.ts";
import { normaliseStatement, screenStatement, type ScreenOptions } from "./screen-risk.ts";

export interface RiskFlag {
  category: RiskCategory;
  /**
   * `risk`: a risk statement (the flag tier); `review`: possible risk, raised by the recall-first review tier on a
   * sentence the flag tier did not flag (`risk-review.ts`); both need acknowledging. `denied`: a screened negative
   * ("denies SI"), shown but not a flag to acknowledge.
   */
  verdict: "risk" | "review" | "denied";
  /** `review`: a flag-tier flag raised only by a risk concept (`risk-concepts.ts`), not a statement pattern or the model. */
  tier?: "review";
  turn: number;
  speaker?: string;
  startMs?: number;
  quote: string;
}

/** `options.embeddings`: sentence vectors for the embedding classifier (`riskScreenEmbeddings`); without them it is silent. */
export function screenTranscript(turns: TranscriptTurn[], options: ScreenOptions = {}): RiskFlag[] {
  const flags: RiskFlag[] = [];
  for (const [i, t] of turns.entries()) {
    const where = { turn: t.index, ...(t.speaker ? { speaker: t.speaker } : {}), ...(t.startMs !== undefined ? { startMs: t.startMs } : {}) };
    const asked = t.role !== "clinician" ? askedAbout(turns[i - 1]) : undefined;
    for (const [k, sentence] of splitSentences(t.text).entries()) {
      const result = screenStatement(sentence, t.role, options);
      const review = reviewSentence(sentence, t.role, result, options);
      // The patient's first sentence as a bare answer to the clinician's risk question ("No, no plan.", "Yes, a few times.").
      const answer = asked && k === 0 && result.verdict === "none" && !review ? bareAnswer(sentence) : undefined;
      if (answer && asked) {
        // "No" to a question about risk is a screened negative, "yes" a possible risk; to a question about safety ("Do
        // you feel safe at home?") the other way round.
        flags.push({ category: asked.category, verdict: (answer === "no") === asked.aboutRisk ? "denied" : "review", ...where, quote: sentence.trim() });
        continue;
      }
      const reviewVerdict = review?.screenedNegative ? "denied" : "review";
      if (review && !flags.some((x) => x.turn === t.index && x.category === review.category && x.verdict === reviewVerdict)) {
        flags.push({ category: review.category, verdict: reviewVerdict, ...where, quote: sentence.trim() });
      }
      for (const f of result.findings) {
        if (result.verdict === "risk" && f.verdict === "denied") continue;
        if (flags.some((x) => x.turn === t.index && x.category === f.category && x.verdict === f.verdict)) continue;
        flags.push({ category: f.category, verdict: f.verdict, ...where, quote: sentence.trim(), ...(f.tier ? { tier: f.tier } : {}) });
      }
    }
  }
  return flags;
}

/**
 * The risk category a clinician's turn asks the patient about, when it ends with a question about risk ("Do you have
 * any plan to hurt yourself?", "Any thoughts of ending your life?") or about safety ("Are you staying sober?"): the
 * question read as the patient saying it ("you" as "I"), by the same screen. Undefined for any other turn.
 */
export function askedAbout(turn: TranscriptTurn | undefined): { category: RiskCategory; aboutRisk: boolean } | undefined {
  if (turn?.role !== "clinician") return undefined;
  const question = splitSentences(turn.text).map((x) => x.trim()).filter((x) => x.endsWith("?")).at(-1);
  if (!question || !turn.text.trim().endsWith("?")) return undefined;
  const said = question.toLowerCase().replace(/\?+$/, ".").replace(/\byourself\b/g, "myself").replace(/\byours\b/g, "mine").replace(/\byour\b/g, "my").replace(/\byou\b/g, "I")
    .replace(/^(?:do|did|have|has|are|were|would|will|could|can|is)\s+I\s+/, "I ").replace(/^any\s+/, "I have ");
  const read = screenStatement(said, "patient", { model: null });
  if (read.findings[0]) return { category: read.findings[0].category, aboutRisk: read.verdict === "risk" };
  const theme = reviewStatement(said, "patient");
  return theme && { category: theme.category, aboutRisk: true };
}

const NO = /^(?:no|nope|nah|never|not really|not at all|not now|not anymore|definitely not|absolutely not|none|not that i know of|i (?:have|do|did|am|would) not|i have never)\b/;
const YES = /^(?:yes|yeah|yep|yup|i (?:have|do|did|am|would)(?! not)|sometimes|a few times|once|twice|a bit|a little|kind of|maybe|i think so)\b/;
/** A short answer with no risk words of its own: "no", "yes", or neither (anything longer than eight words, or else). */
function bareAnswer(sentence: string): "no" | "yes" | undefined {
  const norm = normaliseStatement(sentence).trim();
  if (norm.split(/\s+/).length > 8) return undefined;
  return NO.test(norm) ? "no" : YES.test(norm) ? "yes" : undefined;
}

/** The flags a clinician must acknowledge before the note is approved: risk flags and possible-risk review flags (not screened negatives). */
export function flagsToAcknowledge(flags: RiskFlag[]): { risk: number; review: number; total: number } {
  const risk = flags.filter((f) => f.verdict === "risk").length, review = flags.filter((f) => f.verdict === "review").length;
  return { risk, review, total: risk + review };
}
