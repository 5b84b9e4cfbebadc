// A real GGUF through node-llama-cpp in the worker process: generation,
// streaming, limits, stop sequences, cancellation, timeouts, JSON-schema
// output, embeddings, metrics, and a malformed model file that aborts the
// loader without taking this process down; a tiny llama model and LoRA
// adapters written by the test (adapter output differs, switching adapters
// does not reload the base, a tampered or mismatched adapter fails clearly).
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { LanguageModelV3CallOptions } from "@ai-sdk/provider";
import { createHash } from "node:crypto";
import { silentLogger } from "@rounds/core";
import { MemoryBlobStore } from "@rounds/core/testing";
import { afterAll, describe, expect, it } from "vitest";
import { LlamaEmbedder, LlamaLanguageModel, ModelWorker, type ModelWorkerOptions } from "../src/index.ts";
import { loraAdapterGguf, tinyLlamaGguf } from "../src/testing/tiny-gguf.ts";

const models = resolve(import.meta.dirname, "models");
const stories = join(models, "stories260K.gguf");
const dir = mkdtempSync(join(tmpdir(), "rounds-llama-"));
const workers: ModelWorker[] = [];
const make = (modelPath: string, extra: Partial<ModelWorkerOptions> = {}) => {
  const w = new ModelWorker({ modelPath, threads: 1, contextSize: 256, sequences: 2, gpu: false, maxConcurrent: 1, idleUnloadMs: 0, timeoutMs: 30_000, logger: silentLogger(), ...extra });
  workers.push(w);
  return w;
};
afterAll(async () => {
  await Promise.all(workers.map((w) => w.unload()));
});

const worker = make(stories);
const model = new LlamaLanguageModel("llama-cpp:stories260K.gguf", worker, join(dir, "adapters"));
const call = (text: string, extra: Partial<LanguageModelV3CallOptions> = {}): LanguageModelV3CallOptions => ({
  prompt: [{ role: "user", content: [{ type: "text", text }] }], temperature: 0, maxOutputTokens: 24, ...extra,
});
const textOf = (r: Awaited<ReturnType<LlamaLanguageModel["doGenerate"]>>) => r.content.map((c) => (c.type === "text" ? c.text : "")).join("");

describe("local GGUF language model", () => {
  it("continues a story deterministically at temperature 0 and reports usage", async () => {
    const a = await model.doGenerate(call("Once upon a time"));
    const b = await model.doGenerate(call("Once upon a time"));
    expect(textOf(a)).toMatch(/[a-z]+ [a-z]+/i);
    expect(textOf(a)).toBe(textOf(b));
    expect(a.usage.outputTokens.total).toBeGreaterThan(0);
    expect(a.usage.outputTokens.total).toBeLessThanOrEqual(24);
    expect(a.usage.inputTokens.total).toBeGreaterThan(0);
  }, 60_000);

  it("respects the token limit and says so in the finish reason", async () => {
    const r = await model.doGenerate(call("Once upon a time", { maxOutputTokens: 5 }));
    expect(r.usage.outputTokens.total).toBeLessThanOrEqual(5);
    expect(r.finishReason.unified).toBe("length");
  });

  it("stops at a stop sequence", async () => {
    const full = textOf(await model.doGenerate(call("Once upon a time", { maxOutputTokens: 40 })));
    const word = full.match(/\b[A-Z][a-z]{3,}\b/)?.[0] ?? full.match(/\b[a-z]{5,}\b/)![0];
    const stopped = textOf(await model.doGenerate(call("Once upon a time", { maxOutputTokens: 40, stopSequences: [word] })));
    expect(stopped).not.toContain(word);
    expect(full.length).toBeGreaterThan(stopped.length);
    expect(full.startsWith(stopped.trimEnd())).toBe(true);
  });

  it("streams deltas that add up to the generated text", async () => {
    const whole = textOf(await model.doGenerate(call("Once upon a time")));
    const { stream } = await model.doStream(call("Once upon a time"));
    const parts: string[] = [];
    let finish: unknown;
    for await (const p of stream as unknown as AsyncIterable<{ type: string; delta?: string; finishReason?: unknown }>) {
      if (p.type === "text-delta") parts.push(p.delta!);
      if (p.type === "finish") finish = p.finishReason;
    }
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.join("")).toBe(whole);
    expect(finish).toBeDefined();
  });

  it("cancels on abort and stays usable", async () => {
    const controller = new AbortController();
    const pending = model.doGenerate(call("Once upon a time", { maxOutputTokens: 200, abortSignal: controller.signal }));
    setTimeout(() => controller.abort(), 5);
    await expect(pending).rejects.toThrow(/cancel|abort/i);
    expect(textOf(await model.doGenerate(call("Once upon a time", { maxOutputTokens: 4 })))).not.toBe("");
  });

  it("fails a request that exceeds its time limit with a clear message", async () => {
    const slow = new LlamaLanguageModel("slow", make(stories, { timeoutMs: 1000 }), dir);
    await slow.doGenerate(call("Once", { maxOutputTokens: 1 })); // loaded first, so only generation is timed
    const controller = new AbortController();
    const many = Array.from({ length: 3 }, () => slow.doGenerate(call("Once upon a time", { maxOutputTokens: 200_000, abortSignal: controller.signal })).catch((e: Error) => e));
    const results = await Promise.all(many);
    expect(results.some((r) => r instanceof Error && /did not finish within 1 s/.test(r.message))).toBe(true);
  }, 60_000);

  it("produces JSON that matches a schema, by grammar", async () => {
    const schema = { type: "object", properties: { hero: { type: "string" }, ending: { type: "string" } }, required: ["hero", "ending"], additionalProperties: false };
    const r = await model.doGenerate(call("Once upon a time there was a little girl", { maxOutputTokens: 120, responseFormat: { type: "json", schema: schema as never } }));
    const json = JSON.parse(textOf(r)) as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual(["ending", "hero"]);
    expect(typeof json.hero).toBe("string");
  }, 60_000);

  it("queues requests beyond the concurrency limit and reports metrics", async () => {
    await Promise.all([1, 2, 3].map(() => model.doGenerate(call("Once upon a time", { maxOutputTokens: 8 }))));
    const m = worker.metrics();
    expect(m.requests).toBeGreaterThanOrEqual(3);
    expect(m.avgTokensPerSecond).toBeGreaterThan(0);
    expect(m.avgFirstTokenMs).not.toBeNull();
    expect(Math.max(...m.recent.slice(-3).map((r) => r.queueWaitMs))).toBeGreaterThan(0);
  });
});

