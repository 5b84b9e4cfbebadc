import { spawn } from "node:child_process";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, mkdtemp, open, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { RoundsError, UnrecoverableError, type BlobStore, type JobContext, type JobQueue, type Logger, type TrainingEvent } from "@rounds/core";
import { runKeys, trainJob, type RunStatus, type TrainPayload, type TrainResult } from "./protocol.ts";

export interface TrainingHostOptions {
  queue: JobQueue;
  blobs: () => Promise<BlobStore>;
  /** Shell command template with {dataset} {validation} {base} {out} {method} {epochs} {lr} {batch}. */
  command: string;
  logger: Logger;
  /** Where runs get their scratch folder. Default: the OS temp folder. */
  workDir?: string;
  /** How often the cancel marker is checked and live status written. Default 2000 ms. */
  checkMs?: number;
  /** Grace between SIGTERM and SIGKILL on cancel. Default 10 s. */
  killGraceMs?: number;
  /** Called with each progress fraction (for the CLI's progress bar). */
  onProgress?: (jobId: string, fraction: number) => void;
}

/** Quotes a value for `/bin/sh`: the only way values reach the operator's command. */
export const shellQuote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!(name in values)) throw new RoundsError("CONFIG_INVALID", `Unknown placeholder ${whole} in the trainer command; known: ${Object.keys(values).map((k) => `{${k}}`).join(" ")}.`);
    return shellQuote(values[name]!);
  });
}

/**
 * Reads progress from a training script's output line: `ROUNDS_PROGRESS 0.42`,
 * a percentage (tqdm's `42%|████`), or `step 10/100` / `epoch 2/3`.
 */
export function parseProgress(line: string): number | undefined {
  const explicit = /ROUNDS_PROGRESS\s+([0-9]*\.?[0-9]+)/.exec(line);
  if (explicit) return clamp(Number(explicit[1]));
  const percent = /(\d{1,3}(?:\.\d+)?)\s?%/.exec(line);
  if (percent) return clamp(Number(percent[1]) / 100);
  const ratio = /\b(?:step|epoch|iter(?:ation)?)\s*[:=]?\s*(\d+)\s*\/\s*(\d+)/i.exec(line);
  if (ratio && Number(ratio[2]) > 0) return clamp(Number(ratio[1]) / Number(ratio[2]));
  return undefined;
}
const clamp = (n: number) => (Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : undefined);

/**
 * The trainer host: registers the `trainer.train` handler on the trainer
 * queue and starts taking jobs. Each job downloads the dataset, runs the
 * command, reports progress, and uploads `{out}/adapter.gguf`.
 */
export async function serveTrainingHost(options: TrainingHostOptions): Promise<void> {
  options.queue.register(trainJob(async () => (payload, ctx) => runTraining(options, payload, ctx)));
  await options.queue.startWorker({ concurrency: 1 });
}

