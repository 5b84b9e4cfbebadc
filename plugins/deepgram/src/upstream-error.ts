import { RoundsError } from "@rounds/core";

/**
 * A failed Deepgram call as UPSTREAM_FAILED with what an operator can act
 * on: the HTTP status, Deepgram's error code and request id, the seconds to
 * wait after a 429. Deepgram's `err_msg` and the response body are never
 * passed on (a provider may echo what it was sent). UPSTREAM_FAILED is a
 * 5xx, so the ingest job layer retries it; a 401 says the key is wrong.
 */
export function upstreamError(error: unknown): RoundsError {
  const e = error as { statusCode?: number; body?: unknown; rawResponse?: { headers?: Headers }; name?: string };
  const status = typeof e.statusCode === "number" ? e.statusCode : undefined;
  const body = e.body && typeof e.body === "object" ? (e.body as Record<string, unknown>) : {};
  const errCode = typeof body.err_code === "string" && /^[A-Z_ ]{1,40}$/i.test(body.err_code) ? body.err_code : undefined;
  const requestId = typeof body.request_id === "string" && /^[0-9a-f-]{8,64}$/i.test(body.request_id) ? body.request_id : undefined;
  const retryAfterRaw = e.rawResponse?.headers?.get?.("retry-after") ?? undefined;
  const retryAfterSeconds = retryAfterRaw && /^\d+$/.test(retryAfterRaw) ? Number(retryAfterRaw) : undefined;
  const details = {
    ...(status && { upstreamStatus: status }),
    ...(errCode && { upstreamCode: errCode }),
    ...(requestId && { upstreamRequestId: requestId }),
    ...(retryAfterSeconds !== undefined && { retryAfterSeconds }),
  };
  let message: string;
  if (status === 401 || status === 403) message = `The speech-to-text service failed (HTTP ${status}): Deepgram refused the API key; check DEEPGRAM_API_KEY and the key's permissions.`;
  else if (status === 429) message = `The speech-to-text service failed (HTTP 429): Deepgram is rate limiting this key${retryAfterSeconds !== undefined ? `; retry after ${retryAfterSeconds} s` : ""}.`;
  else if (status) message = `The speech-to-text service failed (HTTP ${status}).`;
  else if (e.name === "DeepgramTimeoutError") message = "The speech-to-text service did not answer in time (Deepgram timeout).";
  else message = "The speech-to-text service could not be reached (Deepgram).";
  return new RoundsError("UPSTREAM_FAILED", message, { details });
}