describe("two sequences", () => {
  it("runs requests two at a time and reuses the sequences (a disposed one is not free at once)", async () => {
    const twoAtOnce = new LlamaLanguageModel("two", make(stories, { sequences: 2, maxConcurrent: 2 }), dir);
    await twoAtOnce.doGenerate(call("Once upon a time", { maxOutputTokens: 16 }));
    const results = await Promise.all(Array.from({ length: 5 }, () => twoAtOnce.doGenerate(call("Once upon a time", { maxOutputTokens: 16 }))));
    expect(new Set(results.map(textOf)).size).toBe(1);
  }, 60_000);
});

describe("local GGUF embedder", () => {
  it("embeds with the model's size, the same text the same way", async () => {
    const embedder = new LlamaEmbedder("llama-cpp:stories260K.gguf", 64, make(stories));
    const [a, b] = await embedder.embedDocuments(["a cat sat", "a dog ran"]);
    expect(a).toHaveLength(64);
    expect(await embedder.embedQuery("a cat sat")).toEqual(a);
    expect(b).not.toEqual(a);
  });
});

describe("a malformed model file", () => {
  it("crashes only the worker; the request fails clearly and good models keep working", async () => {
    // Rename a required key (same length), as a truncated or hand-edited file would lack it.
    const bytes = readFileSync(stories);
    const at = bytes.indexOf(Buffer.from("llama.feed_forward_length"));
    expect(at).toBeGreaterThan(0);
    const broken = Buffer.from(bytes);
    broken.write("llama.feed_forward_lengtX", at);
    const path = join(dir, "broken.gguf");
    writeFileSync(path, broken);
    const bad = new LlamaLanguageModel("broken", make(path), dir);
    await expect(bad.doGenerate(call("Once"))).rejects.toMatchObject({ code: "MODEL_LOAD_FAILED", message: expect.stringMatching(/broken\.gguf (crashed the loader|could not be loaded)/) });
    expect(textOf(await model.doGenerate(call("Once upon a time", { maxOutputTokens: 4 })))).not.toBe("");
    await expect(new LlamaLanguageModel("missing", make(join(dir, "nope.gguf")), dir).doGenerate(call("x"))).rejects.toThrow(/nope\.gguf does not exist/);
  }, 60_000);
});

