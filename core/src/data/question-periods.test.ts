import { describe, expect, it } from "vitest";
import { readQuestionFacts } from "./question-periods.ts";

const now = new Date("2026-03-18T09:00:00Z"); // a Wednesday

describe("periods and ranges read from a question", () => {
  it("calendar periods are half-open and relative to now", () => {
    expect(readQuestionFacts("infusions last month", now).period).toMatchObject({ start: "2026-02-01", end: "2026-03-01" });
    expect(readQuestionFacts("sales this month", now).period).toMatchObject({ start: "2026-03-01", end: "2026-03-19" });
    expect(readQuestionFacts("no-shows last week", now).period).toMatchObject({ start: "2026-03-09", end: "2026-03-16" });
    expect(readQuestionFacts("in the past 30 days", now).period).toMatchObject({ start: "2026-02-16", end: "2026-03-19" });
    expect(readQuestionFacts("revenue in December", now).period).toMatchObject({ start: "2025-12-01", end: "2026-01-01" });
    expect(readQuestionFacts("sales in q1 2025", now).period).toMatchObject({ start: "2025-01-01", end: "2025-04-01" });
    expect(readQuestionFacts("between 2026-01-05 and 2026-01-10", now).period).toMatchObject({ start: "2026-01-05", end: "2026-01-11" });
    expect(readQuestionFacts("what may we reorder", now).period).toBeUndefined();
  });

  it("age ranges and loose numbers", () => {
    expect(readQuestionFacts("patients aged 60–69 within 30 days", now)).toMatchObject({ range: { min: 60, max: 69 }, numbers: [30] });
    expect(readQuestionFacts("over 65", now).range).toMatchObject({ min: 66 });
    expect(readQuestionFacts("under 30s", now).range).toMatchObject({ max: 29 });
    expect(readQuestionFacts("in their 40s", now).range).toMatchObject({ min: 40, max: 49 });
    expect(readQuestionFacts("follow-up within two weeks", now).numbers).toEqual([14]);
  });
});
