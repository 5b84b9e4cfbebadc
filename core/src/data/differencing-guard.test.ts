import { describe, expect, it } from "vitest";
import { combinationReveals, differsByFewer } from "./cohort-combinations.ts";
import { DifferencingGuard } from "./differencing-guard.ts";
import { memoryReleasedCohorts } from "./memory-released-cohorts.ts";

const keys = (from: number, to: number) => new Set(Array.from({ length: to - from }, (_, i) => `k${from + i}`));
const union = (...sets: Array<Set<string>>) => new Set(sets.flatMap((s) => [...s]));

describe("differencing over pairs and combinations of released counts", () => {
  it("counts the symmetric difference of two cohorts: 1..k-1 is too few, 0 and k or more are not", () => {
    expect(differsByFewer(keys(0, 60), keys(4, 60), 10)).toBe(true);
    expect(differsByFewer(keys(0, 60), keys(0, 60), 10)).toBe(false);
    expect(differsByFewer(keys(0, 60), keys(10, 60), 10)).toBe(false);
    // Same size, different members: 3 out and 3 in is a difference of 6.
    expect(differsByFewer(keys(0, 30), keys(3, 33), 10)).toBe(true);
    expect(differsByFewer(keys(0, 30), keys(5, 35), 10)).toBe(false);
  });

  it("A − B − C: nested cohorts that each differ by k or more, whose remainder is 5 patients, in any order", () => {
    const A = keys(0, 60), B = keys(0, 30), C = keys(30, 55);
    expect(combinationReveals(A, [B, C], 10)).toMatchObject({ reveals: true, reason: "combination" });
    expect(combinationReveals(C, [A, B], 10)).toMatchObject({ reveals: true, reason: "combination" });
    expect(combinationReveals(B, [C, A], 10)).toMatchObject({ reveals: true, reason: "combination" });
    // Each pair alone is fine.
    expect(combinationReveals(C, [A], 10)).toEqual({ reveals: false });
    expect(combinationReveals(C, [B], 10)).toEqual({ reveals: false });
  });

  it("inclusion-exclusion over windows: S + T + V − U is the 4 patients of one day", () => {
    const day = (d: number) => keys(4 * d, 4 * d + 4);
    const S = union(day(0), day(1), day(2)), T = union(day(3), day(4), day(5)), V = union(day(6), day(7), day(8));
    const U = union(day(1), day(2), day(3), day(4), day(5), day(6), day(7), day(8));
    expect(combinationReveals(U, [S, T, V], 10)).toMatchObject({ reveals: true, reason: "combination" });
  });

  it("combinations that describe k or more patients, or none, are released", () => {
    // A partition: A − B − C = 0 reveals nothing.
    expect(combinationReveals(keys(0, 60), [keys(0, 30), keys(30, 60)], 10)).toEqual({ reveals: false });
    // A remainder of 20 patients.
    expect(combinationReveals(keys(0, 60), [keys(0, 20), keys(20, 40)], 10)).toEqual({ reveals: false });
    // Three 5-patient atoms, but every combination that lives on them spans two (10 patients).
    const A = keys(0, 60), B = keys(0, 50), C = union(keys(0, 45), keys(50, 55));
    expect(combinationReveals(C, [A, B], 10)).toEqual({ reveals: false });
    // With k = 11 those 10 patients are too few.
    expect(combinationReveals(C, [A, B], 11).reveals).toBe(true);
    // Disjoint groups (age bands) and the same cohort again.
    expect(combinationReveals(keys(100, 130), [keys(0, 60), keys(0, 30)], 10)).toEqual({ reveals: false });
    expect(combinationReveals(keys(0, 30), [keys(0, 60), keys(0, 30), keys(30, 55)], 10)).toEqual({ reveals: false });
  });

  it("fails closed past its bound: too many sets to try withholds the count", () => {
    const A = keys(0, 60), B = keys(0, 30), C = keys(30, 55);
    expect(combinationReveals(A, [B, C], 10, { maxCohorts: 24, maxSupports: 0, maxScan: 256 })).toMatchObject({ reveals: true, reason: "unchecked" });
  });
});

describe("the differencing guard over a ledger", () => {
  const options = (ledger = memoryReleasedCohorts()) => ({ organizationId: "org", sourceId: "src", windowMs: 1000, limit: 50, salt: "salt", ledger });

  it("another guard over the same ledger (a restart, another server) sees what was released", async () => {
    const ledger = memoryReleasedCohorts();
    const first = new DifferencingGuard(options(ledger));
    expect(await first.release([[keys(0, 60)], [keys(0, 30)]], "q", 10, 0)).toEqual([{ allowed: true }, { allowed: true }]);
    const second = new DifferencingGuard(options(ledger));
    expect(await second.release([[keys(30, 55)]], "q", 10, 10)).toEqual([{ allowed: false, reason: "combination" }]);
    // A guard over its own ledger knows nothing of them.
    expect(await new DifferencingGuard(options()).release([[keys(30, 55)]], "q", 10, 10)).toEqual([{ allowed: true }]);
  });

  it("within its window and limit only; the stored keys are HMACs, never the view's keys", async () => {
    const ledger = memoryReleasedCohorts();
    const guard = new DifferencingGuard({ ...options(ledger), limit: 2 });
    await guard.release([[keys(0, 60)]], "q", 10, 0);
    expect(await guard.release([[keys(4, 60)]], "q", 10, 500)).toEqual([{ allowed: false, reason: "pair" }]);
    expect(await guard.release([[keys(4, 60)]], "q", 10, 1500)).toEqual([{ allowed: true }]);
    await guard.release([[keys(100, 200)], [keys(300, 400)]], "q", 10, 1600);
    // The limit keeps the latest two: keys(4, 60) is forgotten.
    expect(await guard.release([[keys(0, 60)]], "q", 10, 1700)).toEqual([{ allowed: true }]);
    const stored = await ledger.withLedger("org", "src", (l) => l.after(0, new Date(0)));
    expect(stored.length).toBeLessThanOrEqual(2);
    for (const c of stored) for (const k of c.keys) expect(k).not.toMatch(/^k\d+$/);
  });

  it("the same cohorts again are shown without a trip to the ledger; a new one goes to it", async () => {
    const ledger = memoryReleasedCohorts();
    let trips = 0;
    const counted = { withLedger: <T>(o: string, src: string, fn: Parameters<typeof ledger.withLedger<T>>[2]) => { trips++; return ledger.withLedger(o, src, fn); } };
    const guard = new DifferencingGuard(options(counted));
    await guard.release([[keys(0, 60)], [keys(0, 30)]], "q", 10, 0);
    expect(trips).toBe(1);
    expect(await guard.release([[keys(0, 30)]], "q", 10, 10)).toEqual([{ allowed: true }]);
    expect(trips).toBe(1);
    expect(await guard.release([[keys(30, 55)]], "q", 10, 20)).toEqual([{ allowed: false, reason: "combination" }]);
    expect(trips).toBe(2);
  });

  it("rows of one answer are checked against each other too", async () => {
    const guard = new DifferencingGuard(options());
    const verdicts = await guard.release([[keys(0, 30)], [keys(30, 55)], [keys(0, 60)]], "q", 10, 0);
    expect(verdicts).toEqual([{ allowed: true }, { allowed: true }, { allowed: false, reason: "combination" }]);
  });
});
