/**
 * Runs the risk screen over every sentence of every turn. Each flag cites
 * its turn (speaker and the turn's own time) and quotes the sentence.
 */
import { splitSentences } from "../../ingest/chunker.ts";
import type { TranscriptTurn } from "../transcript-turns.ts";
import type { RiskCategory } from "./risk-patterns.ts";
import { screenStatement } from "./screen-risk.ts";

export interface RiskFlag {
  category: RiskCategory;
  /** `risk`: a risk statement; `denied`: a screened negative ("denies SI"), shown but not a flag to acknowledge. */
  verdict: "risk" | "denied";
  /** `review`: raised only by a risk concept ("possible risk — review"); still a flag to acknowledge. */
  tier?: "review";
  turn: number;
  speaker?: string;
  startMs?: number;
  quote: string;
}

export function screenTranscript(turns: TranscriptTurn[]): RiskFlag[] {
  const flags: RiskFlag[] = [];
  for (const t of turns) {
    for (const sentence of splitSentences(t.text)) {
      const result = screenStatement(sentence, t.role);
      for (const f of result.findings) {
        if (result.verdict === "risk" && f.verdict === "denied") continue;
        if (flags.some((x) => x.turn === t.index && x.category === f.category && x.verdict === f.verdict)) continue;
        flags.push({
          category: f.category, verdict: f.verdict, turn: t.index, quote: sentence.trim(), ...(f.tier ? { tier: f.tier } : {}),
          ...(t.speaker ? { speaker: t.speaker } : {}), ...(t.startMs !== undefined ? { startMs: t.startMs } : {}),
        });
      }
    }
  }
  return flags;
}
