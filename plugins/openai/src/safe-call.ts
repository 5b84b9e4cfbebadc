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
    // AI SDK errors carry `statusCode`; `openai` SDK errors carry `status`.
    const e = error as { statusCode?: number; status?: number; lastError?: { statusCode?: number }; name?: string };
    if (e.name === "AbortError" || e.name === "APIUserAbortError") throw error;
    const status = e.statusCode ?? e.lastError?.statusCode ?? (typeof e.status === "number" ? e.status : undefined);
    throw new RoundsError("UPSTREAM_FAILED", `The ${what} service failed${status ? ` (HTTP ${status})` : ""}.`, { details: { ...(status && { upstreamStatus: status }) } });
  }
}
