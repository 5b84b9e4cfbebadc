import { describe, expect, it } from "vitest";
import { evaluateGate } from "./evaluation-gate.ts";
import { corpusBleu, rougeL } from "./text-metrics.ts";

describe("text metrics", () => {
  it("ROUGE-L: identical = 1, disjoint = 0, and the textbook example", () => {
    expect(rougeL("monitor blood pressure", "Monitor blood pressure.")).toBe(1);
    expect(rougeL("apples", "oranges")).toBe(0);
    // LCS("police killed the gunman", "police kill the gunman") = 3 → P = R = 3/4.
    expect(rougeL("police kill the gunman", "police killed the gunman")).toBeCloseTo(0.75, 10);
  });

  it("BLEU: identical corpus = 1, brevity is penalised, word salad scores low", () => {
    const refs = ["check blood pressure every fifteen minutes during the infusion", "stop the infusion if the patient is distressed"];
    expect(corpusBleu(refs, refs)).toBeCloseTo(1, 10);
    const short = corpusBleu(["check blood pressure", "stop the infusion"], refs);
    expect(short).toBeLessThan(0.5);
    const salad = corpusBleu(["minutes infusion blood the every check", "distressed stop if patient"], refs);
    expect(salad).toBeLessThan(short);
    expect(() => corpusBleu(["a"], [])).toThrow();
  });
});

describe("evaluation gate", () => {
  const item = (cand: string, act: string, candValid = true) => ({
    question: "q", reference: "monitor blood pressure every fifteen minutes", candidateAnswer: cand, activeAnswer: act,
    candidateCitationsValid: candValid, activeCitationsValid: true,
  });

  it("passes a candidate that is at least as good", () => {
    const r = evaluateGate([item("monitor blood pressure every fifteen minutes", "monitor pressure")]);
    expect(r.verdict).toBe("pass");
    expect(r.candidate.rougeL).toBeGreaterThan(r.active.rougeL);
  });

  it("fails a candidate that regresses beyond the margin, naming the metrics", () => {
    const r = evaluateGate([item("the weather is nice", "monitor blood pressure every fifteen minutes", false)], 0.02);
    expect(r.verdict).toBe("fail");
    expect(r.regressions).toEqual(expect.arrayContaining(["rougeL", "bleu", "citationValidity"]));
  });
});
