// The Mistral plugin against a local server speaking Mistral's chat
// completions wire format: the language-model conformance suite, every
// request checked against the documented schema (bearer key, body,
// streaming chunks, response_format json_schema), and each HTTP failure
// turned into a Rounds error that names the status and never carries the prompt.
import { readFileSync } from "node:fs";
import type { LanguageModel, PluginContext } from "@rounds/core";
import { describeLanguageModelConformance } from "@rounds/core/testing";
import { generateText, streamText } from "ai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { activate } from "../src/index.ts";
import { checkChatRequest, type FakeMistral, startFakeMistral } from "../src/testing/fake-mistral-server.ts";

let server: FakeMistral;
beforeAll(async () => {
  server = await startFakeMistral({ apiKey: "mistral-test-key" });
});
afterAll(async () => server?.close());
afterEach(() => {
  // Every request any test sent must have matched the documented schema.
  expect(server.violations).toEqual([]);
});

function load(settings: Record<string, unknown> = {}) {
  const registered = new Map<string, () => unknown>();
  activate({ services: {}, settings: { chatModel: "mistral-large-latest", baseURL: server.url, apiKey: "mistral-test-key", ...settings }, register: (kind: string, id: string, impl: () => unknown) => registered.set(`${kind}/${id}`, impl) } as unknown as PluginContext);
  return { registered, model: () => registered.get("languageModels/mistral")!() as LanguageModel };
}

const SCHEMA = { type: "object", additionalProperties: false, required: ["subjective", "plan"], properties: { subjective: { type: "string" }, plan: { type: "string" } } };
const NOTE = JSON.stringify({ subjective: "Evenings are hard [T2].", plan: "Write a safety plan [T5]." });
const noteCall = { prompt: [{ role: "system" as const, content: "Write the note as JSON." }, { role: "user" as const, content: [{ type: "text" as const, text: "[T1 Client 00:00:00] Hello." }] }], temperature: 0, maxOutputTokens: 400, responseFormat: { type: "json" as const, schema: SCHEMA as never, name: "session_note" } };
const textOf = (content: Array<{ type: string; text?: string }>) => content.flatMap((c) => (c.type === "text" ? [c.text!] : [])).join("");

describeLanguageModelConformance("mistral (chat completions wire-format server)", () => load().model());

describe("mistral plugin: what goes over the wire", () => {
  it("sends the bearer key, the model, max_tokens, temperature and the system and user messages", async () => {
    server.replies = ["Pause at 180 mmHg [1]."];
    const { text } = await generateText({ model: load().model(), system: "Answer from the passages.", prompt: "When do we pause?", maxOutputTokens: 300, temperature: 0, maxRetries: 0 });
    expect(text).toBe("Pause at 180 mmHg [1].");
    const req = server.requests.at(-1)!;
    expect(req.method).toBe("POST");
    expect(req.path).toBe("/v1/chat/completions");
    expect(req.headers.authorization).toBe("Bearer mistral-test-key");
    expect(req.headers["content-type"]).toContain("application/json");
    expect(req.json).toMatchObject({
      model: "mistral-large-latest", max_tokens: 300, temperature: 0,
      messages: [{ role: "system", content: "Answer from the passages." }, { role: "user", content: [{ type: "text", text: "When do we pause?" }] }],
    });
    // Nothing beyond the documented fields (the server would have answered 422 otherwise).
    expect(checkChatRequest(req.json)).toEqual([]);
    expect(req.json!.stream).toBeUndefined();
  });

  it("streams chat.completion.chunk deltas in order up to [DONE], with usage and finish reason", async () => {
    server.replies = ["Observe for sixty minutes after the infusion [2]."];
    const result = streamText({ model: load().model(), prompt: "How long?", maxRetries: 0 });
    const deltas: string[] = [];
    for await (const d of result.textStream) deltas.push(d);
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join("")).toBe("Observe for sixty minutes after the infusion [2].");
    expect(await result.finishReason).toBe("stop");
    expect((await result.usage).outputTokens).toBe(8);
    expect(server.requests.at(-1)!.json).toMatchObject({ stream: true, model: "mistral-large-latest" });
  });

  it("asks for JSON-schema output with response_format json_schema and returns the JSON as text", async () => {
    server.replies = [NOTE];
    const r = await load().model().doGenerate(noteCall);
    expect(JSON.parse(textOf(r.content))).toEqual(JSON.parse(NOTE));
    expect(server.requests.at(-1)!.json!.response_format).toMatchObject({ type: "json_schema", json_schema: { name: "session_note", schema: SCHEMA } });
  });

  it("the fake server's schema check can fail: it rejects what the API rejects", () => {
    expect(checkChatRequest({ model: "m", messages: [{ role: "user", content: "hi" }] })).toEqual([]);
    expect(checkChatRequest({ messages: [{ role: "user", content: "hi" }] })).toEqual(["model: Field required"]);
    expect(checkChatRequest({ model: "m", messages: [{ role: "developer", content: "hi" }] })).toEqual(["messages.0.role: must be system, user, assistant or tool"]);
    expect(checkChatRequest({ model: "m", messages: [{ role: "user", content: "a" }], stream_options: { include_usage: true } })).toEqual(["stream_options: Extra inputs are not permitted"]);
    expect(checkChatRequest({ model: "m", messages: [{ role: "user", content: "a" }], response_format: { type: "json_schema", json_schema: { schema: {} } } })).toEqual(["response_format.json_schema.name: Field required"]);
  });
});

