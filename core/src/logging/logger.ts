/**
 * Structured logs (pino) that never carry PHI. Rules:
 * - `msg` is a fixed sentence; variable facts go in fields.
 * - Fields that may hold document text or patient data are censored by key,
 *   wherever they appear (see `phiKeys`), before anything is written.
 */
import { pino, type Logger as PinoLogger, type DestinationStream } from "pino";

export type Logger = Pick<PinoLogger, "info" | "warn" | "error" | "debug" | "trace" | "fatal" | "child" | "level">;

/** Keys whose values are never logged. Match is case-insensitive, at any depth. */
export const phiKeys = [
  "text", "content", "question", "answer", "query", "prompt", "completion", "transcript", "note", "body",
  "name", "displayName", "fullName", "firstName", "lastName", "patientName", "email", "phone", "address",
  "dob", "birthDate", "mrn", "ssn", "fileName", "filename", "title", "comment", "password", "token", "apiKey",
  "authorization", "cookie", "secret", "headers",
];

const phiKeySet = new Set(phiKeys.map((k) => k.toLowerCase()));

function scrub(value: unknown, depth: number): unknown {
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (value instanceof Error) {
    // Error messages of Rounds errors are PHI-free by contract; others may not be.
    const code = (value as { code?: unknown }).code;
    return { type: value.name, code: typeof code === "string" ? code : undefined, message: (value as { code?: unknown }).code ? value.message : "[error message withheld]" };
  }
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = phiKeySet.has(k.toLowerCase()) ? "[redacted]" : scrub(v, depth + 1);
  }
  return out;
}

export interface LoggerOptions {
  level?: string;
  /** Where to write; defaults to stdout. Tests pass a capture stream. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? "info",
      base: undefined,
      formatters: { log: (obj) => scrub(obj, 0) as Record<string, unknown> },
      serializers: { err: (e: unknown) => scrub(e, 0) },
    },
    options.destination,
  );
}

/** A logger that writes nothing, for tests and library defaults. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
