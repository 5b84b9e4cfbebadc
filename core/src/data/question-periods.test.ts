import { describe, expect, it } from "vitest";
import { easterSunday, readDurations, readQuestionFacts } from "./question-periods.ts";

const now = new Date("2026-03-18T09:00:00Z"); // a Wednesday

describe("Easter by the computus", () => {
  it("known dates", () => {
    expect(easterSunday(2024).toISOString().slice(0, 10)).toBe("2024-03-31");
    expect(easterSunday(2025).toISOString().slice(0, 10)).toBe("2025-04-20");
    expect(easterSunday(2026).toISOString().slice(0, 10)).toBe("2026-04-05");
    expect(easterSunday(2038).toISOString().slice(0, 10)).toBe("2038-04-25");
  });
});

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
    expect(readQuestionFacts("infusions between 1 and 15 february", now).period).toMatchObject({ start: "2026-02-01", end: "2026-02-16" });
    expect(readQuestionFacts("sales since 3rd november", now).period).toMatchObject({ start: "2025-11-03", end: "2026-03-19" });
    expect(readQuestionFacts("no-shows since the start of the month", now).period).toMatchObject({ start: "2026-03-01", end: "2026-03-19" });
    expect(readQuestionFacts("revenue last quarter", now).period).toMatchObject({ start: "2025-10-01", end: "2026-01-01" });
    // Holidays: the most recent one (Easter 2026 is 5 April, after now: Easter 2025, 20 April).
    expect(readQuestionFacts("no shows since easter", now).period).toMatchObject({ start: "2025-04-20", end: "2026-03-19" });
    expect(readQuestionFacts("sales since new year", now).period).toMatchObject({ start: "2026-01-01" });
    expect(readQuestionFacts("sales since christmas", now).period).toMatchObject({ start: "2025-12-25" });
    expect(readQuestionFacts("since october", now).period).toMatchObject({ start: "2025-10-01", end: "2026-03-19" });
    expect(readQuestionFacts("infusions in the first half of the year", now).period).toMatchObject({ start: "2026-01-01", end: "2026-07-01" });
    expect(readQuestionFacts("h2 2025", now).period).toMatchObject({ start: "2025-07-01", end: "2026-01-01" });
    expect(readQuestionFacts("exams last fortnight", now).period).toMatchObject({ start: "2026-03-04", end: "2026-03-19" });
    // Months as staff shorten them; "mar" only by a date.
    expect(readQuestionFacts("revenue in oct", now).period).toMatchObject({ start: "2025-10-01", end: "2025-11-01" });
    expect(readQuestionFacts("sales sept 2025", now).period).toMatchObject({ start: "2025-09-01", end: "2025-10-01" });
    expect(readQuestionFacts("between 3 and 9 mar", now).period).toMatchObject({ start: "2026-03-03", end: "2026-03-10" });
    expect(readQuestionFacts("did it mar the count", now).period).toBeUndefined();
  });

  it("age ranges and loose numbers", () => {
    expect(readQuestionFacts("patients aged 60–69 within 30 days", now)).toMatchObject({ range: { min: 60, max: 69 }, numbers: [30] });
    expect(readQuestionFacts("over 65", now).range).toMatchObject({ min: 66 });
    expect(readQuestionFacts("under 30s", now).range).toMatchObject({ max: 29 });
    expect(readQuestionFacts("in their 40s", now).range).toMatchObject({ min: 40, max: 49 });
    expect(readQuestionFacts("follow-up within two weeks", now).numbers).toEqual([14]);
  });

  it("durations in any unit, in minutes; a period is not a duration", () => {
    expect(readDurations("the 2-hour observation")).toEqual([{ minutes: 120, phrase: "2-hour" }]);
    expect(readDurations("at least 90 minutes, then 1.5 hours")).toEqual([{ minutes: 90, phrase: "90 minutes" }, { minutes: 90, phrase: "1.5 hours" }]);
    expect(readDurations("within a fortnight or three days")).toEqual([{ minutes: 20_160, phrase: "a fortnight" }, { minutes: 4320, phrase: "three days" }]);
    expect(readDurations("observed for 3h")).toEqual([{ minutes: 180, phrase: "3h" }]);
    expect(readDurations("the minimum dose in mg")).toEqual([]);
    expect(readQuestionFacts("observation under 2 hours last month", now)).toMatchObject({ period: { start: "2026-02-01" }, durations: [{ minutes: 120 }] });
  });
});
