/**
 * Scores matchMetric on a set of metric questions, per question one outcome:
 * `matched` (right metric and every parameter the question names read right,
 * or a no-metric question refused), `wrongParameters` (right metric, a named
 * parameter misread), `wrongMetric` (another metric, or any metric for a
 * no-metric question: worse than a refusal, it answers a different question)
 * and `falseRefusal` (an answerable question refused).
 */
import { matchMetric, type Metric } from "@rounds/core";
import type { MetricQuestion } from "./metric-questions.ts";

export type MatchOutcome = "matched" | "wrongParameters" | "wrongMetric" | "falseRefusal";

export interface MatchScore {
  n: number;
  counts: Record<MatchOutcome, number>;
  rate: number;
  misses: Array<{ question: string; outcome: MatchOutcome; got: string | null; parameters?: Record<string, unknown> }>;
}

export function scoreMetricQuestions(questions: MetricQuestion[], metrics: Metric[], now: Date): MatchScore {
  const counts: Record<MatchOutcome, number> = { matched: 0, wrongParameters: 0, wrongMetric: 0, falseRefusal: 0 };
  const misses: MatchScore["misses"] = [];
  for (const q of questions) {
    const m = matchMetric(q.question, metrics, now);
    const got = m?.metric.id ?? null;
    let outcome: MatchOutcome;
    if (got !== q.metric) outcome = got === null ? "falseRefusal" : "wrongMetric";
    else if (Object.entries(q.parameters ?? {}).some(([k, v]) => m?.parameters[k] !== v)) outcome = "wrongParameters";
    else outcome = "matched";
    counts[outcome]++;
    if (outcome !== "matched") misses.push({ question: q.question, outcome, got, ...(m && { parameters: m.parameters }) });
  }
  return { n: questions.length, counts, rate: counts.matched / questions.length, misses };
}

const pct = (x: number, n: number) => `${x}/${n} (${((100 * x) / n).toFixed(1)}%)`;

/** One line: match, wrong metric, wrong parameters and false refusal rates. */
export function describeScore(name: string, s: MatchScore): string {
  return `${name}: matched ${pct(s.counts.matched, s.n)}, wrong metric ${pct(s.counts.wrongMetric, s.n)}, wrong parameters ${pct(s.counts.wrongParameters, s.n)}, false refusal ${pct(s.counts.falseRefusal, s.n)}`;
}
