/**
 * A local server speaking the OpenAI HTTP wire format (the real service
 * cannot be reached from here): chat completions (JSON and SSE streaming),
 * embeddings, audio transcriptions (verbose_json and diarized_json). It records every request so tests
 * can check what was sent, and can be told to fail.
 */
import { createHash } from "node:crypto";
import { startRecordingServer, type RecordedRequest } from "@rounds/core/testing";

export type { RecordedRequest };

export interface FakeFineTune {
  id: string;
  model: string;
  training_file: string;
  validation_file: string | null;
  method: Record<string, unknown>;
  status: string;
  polls: number;
}

export interface FakeTurn { speaker: string; start: number; end: number; text: string }

export interface FakeOpenAI {
  url: string;
  /** Uploaded files (purpose fine-tune): id → bytes. */
  files: Map<string, Buffer>;
  fineTunes: Map<string, FakeFineTune>;
  requests: RecordedRequest[];
  /** Next chat replies (the last one repeats). */
  replies: string[];
  /** What the next transcriptions contain (speakers are only sent for diarized_json). */
  transcript: FakeTurn[];
  /** Make the next N requests fail with this status (with `retry-after: retryAfter` when given). */
  failNext(status: number, count?: number, retryAfter?: string): void;
  close(): Promise<void>;
}

function vector(text: string, dims: number): number[] {
  const v = new Array<number>(dims).fill(0);
  for (const w of text.toLowerCase().match(/[a-z]{3,}/g) ?? []) v[createHash("md5").update(w.slice(0, 6)).digest().readUInt32LE(0) % dims]! += 1;
  const n = Math.hypot(...v) || 1;
  return v.map((x) => x / n);
}

