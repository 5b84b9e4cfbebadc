// The OpenAI-compatible plugin against a local server speaking the OpenAI
// wire format: conformance suites for chat, embeddings and speech to text,
// plus what goes over the wire, streaming, batching and error hygiene.
import { readFileSync } from "node:fs";
import type { Embedder, LanguageModel, PluginContext, Trainer, Transcriber } from "@rounds/core";
import { describeEmbedderConformance, describeLanguageModelConformance, describeTrainerConformance, describeTranscriberConformance, describeVendorFailures, MemoryBlobStore } from "@rounds/core/testing";
import { generateText, streamText } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activate } from "../src/index.ts";
import { type FakeOpenAI, startFakeOpenAI } from "../src/testing/fake-openai-server.ts";

let server: FakeOpenAI;
beforeAll(async () => {
  server = await startFakeOpenAI({ apiKey: "sk-test" });
});
afterAll(async () => server?.close());

const defaults = { chatModel: "gpt-4o-mini", embeddingModel: "text-embedding-3-small", embeddingDimensions: 64, transcriptionModel: "whisper-1", maxRetries: 0 };

/** Activates the plugin with a recording context and returns its registrations. */
const blobs = new MemoryBlobStore();
const trainingJsonl = '{"messages":[{"role":"user","content":"When to pause?"},{"role":"assistant","content":"Above 180 mmHg [1]."}]}\n';

function load(settings: Record<string, unknown> = {}) {
  const registered = new Map<string, unknown>();
  activate({ services: { blobs: async () => blobs }, settings: { ...defaults, baseURL: server.url, apiKey: "sk-test", ...settings }, register: (kind: string, id: string, impl: unknown) => registered.set(`${kind}/${id}`, impl) } as unknown as PluginContext);
  const get = <T>(key: string): T => {
    const r = registered.get(key);
    return (typeof r === "function" ? (r as () => T)() : r) as T;
  };
  return { registered, get };
}

describeLanguageModelConformance("openai (wire-format server)", () => load().get<LanguageModel>("languageModels/openai"));

describeVendorFailures("openai (wire-format server)", {
  vendor: "OpenAI", keySetting: "OPENAI_API_KEY",
  server: { failNext: (...args) => server.failNext(...args) },
  model: () => load().get<LanguageModel>("languageModels/openai"),
  refusedModel: () => load({ apiKey: "sk-wrong" }).get<LanguageModel>("languageModels/openai"),
  afterRefused: () => expect(server.requests.at(-1)!.headers.authorization).toBe("Bearer sk-wrong"),
  serverErrors: [500, 503],
  streamStatus: 502,
  vendorText: /echoing|Incorrect API key|invalid_api_key|server_error/,
});
describeEmbedderConformance("openai (wire-format server)", () => load().get<Embedder>("embedders/openai"));
describeTranscriberConformance("openai (wire-format server)", () => load().get<Transcriber>("transcribers/openai"), async () => ({ audio: new Uint8Array([0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4]), mediaType: "audio/wav" }));
describeTranscriberConformance("openai diarizing (wire-format server)", () => load({ transcriptionModel: "gpt-4o-transcribe-diarize" }).get<Transcriber>("transcribers/openai"), async () => ({ audio: new Uint8Array([0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4]), mediaType: "audio/wav" }));

