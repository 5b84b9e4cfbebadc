/**
 * Writes tiny GGUF files for tests: a llama-architecture base model with
 * seeded random F32 weights and a byte-level SentencePiece vocabulary, and a
 * LoRA adapter GGUF for it. No model hub and no conversion script are
 * reachable from CI, and the JavaScript GGUF libraries on npm only read
 * files, so this is a small writer of the documented format (GGUF v3:
 * header, typed key/values, tensor infos, 32-byte aligned data).
 *
 * Pure Node (no node-llama-cpp), so a stand-in training script can use it too.
 */
import { writeFileSync } from "node:fs";

type Scalar = { u32: number } | { i32: number } | { f32: number } | { bool: boolean } | { str: string };
type ArrayValue = { strs: string[] } | { f32s: number[] } | { i32s: number[] };
export type GgufValue = Scalar | ArrayValue;

export interface GgufTensor {
  name: string;
  /** ggml order: ne[0] is the fastest-varying (row length). */
  dims: number[];
  data: Float32Array;
}

const ALIGN = 32;
const T = { u32: 4, i32: 5, f32: 6, bool: 7, str: 8, array: 9 } as const;

class Writer {
  private parts: Buffer[] = [];
  length = 0;
  push(b: Buffer) {
    this.parts.push(b);
    this.length += b.length;
  }
  u32(n: number) {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    this.push(b);
  }
  i32(n: number) {
    const b = Buffer.alloc(4);
    b.writeInt32LE(n);
    this.push(b);
  }
  u64(n: number) {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(n));
    this.push(b);
  }
  f32(n: number) {
    const b = Buffer.alloc(4);
    b.writeFloatLE(n);
    this.push(b);
  }
  str(s: string) {
    const b = Buffer.from(s, "utf8");
    this.u64(b.length);
    this.push(b);
  }
  pad() {
    const extra = (ALIGN - (this.length % ALIGN)) % ALIGN;
    if (extra) this.push(Buffer.alloc(extra));
  }
  value(v: GgufValue) {
    if ("u32" in v) { this.u32(T.u32); this.u32(v.u32); }
    else if ("i32" in v) { this.u32(T.i32); this.i32(v.i32); }
    else if ("f32" in v) { this.u32(T.f32); this.f32(v.f32); }
    else if ("bool" in v) { this.u32(T.bool); this.push(Buffer.from([v.bool ? 1 : 0])); }
    else if ("str" in v) { this.u32(T.str); this.str(v.str); }
    else if ("strs" in v) { this.u32(T.array); this.u32(T.str); this.u64(v.strs.length); v.strs.forEach((s) => this.str(s)); }
    else if ("f32s" in v) { this.u32(T.array); this.u32(T.f32); this.u64(v.f32s.length); v.f32s.forEach((n) => this.f32(n)); }
    else { this.u32(T.array); this.u32(T.i32); this.u64(v.i32s.length); v.i32s.forEach((n) => this.i32(n)); }
  }
  bytes(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/** A GGUF v3 file from metadata and F32 tensors. */
export function encodeGguf(metadata: Record<string, GgufValue>, tensors: GgufTensor[]): Buffer {
  const w = new Writer();
  w.push(Buffer.from("GGUF", "ascii"));
  w.u32(3);
  w.u64(tensors.length);
  w.u64(Object.keys(metadata).length);
  for (const [key, value] of Object.entries(metadata)) {
    w.str(key);
    w.value(value);
  }
  let offset = 0;
  for (const t of tensors) {
    const count = t.dims.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) throw new Error(`${t.name}: ${t.data.length} values for dims ${t.dims.join("x")}`);
    w.str(t.name);
    w.u32(t.dims.length);
    t.dims.forEach((d) => w.u64(d));
    w.u32(0); // GGML_TYPE_F32
    w.u64(offset);
    offset += Math.ceil((count * 4) / ALIGN) * ALIGN;
  }
  w.pad();
  for (const t of tensors) {
    w.push(Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength));
    w.pad();
  }
  return w.bytes();
}

/** Deterministic uniform numbers in [-1, 1) (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  };
}

const filled = (n: number, next: () => number, scale: number) => Float32Array.from({ length: n }, () => next() * scale);

export interface TinyLlamaShape {
  embedding: number;
  heads: number;
  feedForward: number;
  layers: number;
  context: number;
}

export const TINY_LLAMA: TinyLlamaShape = { embedding: 32, heads: 4, feedForward: 64, layers: 1, context: 4096 };

/** `<unk>`, `<s>`, `</s>`, the word-boundary piece `▁` and the 256 byte tokens: every text tokenizes (by byte fallback) and round-trips. */
function byteVocabulary() {
  const tokens = ["<unk>", "<s>", "</s>", "\u2581", ...Array.from({ length: 256 }, (_, i) => `<0x${i.toString(16).toUpperCase().padStart(2, "0")}>`)];
  return { tokens, types: [2, 3, 3, 1, ...Array.from({ length: 256 }, () => 6)], scores: tokens.map(() => 0) };
}

