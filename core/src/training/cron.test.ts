import { describe, expect, it } from "vitest";
import { describeCron, nextCronRun, validateCron } from "./cron.ts";

describe("cron", () => {
  it("computes the next run and describes it", () => {
    const after = new Date("2026-11-22T23:00:00Z"); // a Sunday
    expect(nextCronRun("0 2 * * 1", after).toISOString()).toBe("2026-11-23T02:00:00.000Z");
    expect(nextCronRun("30 9 1 * *", after).toISOString()).toBe("2026-12-01T09:30:00.000Z");
    expect(describeCron("0 2 * * 1")).toBe("At 02:00, only on Monday");
  });

  it("respects the schedule's timezone", () => {
    const after = new Date("2026-11-22T23:00:00Z");
    // 02:00 in New York (UTC-5 in November) is 07:00 UTC.
    expect(nextCronRun("0 2 * * 1", after, "America/New_York").toISOString()).toBe("2026-11-23T07:00:00.000Z");
  });

  it("rejects malformed expressions with a message for the form", () => {
    expect(() => validateCron("every monday")).toThrow(/5 cron fields/);
    expect(() => validateCron("61 2 * * 1")).toThrow(/Invalid cron expression/);
    expect(() => validateCron("0 2 * * 1")).not.toThrow();
  });
});
