/**
 * Honest skips for suites that need a service (PostgreSQL, Redis, Chromium, an
 * evaluation pack): outside CI a missing one is announced with one line naming
 * the variable to set; under CI (`CI=1` or `CI=true`) nothing may skip, so a
 * missing one fails the run instead.
 */
const announced = new Set<string>();

/** Whether this run is CI: `CI=1` and `CI=true` both count. */
export function inCi(env: Record<string, string | undefined> = process.env): boolean {
  return env.CI === "true" || env.CI === "1";
}

/**
 * The variable's value when set. When it is not: under CI, throws; otherwise
 * writes `skipped: <what> needs <VARIABLE> (e.g. <example>)` once per process and
 * returns `undefined` so the caller skips.
 */
export function serviceFromEnv(variable: string, what: string, example: string, env: Record<string, string | undefined> = process.env): string | undefined {
  const value = env[variable];
  if (value) return value;
  if (inCi(env)) throw new Error(`CI is set but ${variable} is not: ${what} may not be skipped under CI.`);
  if (!announced.has(variable)) {
    announced.add(variable);
    process.stderr.write(`skipped: ${what} needs ${variable} (e.g. ${variable}=${example}).\n`);
  }
  return undefined;
}
