/**
 * A local server speaking Deepgram's pre-recorded wire format (the real
 * service cannot be reached from here): `POST /v1/listen` with the audio as
 * the raw body, `Authorization: Token <key>`, options as query parameters;
 * the JSON answer carries `metadata`, `results.channels[].alternatives[]`
 * (words with `speaker` when `diarize=true`) and `results.utterances[]`
 * when `utterances=true`. Errors use Deepgram's documented bodies
 * (`err_code`, `err_msg`, `request_id`). It records every request and can be
 * told to fail.
 */
import { randomUUID } from "node:crypto";
import { startRecordingServer, type RecordedRequest } from "@rounds/core/testing";

/** Query parameters Deepgram documents for pre-recorded `POST /v1/listen` (an unknown one is a 400 here). */
const DOCUMENTED_PARAMS = new Set([
  "callback", "callback_method", "extra", "sentiment", "summarize", "tag", "topics", "custom_topic", "custom_topic_mode", "intents",
  "custom_intent", "custom_intent_mode", "detect_entities", "detect_language", "diarize", "diarize_model", "dictation", "encoding",
  "filler_words", "keyterm", "keywords", "language", "measurements", "model", "multichannel", "numerals", "paragraphs",
  "profanity_filter", "punctuate", "redact", "replace", "search", "smart_format", "utterances", "utt_split", "version", "mip_opt_out",
]);
const BOOLEAN_PARAMS = ["diarize", "utterances", "punctuate", "smart_format", "detect_language", "multichannel", "numerals", "paragraphs", "profanity_filter", "filler_words", "dictation", "measurements", "sentiment", "topics", "intents", "detect_entities", "mip_opt_out"];

export type RecordedListen = RecordedRequest;

/** One speaker turn of the scripted recording (Deepgram numbers speakers from 0; times in seconds). */
export interface FakeUtterance { speaker: number; start: number; end: number; text: string }

export interface FakeDeepgram {
  url: string;
  key: string;
  requests: RecordedListen[];
  /** What the next transcriptions contain. */
  transcript: FakeUtterance[];
  /** False: answer without `results.utterances` even when asked (a deployment without the feature). */
  utterances: boolean;
  /** The next `count` requests fail with this status (a 429 carries `retry-after: retryAfter`). */
  failNext(status: number, options?: { count?: number; retryAfter?: number }): void;
  close(): Promise<void>;
}

const errorBodies: Record<number, { err_code: string; err_msg: string }> = {
  401: { err_code: "INVALID_AUTH", err_msg: "Invalid credentials." },
  402: { err_code: "ASR_PAYMENT_REQUIRED", err_msg: "Project does not have enough credits for an ASR request and does not have an overage agreement." },
  429: { err_code: "TOO_MANY_REQUESTS", err_msg: "Too many requests. Please try again later" },
};

export async function startFakeDeepgram(options: { key?: string } = {}): Promise<FakeDeepgram> {
  const key = options.key ?? "dg-test-key";
  const state = {
    transcript: [
      { speaker: 0, start: 0.4, end: 4.2, text: "How was the week?" },
      { speaker: 1, start: 4.6, end: 9.5, text: "Better, thank you." },
    ] as FakeUtterance[],
    utterances: true,
  };

  const server = await startRecordingServer((req, res, { nextFailure }) => {
    const { body, query, sha256 } = req;
    const requestId = randomUUID();
    const send = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", "dg-request-id": requestId, ...headers });
      res.end(JSON.stringify(json));
    };
    const fail = (status: number, err_code: string, err_msg: string, headers: Record<string, string> = {}) => send(status, { err_code, err_msg, request_id: requestId }, headers);

    if (req.method !== "POST" || req.path !== "/v1/listen") return fail(404, "NOT_FOUND", "Not found.");
    if (req.headers.authorization !== `Token ${key}`) return fail(401, "INVALID_AUTH", "Invalid credentials.");
    const injected = nextFailure();
    if (injected) {
      const known = errorBodies[injected.status];
      // A 5xx body as a real gateway might send it; the echoed text proves the client never passes bodies on.
      return fail(injected.status, known?.err_code ?? "INTERNAL_SERVER_ERROR", known?.err_msg ?? "fake failure echoing the audio transcript: the lighthouse beam",
        injected.retryAfter !== undefined ? { "retry-after": injected.retryAfter } : {});
    }
    const unknown = Object.keys(query).filter((k) => !DOCUMENTED_PARAMS.has(k));
    if (unknown.length) return fail(400, "Bad Request", `Unknown query parameter(s): ${unknown.join(", ")}`);
    const badBoolean = BOOLEAN_PARAMS.find((k) => k in query && query[k] !== "true" && query[k] !== "false");
    if (badBoolean) return fail(400, "Bad Request", `Failed to deserialize query parameters: ${badBoolean}`);
    if ((req.headers["content-type"] ?? "").includes("application/json")) return fail(400, "Bad Request", "Expected a url in the JSON body; this fake only takes raw audio.");
    if (!body.length) return fail(400, "Bad Request", "Bad Request: failed to process audio: corrupt or unsupported data");

    const diarize = query.diarize === "true";
    const turns = state.transcript.map((t, i) => {
      const tokens = t.text.split(/\s+/).filter(Boolean);
      const step = (t.end - t.start) / Math.max(tokens.length, 1);
      const words = tokens.map((w, j) => ({
        word: w.toLowerCase().replace(/[^\p{L}\p{N}'-]/gu, ""), start: t.start + j * step, end: t.start + (j + 1) * step, confidence: 0.97,
        ...(diarize && { speaker: t.speaker, speaker_confidence: 0.82 }), punctuated_word: w,
      }));
      return { id: randomUUID(), i, t, words };
    });
    const allWords = turns.flatMap((u) => u.words);
    const duration = Math.max(0, ...state.transcript.map((t) => t.end)) + 0.5;
    const modelId = randomUUID();
    send(200, {
      metadata: {
        transaction_key: "deprecated", request_id: requestId, sha256, created: new Date().toISOString(), duration, channels: 1,
        models: [modelId], model_info: { [modelId]: { name: `${query.model ?? "base"}-general`, version: "2025-01-01.0", arch: query.model ?? "base" } },
      },
      results: {
        channels: [{ alternatives: [{ transcript: state.transcript.map((t) => t.text).join(" "), confidence: 0.97, words: allWords }] }],
        ...(query.utterances === "true" && state.utterances && {
          utterances: turns.map((u) => ({
            start: u.t.start, end: u.t.end, confidence: 0.95, channel: 0, transcript: u.t.text, words: u.words, ...(diarize && { speaker: u.t.speaker }), id: u.id,
          })),
        }),
      },
    });
  });
  return {
    url: server.url,
    key,
    requests: server.requests,
    get transcript() { return state.transcript; },
    set transcript(t: FakeUtterance[]) { state.transcript = t; },
    get utterances() { return state.utterances; },
    set utterances(on: boolean) { state.utterances = on; },
    failNext(status, opts = {}) { server.failNext(status, opts.count ?? 1, opts.retryAfter !== undefined ? String(opts.retryAfter) : undefined); },
    close: server.close,
  };
}