/** The weight matrices of a llama block a LoRA adapter may target, with their [n_in, n_out]. */
export function llamaMatrices(shape: TinyLlamaShape = TINY_LLAMA): Record<string, [number, number]> {
  const vocab = byteVocabulary().tokens.length;
  const e = shape.embedding;
  const out: Record<string, [number, number]> = { "output.weight": [e, vocab] };
  for (let l = 0; l < shape.layers; l++) {
    Object.assign(out, {
      [`blk.${l}.attn_q.weight`]: [e, e], [`blk.${l}.attn_k.weight`]: [e, e], [`blk.${l}.attn_v.weight`]: [e, e], [`blk.${l}.attn_output.weight`]: [e, e],
      [`blk.${l}.ffn_gate.weight`]: [e, shape.feedForward], [`blk.${l}.ffn_up.weight`]: [e, shape.feedForward], [`blk.${l}.ffn_down.weight`]: [shape.feedForward, e],
    });
  }
  return out;
}

/**
 * A llama-architecture model with random weights: gibberish, but a real
 * model that node-llama-cpp loads, tokenizes for and generates from.
 * The special tokens' output rows are zero so generation does not stop at once.
 */
export function tinyLlamaGguf(options: { seed?: number; shape?: TinyLlamaShape; name?: string } = {}): Buffer {
  const shape = options.shape ?? TINY_LLAMA;
  const next = random(options.seed ?? 1);
  const vocab = byteVocabulary();
  const n = vocab.tokens.length;
  const e = shape.embedding;
  const ones = (k: number) => new Float32Array(k).fill(1);
  const tensors: GgufTensor[] = [{ name: "token_embd.weight", dims: [e, n], data: filled(e * n, next, 1) }];
  for (const [name, [nIn, nOut]] of Object.entries(llamaMatrices(shape))) {
    if (name === "output.weight") continue;
    tensors.push({ name, dims: [nIn, nOut], data: filled(nIn * nOut, next, 1 / Math.sqrt(nIn)) });
  }
  for (let l = 0; l < shape.layers; l++) {
    tensors.push({ name: `blk.${l}.attn_norm.weight`, dims: [e], data: ones(e) }, { name: `blk.${l}.ffn_norm.weight`, dims: [e], data: ones(e) });
  }
  const output = filled(e * n, next, 1);
  output.fill(0, 0, 3 * e);
  tensors.push({ name: "output_norm.weight", dims: [e], data: ones(e) }, { name: "output.weight", dims: [e, n], data: output });
  return encodeGguf({
    "general.architecture": { str: "llama" },
    "general.name": { str: options.name ?? "tiny-llama-random" },
    "general.alignment": { u32: ALIGN },
    "llama.context_length": { u32: shape.context },
    "llama.embedding_length": { u32: e },
    "llama.block_count": { u32: shape.layers },
    "llama.feed_forward_length": { u32: shape.feedForward },
    "llama.attention.head_count": { u32: shape.heads },
    "llama.attention.head_count_kv": { u32: shape.heads },
    "llama.rope.dimension_count": { u32: e / shape.heads },
    "llama.attention.layer_norm_rms_epsilon": { f32: 1e-5 },
    "llama.vocab_size": { u32: n },
    "tokenizer.ggml.model": { str: "llama" },
    "tokenizer.ggml.tokens": { strs: vocab.tokens },
    "tokenizer.ggml.scores": { f32s: vocab.scores },
    "tokenizer.ggml.token_type": { i32s: vocab.types },
    "tokenizer.ggml.unknown_token_id": { u32: 0 },
    "tokenizer.ggml.bos_token_id": { u32: 1 },
    "tokenizer.ggml.eos_token_id": { u32: 2 },
    "tokenizer.ggml.add_bos_token": { bool: true },
  }, tensors);
}

/**
 * A LoRA adapter for a model of `shape`: `<tensor>.lora_a` [n_in, r] and
 * `<tensor>.lora_b` [r, n_out] for each target (llama.cpp's layout), with
 * `adapter.lora.alpha`. Random A and B with a large `strength` make the
 * adapted model's output visibly different from the base's.
 */
export function loraAdapterGguf(options: { seed?: number; shape?: TinyLlamaShape; rank?: number; alpha?: number; strength?: number; targets?: string[] } = {}): Buffer {
  const shape = options.shape ?? TINY_LLAMA;
  const rank = options.rank ?? 4;
  const next = random(options.seed ?? 2);
  const matrices = llamaMatrices(shape);
  const targets = options.targets ?? ["output.weight", "blk.0.attn_q.weight", "blk.0.attn_v.weight", "blk.0.ffn_up.weight"];
  const tensors: GgufTensor[] = [];
  for (const target of targets) {
    const dims = matrices[target];
    if (!dims) throw new Error(`No such matrix: ${target}`);
    const [nIn, nOut] = dims;
    tensors.push(
      { name: `${target}.lora_a`, dims: [nIn, rank], data: filled(nIn * rank, next, 1) },
      { name: `${target}.lora_b`, dims: [rank, nOut], data: filled(rank * nOut, next, options.strength ?? 2) },
    );
  }
  return encodeGguf({
    "general.architecture": { str: "llama" },
    "general.type": { str: "adapter" },
    "general.alignment": { u32: ALIGN },
    "adapter.type": { str: "lora" },
    "adapter.lora.alpha": { f32: options.alpha ?? rank },
  }, tensors);
}

export const writeTinyLlama = (path: string, options?: Parameters<typeof tinyLlamaGguf>[0]) => writeFileSync(path, tinyLlamaGguf(options));
