// The Anthropic plugin against a local server speaking the Messages API
// wire format: the language-model conformance suite, every request checked
// against the documented schema (headers, body, streaming events, both
// JSON-schema modes), and each HTTP failure turned into a Rounds error that
// names the status and never carries the prompt.
import { readFileSync } from "node:fs";
import type { LanguageModel, PluginContext } from "@rounds/core";
import { describeLanguageModelConformance, describeVendorFailures, expectCleanFailure } from "@rounds/core/testing";
import { generateText, streamText } from "ai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { activate } from "../src/index.ts";
import { checkMessagesRequest, type FakeAnthropic, startFakeAnthropic } from "../src/testing/fake-anthropic-server.ts";

let server: FakeAnthropic;
beforeAll(async () => {
  server = await startFakeAnthropic({ apiKey: "sk-ant-test" });
});
afterAll(async () => server?.close());
afterEach(() => {
  // Every request any test sent must have matched the documented schema.
  expect(server.violations).toEqual([]);
});

function load(settings: Record<string, unknown> = {}) {
  const registered = new Map<string, () => unknown>();
  activate({ services: {}, settings: { chatModel: "claude-sonnet-4-5", baseURL: server.url, apiKey: "sk-ant-test", ...settings }, register: (kind: string, id: string, impl: () => unknown) => registered.set(`${kind}/${id}`, impl) } as unknown as PluginContext);
  return { registered, model: () => registered.get("languageModels/anthropic")!() as LanguageModel };
}

const SCHEMA = { type: "object", additionalProperties: false, required: ["subjective", "plan"], properties: { subjective: { type: "string" }, plan: { type: "string" } } };
const NOTE = JSON.stringify({ subjective: "Evenings are hard [T2].", plan: "Write a safety plan [T5]." });
const noteCall = { prompt: [{ role: "system" as const, content: "Write the note as JSON." }, { role: "user" as const, content: [{ type: "text" as const, text: "[T1 Client 00:00:00] Hello." }] }], temperature: 0, maxOutputTokens: 400, responseFormat: { type: "json" as const, schema: SCHEMA as never, name: "session_note" } };
const textOf = (content: Array<{ type: string; text?: string }>) => content.flatMap((c) => (c.type === "text" ? [c.text!] : [])).join("");

describeLanguageModelConformance("anthropic (Messages API wire-format server)", () => load().model());

describe("anthropic plugin: what goes over the wire", () => {
  it("sends the key, the API version, the model, max_tokens, the system prompt and the user message", async () => {
    server.replies = ["Pause at 180 mmHg [1]."];
    const { text } = await generateText({ model: load().model(), system: "Answer from the passages.", prompt: "When do we pause?", maxOutputTokens: 300, temperature: 0, maxRetries: 0 });
    expect(text).toBe("Pause at 180 mmHg [1].");
    const req = server.requests.at(-1)!;
    expect(req.method).toBe("POST");
    expect(req.path).toBe("/v1/messages");
    expect(req.headers["x-api-key"]).toBe("sk-ant-test");
    expect(req.headers["anthropic-version"]).toBe("2023-06-01");
    expect(req.headers["content-type"]).toContain("application/json");
    expect(req.headers.authorization).toBeUndefined();
    expect(req.json).toEqual({
      model: "claude-sonnet-4-5", max_tokens: 300, temperature: 0,
      system: [{ type: "text", text: "Answer from the passages." }],
      messages: [{ role: "user", content: [{ type: "text", text: "When do we pause?" }] }],
    });
  });

  it("streams: message_start, text deltas in order, message_stop, with usage and finish reason", async () => {
    server.replies = ["Observe for sixty minutes after the infusion [2]."];
    const result = streamText({ model: load().model(), prompt: "How long?", maxRetries: 0 });
    const deltas: string[] = [];
    for await (const d of result.textStream) deltas.push(d);
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join("")).toBe("Observe for sixty minutes after the infusion [2].");
    expect(await result.finishReason).toBe("stop");
    expect((await result.usage).outputTokens).toBe(8);
    expect(server.requests.at(-1)!.json).toMatchObject({ stream: true, model: "claude-sonnet-4-5" });
  });

  it("asks a model with native structured output for output_config.format json_schema, and returns the JSON as text", async () => {
    server.replies = [NOTE];
    const r = await load().model().doGenerate(noteCall);
    expect(JSON.parse(textOf(r.content))).toEqual(JSON.parse(NOTE));
    const body = server.requests.at(-1)!.json!;
    expect(body.output_config).toEqual({ format: { type: "json_schema", schema: SCHEMA } });
    expect(body.tools).toBeUndefined();
  });

  it("asks an older model for the JSON through a forced tool call, and returns the tool's input as text", async () => {
    server.replies = [NOTE];
    const r = await load({ chatModel: "claude-sonnet-4-20250514" }).model().doGenerate(noteCall);
    expect(JSON.parse(textOf(r.content))).toEqual(JSON.parse(NOTE));
    const body = server.requests.at(-1)!.json!;
    expect(body.tools).toEqual([{ name: "json", description: "Respond with a JSON object.", input_schema: SCHEMA }]);
    // "any" with a single tool forces that tool (a documented tool_choice form).
    expect(body.tool_choice).toEqual({ type: "any", disable_parallel_tool_use: true });
    expect(body.output_config).toBeUndefined();
    // and the same, streamed: input_json_delta events assemble the JSON
    server.replies = [NOTE];
    const { stream } = await load({ chatModel: "claude-sonnet-4-20250514" }).model().doStream(noteCall);
    let text = "";
    const reader = stream.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) if (r.value.type === "text-delta") text += r.value.delta;
    expect(JSON.parse(text)).toEqual(JSON.parse(NOTE));
  });

  it("the fake server's schema check can fail: it rejects what the Messages API rejects", () => {
    expect(checkMessagesRequest({ model: "m", max_tokens: 10, messages: [{ role: "user", content: "hi" }] })).toEqual([]);
    expect(checkMessagesRequest({ model: "m", messages: [{ role: "user", content: "hi" }] })).toEqual(["max_tokens: Field required (integer >= 1)"]);
    expect(checkMessagesRequest({ model: "m", max_tokens: 10, messages: [{ role: "system", content: "hi" }] })).toEqual(['messages.0.role: must be "user" or "assistant"']);
    expect(checkMessagesRequest({ model: "m", max_tokens: 10, messages: [{ role: "user", content: "a" }, { role: "user", content: "b" }] })).toEqual(['messages.1: roles must alternate between "user" and "assistant"']);
    expect(checkMessagesRequest({ model: "m", max_tokens: 10, messages: [{ role: "user", content: "a" }], response_format: {} })).toEqual(["response_format: Extra inputs are not permitted"]);
    expect(checkMessagesRequest({ model: "m", max_tokens: 10, temperature: 1.5, messages: [{ role: "user", content: "a" }] })).toEqual(["temperature: must be a number in [0, 1]"]);
  });
});

