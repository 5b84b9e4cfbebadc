import { RoundsError } from "./rounds-error.ts";

/**
 * SQLSTATEs that mean the caller's value could not be stored or compared
 * (PostgreSQL and PGlite alike): a malformed uuid or number (22P02), a NUL or
 * invalid byte (22021), a character the encoding lacks (22P05).
 */
const invalidInput = new Set(["22P02", "22021", "22P05"]);

/**
 * A database error caused by what the caller sent, as a 400 with a message
 * that repeats none of it; `undefined` for every other error. Looks through
 * the driver's wrapping (`cause`).
 */
export function inputErrorOf(error: unknown): RoundsError | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && invalidInput.has(code)) {
      return new RoundsError("BAD_REQUEST", "The request holds a value that is not valid here (a malformed id, or a NUL or other invalid character).", { details: { reason: "invalid_value" } });
    }
  }
  return undefined;
}
