import { type ChildProcess, fork } from "node:child_process";
import { statSync } from "node:fs";
import { freemem } from "node:os";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { RoundsError, type Logger } from "@rounds/core";
import type { FromWorker, GenerateSpec, LoadSpec, ToWorker } from "./protocol.ts";

export interface ModelWorkerOptions extends LoadSpec {
  /** Requests running at once; more wait in a queue. */
  maxConcurrent: number;
  /** Stop the worker (free its memory) after this long without requests; 0 keeps it. */
  idleUnloadMs: number;
  /** Per-request limit. */
  timeoutMs: number;
  logger: Logger;
  /** Runs before each load (e.g. the catalog's checksum check); a rejection fails the load. */
  beforeLoad?: () => Promise<void>;
}

export interface RequestMetric {
  kind: "generate" | "embed";
  queueWaitMs: number;
  firstTokenMs: number | null;
  totalMs: number;
  outputTokens: number;
  tokensPerSecond: number | null;
}

export interface ModelInfo { architecture: string; chatTemplate: boolean; embeddingSize: number; trainContextSize: number }
type Generated = Extract<FromWorker, { type: "generated" }>;

interface Pending {
  resolve(value: FromWorker): void;
  reject(error: Error): void;
  onDelta?: (text: string) => void;
}

// The worker runs in the form this file runs in: compiled JavaScript (`npm run build`), or TypeScript sources through tsx.
const fromSource = import.meta.url.endsWith(".ts");
const workerPath = fileURLToPath(new URL(fromSource ? "./worker.ts" : "./worker.js", import.meta.url));
const workerExecArgv = fromSource ? ["--conditions=rounds-source", "--import", import.meta.resolve("tsx")] : [];

/**
 * The parent side of the model worker: starts the child process on first use,
 * queues requests beyond `maxConcurrent`, forwards cancellation, enforces
 * timeouts, restarts after a crash (failing only the requests in flight),
 * unloads when idle, and keeps per-request metrics.
 */
export class ModelWorker {
  private child: ChildProcess | undefined;
  private starting: Promise<ModelInfo> | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private active = 0;
  private readonly queue: Array<() => void> = [];
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly recent: RequestMetric[] = [];
  private stderrTail = "";
  /** How many times a worker process has loaded the model (1 unless it crashed or was unloaded). */
  private loads = 0;

  constructor(private readonly options: ModelWorkerOptions) {}

  private get fileName(): string {
    return basename(this.options.modelPath);
  }

  /** Loads the model (once; again after a crash or an idle unload). */
  start(): Promise<ModelInfo> {
    this.starting ??= (this.options.beforeLoad ? this.options.beforeLoad() : Promise.resolve()).then(() => this.spawn()).catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  private spawn(): Promise<ModelInfo> {
    const { modelPath } = this.options;
    let size: number;
    try {
      size = statSync(modelPath).size;
    } catch {
      return Promise.reject(new RoundsError("MODEL_LOAD_FAILED", `Model file ${this.fileName} does not exist or cannot be read.`));
    }
    // Weights are memory-mapped, but a model that cannot fit in free memory will page or fail: say so first.
    if (size * 1.1 > freemem()) {
      return Promise.reject(new RoundsError("MODEL_LOAD_FAILED", `Model file ${this.fileName} needs about ${Math.round(size / 2 ** 20)} MiB but only ${Math.round(freemem() / 2 ** 20)} MiB of memory is free.`));
    }
    return new Promise<ModelInfo>((resolve, reject) => {
      this.stderrTail = "";
      const child = fork(workerPath, [], { execArgv: workerExecArgv, stdio: ["ignore", "ignore", "pipe", "ipc"] });
      this.child = child;
      child.stderr!.on("data", (d: Buffer) => {
        this.stderrTail = (this.stderrTail + d.toString("utf8")).slice(-2000);
      });
      let loaded = false;
      child.on("message", (m: FromWorker) => {
        if (m.type === "loaded") {
          loaded = true;
          this.loads += 1;
          resolve(m.info);
        } else if (m.type === "load-failed") {
          child.kill("SIGKILL");
          reject(new RoundsError("MODEL_LOAD_FAILED", `Model file ${this.fileName} could not be loaded: ${m.message.slice(0, 300)}`));
        } else this.onMessage(m);
      });
      child.on("exit", (code, signal) => {
        if (this.child === child) {
          this.child = undefined;
          this.starting = undefined;
        }
        const why = signal ? `signal ${signal}` : `exit code ${code}`;
        const hint = /error[^\n]*|missing[^\n]*|failed[^\n]*/i.exec(this.stderrTail)?.[0]?.slice(0, 200);
        const error = new RoundsError(loaded ? "MODEL_UNAVAILABLE" : "MODEL_LOAD_FAILED",
          loaded
            ? `The local model ${this.fileName} stopped (${why}); the request was not completed. It restarts on the next request.`
            : `Model file ${this.fileName} crashed the loader (${why})${hint ? `: ${hint}` : ""}. The file is probably malformed or incomplete.`);
        if (!loaded) reject(error);
        for (const [id, p] of this.pending) {
          this.pending.delete(id);
          p.reject(error);
        }
        if (code !== 0 && !(signal === "SIGTERM" && this.stopping)) this.options.logger.warn({ model: this.fileName, code, signal }, "model worker exited");
      });
      const { maxConcurrent: _m, idleUnloadMs: _i, timeoutMs: _t, logger: _l, beforeLoad: _b, ...spec } = this.options;
      child.send({ type: "load", spec } satisfies ToWorker);
    });
  }

  private stopping = false;

  private onMessage(m: FromWorker): void {
    if (m.type === "loaded" || m.type === "load-failed") return;
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.type === "delta") {
      p.onDelta?.(m.text);
      return;
    }
    this.pending.delete(m.id);
    if (m.type === "failed") p.reject(new RoundsError("MODEL_UNAVAILABLE", `The local model could not complete the request: ${m.message.slice(0, 300)}`));
    else p.resolve(m);
  }

