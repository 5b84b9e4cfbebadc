/**
 * Local model files: `models add <path|hf:uri|url>` inspects a GGUF (header
 * read by node-llama-cpp's JavaScript parser, so a malformed file cannot
 * crash this process), hashes it, and records it in a small catalog
 * (`<plugin data dir>/models.json`). A URI is downloaded only when asked,
 * through node-llama-cpp's resolver, into the models folder. When the
 * configured model is in the catalog, it is checked against its record
 * before it is loaded, so a swapped or truncated file is refused.
 */
import { createHash } from "node:crypto";
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { basename, isAbsolute, relative, resolve } from "node:path";
import { readGgufFileInfo, resolveModelFile, type ModelDownloadEndpoints } from "node-llama-cpp";
import { RoundsError } from "@rounds/core";

export interface RegisteredModel {
  name: string;
  path: string;
  sha256: string;
  sizeBytes: number;
  /** File modification time when hashed: an unchanged size and time skip re-hashing. */
  modifiedMs: number;
  architecture: string;
  contextLength: number | null;
  embeddingLength: number | null;
  chatTemplate: boolean;
  /** Where it came from: a local file, or the URI it was downloaded from. */
  source: string;
  addedAt: string;
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Header facts of a GGUF file, or a clear error when it is not one. */
export async function inspectGguf(path: string): Promise<Pick<RegisteredModel, "architecture" | "contextLength" | "embeddingLength" | "chatTemplate">> {
  const info = await readGgufFileInfo(path, { readTensorInfo: false, logWarnings: false }).catch(() => {
    throw new RoundsError("MODEL_LOAD_FAILED", `${basename(path)} is not a readable GGUF file.`);
  });
  const meta = info.metadata as unknown as Record<string, Record<string, unknown> | undefined> & { general?: { architecture?: string; type?: string }; tokenizer?: { chat_template?: string } };
  const architecture = String(meta.general?.architecture ?? "");
  if (!architecture) throw new RoundsError("MODEL_LOAD_FAILED", `${basename(path)} does not name its architecture (general.architecture).`);
  if (meta.general?.type === "adapter") throw new RoundsError("BAD_REQUEST", `${basename(path)} is a LoRA adapter, not a model: adapters come from training runs in the model registry.`);
  const arch = meta[architecture] ?? {};
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
  return { architecture, contextLength: num(arch.context_length), embeddingLength: num(arch.embedding_length), chatTemplate: Boolean(meta.tokenizer?.chat_template) };
}

export class ModelCatalog {
  constructor(private readonly file: string) {}

  list(): RegisteredModel[] {
    if (!existsSync(this.file)) return [];
    try {
      return (JSON.parse(readFileSync(this.file, "utf8")) as { models: RegisteredModel[] }).models;
    } catch {
      throw new RoundsError("CONFIG_INVALID", `The model catalog ${this.file} is not valid JSON; fix or remove it.`);
    }
  }

  find(path: string): RegisteredModel | undefined {
    const full = resolve(path);
    return this.list().find((m) => m.path === full);
  }

  /** Adds or replaces the record for the same path; written atomically. */
  async save(entry: RegisteredModel): Promise<void> {
    const models = [...this.list().filter((m) => m.path !== entry.path && m.name !== entry.name), entry].sort((a, b) => a.name.localeCompare(b.name));
    await mkdir(resolve(this.file, ".."), { recursive: true });
    const tmp = `${this.file}.tmp`;
    await writeFile(tmp, `${JSON.stringify({ models }, null, 2)}\n`);
    await rename(tmp, this.file);
  }

  /**
   * Checks a catalogued file before it is loaded: unchanged size and
   * modification time pass; otherwise the file is hashed again and must match.
   * Files that were never added pass unchecked.
   */
  async verify(path: string): Promise<void> {
    const entry = this.find(path);
    if (!entry) return;
    let stat;
    try {
      stat = statSync(entry.path);
    } catch {
      return; // the worker reports a missing file itself
    }
    if (stat.size === entry.sizeBytes && Math.trunc(stat.mtimeMs) === entry.modifiedMs) return;
    if (stat.size !== entry.sizeBytes || (await sha256File(entry.path)) !== entry.sha256) {
      throw new RoundsError("MODEL_LOAD_FAILED", `Model file ${entry.name} changed since it was added (sha256 or size differs); it was not loaded. Run "rounds models add" again if the change is intended.`);
    }
  }
}

const isUri = (s: string) => /^(hf:|huggingface:|https?:\/\/)/i.test(s);

export interface AddModelOptions {
  catalog: ModelCatalog;
  /** Where downloads go, and the only folder chat users may name files in. */
  modelsDir: string;
  /** False when the request comes from a chat or the API: only names inside `modelsDir` and URIs. */
  anyPath: boolean;
  endpoints?: ModelDownloadEndpoints;
  onProgress?(label: string, fraction?: number): void;
}

/** Registers a local GGUF (or downloads one by URI first) and returns its record. */
export async function addModel(source: string, options: AddModelOptions): Promise<RegisteredModel> {
  let path: string;
  if (isUri(source)) {
    await mkdir(options.modelsDir, { recursive: true });
    try {
      path = await resolveModelFile(source, {
        directory: options.modelsDir, download: "auto", cli: false, verify: false,
        ...(options.endpoints ? { endpoints: options.endpoints } : {}),
        onProgress: ({ totalSize, downloadedSize }) => options.onProgress?.(`Downloading ${Math.round(downloadedSize / 2 ** 20)} of ${Math.round(totalSize / 2 ** 20)} MiB`, totalSize ? downloadedSize / totalSize : undefined),
      });
    } catch (error) {
      const why = error instanceof Error ? error.message.split("\n")[0]!.slice(0, 200) : String(error);
      throw new RoundsError("UPSTREAM_FAILED", `Could not download ${source}: ${why}. Without internet access, copy the file to this machine and run "rounds models add <path>".`);
    }
  } else {
    path = options.anyPath || isAbsolute(source) ? resolve(source) : resolve(options.modelsDir, source);
    const inside = relative(resolve(options.modelsDir), path);
    if (!options.anyPath && (inside.startsWith("..") || isAbsolute(inside))) {
      throw new RoundsError("FORBIDDEN", `From a chat or the API, name a file inside the models folder (${basename(options.modelsDir)}/) or give a URI; register other paths with the CLI on the server.`);
    }
    if (!existsSync(path) || !statSync(path).isFile()) throw new RoundsError("NOT_FOUND", `There is no model file ${options.anyPath ? path : basename(path)}.`);
  }
  const facts = await inspectGguf(path);
  options.onProgress?.("Computing sha256");
  const stat = statSync(path);
  const entry: RegisteredModel = {
    name: basename(path), path, sha256: await sha256File(path), sizeBytes: stat.size, modifiedMs: Math.trunc(stat.mtimeMs),
    ...facts, source: isUri(source) ? source : "file", addedAt: new Date().toISOString(),
  };
  await options.catalog.save(entry);
  return entry;
}
