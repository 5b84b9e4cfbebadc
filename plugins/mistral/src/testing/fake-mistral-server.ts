/**
 * A local server speaking Mistral AI's chat completions wire format (the
 * real service cannot be reached from here): `POST /v1/chat/completions` as
 * JSON and as SSE `chat.completion.chunk` events ending in `data: [DONE]`,
 * with `response_format: json_schema` answered as JSON text. Every request
 * is checked field by field against the documented request schema
 * (https://docs.mistral.ai/api/#tag/chat): a violation is answered 422 with
 * Mistral's validation body, as the real API does, and recorded in
 * `violations` so a test can show none happened. Failures use Mistral's
 * error body (`{"object":"error","message",...}`), 429 with `retry-after`.
 */
import type { ServerResponse } from "node:http";
import { startRecordingServer, type RecordedRequest } from "@rounds/core/testing";

export type { RecordedRequest };

export interface FakeMistral {
  url: string;
  requests: RecordedRequest[];
  /** Schema violations found in requests (each also answered 422). */
  violations: string[];
  /** Next replies (the last one repeats). */
  replies: string[];
  /** Make the next N requests fail with this status (429 carries `retry-after: retryAfter`). */
  failNext(status: number, count?: number, retryAfter?: string): void;
  close(): Promise<void>;
}

const TOP_LEVEL = new Set(["model", "messages", "temperature", "top_p", "max_tokens", "stream", "stop", "random_seed", "response_format", "tools", "tool_choice", "presence_penalty", "frequency_penalty", "n", "prediction", "parallel_tool_calls", "safe_prompt", "prompt_mode", "document_image_limit", "document_page_limit", "metadata"]);
const ROLES = new Set(["system", "user", "assistant", "tool"]);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The documented request schema, as far as the AI SDK's requests reach. */
export function checkChatRequest(body: unknown): string[] {
  const bad: string[] = [];
  if (!isObject(body)) return ["body: must be a JSON object"];
  for (const k of Object.keys(body)) if (!TOP_LEVEL.has(k)) bad.push(`${k}: Extra inputs are not permitted`);
  if (typeof body.model !== "string" || !body.model) bad.push("model: Field required");
  if (body.temperature !== undefined && body.temperature !== null && (typeof body.temperature !== "number" || body.temperature < 0 || body.temperature > 1.5)) bad.push("temperature: must be a number in [0, 1.5]");
  if (body.max_tokens !== undefined && body.max_tokens !== null && (!Number.isInteger(body.max_tokens) || (body.max_tokens as number) < 0)) bad.push("max_tokens: must be a non-negative integer");
  if (body.stream !== undefined && typeof body.stream !== "boolean") bad.push("stream: must be a boolean");
  if (body.safe_prompt !== undefined && typeof body.safe_prompt !== "boolean") bad.push("safe_prompt: must be a boolean");
  if (!Array.isArray(body.messages) || body.messages.length === 0) bad.push("messages: Field required");
  else body.messages.forEach((m: unknown, i) => {
    if (!isObject(m) || !ROLES.has(String(m.role))) return void bad.push(`messages.${i}.role: must be system, user, assistant or tool`);
    const content = m.content;
    const ok = typeof content === "string" || (Array.isArray(content) && content.every((c) => isObject(c) && typeof c.type === "string" && (c.type !== "text" || typeof c.text === "string")))
      || (m.role === "assistant" && (content === null || content === undefined) && Array.isArray(m.tool_calls));
    if (!ok) bad.push(`messages.${i}.content: must be a string or an array of content chunks`);
  });
  if (body.response_format !== undefined) {
    const f = body.response_format;
    if (!isObject(f) || !["text", "json_object", "json_schema"].includes(String(f.type))) bad.push("response_format.type: must be text, json_object or json_schema");
    else if (f.type === "json_schema") {
      const js = f.json_schema;
      if (!isObject(js) || typeof js.name !== "string" || !js.name) bad.push("response_format.json_schema.name: Field required");
      else if (!isObject(js.schema)) bad.push("response_format.json_schema.schema: Field required");
      else if (js.strict !== undefined && typeof js.strict !== "boolean") bad.push("response_format.json_schema.strict: must be a boolean");
    }
  }
  return bad;
}

export async function startFakeMistral(options: { apiKey?: string } = {}): Promise<FakeMistral> {
  const apiKey = options.apiKey ?? "mistral-test-key";
  const violations: string[] = [];
  const state = { replies: ["Hello from the fake Mistral."] };

  const error = (res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify({ object: "error", message, type: status === 401 ? "unauthorized" : status === 429 ? "rate_limited" : status === 422 ? "invalid_request_error" : "internal_server_error", param: null, code: String(status) }));
  };

  const server = await startRecordingServer((req, res, { count: counter, nextFailure }) => {
    const raw = req.body.toString();
    const { path, json } = req;
    if (req.method !== "POST" || path !== "/v1/chat/completions") return error(res, 404, `Not found: ${req.method} ${path}`);
    const failure = nextFailure();
    if (failure) return error(res, failure.status, `fake failure echoing input: ${raw.slice(0, 300)}`, failure.retryAfter ? { "retry-after": failure.retryAfter } : {});
    if (req.headers.authorization !== `Bearer ${apiKey}`) return error(res, 401, "Unauthorized");
    if (!(req.headers["content-type"] ?? "").includes("application/json")) {
      violations.push("content-type: must be application/json");
      return error(res, 422, "content-type must be application/json");
    }
    const bad = checkChatRequest(json);
    if (bad.length) {
      violations.push(...bad);
      return error(res, 422, bad.join("; "));
    }
    const body = json!;
    const text = state.replies.length > 1 ? state.replies.shift()! : state.replies[0]!;
    const id = `cmpl-fake-${counter}`;
    const created = Math.floor(Date.now() / 1000);
    const usage = { prompt_tokens: 25, completion_tokens: text.split(/\s+/).length, total_tokens: 25 + text.split(/\s+/).length };
    if (!body.stream) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id, object: "chat.completion", created, model: body.model, choices: [{ index: 0, message: { role: "assistant", content: text, tool_calls: null, prefix: false }, finish_reason: "stop" }], usage }));
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const chunk = (delta: Record<string, unknown>, finish: string | null, extra: Record<string, unknown> = {}) =>
      res.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model: body.model, choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`);
    chunk({ role: "assistant", content: "" }, null);
    for (const piece of text.split(/(?<=\s)/)) chunk({ content: piece }, null);
    // Mistral sends the usage on the last chunk, with the finish reason.
    chunk({ content: "" }, "stop", { usage });
    res.end("data: [DONE]\n\n");
  });
  return {
    url: `${server.url}/v1`,
    requests: server.requests,
    violations,
    get replies() { return state.replies; },
    set replies(v: string[]) { state.replies = v; },
    failNext: server.failNext,
    close: server.close,
  };
}
