// Order statistics shared by the workspace's benches (they import it by path, like bench/run.ts).

/** The p-th percentile (0–100) by nearest rank: the sorted value at floor(p% of n), at most the largest. The input is not changed. */
export const percentile = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

/** The middle value (the upper one of the two middle values of an even count). */
export const median = (xs: number[]): number => percentile(xs, 50);
