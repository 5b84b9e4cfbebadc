/**
 * The embedding classifier's review bar, chosen on a false-alarm budget over ordinary sessions (issue #18).
 *
 * The classifier (`risk/risk-embedding-model.ts`) speaks only in the review tier: what it raises is shown for a
 * clinician to look at and dismiss. Its cost is the share of a session's client turns a clinician must look at. On
 * AnnoMI's public motivational-interviewing sessions (no risk talk to speak of) every turn the screen marks — a
 * flag or a review flag, from any layer — is that cost. The budget, fixed before any bar was tried: **at most 5% of
 * the client turns** marked, all layers together. AnnoMI's sessions, in file order, fall in three parts: its tune part
 * (even positions) is halved into a `train` quarter (positions 0, 4, 8, …: the classifier's ordinary-talk negatives,
 * `train-risk-embedding.ts`) and a `bar` quarter (2, 6, 10, …: the bar is the lowest one within the budget there, the
 * most recall the budget buys); its `heldout` part (odd positions) is only reported.
 *
 * Why 5% of client turns: an AnnoMI session has about 36 client turns, so the budget is under two turns a session to
 * dismiss, each shown with its quote and time — seconds of a clinician's reading, against a missed statement of
 * suicidal intent. Per sentence it is lower still (a turn has about two sentences).
 */
import type { ParsedSection } from "../../ports/index.ts";
import type { RiskEmbeddingModelFile, SentenceEmbeddings } from "../risk/risk-embedding-model.ts";
import { reviewSentence } from "../risk/risk-review.ts";
import { screenStatement } from "../risk/screen-risk.ts";
import { splitSentences } from "../../ingest/chunker.ts";
import { transcriptTurns } from "../transcript-turns.ts";
import { annomiPart, loadAnnoMi, sectionsOf } from "./annomi.ts";

/** The share of AnnoMI tune-part client turns the screen may mark, all layers together. */
export const FALSE_ALARM_BUDGET = 0.05;
/** The review bars compared (ascending). */
export const REVIEW_BARS = [0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99, 0.993, 0.995, 0.997, 0.998, 0.999];

/** One client turn of a session as the screen reads it: marked without the classifier, and the classifier's best probability. */
export interface TurnReading {
  /** Marked by the rules, concepts, word model or review cues (a flag or a review flag to acknowledge). */
  marked: boolean;
  /** The highest probability among its sentences the classifier may read (the review tier's conditions), or 0. */
  p: number;
}

/** AnnoMI's sessions for the classifier: its training quarter, its bar quarter, and the held-out half (see above). */
export type AnnoMiQuarter = "train" | "bar" | "heldout";

/** The client sentences of a part's sessions, as the screen splits them (what to embed). */
export function annomiScreenSentences(path: string, part: AnnoMiQuarter): string[] {
  return annomiTurns(path, part).flatMap((t) => splitSentences(t.text));
}

function annomiTurns(path: string, part: AnnoMiQuarter): Array<{ text: string; role: "patient" | "clinician" | "unknown" }> {
  const out: Array<{ text: string; role: "patient" | "clinician" | "unknown" }> = [];
  const at = { train: 0, bar: 2, heldout: 1 }[part], every = part === "heldout" ? 2 : 4;
  for (const [, rows, i] of annomiPart(loadAnnoMi(path), "all")) {
    if (i % every !== at) continue;
    const sections: ParsedSection[] = sectionsOf(rows, (r) => (r.interlocutor === "therapist" ? "Therapist" : "Client"));
    for (const t of transcriptTurns(sections)) if (t.role !== "clinician") out.push({ text: t.text, role: t.role });
  }
  return out;
}

/** Every client turn of the part, read once (the bar only decides which `p` count). */
export function readAnnoMiTurns(path: string, part: AnnoMiQuarter, embeddings: SentenceEmbeddings, model: RiskEmbeddingModelFile): TurnReading[] {
  return annomiTurns(path, part).map((t) => {
    let marked = false, p = 0;
    for (const sentence of splitSentences(t.text)) {
      const flag = screenStatement(sentence, t.role);
      if (flag.verdict === "risk") { marked = true; continue; }
      const review = reviewSentence(sentence, t.role, flag, { embeddings, embeddingModel: model, embeddingReviewThreshold: 0 });
      if (!review || review.screenedNegative) continue;
      if (review.cue.startsWith("embedding ")) p = Math.max(p, review.p ?? 0);
      else marked = true;
    }
    return { marked, p };
  });
}

/** Turns marked at bar `bar`: by the other layers, or by the classifier at or above it. */
export function markedAt(turns: TurnReading[], bar: number): number {
  return turns.filter((t) => t.marked || t.p >= bar).length;
}

/** The lowest bar whose share of marked turns is within the budget (undefined when none is). */
export function chooseReviewBar(turns: TurnReading[], budget = FALSE_ALARM_BUDGET, bars = REVIEW_BARS): number | undefined {
  return bars.find((bar) => markedAt(turns, bar) / Math.max(1, turns.length) <= budget);
}
