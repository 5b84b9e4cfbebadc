/**
 * A local server speaking the OpenAI HTTP wire format (the real service
 * cannot be reached from here): chat completions (JSON and SSE streaming),
 * embeddings and audio transcriptions. It records every request so tests
 * can check what was sent, and can be told to fail.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  json?: Record<string, unknown>;
  rawLength: number;
}

export interface FakeOpenAI {
  url: string;
  requests: RecordedRequest[];
  /** Next chat replies (the last one repeats). */
  replies: string[];
  /** Make the next N requests fail with this status. */
  failNext(status: number, count?: number): void;
  close(): Promise<void>;
}

function vector(text: string, dims: number): number[] {
  const v = new Array<number>(dims).fill(0);
  for (const w of text.toLowerCase().match(/[a-z]{3,}/g) ?? []) v[createHash("md5").update(w.slice(0, 6)).digest().readUInt32LE(0) % dims]! += 1;
  const n = Math.hypot(...v) || 1;
  return v.map((x) => x / n);
}

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  const state = { replies: ["Hello from the fake model."], failures: [] as number[] };
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const isJson = (req.headers["content-type"] ?? "").includes("application/json");
    const json = isJson && raw.length ? (JSON.parse(raw.toString()) as Record<string, unknown>) : undefined;
    const path = (req.url ?? "").split("?")[0]!;
    requests.push({ method: req.method ?? "", path, headers: req.headers, ...(json && { json }), rawLength: raw.length });
    const failure = state.failures.shift();
    if (failure) {
      res.writeHead(failure, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: `fake failure echoing input: ${raw.toString().slice(0, 200)}`, type: "server_error", code: null } }));
      return;
    }
    if (path.endsWith("/chat/completions")) {
      const text = state.replies.length > 1 ? state.replies.shift()! : state.replies[0]!;
      const id = `chatcmpl-${requests.length}`;
      const created = Math.floor(Date.now() / 1000);
      const usage = { prompt_tokens: 12, completion_tokens: text.split(/\s+/).length, total_tokens: 12 + text.split(/\s+/).length };
      if (json?.stream) {
        res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
        const chunk = (delta: Record<string, unknown>, finish: string | null) => `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model: json.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
        res.write(chunk({ role: "assistant", content: "" }, null));
        for (const piece of text.split(/(?<=\s)/)) res.write(chunk({ content: piece }, null));
        res.write(chunk({}, "stop"));
        if ((json.stream_options as { include_usage?: boolean } | undefined)?.include_usage) {
          res.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model: json.model, choices: [], usage })}\n\n`);
        }
        res.end("data: [DONE]\n\n");
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id, object: "chat.completion", created, model: json?.model, choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }], usage }));
      return;
    }
    if (path.endsWith("/embeddings")) {
      const input = json?.input;
      const list = Array.isArray(input) ? (input as string[]) : [String(input)];
      const dims = Number(json?.dimensions ?? 1536);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ object: "list", model: json?.model, data: list.map((t, index) => ({ object: "embedding", index, embedding: vector(t, dims) })), usage: { prompt_tokens: list.length, total_tokens: list.length } }));
      return;
    }
    if (path.endsWith("/audio/transcriptions")) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({
        task: "transcribe", language: "english", duration: 9.5, text: "How was the week? Better, thank you.",
        segments: [
          { id: 0, seek: 0, start: 0.0, end: 4.2, text: " How was the week?", tokens: [1], temperature: 0, avg_logprob: -0.2, compression_ratio: 1, no_speech_prob: 0.01 },
          { id: 1, seek: 0, start: 4.6, end: 9.5, text: " Better, thank you.", tokens: [2], temperature: 0, avg_logprob: -0.2, compression_ratio: 1, no_speech_prob: 0.01 },
        ],
      }));
      return;
    }
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { message: "not found" } }));
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    get replies() { return state.replies; },
    set replies(v: string[]) { state.replies = v; },
    failNext(status, count = 1) { for (let i = 0; i < count; i++) state.failures.push(status); },
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
