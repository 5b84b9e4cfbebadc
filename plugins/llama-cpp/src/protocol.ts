/** Messages between the plugin (parent) and the model worker (child process). */

export interface LoadSpec {
  modelPath: string;
  threads: number;
  contextSize: number;
  sequences: number;
  gpu: false | "auto";
}

export interface GenerateSpec {
  /** Chat messages when the GGUF has a chat template; otherwise flattened to text. */
  messages: Array<{ role: "system" | "user" | "assistant"; content: string }>;
  maxTokens: number;
  temperature: number;
  stop: string[];
  jsonSchema?: unknown;
  /** LoRA adapter file: the context for it is created once and kept. */
  lora?: { filePath: string; scale: number };
  stream: boolean;
}

export type ToWorker =
  | { type: "load"; spec: LoadSpec }
  | { type: "generate"; id: number; spec: GenerateSpec }
  | { type: "embed"; id: number; texts: string[] }
  | { type: "cancel"; id: number };

export type FromWorker =
  | { type: "loaded"; info: { architecture: string; chatTemplate: boolean; embeddingSize: number; trainContextSize: number } }
  | { type: "load-failed"; message: string }
  | { type: "delta"; id: number; text: string }
  | { type: "generated"; id: number; text: string; inputTokens: number; outputTokens: number; finish: "stop" | "length" | "other"; firstTokenMs: number | null; generationMs: number }
  | { type: "embedded"; id: number; vectors: number[][] }
  | { type: "failed"; id: number; message: string };
