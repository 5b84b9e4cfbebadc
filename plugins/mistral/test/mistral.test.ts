// The Mistral plugin against a local server speaking Mistral's chat
// completions wire format: the language-model conformance suite, every
// request checked against the documented schema (bearer key, body,
// streaming chunks, response_format json_schema), and each HTTP failure
// turned into a Rounds error that names the status and never carries the prompt.
import { readFileSync } from "node:fs";
import type { LanguageModel, PluginContext } from "@rounds/core";
import { describeLanguageModelConformance, describeVendorFailures } from "@rounds/core/testing";
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

describeVendorFailures("mistral (chat completions wire-format server)", {
  vendor: "Mistral", keySetting: "MISTRAL_API_KEY (pluginSettings.@rounds/plugin-mistral.apiKey)",
  server: { failNext: (...args) => server.failNext(...args) },
  model: () => load().model(),
  refusedModel: () => load({ apiKey: "wrong" }).model(),
  afterRefused: () => expect(server.requests.at(-1)!.headers.authorization).toBe("Bearer wrong"),
  serverErrors: [500, 503],
  streamStatus: 502,
  vendorText: /echoing|Unauthorized|unauthorized|rate_limited|internal_server_error/,
});

describe("mistral plugin: settings", () => {
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
