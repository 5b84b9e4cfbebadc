import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { errorCodes } from "../errors/codes.ts";
import { inputErrorOf, RoundsError } from "../errors/index.ts";

/** An RFC 7807 problem document. `type` is a stable URN per error code. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance: string;
  [extension: string]: unknown;
}

export const problemSchema = {
  $id: "Problem",
  type: "object",
  properties: {
    type: { type: "string" }, title: { type: "string" }, status: { type: "integer" }, detail: { type: "string" },
    code: { type: "string" }, instance: { type: "string" },
  },
  required: ["type", "title", "status", "detail", "code"],
} as const;

/** Maps any error to a problem response. Unknown errors never leak their message. */
export function toProblem(thrown: unknown, requestId: string): Problem {
  const error = inputErrorOf(thrown) ?? thrown;
  if (RoundsError.isInstance(error)) {
    const safeDetails = Object.fromEntries(
      Object.entries(error.details ?? {}).filter(([k]) => ["reason", "field", "setting", "missing", "retryAfterSeconds", "command", "kind", "id", "role"].includes(k)),
    );
    return {
      type: `urn:rounds:error:${error.code}`, title: errorCodes[error.code].title, status: error.status,
      detail: error.message, code: error.code, instance: requestId, ...safeDetails,
    };
  }
  const fe = error as FastifyError;
  if (fe?.validation) {
    return { type: "urn:rounds:error:VALIDATION_FAILED", title: errorCodes.VALIDATION_FAILED.title, status: 422, detail: fe.message, code: "VALIDATION_FAILED", instance: requestId };
  }
  if (fe?.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code = fe.statusCode === 413 ? "PAYLOAD_TOO_LARGE" : fe.statusCode === 415 ? "UNSUPPORTED_MEDIA_TYPE" : fe.statusCode === 404 ? "NOT_FOUND" : "BAD_REQUEST";
    return { type: `urn:rounds:error:${code}`, title: errorCodes[code].title, status: fe.statusCode, detail: fe.message, code, instance: requestId };
  }
  return { type: "urn:rounds:error:INTERNAL", title: errorCodes.INTERNAL.title, status: 500, detail: "Something went wrong on our side. The request id identifies it in the logs.", code: "INTERNAL", instance: requestId };
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: unknown): FastifyReply {
  const problem = toProblem(error, request.id);
  if (problem.status >= 500) request.log.error({ err: error, code: problem.code }, "request failed");
  else request.log.info({ code: problem.code, status: problem.status }, "request rejected");
  if (problem.code === "RATE_LIMITED" && typeof problem.retryAfterSeconds === "number") reply.header("retry-after", String(problem.retryAfterSeconds));
  return reply.code(problem.status).type("application/problem+json").send(problem);
}