export async function runTraining(options: TrainingHostOptions, payload: TrainPayload, ctx: Pick<JobContext, "jobId" | "signal" | "progress">): Promise<TrainResult> {
  const blobs = await options.blobs();
  const keys = runKeys(ctx.jobId);
  if (await blobs.head(keys.cancel)) return { kind: "cancelled" };
  const events: TrainingEvent[] = [];
  const status: RunStatus = { state: "running", events };
  const event = (message: string, level: TrainingEvent["level"] = "info") => {
    events.push({ at: new Date().toISOString(), level, message: message.slice(0, 300) });
    if (events.length > 50) events.splice(0, events.length - 50);
  };
  // Status writes go one after another: the progress timer's write can still be in flight when
  // the final (cancelled/failed/succeeded) write starts, and the older write must not land last.
  let lastWrite: Promise<unknown> = Promise.resolve();
  const writeStatus = (): Promise<unknown> => {
    const next = lastWrite.catch(() => undefined).then(() => blobs.put(keys.status, new TextEncoder().encode(JSON.stringify(status)), { contentType: "application/json" }));
    lastWrite = next;
    return next;
  };

  const dir = await mkdtemp(join(options.workDir ?? tmpdir(), "rounds-train-"));
  try {
    const dataset = join(dir, "train.jsonl");
    await pipeline(await blobs.get(payload.trainingFileKey), createWriteStream(dataset));
    let validation = "";
    if (payload.validationFileKey) {
      validation = join(dir, "validation.jsonl");
      await pipeline(await blobs.get(payload.validationFileKey), createWriteStream(validation));
    }
    const out = join(dir, "out");
    await mkdir(out);
    const h = payload.hyperparameters;
    const command = fillTemplate(options.command, {
      dataset, validation, base: payload.baseModel, out, method: payload.method,
      epochs: String(h.epochs ?? ""), lr: String(h.learningRateMultiplier ?? ""), batch: String(h.batchSize ?? ""),
    });
    event(`training started on the trainer host (${payload.method}, base ${payload.baseModel})`);
    await writeStatus();

    const outcome = await runCommand(command, dir, options, blobs, keys.cancel, ctx, (fraction) => {
      status.progress = fraction;
      options.onProgress?.(ctx.jobId, fraction);
    }, event, writeStatus);

    if (outcome.kind === "cancelled") {
      status.state = "cancelled";
      event("cancelled by an admin; the training command was stopped");
      await writeStatus();
      return { kind: "cancelled" };
    }
    if (outcome.kind === "failed") {
      status.state = "failed";
      status.error = outcome.reason;
      for (const line of outcome.tail) event(line, "error");
      await writeStatus();
      throw new UnrecoverableError(outcome.reason);
    }
    const adapterPath = join(out, "adapter.gguf");
    const problem = await checkGguf(adapterPath);
    if (problem) {
      status.state = "failed";
      status.error = problem;
      await writeStatus();
      throw new UnrecoverableError(problem);
    }
    const loraAlpha = await readLoraAlpha(join(out, "adapter.json"));
    const info = await blobs.put(keys.adapter, createReadStream(adapterPath), { contentType: "application/octet-stream" });
    status.state = "succeeded";
    status.progress = 1;
    event(`adapter uploaded (${(info.size / 1024).toFixed(0)} KiB, sha256 ${info.sha256.slice(0, 12)}…)`);
    await writeStatus();
    return { kind: "adapter", blobKey: info.key, sha256: info.sha256, ...(loraAlpha !== undefined ? { loraAlpha } : {}) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

type Outcome = { kind: "ok" } | { kind: "cancelled" } | { kind: "failed"; reason: string; tail: string[] };

function runCommand(
  command: string, cwd: string, options: TrainingHostOptions, blobs: BlobStore, cancelKey: string,
  ctx: Pick<JobContext, "signal" | "progress">, onFraction: (f: number) => void, event: (m: string) => void, writeStatus: () => Promise<unknown>,
): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn("/bin/sh", ["-c", command], { cwd, stdio: ["ignore", "pipe", "pipe"], detached: true });
    const tail: string[] = [];
    let cancelled = false;
    let stopping = false;
    let lastReported = -1;
    let fraction = 0;
    const kill = () => {
      if (stopping) return;
      stopping = true;
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch { /* already gone */ }
      setTimeout(() => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch { /* already gone */ }
      }, options.killGraceMs ?? 10_000).unref();
    };
    const onLine = (line: string) => {
      tail.push(line);
      if (tail.length > 5) tail.shift();
      const parsed = parseProgress(line);
      if (parsed !== undefined) {
        fraction = parsed;
        onFraction(parsed);
      }
    };
    for (const stream of [child.stdout, child.stderr]) {
      let buffer = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => {
        buffer += chunk;
        const lines = buffer.split(/\r|\n/);
        buffer = lines.pop() ?? "";
        for (const line of lines) if (line.trim()) onLine(line.trim());
      });
      stream.on("end", () => buffer.trim() && onLine(buffer.trim()));
    }
    const timer = setInterval(() => {
      void (async () => {
        if (!cancelled && (await blobs.head(cancelKey))) {
          cancelled = true;
          kill();
        }
        if (Math.round(fraction * 100) !== lastReported) {
          lastReported = Math.round(fraction * 100);
          event(`progress ${lastReported}%`);
          await ctx.progress(fraction);
          await writeStatus();
        }
      })().catch((error: unknown) => options.logger.warn({ err: error }, "trainer status update failed"));
    }, options.checkMs ?? 2000);
    const onAbort = () => kill();
    ctx.signal.addEventListener("abort", onAbort, { once: true });
    child.on("error", (error) => {
      clearInterval(timer);
      resolve({ kind: "failed", reason: `The training command could not start: ${error.message}`, tail });
    });
    child.on("close", (code, signal) => {
      clearInterval(timer);
      if (Math.round(fraction * 100) !== lastReported) event(`progress ${Math.round(fraction * 100)}%`);
      ctx.signal.removeEventListener("abort", onAbort);
      if (cancelled) resolve({ kind: "cancelled" });
      else if (ctx.signal.aborted) resolve({ kind: "failed", reason: "The trainer host stopped while the command ran.", tail });
      else if (code === 0) resolve({ kind: "ok" });
      else resolve({ kind: "failed", reason: signal ? `The training command was killed (${signal}).` : `The training command exited with code ${code}.`, tail });
    });
  });
}

async function checkGguf(path: string): Promise<string | undefined> {
  const size = await stat(path).then((s) => s.size, () => -1);
  if (size < 0) return "The training command succeeded but wrote no adapter.gguf in {out}.";
  const handle = await open(path, "r");
  try {
    const magic = Buffer.alloc(4);
    await handle.read(magic, 0, 4, 0);
    if (magic.toString("latin1") !== "GGUF") return "The adapter the training command wrote is not a GGUF file.";
  } finally {
    await handle.close();
  }
  return undefined;
}

async function readLoraAlpha(path: string): Promise<number | undefined> {
  try {
    const value = (JSON.parse(await readFile(path, "utf8")) as { loraAlpha?: unknown }).loraAlpha;
    return typeof value === "number" && value > 0 ? value : undefined;
  } catch {
    return undefined;
  }
}