describe("mistral plugin: failures", () => {
  const secret = "Patient Philippa Quarrington reported chest pain";
  const ask = (settings: Record<string, unknown> = {}) => Promise.resolve(load(settings).model().doGenerate({ prompt: [{ role: "user", content: [{ type: "text", text: secret }] }], maxOutputTokens: 50 })).then(() => { throw new Error("expected the call to fail"); }, (e: unknown) => e as Error & { code?: string; details?: Record<string, unknown> });
  const clean = (error: unknown) => {
    expect(JSON.stringify(error)).not.toContain("Quarrington");
    expect(String((error as Error).message)).not.toContain("Quarrington");
    expect((error as Error).cause).toBeUndefined();
  };

  it("401 (a wrong key, answered by the server's own key check) says to check MISTRAL_API_KEY", async () => {
    const error = await ask({ apiKey: "wrong" });
    expect(error).toMatchObject({ code: "UPSTREAM_FAILED", message: "The Mistral API refused the credentials (HTTP 401): check MISTRAL_API_KEY (pluginSettings.@rounds/plugin-mistral.apiKey).", details: { vendor: "Mistral", upstreamStatus: 401 } });
    expect(server.requests.at(-1)!.headers.authorization).toBe("Bearer wrong");
    clean(error);
  });

  it("429 carries the retry-after the server asked for, in seconds or as an HTTP date", async () => {
    server.failNext(429, 1, "30");
    const error = await ask();
    expect(error).toMatchObject({ code: "UPSTREAM_FAILED", message: "The Mistral API is rate limiting requests (HTTP 429); it asks to retry after 30 s.", details: { upstreamStatus: 429, retryAfterSeconds: 30 } });
    clean(error);
    server.failNext(429, 1, new Date(Date.now() + 120_000).toUTCString());
    const dated = await ask();
    expect(dated.details!.retryAfterSeconds).toBeGreaterThanOrEqual(118);
    expect(dated.details!.retryAfterSeconds).toBeLessThanOrEqual(121);
  });

  it("5xx says the vendor failed, without its body (which echoes the prompt)", async () => {
    for (const status of [500, 503]) {
      server.failNext(status);
      const error = await ask();
      expect(error).toMatchObject({ code: "UPSTREAM_FAILED", message: `The Mistral API failed on its side (HTTP ${status}); try again later.`, details: { upstreamStatus: status } });
      clean(error);
    }
  });

  it("a failure when a stream opens is a Rounds error too", async () => {
    server.failNext(502);
    const error = await Promise.resolve(load().model().doStream({ prompt: [{ role: "user", content: [{ type: "text", text: secret }] }] })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "UPSTREAM_FAILED", details: { upstreamStatus: 502 } });
    clean(error);
  });

  it("needs an API key", () => {
    expect(() => load({ apiKey: undefined }).model()).toThrow(/MISTRAL_API_KEY/);
  });
});

describe("mistral plugin manifest", () => {
  it("registers exactly the declared ids and declares egress, so the on-prem tier refuses it", () => {
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { rounds: { egress: boolean; contributes: Record<string, Array<{ id: string }>> } };
    const declared = Object.entries(manifest.rounds.contributes).filter(([k]) => k !== "configuration").flatMap(([k, list]) => list.map((c) => `${k}/${c.id}`));
    expect([...load().registered.keys()]).toEqual(declared);
    expect(manifest.rounds.egress).toBe(true);
  });
});
