import { describe, expect, it } from "vitest";
import { upstreamModelError } from "./guard-language-model.ts";

// The shapes of AI SDK provider errors, built by hand (core imports no SDK);
// the plugins' tests produce the real ones against wire-format servers.
const apiCallError = (statusCode: number, responseHeaders: Record<string, string> = {}) =>
  Object.assign(new Error("Bad thing about Philippa Quarrington"), { name: "AI_APICallError", statusCode, responseHeaders, requestBodyValues: { messages: [{ content: "Philippa Quarrington" }] } });

describe("upstreamModelError", () => {
  it("prefers retry-after-ms, rounds up to whole seconds, and reads header names in any case", () => {
    expect(upstreamModelError("V", "KEY", apiCallError(429, { "Retry-After-Ms": "1500", "retry-after": "9" })).details).toEqual({ vendor: "V", upstreamStatus: 429, retryAfterSeconds: 2 });
    expect(upstreamModelError("V", "KEY", apiCallError(429, { "Retry-After": "4" })).message).toBe("The V API is rate limiting requests (HTTP 429); it asks to retry after 4 s.");
    expect(upstreamModelError("V", "KEY", apiCallError(429)).message).toBe("The V API is rate limiting requests (HTTP 429).");
  });

  it("uses the last attempt's status when retries were exhausted, and never the provider's message or body", () => {
    const error = upstreamModelError("V", "KEY", Object.assign(new Error("Failed after 3 attempts: Philippa Quarrington"), { name: "AI_RetryError", lastError: apiCallError(503) }));
    expect(error).toMatchObject({ code: "UPSTREAM_FAILED", message: "The V API failed on its side (HTTP 503); try again later.", details: { upstreamStatus: 503 } });
    expect(JSON.stringify(error) + error.message + String(error.cause)).not.toContain("Quarrington");
  });

  it("names a 4xx other than auth and rate limits as a rejected request, and an unreadable failure as such", () => {
    expect(upstreamModelError("V", "KEY", apiCallError(400)).message).toBe("The V API rejected the request (HTTP 400).");
    expect(upstreamModelError("V", "KEY", new TypeError("fetch failed")).message).toBe("The V API could not be reached or answered something unreadable.");
    expect(upstreamModelError("V", "KEY", { type: "Not a type: Philippa" }).details).toEqual({ vendor: "V" });
  });
});
