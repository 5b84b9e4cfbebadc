import { corpusBleu, rougeL } from "./text-metrics.ts";

export interface EvaluationItem {
  question: string;
  reference: string;
  candidateAnswer: string;
  activeAnswer: string;
  /** Whether every citation in each answer pointed at a retrieved passage. */
  candidateCitationsValid: boolean;
  activeCitationsValid: boolean;
}

interface ModelScores {
  rougeL: number;
  bleu: number;
  citationValidity: number;
}

export interface EvaluationReport {
  n: number;
  candidate: ModelScores;
  active: ModelScores;
  /** Largest drop allowed on any metric before the candidate counts as a regression. */
  margin: number;
  regressions: Array<keyof ModelScores>;
  verdict: "pass" | "fail";
}

const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

function scores(items: EvaluationItem[], which: "candidate" | "active"): ModelScores {
  const answers = items.map((i) => (which === "candidate" ? i.candidateAnswer : i.activeAnswer));
  return {
    rougeL: mean(items.map((i, k) => rougeL(answers[k]!, i.reference))),
    bleu: corpusBleu(answers, items.map((i) => i.reference)),
    citationValidity: mean(items.map((i) => ((which === "candidate" ? i.candidateCitationsValid : i.activeCitationsValid) ? 1 : 0))),
  };
}

/**
 * The promotion gate: the candidate passes only if no metric falls more than
 * `margin` below the active model's on the held-out set.
 */
export function evaluateGate(items: EvaluationItem[], margin = 0.02): EvaluationReport {
  if (items.length === 0) throw new Error("the held-out set is empty");
  const candidate = scores(items, "candidate");
  const active = scores(items, "active");
  const regressions = (Object.keys(candidate) as Array<keyof ModelScores>).filter((k) => candidate[k] < active[k] - margin);
  return { n: items.length, candidate, active, margin, regressions, verdict: regressions.length === 0 ? "pass" : "fail" };
}