describe("speech to text", () => {
  const audio = new Uint8Array([0x52, 0x49, 0x46, 0x46, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  const lastUpload = () => server.requests.filter((r) => r.path === "/v1/audio/transcriptions").at(-1)!.json!;

  it("asks a plain model for verbose JSON segments: timed turns, no speakers", async () => {
    const result = await load().get<Transcriber>("transcribers/openai").transcribe({ audio, mediaType: "audio/wav", language: "en" });
    expect(lastUpload()).toMatchObject({ model: "whisper-1", response_format: "verbose_json", "timestamp_granularities[]": "segment", language: "en", file: { type: "audio/wav", size: audio.length } });
    expect(result.segments).toEqual([{ startMs: 0, endMs: 4200, text: "How was the week?" }, { startMs: 4600, endMs: 9500, text: "Better, thank you." }]);
    expect(result.durationMs).toBe(9500);
  });

  it("asks a diarizing model for diarized_json with automatic chunking and keeps the speakers", async () => {
    const result = await load({ transcriptionModel: "gpt-4o-transcribe-diarize" }).get<Transcriber>("transcribers/openai").transcribe({ audio, mediaType: "audio/wav" });
    const sent = lastUpload();
    expect(sent).toMatchObject({ model: "gpt-4o-transcribe-diarize", response_format: "diarized_json", chunking_strategy: "auto", file: { name: "audio.wav", type: "audio/wav", size: audio.length } });
    expect(sent).not.toHaveProperty("timestamp_granularities[]");
    expect(result.segments).toEqual([
      { speaker: "Speaker A", startMs: 0, endMs: 4200, text: "How was the week?" },
      { speaker: "Speaker B", startMs: 4600, endMs: 9500, text: "Better, thank you." },
    ]);
  });

  it("keeps a diarizing upstream failure to its HTTP status", async () => {
    server.failNext(429);
    const error = await load({ transcriptionModel: "gpt-4o-transcribe-diarize" }).get<Transcriber>("transcribers/openai").transcribe({ audio, mediaType: "audio/wav" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "UPSTREAM_FAILED", message: "The speech-to-text service failed (HTTP 429)." });
  });
});

describeTrainerConformance("openai fine-tuning (wire-format server)", () => load().get<Trainer>("trainers/openai"), async () => {
  await blobs.put("datasets/d1/train.jsonl", new TextEncoder().encode(trainingJsonl));
  return { trainingFileKey: "datasets/d1/train.jsonl", baseModel: "gpt-4.1-mini-2025-04-14", method: "supervised" as const, hyperparameters: { epochs: 2 } };
});

describe("openai plugin", () => {
  it("uploads the dataset from the blob store and creates a DPO job with its hyperparameters", async () => {
    await blobs.put("datasets/d2/train.jsonl", new TextEncoder().encode(trainingJsonl));
    await blobs.put("datasets/d2/validation.jsonl", new TextEncoder().encode(trainingJsonl));
    const trainer = load().get<Trainer>("trainers/openai");
    const { externalId } = await trainer.submit({ trainingFileKey: "datasets/d2/train.jsonl", validationFileKey: "datasets/d2/validation.jsonl", baseModel: "gpt-4.1-mini-2025-04-14", method: "dpo", hyperparameters: { epochs: 3, learningRateMultiplier: 0.5 }, suffix: "rounds-kat-v2" });
    const job = server.fineTunes.get(externalId)!;
    expect(server.files.get(job.training_file)!.toString()).toBe(trainingJsonl);
    expect(job.validation_file).not.toBeNull();
    expect(job.method).toEqual({ type: "dpo", dpo: { hyperparameters: { n_epochs: 3, learning_rate_multiplier: 0.5 } } });
    let status = await trainer.status(externalId);
    while (status.state !== "succeeded") status = await trainer.status(externalId);
    expect(status.result).toEqual({ kind: "remote-model", modelId: `ft:gpt-4.1-mini-2025-04-14:rounds:${externalId}` });
    expect(status.events[0]!.message).toMatch(/Job/);
    expect(status.events.slice(1).map((e) => e.message)).toEqual([
      `checkpoint at step 10: train loss 0.5000, validation loss 0.5500 (ft:gpt-4.1-mini-2025-04-14:rounds:${externalId}:ckpt-step-10)`,
      `checkpoint at step 20: train loss 0.3333, validation loss 0.3667 (ft:gpt-4.1-mini-2025-04-14:rounds:${externalId}:ckpt-step-20)`,
    ]);
    expect(server.requests.some((r) => r.path === `/v1/fine_tuning/jobs/${externalId}/checkpoints`)).toBe(true);
  });

  it("sends the key, the model and the system and user messages to the configured base URL", async () => {
    server.replies = ["Pause at 180 mmHg [1]."];
    const model = load().get<LanguageModel>("languageModels/openai");
    const { text } = await generateText({ model, system: "Answer from the passages.", prompt: "When do we pause?" });
    expect(text).toBe("Pause at 180 mmHg [1].");
    const req = server.requests.at(-1)!;
    expect(req.path).toBe("/v1/chat/completions");
    expect(req.headers.authorization).toBe("Bearer sk-test");
    expect(req.json).toMatchObject({ model: "gpt-4o-mini", messages: [{ role: "system", content: "Answer from the passages." }, { role: "user", content: "When do we pause?" }] });
  });

  it("streams the deltas in order", async () => {
    server.replies = ["Observe for sixty minutes after the infusion [2]."];
    const result = streamText({ model: load().get<LanguageModel>("languageModels/openai"), prompt: "How long?" });
    const deltas: string[] = [];
    for await (const d of result.textStream) deltas.push(d);
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join("")).toBe("Observe for sixty minutes after the infusion [2].");
    expect(server.requests.at(-1)!.json).toMatchObject({ stream: true });
  });

  it("embeds in batches of at most 2048, keeping order, at the configured dimensions", async () => {
    const embedder = load().get<Embedder>("embedders/openai");
    const before = server.requests.length;
    const texts = Array.from({ length: 2500 }, (_, i) => `passage number ${i} about ketamine ${i % 7 === 0 ? "dosing" : "monitoring"}`);
    const vectors = await embedder.embedDocuments(texts);
    const calls = server.requests.slice(before).filter((r) => r.path === "/v1/embeddings");
    expect(calls.map((c) => (c.json!.input as string[]).length)).toEqual([2048, 452]);
    expect(calls[0]!.json).toMatchObject({ model: "text-embedding-3-small", dimensions: 64 });
    expect(vectors).toHaveLength(2500);
    expect(vectors[2100]).toEqual((await embedder.embedDocuments([texts[2100]!]))[0]);
    expect(embedder.modelId).toBe("openai:text-embedding-3-small");
  });

  it("turns HTTP failures into errors that carry the status, never the prompt", async () => {
    const secret = "Patient Philippa Quarrington reported chest pain";
    server.failNext(500);
    const embedder = load().get<Embedder>("embedders/openai");
    const error = await embedder.embedQuery(secret).catch((e: unknown) => e as Error & { code?: string });
    expect(error).toMatchObject({ code: "UPSTREAM_FAILED", message: "The embedding service failed (HTTP 500)." });
    expect(JSON.stringify(error)).not.toContain("Quarrington");
    server.failNext(401);
    const transcriber = load().get<Transcriber>("transcribers/openai");
    await expect(transcriber.transcribe({ audio: new Uint8Array([1, 2, 3]), mediaType: "audio/wav" })).rejects.toMatchObject({ code: "UPSTREAM_FAILED", message: expect.stringContaining("401") });
  });

  it("needs an API key unless a compatible local server is configured", () => {
    const { get } = load({ apiKey: undefined, baseURL: undefined });
    expect(() => get("languageModels/openai")).toThrow(/OPENAI_API_KEY/);
    expect(() => load({ apiKey: undefined }).get("languageModels/openai")).not.toThrow();
  });

  it("activate registers exactly the ids the manifest declares", () => {
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { rounds: { egress: boolean; contributes: Record<string, Array<{ id: string }>> } };
    const declared = Object.entries(manifest.rounds.contributes).filter(([k]) => k !== "configuration").flatMap(([k, list]) => list.map((c) => `${k}/${c.id}`));
    expect([...load().registered.keys()].sort()).toEqual(declared.sort());
    expect(manifest.rounds.egress).toBe(true);
  });
});