/** `apiKey`: when given, a request without `Authorization: Bearer <apiKey>` is refused 401, as OpenAI refuses a wrong key. */
export async function startFakeOpenAI(options: { apiKey?: string } = {}): Promise<FakeOpenAI> {
  const files = new Map<string, Buffer>();
  const fineTunes = new Map<string, FakeFineTune>();
  const ftJson = (j: FakeFineTune) => ({
    object: "fine_tuning.job", id: j.id, model: j.model, created_at: 1_700_000_000, finished_at: null, fine_tuned_model: j.status === "succeeded" ? `ft:${j.model}:rounds:${j.id}` : null,
    organization_id: "org-fake", result_files: [], status: j.status, validation_file: j.validation_file, training_file: j.training_file, hyperparameters: { n_epochs: "auto" },
    trained_tokens: null, error: null, method: j.method, seed: 1,
  });
  const state = {
    replies: ["Hello from the fake model."],
    transcript: [{ speaker: "A", start: 0, end: 4.2, text: "How was the week?" }, { speaker: "B", start: 4.6, end: 9.5, text: "Better, thank you." }] as FakeTurn[],
  };
  const server = await startRecordingServer(async (req, res, { nextFailure }) => {
    const { path, json, body: raw } = req;
    const failure = nextFailure();
    if (failure) {
      res.writeHead(failure.status, { "content-type": "application/json", ...(failure.retryAfter ? { "retry-after": failure.retryAfter } : {}) });
      res.end(JSON.stringify({ error: { message: `fake failure echoing input: ${raw.toString().slice(0, 200)}`, type: "server_error", code: null } }));
      return;
    }
    if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      res.writeHead(401, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "Incorrect API key provided. You can find your API key at the account page.", type: "invalid_request_error", param: null, code: "invalid_api_key" } }));
      return;
    }
    if (path.endsWith("/files") && req.method === "POST") {
      // multipart/form-data: keep the file part's bytes (between the part headers and the closing boundary)
      const boundary = /boundary=(.+)$/.exec(req.headers["content-type"] ?? "")?.[1] ?? "";
      const parts = raw.toString("latin1").split(`--${boundary}`);
      const filePart = parts.find((p) => p.includes('name="file"')) ?? "";
      const body = Buffer.from(filePart.slice(filePart.indexOf("\r\n\r\n") + 4).replace(/\r\n$/, ""), "latin1");
      const id = `file-${files.size + 1}`;
      files.set(id, body);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ object: "file", id, purpose: "fine-tune", filename: "data.jsonl", bytes: body.length, created_at: 1_700_000_000, status: "processed" }));
      return;
    }
    const ft = /\/fine_tuning\/jobs(?:\/([\w-]+))?(?:\/(events|cancel|checkpoints))?$/.exec(path);
    if (ft) {
      const [, id, action] = ft;
      res.writeHead(200, { "content-type": "application/json" });
      if (!id && req.method === "POST") {
        if (!files.has(String(json?.training_file))) {
          res.statusCode = 400;
          res.end(JSON.stringify({ error: { message: "invalid training_file", type: "invalid_request_error" } }));
          return;
        }
        const job: FakeFineTune = { id: `ftjob-${fineTunes.size + 1}`, model: String(json?.model), training_file: String(json?.training_file), validation_file: (json?.validation_file as string) ?? null, method: (json?.method as Record<string, unknown>) ?? {}, status: "validating_files", polls: 0 };
        fineTunes.set(job.id, job);
        res.end(JSON.stringify(ftJson(job)));
        return;
      }
      const job = fineTunes.get(id ?? "");
      if (!job) {
        res.statusCode = 404;
        res.end(JSON.stringify({ error: { message: "no such job" } }));
        return;
      }
      if (action === "cancel") {
        job.status = "cancelled";
        res.end(JSON.stringify(ftJson(job)));
        return;
      }
      if (action === "checkpoints") {
        // One checkpoint per completed poll step past "running", like one per epoch.
        const steps = job.status === "succeeded" ? [1, 2] : job.status === "running" ? [1] : [];
        res.end(JSON.stringify({
          object: "list", has_more: false, first_id: null, last_id: null,
          data: steps.map((n) => ({
            object: "fine_tuning.job.checkpoint", id: `ftckpt-${job.id}-${n}`, created_at: 1_700_000_000 + n * 60, fine_tuning_job_id: job.id, step_number: n * 10,
            fine_tuned_model_checkpoint: `ft:${job.model}:rounds:${job.id}:ckpt-step-${n * 10}`,
            metrics: { step: n * 10, train_loss: 1 / (n + 1), train_mean_token_accuracy: 0.5 + n / 10, valid_loss: 1.2 / (n + 1), valid_mean_token_accuracy: 0.5, full_valid_loss: 1.1 / (n + 1), full_valid_mean_token_accuracy: 0.5 },
          })),
        }));
        return;
      }
      if (action === "events") {
        res.end(JSON.stringify({ object: "list", has_more: false, data: [{ object: "fine_tuning.job.event", id: "ev-1", created_at: 1_700_000_000, level: "info", message: `Job ${job.status}`, type: "message" }] }));
        return;
      }
      // Each poll moves the job one step: validating → queued → running → succeeded.
      if (job.status !== "cancelled" && job.status !== "succeeded") job.status = ["validating_files", "queued", "running", "succeeded"][Math.min(3, ++job.polls)]!;
      res.end(JSON.stringify(ftJson(job)));
      return;
    }
    if (path.endsWith("/chat/completions")) {
      const text = state.replies.length > 1 ? state.replies.shift()! : state.replies[0]!;
      const id = `chatcmpl-${server.requests.length}`;
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
      // multipart/form-data, parsed with the platform's own parser; fields are recorded for the tests
      const form = await new Request("http://fake/upload", { method: "POST", headers: { "content-type": req.headers["content-type"] ?? "" }, body: new Uint8Array(raw) }).formData();
      const fields: Record<string, unknown> = {};
      const entries: Array<[string, FormDataEntryValue]> = [];
      form.forEach((v, k) => entries.push([k, v]));
      for (const [k, v] of entries) fields[k] = typeof v === "string" ? v : { name: v.name, type: v.type, size: v.size, sha256: createHash("sha256").update(Buffer.from(await v.arrayBuffer())).digest("hex") };
      req.json = fields;
      const turns = state.transcript;
      const text = turns.map((t) => t.text).join(" ");
      const duration = turns.at(-1)?.end ?? 0;
      res.writeHead(200, { "content-type": "application/json" });
      if (fields.response_format === "diarized_json") {
        res.end(JSON.stringify({
          task: "transcribe", duration, text,
          segments: turns.map((t, i) => ({ type: "transcript.text.segment", id: `seg_${i}`, start: t.start, end: t.end, text: ` ${t.text}`, speaker: t.speaker })),
          usage: { type: "duration", seconds: Math.ceil(duration) },
        }));
        return;
      }
      res.end(JSON.stringify({
        task: "transcribe", language: "english", duration, text,
        segments: turns.map((t, i) => ({ id: i, seek: 0, start: t.start, end: t.end, text: ` ${t.text}`, tokens: [i + 1], temperature: 0, avg_logprob: -0.2, compression_ratio: 1, no_speech_prob: 0.01 })),
      }));
      return;
    }
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { message: "not found" } }));
  });
  return {
    url: `${server.url}/v1`,
    requests: server.requests,
    files,
    fineTunes,
    get replies() { return state.replies; },
    set replies(v: string[]) { state.replies = v; },
    get transcript() { return state.transcript; },
    set transcript(v: FakeTurn[]) { state.transcript = v; },
    failNext(status, count = 1, retryAfter) { server.failNext(status, count, retryAfter); },
    close: server.close,
  };
}
