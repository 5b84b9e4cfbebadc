/**
 * A local server speaking Anthropic's Messages API wire format (the real
 * service cannot be reached from here): `POST /v1/messages` as JSON and as
 * SSE (`message_start`, `content_block_start`, `ping`, `content_block_delta`,
 * `content_block_stop`, `message_delta`, `message_stop`), text, and the two
 * ways the AI SDK asks for JSON-schema output: `output_config.format`
 * (`json_schema`, models with native structured output) answered as JSON
 * text, and a forced tool call (older models) answered as `tool_use` with
 * the JSON as the tool's input. Every request is
 * checked field by field against the documented request schema
 * (https://docs.anthropic.com/en/api/messages): a violation is answered
 * 400 `invalid_request_error`, as the real API does, and recorded in
 * `violations` so a test can show none happened. Failures are answered with
 * Anthropic's error body (`{"type":"error","error":{type,message}}`), 429
 * with `retry-after`.
 */
import type { ServerResponse } from "node:http";
import { startRecordingServer, type RecordedRequest } from "@rounds/core/testing";

export const ANTHROPIC_VERSION = "2023-06-01";

export type { RecordedRequest };

export interface FakeAnthropic {
  url: string;
  requests: RecordedRequest[];
  /** Schema violations found in requests (each also answered 400). */
  violations: string[];
  /** Next replies (the last one repeats): text, or, when the request forces a tool, that tool's JSON input. */
  replies: string[];
  /** Make the next N requests fail with this status (429 carries `retry-after: retryAfter`). */
  failNext(status: number, count?: number, retryAfter?: string): void;
  /** Make the next streamed reply stop after two deltas with an `error` event of this type (e.g. overloaded_error). */
  failMidStream(type: string): void;
  close(): Promise<void>;
}

const TOP_LEVEL = new Set(["model", "messages", "max_tokens", "system", "temperature", "top_p", "top_k", "stop_sequences", "stream", "metadata", "tools", "tool_choice", "thinking", "service_tier", "container", "mcp_servers", "output_config", "context_management", "speed", "inference_geo"]);
const ERROR_TYPES: Record<number, string> = { 400: "invalid_request_error", 401: "authentication_error", 403: "permission_error", 404: "not_found_error", 413: "request_too_large", 429: "rate_limit_error", 500: "api_error", 529: "overloaded_error" };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The documented request schema, as far as the AI SDK's requests reach. */
export function checkMessagesRequest(body: unknown): string[] {
  const bad: string[] = [];
  if (!isObject(body)) return ["body: must be a JSON object"];
  for (const k of Object.keys(body)) if (!TOP_LEVEL.has(k)) bad.push(`${k}: Extra inputs are not permitted`);
  if (typeof body.model !== "string" || !body.model) bad.push("model: Field required");
  if (!Number.isInteger(body.max_tokens) || (body.max_tokens as number) < 1) bad.push("max_tokens: Field required (integer >= 1)");
  if (body.temperature !== undefined && (typeof body.temperature !== "number" || body.temperature < 0 || body.temperature > 1)) bad.push("temperature: must be a number in [0, 1]");
  if (body.stream !== undefined && typeof body.stream !== "boolean") bad.push("stream: must be a boolean");
  if (body.system !== undefined) {
    const ok = typeof body.system === "string" || (Array.isArray(body.system) && body.system.every((b) => isObject(b) && b.type === "text" && typeof b.text === "string"));
    if (!ok) bad.push("system: must be a string or an array of text blocks");
  }
  if (!Array.isArray(body.messages) || body.messages.length === 0) bad.push("messages: at least one message is required");
  else {
    body.messages.forEach((m: unknown, i) => {
      if (!isObject(m) || (m.role !== "user" && m.role !== "assistant")) return void bad.push(`messages.${i}.role: must be "user" or "assistant"`);
      if (i === 0 && m.role !== "user") bad.push("messages.0.role: the first message must use the user role");
      if (i > 0 && (body.messages as Array<{ role: string }>)[i - 1]!.role === m.role) bad.push(`messages.${i}: roles must alternate between "user" and "assistant"`);
      const blocksOk = typeof m.content === "string" ? m.content.length > 0
        : Array.isArray(m.content) && m.content.length > 0 && m.content.every((b) => isObject(b) && typeof b.type === "string" && (b.type !== "text" || (typeof b.text === "string" && b.text.length > 0)));
      if (!blocksOk) bad.push(`messages.${i}.content: must be a non-empty string or an array of content blocks`);
    });
  }
  if (body.tools !== undefined) {
    if (!Array.isArray(body.tools)) bad.push("tools: must be an array");
    else body.tools.forEach((t: unknown, i) => {
      if (!isObject(t) || typeof t.name !== "string" || !/^[a-zA-Z0-9_-]{1,128}$/.test(t.name)) bad.push(`tools.${i}.name: must match ^[a-zA-Z0-9_-]{1,128}$`);
      else if (!isObject(t.input_schema) || t.input_schema.type !== "object") bad.push(`tools.${i}.input_schema: must be a JSON schema of type object`);
    });
  }
  if (body.tool_choice !== undefined) {
    const c = body.tool_choice;
    if (!isObject(c) || !["auto", "any", "tool", "none"].includes(String(c.type))) bad.push("tool_choice.type: must be auto, any, tool or none");
    else if (c.type === "tool" && !(body.tools as Array<{ name: string }> | undefined)?.some((t) => t.name === c.name)) bad.push("tool_choice.name: must name one of the tools");
  }
  if (body.output_config !== undefined) {
    const o = body.output_config;
    if (!isObject(o)) bad.push("output_config: must be an object");
    else if (o.format !== undefined && (!isObject(o.format) || o.format.type !== "json_schema" || !isObject(o.format.schema))) bad.push("output_config.format: must be {type: json_schema, schema}");
  }
  return bad;
}

