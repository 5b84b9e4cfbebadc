import { RoundsError } from "@rounds/core";

/**
 * Runs a provider call; failures become UPSTREAM_FAILED with the HTTP status
 * only. Provider errors can echo request bodies (patient text), so their
 * messages are never passed on.
 */
export async function safeCall<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const e = error as { statusCode?: number; lastError?: { statusCode?: number }; name?: string };
    if (e.name === "AbortError") throw error;
    const status = e.statusCode ?? e.lastError?.statusCode;
    throw new RoundsError("UPSTREAM_FAILED", `The ${what} service failed${status ? ` (HTTP ${status})` : ""}.`, { details: { ...(status && { upstreamStatus: status }) } });
  }
}
