/**
 * The model worker: a child process that owns node-llama-cpp. A malformed
 * GGUF can abort llama.cpp (SIGABRT) instead of throwing; here that kills
 * only this process, and the parent fails the requests in flight.
 */
import { getLlama, LlamaChatSession, LlamaCompletion, LlamaLogLevel, type Llama, type LlamaContext, type LlamaContextSequence, type LlamaEmbeddingContext, type LlamaGrammar, type LlamaModel } from "node-llama-cpp";
import type { FromWorker, GenerateSpec, LoadSpec, ToWorker } from "./protocol.ts";

let llama: Llama | undefined;
let model: LlamaModel | undefined;
let spec: LoadSpec | undefined;
/** A context and its sequences, reused across requests (a disposed sequence is not freed at once). */
interface Pool { context: LlamaContext; free: LlamaContextSequence[]; waiting: Array<(s: LlamaContextSequence) => void> }
const contexts = new Map<string, Promise<Pool>>();
let embedding: Promise<LlamaEmbeddingContext> | undefined;
const grammars = new Map<string, Promise<LlamaGrammar>>();
const running = new Map<number, AbortController>();

const send = (m: FromWorker) => process.send?.(m);

async function load(s: LoadSpec): Promise<void> {
  spec = s;
  llama = await getLlama({ build: "never", gpu: s.gpu, maxThreads: s.threads, logLevel: LlamaLogLevel.error, progressLogs: false });
  model = await llama.loadModel({ modelPath: s.modelPath, gpuLayers: s.gpu === false ? 0 : "auto" });
  const meta = model.fileInfo.metadata as { general?: { architecture?: string }; tokenizer?: { chat_template?: string } };
  send({ type: "loaded", info: { architecture: String(meta.general?.architecture ?? "unknown"), chatTemplate: Boolean(meta.tokenizer?.chat_template), embeddingSize: model.embeddingVectorSize, trainContextSize: model.trainContextSize } });
}

/** One context per adapter (or none); the base model's weights are loaded once and shared. */
function poolFor(lora: GenerateSpec["lora"]): Promise<Pool> {
  const key = lora ? `${lora.filePath}@${lora.scale}` : "";
  let pool = contexts.get(key);
  if (!pool) {
    pool = model!.createContext({
      contextSize: Math.min(spec!.contextSize, model!.trainContextSize), sequences: spec!.sequences, threads: spec!.threads,
      ...(lora ? { lora: { adapters: [{ filePath: lora.filePath, scale: lora.scale }] } } : {}),
    }).then((context) => ({ context, free: Array.from({ length: spec!.sequences }, () => context.getSequence()), waiting: [] }));
    pool.catch(() => contexts.delete(key));
    contexts.set(key, pool);
  }
  return pool;
}

async function acquire(pool: Pool): Promise<LlamaContextSequence> {
  const sequence = pool.free.pop() ?? (await new Promise<LlamaContextSequence>((r) => pool.waiting.push(r)));
  await sequence.clearHistory();
  return sequence;
}

function release(pool: Pool, sequence: LlamaContextSequence): void {
  const next = pool.waiting.shift();
  if (next) next(sequence);
  else pool.free.push(sequence);
}

function grammarFor(schema: unknown): Promise<LlamaGrammar> {
  const key = JSON.stringify(schema);
  let grammar = grammars.get(key);
  if (!grammar) {
    grammar = llama!.createGrammarForJsonSchema(schema as never) as Promise<LlamaGrammar>;
    grammars.set(key, grammar);
  }
  return grammar;
}

async function generate(id: number, g: GenerateSpec): Promise<void> {
  const controller = new AbortController();
  running.set(id, controller);
  const pool = await poolFor(g.lora);
  const sequence = await acquire(pool);
  const started = performance.now();
  let firstTokenMs: number | null = null;
  let outputTokens = 0;
  const onToken = (tokens: readonly unknown[]) => {
    outputTokens += tokens.length;
  };
  const onTextChunk = (text: string) => {
    firstTokenMs ??= performance.now() - started;
    if (g.stream) send({ type: "delta", id, text });
  };
  try {
    const grammar = g.jsonSchema ? await grammarFor(g.jsonSchema) : undefined;
    const common = {
      maxTokens: g.maxTokens, temperature: g.temperature, signal: controller.signal, stopOnAbortSignal: true, onTextChunk, onToken,
      ...(grammar ? { grammar } : {}), ...(g.stop.length ? { customStopTriggers: g.stop } : {}),
    };
    let text: string;
    let stopReason: string;
    const hasTemplate = Boolean((model!.fileInfo.metadata as { tokenizer?: { chat_template?: string } }).tokenizer?.chat_template);
    if (hasTemplate) {
      const system = g.messages.filter((m) => m.role === "system").map((m) => m.content).join("\n\n");
      const turns = g.messages.filter((m) => m.role !== "system");
      const last = turns.pop();
      const session = new LlamaChatSession({ contextSequence: sequence, ...(system ? { systemPrompt: system } : {}), autoDisposeSequence: false });
      const history = session.getChatHistory();
      for (const t of turns) history.push(t.role === "user" ? { type: "user", text: t.content } : { type: "model", response: [t.content] });
      session.setChatHistory(history);
      const result = await session.promptWithMeta(last?.content ?? "", common);
      text = result.responseText;
      stopReason = result.stopReason;
      session.dispose({ disposeSequence: false });
    } else {
      // No chat template (e.g. a base model): the messages as plain text, completed.
      const prompt = g.messages.map((m) => m.content).join("\n\n");
      const completion = new LlamaCompletion({ contextSequence: sequence, autoDisposeSequence: false });
      const result = await completion.generateCompletionWithMeta(prompt, common);
      text = result.response;
      stopReason = result.metadata.stopReason;
      completion.dispose({ disposeSequence: false });
    }
    const inputTokens = model!.tokenize(g.messages.map((m) => m.content).join("\n")).length;
    send({
      type: "generated", id, text, inputTokens, outputTokens, firstTokenMs, generationMs: performance.now() - started,
      finish: stopReason === "maxTokens" ? "length" : stopReason === "abort" ? "other" : "stop",
    });
  } finally {
    release(pool, sequence);
    running.delete(id);
  }
}

async function embed(id: number, texts: string[]): Promise<void> {
  embedding ??= model!.createEmbeddingContext({ threads: spec!.threads, contextSize: Math.min(spec!.contextSize, model!.trainContextSize) });
  const context = await embedding;
  const vectors: number[][] = [];
  for (const t of texts) vectors.push([...(await context.getEmbeddingFor(t)).vector]);
  send({ type: "embedded", id, vectors });
}

process.on("message", (message: ToWorker) => {
  const fail = (id: number) => (error: unknown) => send({ type: "failed", id, message: error instanceof Error ? error.message : String(error) });
  switch (message.type) {
    case "load":
      load(message.spec).catch((error: unknown) => send({ type: "load-failed", message: error instanceof Error ? error.message : String(error) }));
      break;
    case "generate":
      generate(message.id, message.spec).catch(fail(message.id));
      break;
    case "embed":
      embed(message.id, message.texts).catch(fail(message.id));
      break;
    case "cancel":
      running.get(message.id)?.abort();
      break;
  }
});
process.on("disconnect", () => process.exit(0));
