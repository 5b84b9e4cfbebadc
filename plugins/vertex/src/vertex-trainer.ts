import { collect, type BlobStore, RoundsError, type Trainer, type TrainingEvent, type TrainingState, type TrainingStatus, type TrainingSubmission, upstreamModelError } from "@rounds/core";
import type { OAuth2Client } from "google-auth-library";
import { bearer } from "./vertex-auth.ts";

/** Vertex AI `JobState` → the trainer port's states. */
const states: Record<string, TrainingState> = {
  JOB_STATE_UNSPECIFIED: "queued", JOB_STATE_QUEUED: "queued", JOB_STATE_PENDING: "queued", JOB_STATE_RUNNING: "running",
  JOB_STATE_UPDATING: "running", JOB_STATE_PAUSED: "running", JOB_STATE_CANCELLING: "running",
  JOB_STATE_SUCCEEDED: "succeeded", JOB_STATE_FAILED: "failed", JOB_STATE_EXPIRED: "failed", JOB_STATE_PARTIALLY_SUCCEEDED: "failed",
  JOB_STATE_CANCELLED: "cancelled",
};

/** google.rpc.Code names for the error a failed job reports. */
const rpcCodes = ["OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"];

/** The documented `TuningJob` fields this trainer reads. */
interface TuningJob {
  name: string;
  state: string;
  createTime?: string;
  startTime?: string;
  endTime?: string;
  updateTime?: string;
  error?: { code?: number; message?: string };
  tuningDataStats?: { supervisedTuningDataStats?: { tuningDatasetExampleCount?: string; tuningStepCount?: string } };
  tunedModel?: { model?: string; endpoint?: string; checkpoints?: Array<{ checkpointId?: string; epoch?: string; step?: string; endpoint?: string }> };
}

export interface VertexTrainerOptions {
  project: string;
  location: string;
  /** Vertex AI API origin, e.g. https://us-central1-aiplatform.googleapis.com. */
  apiEndpoint: string;
  /** Cloud Storage JSON API origin, https://storage.googleapis.com. */
  storageEndpoint: string;
  /** Bucket the datasets are uploaded to (in the job's region, readable by the Vertex AI service agent). */
  bucket: string;
  /** Object name prefix inside the bucket. */
  prefix: string;
  keySetting: string;
}

/**
 * Supervised tuning of Gemini on Vertex AI: the Vertex-format JSONL files
 * (core's `vertex` export) are uploaded to Cloud Storage with the JSON API's
 * media upload, a `tuningJobs.create` names their gs:// URIs, and each status
 * poll reads the job: its state, its times and checkpoints as events, the
 * failure's reason, and on success the tuned model's endpoint, which answers
 * as a remote model. Plain REST over `fetch` with the plugin's auth client:
 * two documented requests need neither `@google-cloud/storage` nor
 * `@google-cloud/aiplatform` (and their gRPC stacks).
 */
export class VertexTrainer implements Trainer {
  readonly specificationVersion = "v1" as const;
  readonly id = "vertex";
  readonly datasetFormat = "vertex" as const;

  constructor(private readonly auth: () => Promise<OAuth2Client>, private readonly blobs: () => Promise<BlobStore>, private readonly o: VertexTrainerOptions) {}

  private async call<T>(what: string, url: string, init: { method: string; body?: BodyInit; contentType?: string }): Promise<T> {
    let res: Response;
    try {
      const authorization = await bearer(await this.auth());
      res = await fetch(url, { method: init.method, headers: { authorization, ...(init.contentType && { "content-type": init.contentType }) }, ...(init.body !== undefined && { body: init.body }) });
    } catch (error) {
      // A token-endpoint failure (gaxios error with a status) or no connection: status only, never the body.
      throw upstreamModelError(`Vertex AI ${what}`, this.o.keySetting, error);
    }
    if (!res.ok) {
      await res.body?.cancel();
      const responseHeaders: Record<string, string> = {};
      res.headers.forEach((value, name) => { responseHeaders[name] = value; });
      throw upstreamModelError(`Vertex AI ${what}`, this.o.keySetting, { statusCode: res.status, responseHeaders });
    }
    return (await res.json()) as T;
  }

