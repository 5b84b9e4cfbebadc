import { describe, expect, it } from "vitest";
import { WorkQueue } from "../src/work-queue.ts";

describe("WorkQueue", () => {
  it("runs at most `concurrency` tasks at once, in arrival order, and passes results and errors through", async () => {
    const queue = new WorkQueue(2);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const gates: Array<() => void> = [];
    const task = (i: number) => () => new Promise<number>((resolve, reject) => {
      started.push(i);
      running++;
      peak = Math.max(peak, running);
      gates[i] = () => {
        running--;
        if (i === 3) reject(new Error("task 3 failed"));
        else resolve(i * 10);
      };
    });
    const results = [0, 1, 2, 3, 4].map((i) => queue.run(task(i)).catch((e: Error) => e.message));
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1]);
    expect(queue.pending).toBe(3);
    for (let i = 0; i < 5; i++) {
      while (!gates[i]) await new Promise((r) => setImmediate(r));
      gates[i]!();
    }
    expect(await Promise.all(results)).toEqual([0, 10, 20, "task 3 failed", 40]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
  });

  it("does not start a task in the same tick it was queued (pending I/O goes first)", async () => {
    const queue = new WorkQueue(1);
    let ran = false;
    const done = queue.run(async () => { ran = true; });
    await Promise.resolve();
    expect(ran).toBe(false);
    await done;
    expect(ran).toBe(true);
  });

  it("rejects a concurrency that is not a positive integer", () => {
    expect(() => new WorkQueue(0)).toThrow(RangeError);
  });
});
