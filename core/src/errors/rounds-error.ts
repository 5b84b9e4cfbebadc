/**
 * The one error class Rounds throws across package boundaries. It carries a
 * stable `code` (see `codes.ts`) and the HTTP status the API maps it to.
 * Messages are for people and must never contain patient data or document
 * text: put identifiers in `details` only when they are not PHI.
 */
import { errorCodes, type ErrorCode } from "./codes.ts";

const marker = Symbol.for("rounds.error");

export class RoundsError extends Error {
  readonly [marker] = true;
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: { details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "RoundsError";
    this.code = code;
    this.status = errorCodes[code].status;
    this.details = options.details;
  }

  /** Works across duplicated module copies, unlike `instanceof`. */
  static isInstance(value: unknown): value is RoundsError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[marker] === true;
  }
}
