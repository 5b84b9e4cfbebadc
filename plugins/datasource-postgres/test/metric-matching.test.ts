// Match rate of data questions to the demo practice's metrics without a
// language model (core's matchMetric). Sets: the first set
// (metric-questions.ts) whose "tune" split and the independent set
// (metric-questions-independent.ts) the matcher was tuned on (printed only),
// and the two never tuned on, with floors fixed before their first run: the
// first set's "report" split and the third set (metric-questions-blind-3.ts). A question counts as matched when the metric is right (or, for a
// question no metric answers, when it is refused) and every parameter the
// question names was read correctly.
import { matchMetric } from "@rounds/core";
import { describe, expect, it } from "vitest";
import { demoSource } from "../src/testing/demo-practice.ts";
import { INDEPENDENT_METRIC_QUESTIONS } from "./metric-questions-independent.ts";
import { BLIND_3_METRIC_QUESTIONS } from "./metric-questions-blind-3.ts";
import { METRIC_QUESTIONS, type MetricQuestion } from "./metric-questions.ts";
import { describeScore, scoreMetricQuestions } from "./score-metric-questions.ts";

const metrics = demoSource({ organizationId: "00000000-0000-4000-8000-000000000000", url: "unused", tenantId: "t" }).metrics;
const now = new Date("2026-12-06T10:00:00Z");

function score(split: MetricQuestion["split"], questions: MetricQuestion[] = METRIC_QUESTIONS): { rate: number; misses: string[]; n: number } {
  const set = questions.filter((q) => q.split === split);
  const misses = set.filter((q) => {
    const m = matchMetric(q.question, metrics, now);
    if ((m?.metric.id ?? null) !== q.metric) return true;
    return Object.entries(q.parameters ?? {}).some(([k, v]) => m?.parameters[k] !== v);
  }).map((q) => q.question);
  return { rate: (set.length - misses.length) / set.length, misses, n: set.length };
}

describe("matching data questions to metrics without a language model", () => {
  it("the paraphrase set has 40+ questions, both splits, and questions no metric answers", () => {
    expect(METRIC_QUESTIONS.length).toBeGreaterThanOrEqual(40);
    expect(METRIC_QUESTIONS.filter((q) => q.split === "report").length).toBeGreaterThanOrEqual(20);
    expect(METRIC_QUESTIONS.filter((q) => q.metric === null).length).toBeGreaterThanOrEqual(4);
  });

  it("report split (never tuned on): at least 80% matched with the right parameters", () => {
    const report = score("report");
    process.stdout.write(`metric match rate: report ${(report.rate * 100).toFixed(1)}% of ${report.n}; tune ${(score("tune").rate * 100).toFixed(1)}%\n`);
    if (report.misses.length) process.stdout.write(`missed (report): ${report.misses.join(" / ")}\n`);
    expect(report.rate).toBeGreaterThanOrEqual(0.8);
  });

  it("third set (helper/match12, blind: never tuned on): at least 60% matched, at most 10% answered with a wrong metric", () => {
    // Both floors were fixed and committed before the set was first scored.
    // The matcher's later changes were made looking at the first set's tune
    // split and the independent set only; this set was scored once before
    // them and once after (the README gives both runs).
    expect(BLIND_3_METRIC_QUESTIONS.length).toBeGreaterThanOrEqual(60);
    expect(BLIND_3_METRIC_QUESTIONS.filter((q) => q.metric === null).length).toBeGreaterThanOrEqual(10);
    const blind = scoreMetricQuestions(BLIND_3_METRIC_QUESTIONS, metrics, now);
    process.stdout.write(`${describeScore("blind-3", blind)}\n`);
    // The sets tuned on are printed, never asserted: the first set's tune split and the independent set
    // (blind once at 44%, tuned on since helper/match12, so a floor on it would measure nothing).
    process.stdout.write(`${describeScore("first/tune (tuned on)", scoreMetricQuestions(METRIC_QUESTIONS.filter((q) => q.split === "tune"), metrics, now))}\n`);
    const independent = scoreMetricQuestions(INDEPENDENT_METRIC_QUESTIONS, metrics, now);
    process.stdout.write(`${describeScore("independent (tuned on)", independent)}\n`);
    // The independent set's floor, fixed before its first (blind) run, stays as a guard against going
    // backwards; it is no longer evidence of how the matcher does on new questions.
    expect(independent.rate).toBeGreaterThanOrEqual(0.5);
    expect(blind.rate).toBeGreaterThanOrEqual(0.6);
    expect(blind.counts.wrongMetric / blind.n).toBeLessThanOrEqual(0.1);
  });

  it("reads the period a question names: last month is the whole previous calendar month", () => {
    const m = matchMetric("How many ketamine infusions did we run last month?", metrics, now);
    expect(m?.metric.id).toBe("treatments_given");
    expect(m?.parameters).toEqual({ treatment: "ketamine infusion", start: "2026-11-01", end: "2026-12-01" });
    expect(m?.readings.join("; ")).toContain("from \"last month\"");
  });

  it("a category named by a word only it has, a length of time for a parameter named in a unit", () => {
    expect(matchMetric("how many spray treatments in june", metrics, now)?.parameters).toMatchObject({ treatment: "esketamine nasal spray", start: "2026-06-01", end: "2026-07-01" });
    expect(matchMetric("follow-up within a week for patients aged 30-39", metrics, now)?.parameters).toEqual({ age_min: 30, age_max: 39, days: 7 });
    expect(matchMetric("follow-up within 36 hours", metrics, now)?.parameters).toMatchObject({ days: 2 });
  });

  it("a question for another statistic, or a request to act, is refused rather than answered with a count", () => {
    expect(matchMetric("mean treatments given per patient last month", metrics, now)).toBeUndefined();
    expect(matchMetric("how long do follow-up appointments take", metrics, now)).toBeUndefined();
    expect(matchMetric("cost of the lens coatings we sold", metrics, now)).toBeUndefined();
    expect(matchMetric("book a follow-up for next week", metrics, now)).toBeUndefined();
    // The same nouns asking for the count the metric gives still match.
    expect(matchMetric("how many treatments given last month", metrics, now)?.metric.id).toBe("treatments_given");
  });

  it("an unrelated question matches nothing", () => {
    expect(matchMetric("What's the weather tomorrow?", metrics, now)).toBeUndefined();
  });
});
