import { RoundsError } from "../errors/index.ts";

/**
 * A failure that retrying cannot fix. BullMQ recognises it by its name (as
 * BullMQ's own `UnrecoverableError`), so core does not load BullMQ to have it.
 */
export class UnrecoverableError extends Error {
  override readonly name = "UnrecoverableError";
}

const named = (error: unknown): boolean => (error as { name?: unknown } | null)?.name === "UnrecoverableError";

/**
 * Bad input is not retried: BullMQ's `UnrecoverableError`, or a RoundsError
 * with a 4xx status (the input, not the world, is wrong).
 */
export function isUnrecoverable(error: unknown): boolean {
  if (named(error)) return true;
  return RoundsError.isInstance(error) && error.status >= 400 && error.status < 500;
}

/** A PHI-free description of a failure for job records and logs. */
export function describeFailure(error: unknown): string {
  if (RoundsError.isInstance(error)) return `${error.code}: ${error.message}`;
  if (error instanceof Error && named(error)) return `UNRECOVERABLE: ${error.message}`;
  return error instanceof Error ? `${error.name}` : "unknown error";
}
