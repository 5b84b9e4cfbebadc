/**
 * The catalogue of stable error codes. Codes never change meaning once
 * released; the API exposes them as RFC 7807 `type` URNs
 * (`urn:rounds:error:<code>`).
 */
export const errorCodes = {
  CONFIG_INVALID: { status: 500, title: "Invalid configuration" },
  PLUGIN_NOT_FOUND: { status: 500, title: "Plugin not found" },
  PLUGIN_MANIFEST_INVALID: { status: 500, title: "Plugin manifest invalid" },
  PLUGIN_ACTIVATION_FAILED: { status: 500, title: "Plugin failed to activate" },
  PLUGIN_CONTRIBUTION_MISMATCH: { status: 500, title: "Plugin registered something its manifest does not declare" },
  PLUGIN_EGRESS_REFUSED: { status: 500, title: "Plugin would send data off this machine" },
  PLUGIN_DEPENDENCY_MISSING: { status: 500, title: "A package the plugin needs is not installed" },
  CONTRIBUTION_NOT_FOUND: { status: 500, title: "No plugin contributes this" },
  BAD_REQUEST: { status: 400, title: "Bad request" },
  VALIDATION_FAILED: { status: 422, title: "Validation failed" },
  UNAUTHENTICATED: { status: 401, title: "Authentication required" },
  FORBIDDEN: { status: 403, title: "Not allowed" },
  NOT_FOUND: { status: 404, title: "Not found" },
  METHOD_NOT_ALLOWED: { status: 405, title: "Method not allowed" },
  CONFLICT: { status: 409, title: "Conflict" },
  DATA_FOLDER_IN_USE: { status: 409, title: "Embedded database in use by another process" },
  ADDRESS_IN_USE: { status: 500, title: "The API cannot listen on its address" },
  PAYLOAD_TOO_LARGE: { status: 413, title: "Upload too large" },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: "Unsupported media type" },
  RATE_LIMITED: { status: 429, title: "Too many requests" },
  CONSENT_REQUIRED: { status: 403, title: "Consent required" },
  UNKNOWN_COMMAND: { status: 404, title: "Unknown command" },
  PARSE_FAILED: { status: 422, title: "Document could not be read" },
  DATA_QUERY_REFUSED: { status: 422, title: "Data query refused by the guard" },
  DATA_QUESTION_UNMATCHED: { status: 422, title: "No metric answers this data question" },
  JOB_FAILED: { status: 500, title: "Job failed" },
  MODEL_LOAD_FAILED: { status: 500, title: "Model could not be loaded" },
  MODEL_UNAVAILABLE: { status: 503, title: "Model unavailable" },
  UPSTREAM_FAILED: { status: 502, title: "Upstream service failed" },
  NOT_READY: { status: 503, title: "Not ready" },
  INTERNAL: { status: 500, title: "Internal error" },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof errorCodes;
