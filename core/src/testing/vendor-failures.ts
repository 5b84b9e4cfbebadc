/**
 * The failure table every cloud language-model plugin runs against its fake
 * vendor (a `startRecordingServer` speaking the vendor's wire format): a
 * refused key (401), rate limiting with `retry-after` in seconds and as an
 * HTTP date (429), the vendor failing on its side (5xx), and a failure when a
 * stream opens. Each becomes `UPSTREAM_FAILED` with the guard's wording
 * (`guardLanguageModel`), the status in `details`, and neither the prompt nor
 * the vendor's own text anywhere in the error (no `cause` either): vendors'
 * error bodies echo the request, and the fakes do too.
 */
import { describe, expect, it } from "vitest";
import type { LanguageModel } from "../ports/index.ts";
import type { RecordingServer } from "./recording-server.ts";

export interface VendorFailureCases {
  /** The vendor as the plugin names it to `guardLanguageModel` ("Anthropic", "Vertex AI"). */
  vendor: string;
  /** The setting the 401 message tells the operator to check, as the plugin names it to `guardLanguageModel`. */
  keySetting: string;
  /** The fake vendor: each case queues its failure with `failNext`. */
  server: Pick<RecordingServer, "failNext">;
  /** The plugin's model, configured against the fake. */
  model: () => LanguageModel | Promise<LanguageModel>;
  /** The plugin's model with credentials the fake's own check refuses (401). */
  refusedModel: () => LanguageModel | Promise<LanguageModel>;
  /** Runs after the refused call, to check what it sent (the wrong key, in the vendor's header). */
  afterRefused?: () => void;
  /** The 5xx statuses the vendor answers; each must read as the vendor failing on its side. */
  serverErrors: number[];
  /** The status the fake answers when a stream opens. */
  streamStatus: number;
  /** The vendor's own text, which no error may carry (its error messages, what its fake echoes). */
  vendorText: RegExp;
}

/** What every case asks: a patient's name, which no error may repeat. */
const PROMPT = "Patient Philippa Quarrington reported chest pain";
const call = { prompt: [{ role: "user" as const, content: [{ type: "text" as const, text: PROMPT }] }], maxOutputTokens: 50 };

type Failure = Error & { code?: string; details?: Record<string, unknown> };

/** The error of a call that must fail. */
const failureOf = (promise: PromiseLike<unknown>): Promise<Failure> =>
  Promise.resolve(promise).then(() => { throw new Error("expected the call to fail"); }, (e: unknown) => e as Failure);

/**
 * Checks that a failure carries neither the patient's name every failure
 * case's prompt holds ("Quarrington") nor the vendor's own text, and no `cause`.
 * For a plugin's own further failure cases (a mid-stream error, a refused token exchange).
 */
export function expectCleanFailure(error: unknown, vendorText: RegExp): void {
  const all = `${String((error as Error).message)} ${JSON.stringify(error)}`;
  expect(all).not.toContain("Quarrington");
  expect(all).not.toMatch(vendorText);
  expect((error as Error).cause).toBeUndefined();
}

/** Registers the failure cases of one cloud language-model plugin (see the file's comment). */
export function describeVendorFailures(name: string, cases: VendorFailureCases): void {
  const clean = (error: Failure) => expectCleanFailure(error, cases.vendorText);
  const ask = async () => failureOf((await cases.model()).doGenerate(call));

  describe(`vendor failures: ${name}`, () => {
    it("401 (credentials the vendor's own check refuses) names the setting to check", async () => {
      const error = await failureOf((await cases.refusedModel()).doGenerate(call));
      expect(error).toMatchObject({
        code: "UPSTREAM_FAILED", message: `The ${cases.vendor} API refused the credentials (HTTP 401): check ${cases.keySetting}.`,
        details: { vendor: cases.vendor, upstreamStatus: 401 },
      });
      cases.afterRefused?.();
      clean(error);
    });

    it("429 carries the retry-after the vendor asked for, in seconds or as an HTTP date", async () => {
      cases.server.failNext(429, 1, "17");
      const error = await ask();
      expect(error).toMatchObject({ code: "UPSTREAM_FAILED", message: `The ${cases.vendor} API is rate limiting requests (HTTP 429); it asks to retry after 17 s.`, details: { upstreamStatus: 429, retryAfterSeconds: 17 } });
      clean(error);
      cases.server.failNext(429, 1, new Date(Date.now() + 120_000).toUTCString());
      const dated = await ask();
      expect(dated.details!.retryAfterSeconds).toBeGreaterThanOrEqual(118);
      expect(dated.details!.retryAfterSeconds).toBeLessThanOrEqual(121);
      clean(dated);
    });

    it("5xx says the vendor failed on its side, without its body (which echoes the prompt)", async () => {
      for (const status of cases.serverErrors) {
        cases.server.failNext(status);
        const error = await ask();
        expect(error).toMatchObject({ code: "UPSTREAM_FAILED", message: `The ${cases.vendor} API failed on its side (HTTP ${status}); try again later.`, details: { upstreamStatus: status } });
        clean(error);
      }
    });

    it("a failure when a stream opens is a Rounds error too", async () => {
      cases.server.failNext(cases.streamStatus);
      const error = await failureOf((await cases.model()).doStream(call));
      expect(error).toMatchObject({ code: "UPSTREAM_FAILED", details: { upstreamStatus: cases.streamStatus } });
      clean(error);
    });
  });
}
