/**
 * Local generation through Rounds (worker process, IPC, AI SDK interface)
 * against node-llama-cpp called directly in this process, same model, same
 * settings (stories260K.gguf, 1 thread, temperature 0, 128 tokens); and
 * throughput of 8 concurrent requests with 1 and 2 sequences.
 */
import { join, resolve } from "node:path";
import { getLlama, LlamaCompletion } from "node-llama-cpp";
import { silentLogger } from "@rounds/core";
import type { BenchResult } from "../../../bench/run.ts";
import { median } from "../../../bench/stats.ts";
import { LlamaLanguageModel, ModelWorker } from "../src/index.ts";

const modelPath = join(resolve(import.meta.dirname, "../test/models"), "stories260K.gguf");
const TOKENS = 128;
const RUNS = 7;
const prompt = "Once upon a time";

async function direct(): Promise<number> {
  const llama = await getLlama({ build: "never", gpu: false, maxThreads: 1, progressLogs: false });
  const model = await llama.loadModel({ modelPath, gpuLayers: 0 });
  const context = await model.createContext({ contextSize: 256, threads: 1 });
  const rates: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const sequence = context.getSequence();
    const completion = new LlamaCompletion({ contextSequence: sequence });
    let tokens = 0;
    const t0 = performance.now();
    await completion.generateCompletion(prompt, { maxTokens: TOKENS, temperature: 0, onToken: (t) => { tokens += t.length; } });
    rates.push((tokens * 1000) / (performance.now() - t0));
    await sequence.dispose();
  }
  await llama.dispose();
  return median(rates);
}

async function throughRounds(sequences: number, concurrent: number): Promise<{ rate: number; throughput: number }> {
  const worker = new ModelWorker({ modelPath, threads: 1, contextSize: 256, sequences, gpu: false, maxConcurrent: sequences, idleUnloadMs: 0, timeoutMs: 120_000, logger: silentLogger() });
  const model = new LlamaLanguageModel("bench", worker, "/tmp");
  const call = { prompt: [{ role: "user" as const, content: [{ type: "text" as const, text: prompt }] }], temperature: 0, maxOutputTokens: TOKENS };
  await model.doGenerate({ ...call, maxOutputTokens: 1 });
  const rates: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = await model.doGenerate(call);
    rates.push((r.usage.outputTokens.total * 1000) / (performance.now() - t0));
  }
  const t0 = performance.now();
  const all = await Promise.all(Array.from({ length: concurrent }, () => model.doGenerate(call)));
  const throughput = (all.reduce((n, r) => n + r.usage.outputTokens.total, 0) * 1000) / (performance.now() - t0);
  await worker.unload();
  return { rate: median(rates), throughput };
}

export default async function run(): Promise<BenchResult[]> {
  const base = await direct();
  const one = await throughRounds(1, 8);
  const two = await throughRounds(2, 8);
  const ratio = one.rate / base;
  const suite = "local generation (stories260K, 1 thread)";
  return [
    { suite, name: "node-llama-cpp directly, tokens/s (median of 7 × 128 tokens)", value: base, unit: "tok/s" },
    { suite, name: "through Rounds (worker + AI SDK interface), tokens/s", value: one.rate, unit: "tok/s" },
    { suite, name: "Rounds / direct", value: ratio, unit: "x", target: ">= 0.95", passed: ratio >= 0.95, notes: "end-to-end wall time per request, including IPC" },
    { suite, name: "8 concurrent requests, 1 sequence: throughput", value: one.throughput, unit: "tok/s" },
    { suite, name: "8 concurrent requests, 2 sequences: throughput", value: two.throughput, unit: "tok/s" },
  ];
}