  private async upload(key: string, name: string): Promise<string> {
    const bytes = await collect(await (await this.blobs()).get(key));
    const url = `${this.o.storageEndpoint}/upload/storage/v1/b/${encodeURIComponent(this.o.bucket)}/o?uploadType=media&name=${encodeURIComponent(name)}`;
    const object = await this.call<{ bucket: string; name: string; size: string }>("storage upload", url, { method: "POST", body: Buffer.from(bytes), contentType: "application/jsonl" });
    if (Number(object.size) !== bytes.byteLength) throw new RoundsError("UPSTREAM_FAILED", `Cloud Storage stored ${object.size} bytes of a ${bytes.byteLength}-byte dataset.`);
    return `gs://${object.bucket}/${object.name}`;
  }

  async submit(s: TrainingSubmission): Promise<{ externalId: string }> {
    if (s.method !== "supervised") throw new RoundsError("CONFLICT", "The Vertex AI trainer runs supervised tuning only; DPO runs need the openai trainer.", { details: { reason: "method_unsupported" } });
    const run = `${this.o.prefix}/${new Date().toISOString().replace(/[:.]/g, "-")}`;
    const training = await this.upload(s.trainingFileKey, `${run}/train.jsonl`);
    const validation = s.validationFileKey ? await this.upload(s.validationFileKey, `${run}/validation.jsonl`) : undefined;
    const hyperParameters = {
      ...(s.hyperparameters.epochs && { epochCount: String(s.hyperparameters.epochs) }),
      ...(s.hyperparameters.learningRateMultiplier && { learningRateMultiplier: s.hyperparameters.learningRateMultiplier }),
    };
    const job = await this.call<TuningJob>("tuning", `${this.o.apiEndpoint}/v1/projects/${this.o.project}/locations/${this.o.location}/tuningJobs`, {
      method: "POST", contentType: "application/json",
      body: JSON.stringify({
        baseModel: s.baseModel,
        supervisedTuningSpec: { trainingDatasetUri: training, ...(validation && { validationDatasetUri: validation }), ...(Object.keys(hyperParameters).length && { hyperParameters }) },
        ...(s.suffix && { tunedModelDisplayName: s.suffix.slice(0, 128) }),
      }),
    });
    return { externalId: job.name };
  }

  async status(externalId: string): Promise<TrainingStatus> {
    const job = await this.call<TuningJob>("tuning", `${this.o.apiEndpoint}/v1/${externalId}`, { method: "GET" });
    const state = states[job.state] ?? "running";
    const events: TrainingEvent[] = [];
    const at = (t: string | undefined) => (t && !Number.isNaN(Date.parse(t)) ? new Date(t).toISOString() : undefined);
    const add = (t: string | undefined, level: TrainingEvent["level"], message: string) => { const when = at(t); if (when) events.push({ at: when, level, message }); };
    add(job.createTime, "info", "tuning job created");
    add(job.startTime, "info", "tuning started");
    const stats = job.tuningDataStats?.supervisedTuningDataStats;
    if (stats?.tuningDatasetExampleCount) add(job.startTime, "info", `dataset: ${stats.tuningDatasetExampleCount} examples, ${stats.tuningStepCount ?? "?"} steps`);
    for (const c of job.tunedModel?.checkpoints ?? []) add(job.endTime, "info", `checkpoint ${c.checkpointId ?? "?"} at epoch ${c.epoch ?? "?"}, step ${c.step ?? "?"}${c.endpoint ? ` (${c.endpoint})` : ""}`);
    const reason = job.error ? `${rpcCodes[job.error.code ?? 2] ?? "UNKNOWN"}: ${(job.error.message ?? "no reason given").slice(0, 500)}` : undefined;
    if (state === "failed") add(job.endTime ?? job.updateTime, "error", `tuning ${job.state.replace("JOB_STATE_", "").toLowerCase()}${reason ? `: ${reason}` : ""}`);
    else if (state === "succeeded" || state === "cancelled") add(job.endTime ?? job.updateTime, "info", `tuning ${state}`);
    const endpoint = job.tunedModel?.endpoint;
    return {
      state,
      events: events.sort((a, b) => a.at.localeCompare(b.at)),
      ...(state === "succeeded" && endpoint && { result: { kind: "remote-model" as const, modelId: endpoint } }),
      ...(state === "succeeded" && !endpoint && { state: "failed" as const, error: "The tuning job succeeded without a tuned model endpoint." }),
      ...(state !== "succeeded" && reason && { error: reason }),
      ...(state === "failed" && !reason && { error: `Vertex AI reports ${job.state}.` }),
    };
  }

  async cancel(externalId: string): Promise<void> {
    await this.call<unknown>("tuning", `${this.o.apiEndpoint}/v1/${externalId}:cancel`, { method: "POST", contentType: "application/json", body: "{}" });
  }
}