export async function startFakeAnthropic(options: { apiKey?: string } = {}): Promise<FakeAnthropic> {
  const apiKey = options.apiKey ?? "sk-ant-test";
  const violations: string[] = [];
  const state = { replies: ["Hello from the fake Claude."], midStream: undefined as string | undefined };

  const error = (res: ServerResponse, counter: number, status: number, message: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", "request-id": `req_fake_${counter}`, ...headers });
    res.end(JSON.stringify({ type: "error", error: { type: ERROR_TYPES[status] ?? "api_error", message }, request_id: `req_fake_${counter}` }));
  };

  const server = await startRecordingServer((req, res, { count: counter, nextFailure }) => {
    const raw = req.body.toString();
    const { path, json } = req;
    if (req.method !== "POST" || path !== "/v1/messages") return error(res, counter, 404, `Not found: ${req.method} ${path}`);
    const failure = nextFailure();
    if (failure) {
      // The real API's messages may quote the request; this one does, to prove Rounds never passes them on.
      return error(res, counter, failure.status, `fake failure echoing input: ${raw.slice(0, 300)}`, failure.retryAfter ? { "retry-after": failure.retryAfter } : {});
    }
    if (req.headers["x-api-key"] !== apiKey) return error(res, counter, 401, "invalid x-api-key");
    if (req.headers["anthropic-version"] !== ANTHROPIC_VERSION) {
      violations.push(`anthropic-version header: ${String(req.headers["anthropic-version"])}`);
      return error(res, counter, 400, "anthropic-version: header is required");
    }
    if (!(req.headers["content-type"] ?? "").includes("application/json")) {
      violations.push("content-type: must be application/json");
      return error(res, counter, 400, "content-type must be application/json");
    }
    const bad = checkMessagesRequest(json);
    if (bad.length) {
      violations.push(...bad);
      return error(res, counter, 400, bad.join("; "));
    }
    const body = json!;
    const reply = state.replies.length > 1 ? state.replies.shift()! : state.replies[0]!;
    const choice = body.tool_choice as { type: string; name?: string } | undefined;
    const tool = choice?.type === "tool" ? choice.name : choice?.type === "any" ? (body.tools as Array<{ name: string }>)[0]!.name : undefined;
    const id = `msg_fake_${counter}`;
    const toolId = `toolu_fake_${counter}`;
    const usage = { input_tokens: 25, output_tokens: reply.split(/\s+/).length };
    const stopReason = tool ? "tool_use" : "end_turn";
    if (!body.stream) {
      res.writeHead(200, { "content-type": "application/json", "request-id": `req_fake_${counter}` });
      const content = tool ? [{ type: "tool_use", id: toolId, name: tool, input: JSON.parse(reply) as unknown }] : [{ type: "text", text: reply }];
      res.end(JSON.stringify({ id, type: "message", role: "assistant", model: body.model, content, stop_reason: stopReason, stop_sequence: null, usage }));
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", "request-id": `req_fake_${counter}` });
    const event = (name: string, data: Record<string, unknown>) => res.write(`event: ${name}\ndata: ${JSON.stringify({ type: name, ...data })}\n\n`);
    event("message_start", { message: { id, type: "message", role: "assistant", model: body.model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: usage.input_tokens, output_tokens: 1 } } });
    event("content_block_start", { index: 0, content_block: tool ? { type: "tool_use", id: toolId, name: tool, input: {} } : { type: "text", text: "" } });
    event("ping", {});
    const midStream = state.midStream;
    state.midStream = undefined;
    for (const [i, piece] of reply.split(/(?<=\s)/).entries()) {
      if (midStream && i === 2) {
        // Errors after the 200 arrive as an SSE `error` event, and the stream ends.
        event("error", { error: { type: midStream, message: `fake mid-stream failure echoing input: ${raw.slice(0, 200)}` } });
        res.end();
        return;
      }
      event("content_block_delta", { index: 0, delta: tool ? { type: "input_json_delta", partial_json: piece } : { type: "text_delta", text: piece } });
    }
    event("content_block_stop", { index: 0 });
    event("message_delta", { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: usage.output_tokens } });
    event("message_stop", {});
    res.end();
  });
  return {
    url: `${server.url}/v1`,
    requests: server.requests,
    violations,
    get replies() { return state.replies; },
    set replies(v: string[]) { state.replies = v; },
    failMidStream(type) { state.midStream = type; },
    failNext: server.failNext,
    close: server.close,
  };
}
