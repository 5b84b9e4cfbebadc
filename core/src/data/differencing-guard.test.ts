import { describe, expect, it } from "vitest";
import { DifferencingGuard, differsByFewer } from "./differencing-guard.ts";

const keys = (from: number, to: number) => new Set(Array.from({ length: to - from }, (_, i) => `k${from + i}`));

describe("differencing guard", () => {
  it("counts the symmetric difference of two cohorts: 1..k-1 is too few, 0 and k or more are not", () => {
    expect(differsByFewer(keys(0, 60), keys(4, 60), 10)).toBe(true);
    expect(differsByFewer(keys(0, 60), keys(0, 60), 10)).toBe(false);
    expect(differsByFewer(keys(0, 60), keys(10, 60), 10)).toBe(false);
    // Same size, different members: 3 out and 3 in is a difference of 6.
    expect(differsByFewer(keys(0, 30), keys(3, 33), 10)).toBe(true);
    expect(differsByFewer(keys(0, 30), keys(5, 35), 10)).toBe(false);
  });

  it("withholds a cohort close to a remembered one, within its window and limit only", () => {
    const guard = new DifferencingGuard({ windowMs: 1000, limit: 2 });
    guard.remember([keys(0, 60)], 0);
    expect(guard.allows(keys(4, 60), 10, 500)).toBe(false);
    expect(guard.allows(keys(0, 60), 10, 500)).toBe(true);
    expect(guard.allows(keys(4, 60), 10, 1500)).toBe(true);
    guard.remember([keys(0, 60)], 2000);
    guard.remember([keys(100, 200), keys(300, 400)], 2000);
    // The limit keeps the latest two: the first cohort is forgotten.
    expect(guard.allows(keys(4, 60), 10, 2001)).toBe(true);
    expect(guard.allows(keys(101, 200), 10, 2001)).toBe(false);
  });
});
