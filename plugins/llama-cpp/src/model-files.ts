/**
 * Local model files: `models add <path|hf:uri|url>` inspects a GGUF (header
 * read by node-llama-cpp's JavaScript parser, so a malformed file cannot
 * crash this process), hashes it, and records it in a small catalog
 * (`<plugin data dir>/models.json`). Which paths and URLs a caller may name
 * is decided by core's one gate (`resolveSourceArgument`): URLs only from the
 * CLI. A URL is downloaded only when asked, bounded in time and size, into
 * the models folder, and removed again when it fails. When the
 * configured model is in the catalog, it is checked against its record
 * before it is loaded, so a swapped or truncated file is refused.
 */
import { createHash } from "node:crypto";
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { readGgufFileInfo } from "node-llama-cpp";
import { downloadToFile, RoundsError, type SourceArgument } from "@rounds/core";

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

async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Header facts of a GGUF file, or a clear error when it is not one. */
async function inspectGguf(path: string): Promise<Pick<RegisteredModel, "architecture" | "contextLength" | "embeddingLength" | "chatTemplate">> {
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

export interface AddModelOptions {
  catalog: ModelCatalog;
  /** Where downloads go. */
  modelsDir: string;
  /** Base of `hf:` URIs (default https://huggingface.co/). */
  huggingFaceEndpoint?: string;
  /** A download must finish within this. */
  downloadTimeoutMs: number;
  /** Largest file downloaded. */
  maxDownloadBytes: number;
  onProgress?(label: string, fraction?: number): void;
}

/** `hf:<user>/<repo>/<path>.gguf` → the file's download URL on the Hugging Face endpoint. */
function huggingFaceUrl(uri: string, endpoint = "https://huggingface.co/"): string {
  const m = /^(?:hf|huggingface):([\w.-]+)\/([\w.-]+)\/((?:[\w.-]+\/)*[\w.-]+\.gguf)$/i.exec(uri);
  if (!m) throw new RoundsError("BAD_REQUEST", "Name a Hugging Face file as hf:<user>/<repo>/<file>.gguf.");
  const base = endpoint.endsWith("/") ? endpoint : `${endpoint}/`;
  return new URL(`${m[1]}/${m[2]}/resolve/main/${m[3]}`, base).toString();
}

/** Registers a local GGUF (or downloads one first) and returns its record. The source was already allowed by `resolveSourceArgument`. */
export async function addModel(source: SourceArgument, options: AddModelOptions): Promise<RegisteredModel> {
  let path: string;
  if (source.kind === "url") {
    const url = /^(hf|huggingface):/i.test(source.url) ? huggingFaceUrl(source.url, options.huggingFaceEndpoint) : source.url;
    const name = basename(new URL(url).pathname);
    if (!/^[\w.-]+\.gguf$/i.test(name)) throw new RoundsError("BAD_REQUEST", "The URL must name a .gguf file.");
    path = join(options.modelsDir, name);
    try {
      await downloadToFile(url, path, {
        timeoutMs: options.downloadTimeoutMs, maxBytes: options.maxDownloadBytes,
        onProgress: (done, total) => options.onProgress?.(`Downloading ${Math.round(done / 2 ** 20)}${total ? ` of ${Math.round(total / 2 ** 20)}` : ""} MiB`, total ? done / total : undefined),
      });
    } catch (error) {
      const why = RoundsError.isInstance(error) ? error.message : "unexpected error";
      throw new RoundsError(RoundsError.isInstance(error) && error.code === "PAYLOAD_TOO_LARGE" ? "PAYLOAD_TOO_LARGE" : "UPSTREAM_FAILED", `Could not download ${source.url.slice(0, 200)}: ${why}. Nothing was kept. Without internet access, copy the file to this machine and run "rounds models add <path>".`);
    }
  } else {
    path = source.path;
    if (!existsSync(path) || !statSync(path).isFile()) throw new RoundsError("NOT_FOUND", `There is no model file ${path}.`);
  }
  const facts = await inspectGguf(path);
  options.onProgress?.("Computing sha256");
  const stat = statSync(path);
  const entry: RegisteredModel = {
    name: basename(path), path, sha256: await sha256File(path), sizeBytes: stat.size, modifiedMs: Math.trunc(stat.mtimeMs),
    ...facts, source: source.kind === "url" ? source.url : "file", addedAt: new Date().toISOString(),
  };
  await options.catalog.save(entry);
  return entry;
}
