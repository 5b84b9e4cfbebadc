import { UnrecoverableError } from "bullmq";
import { RoundsError } from "../errors/index.ts";

export { UnrecoverableError };

/**
 * Bad input is not retried: BullMQ's `UnrecoverableError`, or a RoundsError
 * with a 4xx status (the input, not the world, is wrong).
 */
export function isUnrecoverable(error: unknown): boolean {
  if (error instanceof UnrecoverableError || (error as { name?: string })?.name === "UnrecoverableError") return true;
  return RoundsError.isInstance(error) && error.status >= 400 && error.status < 500;
}

/** A PHI-free description of a failure for job records and logs. */
export function describeFailure(error: unknown): string {
  if (RoundsError.isInstance(error)) return `${error.code}: ${error.message}`;
  if (error instanceof UnrecoverableError) return `UNRECOVERABLE: ${error.message}`;
  return error instanceof Error ? `${error.name}` : "unknown error";
}