describe("a tiny llama model and LoRA adapters written by the test", () => {
  const base = join(dir, "tiny-base.gguf");
  writeFileSync(base, tinyLlamaGguf({ seed: 7 }));
  const adapters = [loraAdapterGguf({ seed: 11 }), loraAdapterGguf({ seed: 12, targets: ["blk.0.ffn_up.weight", "output.weight"] })];
  const blobs = new MemoryBlobStore();
  const tinyWorker = make(base, { contextSize: 512 });
  const tiny = new LlamaLanguageModel("llama-cpp:tiny-base.gguf", tinyWorker, join(dir, "tiny-adapters"));
  const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

  it("loads and generates deterministically from the file the test wrote", async () => {
    const a = textOf(await tiny.doGenerate(call("Once upon a time")));
    expect(a.length).toBeGreaterThan(0);
    expect(textOf(await tiny.doGenerate(call("Once upon a time")))).toBe(a);
    expect(textOf(await tiny.doGenerate(call("A different prompt")))).not.toBe(a);
  }, 60_000);

  it("answers differently with an adapter, switches adapters and back without reloading the base", async () => {
    await Promise.all(adapters.map((bytes, i) => blobs.put(`adapters/v${i + 1}.gguf`, bytes)));
    const v1 = await tiny.forArtifact({ kind: "adapter", blobKey: "adapters/v1.gguf", sha256: sha(adapters[0]!), loraAlpha: 4 }, { blobs });
    const v2 = await tiny.forArtifact({ kind: "adapter", blobKey: "adapters/v2.gguf", sha256: sha(adapters[1]!), loraAlpha: 4 }, { blobs });
    const baseText = textOf(await tiny.doGenerate(call("Once upon a time")));
    const v1Text = textOf(await (v1 as LlamaLanguageModel).doGenerate(call("Once upon a time")));
    const v2Text = textOf(await (v2 as LlamaLanguageModel).doGenerate(call("Once upon a time")));
    expect(new Set([baseText, v1Text, v2Text]).size).toBe(3);
    expect(v1.modelId).toBe(`llama-cpp:tiny-base.gguf+lora:${sha(adapters[0]!).slice(0, 12)}`);
    // Back and forth: same outputs, one model load in one worker process.
    expect(textOf(await (v1 as LlamaLanguageModel).doGenerate(call("Once upon a time")))).toBe(v1Text);
    expect(textOf(await tiny.doGenerate(call("Once upon a time")))).toBe(baseText);
    expect(tinyWorker.metrics().loads).toBe(1);
  }, 60_000);

  it("refuses an adapter whose bytes do not match the registry's checksum, and a registry record without a file", async () => {
    await blobs.put("adapters/tampered.gguf", Buffer.concat([adapters[0]!, Buffer.from([0])]));
    // A fresh adapter cache, so the verified copy from the test above is not reused.
    const fresh = new LlamaLanguageModel("llama-cpp:tiny-base.gguf", tinyWorker, join(dir, "fresh-adapters"));
    await expect(fresh.forArtifact({ kind: "adapter", blobKey: "adapters/tampered.gguf", sha256: sha(adapters[0]!) }, { blobs })).rejects.toMatchObject({ code: "MODEL_LOAD_FAILED", message: expect.stringMatching(/does not match the registry's sha256/) });
    expect(readdirSync(join(dir, "fresh-adapters"))).toEqual([]);
    await expect(tiny.forArtifact({ kind: "adapter" }, { blobs })).rejects.toMatchObject({ code: "MODEL_LOAD_FAILED" });
  });

  it("an adapter for a different model shape fails that request clearly; the base keeps answering", async () => {
    const wrong = loraAdapterGguf({ seed: 13, shape: { embedding: 16, heads: 2, feedForward: 32, layers: 1, context: 512 } });
    await blobs.put("adapters/wrong.gguf", wrong);
    const bad = await tiny.forArtifact({ kind: "adapter", blobKey: "adapters/wrong.gguf", sha256: sha(wrong) }, { blobs });
    await expect((bad as LlamaLanguageModel).doGenerate(call("Once upon a time"))).rejects.toMatchObject({ code: expect.stringMatching(/MODEL_UNAVAILABLE|MODEL_LOAD_FAILED/) });
    expect(textOf(await tiny.doGenerate(call("Once upon a time", { maxOutputTokens: 4 })))).not.toBe("");
  }, 60_000);
});
