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
import { reviewSentence } from "./risk-review.ts";
import { screenStatement, type ScreenOptions } from "./screen-risk.ts";

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
  for (const t of turns) {
    const where = { turn: t.index, ...(t.speaker ? { speaker: t.speaker } : {}), ...(t.startMs !== undefined ? { startMs: t.startMs } : {}) };
    for (const sentence of splitSentences(t.text)) {
      const result = screenStatement(sentence, t.role, options);
      const review = reviewSentence(sentence, t.role, result, options);
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

/** The flags a clinician must acknowledge before the note is approved: risk flags and possible-risk review flags (not screened negatives). */
export function flagsToAcknowledge(flags: RiskFlag[]): { risk: number; review: number; total: number } {
  const risk = flags.filter((f) => f.verdict === "risk").length, review = flags.filter((f) => f.verdict === "review").length;
  return { risk, review, total: risk + review };
}