  private async slot(): Promise<number> {
    const queued = performance.now();
    if (this.active >= this.options.maxConcurrent) await new Promise<void>((r) => this.queue.push(r));
    this.active += 1;
    clearTimeout(this.idleTimer);
    return performance.now() - queued;
  }

  private release(): void {
    this.active -= 1;
    const next = this.queue.shift();
    if (next) next();
    else if (this.active === 0 && this.options.idleUnloadMs > 0) {
      this.idleTimer = setTimeout(() => void this.unload(), this.options.idleUnloadMs);
      this.idleTimer.unref();
    }
  }

  private async request(message: (id: number) => ToWorker, signal: AbortSignal | undefined, onDelta?: (t: string) => void): Promise<FromWorker> {
    await this.start();
    const child = this.child;
    if (!child) throw new RoundsError("MODEL_UNAVAILABLE", `The local model ${this.fileName} is not running.`);
    const id = this.nextId++;
    return new Promise<FromWorker>((resolve, reject) => {
      const cleanup = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      };
      const timer = setTimeout(() => {
        child.send({ type: "cancel", id } satisfies ToWorker);
        this.pending.delete(id);
        cleanup();
        reject(new RoundsError("MODEL_UNAVAILABLE", `The local model did not finish within ${Math.round(this.options.timeoutMs / 1000)} s.`));
      }, this.options.timeoutMs);
      const onAbort = () => {
        // The worker stops generating and still answers with the text so far; the caller sees the abort.
        child.send({ type: "cancel", id } satisfies ToWorker);
        this.pending.delete(id);
        cleanup();
        reject(signal?.reason instanceof Error ? signal.reason : new DOMException("The request was cancelled.", "AbortError"));
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      this.pending.set(id, {
        resolve: (v) => { cleanup(); resolve(v); },
        reject: (e) => { cleanup(); reject(e); },
        ...(onDelta ? { onDelta } : {}),
      });
      child.send(message(id));
    });
  }

  async generate(spec: GenerateSpec, signal?: AbortSignal, onDelta?: (t: string) => void): Promise<Generated & { queueWaitMs: number }> {
    const queueWaitMs = await this.slot();
    try {
      const started = performance.now();
      const result = (await this.request((id) => ({ type: "generate", id, spec }), signal, onDelta)) as Generated;
      const totalMs = performance.now() - started;
      this.record({ kind: "generate", queueWaitMs, firstTokenMs: result.firstTokenMs, totalMs, outputTokens: result.outputTokens, tokensPerSecond: result.generationMs > 0 ? (result.outputTokens * 1000) / result.generationMs : null });
      return { ...result, queueWaitMs };
    } finally {
      this.release();
    }
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<number[][]> {
    const queueWaitMs = await this.slot();
    try {
      const started = performance.now();
      const result = (await this.request((id) => ({ type: "embed", id, texts }), signal)) as Extract<FromWorker, { type: "embedded" }>;
      this.record({ kind: "embed", queueWaitMs, firstTokenMs: null, totalMs: performance.now() - started, outputTokens: 0, tokensPerSecond: null });
      return result.vectors;
    } finally {
      this.release();
    }
  }

  private record(m: RequestMetric): void {
    this.recent.push(m);
    if (this.recent.length > 200) this.recent.shift();
  }

  /** Recent requests (up to 200) and their averages. */
  metrics(): { requests: number; queued: number; active: number; loaded: boolean; loads: number; avgTokensPerSecond: number | null; avgFirstTokenMs: number | null; avgQueueWaitMs: number | null; recent: RequestMetric[] } {
    const gen = this.recent.filter((r) => r.kind === "generate");
    const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
    return {
      requests: this.recent.length, queued: this.queue.length, active: this.active, loaded: Boolean(this.child), loads: this.loads,
      avgTokensPerSecond: avg(gen.flatMap((r) => (r.tokensPerSecond === null ? [] : [r.tokensPerSecond]))),
      avgFirstTokenMs: avg(gen.flatMap((r) => (r.firstTokenMs === null ? [] : [r.firstTokenMs]))),
      avgQueueWaitMs: avg(this.recent.map((r) => r.queueWaitMs)),
      recent: [...this.recent],
    };
  }

  /** Stops the worker process; the next request starts it again. */
  async unload(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.stopping = true;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    const force = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(force);
    this.stopping = false;
  }
}
