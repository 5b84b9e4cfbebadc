// The Deepgram plugin against a local server speaking Deepgram's
// pre-recorded wire format: the transcriber conformance suite, what goes over
// the wire (checked field by field against Deepgram's documented `POST
// /v1/listen`: `Authorization: Token`, query parameters, raw audio body),
// utterances mapped to speaker turns, and 401 / 429 / 5xx answers as clear
// errors that never carry transcript text.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { type PluginContext, PluginHost, type Transcriber } from "@rounds/core";
import { describeTranscriberConformance } from "@rounds/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activate } from "../src/index.ts";
import { type FakeDeepgram, startFakeDeepgram } from "../src/testing/fake-deepgram-server.ts";

let server: FakeDeepgram;
beforeAll(async () => {
  server = await startFakeDeepgram();
});
afterAll(async () => server?.close());

const defaults = { model: "nova-3", smartFormat: true, maxRetries: 0, timeoutSeconds: 30 };

function load(settings: Record<string, unknown> = {}) {
  const registered = new Map<string, unknown>();
  activate({ services: {}, settings: { ...defaults, baseURL: server.url, apiKey: server.key, ...settings }, register: (kind: string, id: string, impl: unknown) => registered.set(`${kind}/${id}`, impl) } as unknown as PluginContext);
  const get = <T>(key: string): T => {
    const r = registered.get(key);
    return (typeof r === "function" ? (r as () => T)() : r) as T;
  };
  return { registered, get };
}
const transcriber = (settings: Record<string, unknown> = {}) => load(settings).get<Transcriber>("transcribers/deepgram");
const audio = new Uint8Array([0x52, 0x49, 0x46, 0x46, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
type Failure = Error & { code?: string; details?: Record<string, unknown> };
/** The error a call fails with (a call that succeeds fails the test). */
const failure = (p: Promise<unknown>): Promise<Failure> => p.then(() => { throw new Error("expected the call to fail"); }, (e: unknown) => e as Failure);
const lastListen = () => server.requests.filter((r) => r.path === "/v1/listen").at(-1)!;

describeTranscriberConformance("deepgram (wire-format server)", () => transcriber(), async () => ({ audio, mediaType: "audio/wav" }));

describe("deepgram speech to text", () => {
  it("sends the documented request: Token auth, model, diarize, utterances, punctuate, smart_format, the raw audio with its type", async () => {
    await transcriber().transcribe({ audio, mediaType: "audio/wav", language: "en" });
    const sent = lastListen();
    expect(sent.method).toBe("POST");
    expect(sent.headers.authorization).toBe(`Token ${server.key}`);
    expect(sent.query).toEqual({ model: "nova-3", diarize: "true", utterances: "true", punctuate: "true", smart_format: "true", language: "en" });
    expect(sent.headers["content-type"]).toBe("audio/wav");
    expect(sent.size).toBe(audio.byteLength);
    expect(sent.sha256).toBe(createHash("sha256").update(audio).digest("hex"));
    // No file name goes up (it could name the patient).
    expect(sent.headers["content-disposition"]).toBeUndefined();
  });

  it("follows the configured model and smart_format setting, and sends no language when none is given", async () => {
    await transcriber({ model: "nova-3-medical", smartFormat: false }).transcribe({ audio, mediaType: "audio/mpeg" });
    const sent = lastListen();
    expect(sent.query).toEqual({ model: "nova-3-medical", diarize: "true", utterances: "true", punctuate: "true", smart_format: "false" });
    expect(sent.headers["content-type"]).toBe("audio/mpeg");
  });

  it("maps each utterance to a timed speaker turn, named like the OpenAI transcriber's", async () => {
    server.transcript = [
      { speaker: 0, start: 0.42, end: 5.43, text: "Any dizziness after the infusion?" },
      { speaker: 1, start: 5.9, end: 11.25, text: "A little the first evening, nothing after." },
      { speaker: 0, start: 11.8, end: 14.0, text: "Good." },
      { speaker: 2, start: 14.3, end: 17.6, text: "I am the interpreter." },
    ];
    const result = await transcriber().transcribe({ audio, mediaType: "audio/wav" });
    expect(result.segments).toEqual([
      { speaker: "Speaker A", startMs: 420, endMs: 5430, text: "Any dizziness after the infusion?" },
      { speaker: "Speaker B", startMs: 5900, endMs: 11250, text: "A little the first evening, nothing after." },
      { speaker: "Speaker A", startMs: 11800, endMs: 14000, text: "Good." },
      { speaker: "Speaker C", startMs: 14300, endMs: 17600, text: "I am the interpreter." },
    ]);
    expect(result.durationMs).toBe(18100);
  });

  it("without utterances in the answer, consecutive words of one speaker make one turn", async () => {
    server.transcript = [
      { speaker: 0, start: 0, end: 2, text: "Any dizziness?" },
      { speaker: 0, start: 2.5, end: 3.5, text: "Since Tuesday?" },
      { speaker: 1, start: 4, end: 6, text: "None at all." },
    ];
    server.utterances = false;
    try {
      const result = await transcriber().transcribe({ audio, mediaType: "audio/wav" });
      expect(result.segments).toEqual([
        { speaker: "Speaker A", startMs: 0, endMs: 3500, text: "Any dizziness? Since Tuesday?" },
        { speaker: "Speaker B", startMs: 4000, endMs: 6000, text: "None at all." },
      ]);
    } finally {
      server.utterances = true;
    }
  });

  it("a recording with no speech gives no turns (ingest then reports no readable text)", async () => {
    server.transcript = [];
    const result = await transcriber().transcribe({ audio, mediaType: "audio/wav" });
    expect(result.segments).toEqual([]);
  });

  it("401: a clear error naming the key, with Deepgram's code and request id, without the response text", async () => {
    const error = await failure(transcriber({ apiKey: "wrong-key" }).transcribe({ audio, mediaType: "audio/wav" }));
    expect(error).toMatchObject({ code: "UPSTREAM_FAILED", message: expect.stringMatching(/HTTP 401.*DEEPGRAM_API_KEY/) });
    expect(error.details).toMatchObject({ upstreamStatus: 401, upstreamCode: "INVALID_AUTH", upstreamRequestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toMatch(/Invalid credentials/);
  });

  it("429: reports the retry-after when retries are off", async () => {
    server.failNext(429, { retryAfter: 7 });
    const error = await failure(transcriber().transcribe({ audio, mediaType: "audio/wav" }));
    expect(error).toMatchObject({ code: "UPSTREAM_FAILED", message: expect.stringMatching(/HTTP 429.*retry after 7 s/) });
    expect(error.details).toMatchObject({ upstreamStatus: 429, upstreamCode: "TOO_MANY_REQUESTS", retryAfterSeconds: 7 });
  });

  it("429: waits the retry-after before the SDK's retry, then transcribes", async () => {
    server.transcript = [{ speaker: 1, start: 1, end: 2, text: "Still here." }];
    server.failNext(429, { retryAfter: 1 });
    const before = server.requests.length;
    const result = await transcriber({ maxRetries: 1 }).transcribe({ audio, mediaType: "audio/wav" });
    const calls = server.requests.slice(before);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(result.segments).toEqual([{ speaker: "Speaker B", startMs: 1000, endMs: 2000, text: "Still here." }]);
  });

  it("5xx: the status only, never the body (which here echoes transcript text)", async () => {
    for (const status of [500, 502, 503]) {
      server.failNext(status);
      const error = await failure(transcriber().transcribe({ audio, mediaType: "audio/wav" }));
      expect(error).toMatchObject({ code: "UPSTREAM_FAILED", message: `The speech-to-text service failed (HTTP ${status}).` });
      expect(JSON.stringify({ message: error.message, details: error.details })).not.toMatch(/lighthouse|echoing/);
    }
  });

  it("an unreachable server is a clear error too", async () => {
    const gone = await startFakeDeepgram();
    await gone.close();
    await expect(transcriber({ baseURL: gone.url }).transcribe({ audio, mediaType: "audio/wav" })).rejects.toMatchObject({ code: "UPSTREAM_FAILED", message: expect.stringMatching(/could not be reached/) });
  });

  it("needs an API key", () => {
    expect(() => transcriber({ apiKey: undefined })).toThrow(/DEEPGRAM_API_KEY/);
  });

  it("activate registers exactly the ids the manifest declares, and the manifest declares egress", () => {
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { rounds: { egress: boolean; contributes: Record<string, Array<{ id: string }>> } };
    const declared = Object.entries(manifest.rounds.contributes).filter(([k]) => k !== "configuration").flatMap(([k, list]) => list.map((c) => `${k}/${c.id}`));
    expect([...load().registered.keys()].sort()).toEqual(declared.sort());
    expect(manifest.rounds.egress).toBe(true);
  });

  it("the on-prem tier refuses the plugin; the server tier loads it", async () => {
    const onPrem = await PluginHost.create({ plugins: ["@rounds/plugin-deepgram"], tier: "on-prem", settings: { "@rounds/plugin-deepgram": { apiKey: "k" } } });
    await expect(onPrem.get("transcribers", "deepgram")).rejects.toMatchObject({ code: "PLUGIN_EGRESS_REFUSED" });
    const server2 = await PluginHost.create({ plugins: ["@rounds/plugin-deepgram"], tier: "server", settings: { "@rounds/plugin-deepgram": { apiKey: "k" } } });
    expect((await server2.get("transcribers", "deepgram")).id).toBe("deepgram");
  });
});