describeVendorFailures("anthropic (Messages API wire-format server)", {
  vendor: "Anthropic", keySetting: "ANTHROPIC_API_KEY (pluginSettings.@rounds/plugin-anthropic.apiKey)",
  server: { failNext: (...args) => server.failNext(...args) },
  model: () => load().model(),
  refusedModel: () => load({ apiKey: "sk-ant-wrong" }).model(),
  afterRefused: () => expect(server.requests.at(-1)!.headers["x-api-key"]).toBe("sk-ant-wrong"),
  // 529 is Anthropic's "overloaded".
  serverErrors: [500, 529],
  streamStatus: 503,
  vendorText: /echoing|invalid x-api-key|authentication_error|overloaded_error|api_error/,
});

describe("anthropic plugin: failures of its own", () => {
  const secret = "Patient Philippa Quarrington reported chest pain";

  it("an error event in the middle of a stream arrives as an error part holding a Rounds error", async () => {
    server.replies = ["Observe for sixty minutes after the infusion [2]."];
    server.failMidStream("overloaded_error");
    const { stream } = await load().model().doStream({ prompt: [{ role: "user", content: [{ type: "text", text: secret }] }] });
    const parts: Array<{ type: string; delta?: string; error?: unknown }> = [];
    const reader = stream.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value);
    expect(parts.filter((p) => p.type === "text-delta").map((p) => p.delta).join("")).toBe("Observe for ");
    const error = parts.find((p) => p.type === "error")!.error;
    expect(error).toMatchObject({ code: "UPSTREAM_FAILED", message: "The Anthropic API stopped the answer with an error (overloaded_error).", details: { upstreamType: "overloaded_error" } });
    expectCleanFailure(error, /echoing/);
  });

  it("needs an API key", () => {
    expect(() => load({ apiKey: undefined }).model()).toThrow(/ANTHROPIC_API_KEY/);
  });
});

describe("anthropic plugin manifest", () => {
  it("registers exactly the declared ids and declares egress, so the on-prem tier refuses it", () => {
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { rounds: { egress: boolean; contributes: Record<string, Array<{ id: string }>> } };
    const declared = Object.entries(manifest.rounds.contributes).filter(([k]) => k !== "configuration").flatMap(([k, list]) => list.map((c) => `${k}/${c.id}`));
    expect([...load().registered.keys()]).toEqual(declared);
    expect(manifest.rounds.egress).toBe(true);
  });
});
