import { collect, RoundsError, type BlobStore, type JobQueue, type Trainer, type TrainingStatus, type TrainingSubmission } from "@rounds/core";
import { runKeys, trainJob, trainResult, type RunStatus } from "./protocol.ts";

/**
 * The `queue` trainer: `submit` puts a `trainer.train` job on the `trainer`
 * queue (BullMQ on Redis in the server tier, the database queue otherwise);
 * a trainer host running `rounds trainer-worker` takes it, runs the operator's
 * training command and uploads the adapter. `status` reads the job record and
 * the live status the host writes to the blob store; `cancel` leaves a marker
 * the host checks while the command runs.
 */
export class QueueTrainer implements Trainer {
  readonly specificationVersion = "v1" as const;
  readonly id = "queue";
  private readonly definition = trainJob();

  constructor(private readonly queue: () => JobQueue, private readonly blobs: () => Promise<BlobStore>) {}

  async submit(s: TrainingSubmission): Promise<{ externalId: string }> {
    const { id } = await this.queue().enqueue(this.definition, {
      trainingFileKey: s.trainingFileKey, ...(s.validationFileKey ? { validationFileKey: s.validationFileKey } : {}),
      baseModel: s.baseModel, method: s.method, hyperparameters: s.hyperparameters, ...(s.suffix ? { suffix: s.suffix } : {}),
    });
    return { externalId: id };
  }

  async status(externalId: string): Promise<TrainingStatus> {
    const record = await this.queue().get(externalId);
    if (!record) return { state: "failed", events: [], error: "The training job is no longer on the trainer queue." };
    const blobs = await this.blobs();
    const keys = runKeys(externalId);
    const live = await readStatus(blobs, keys.status);
    const events = live?.events ?? [];
    const cancelRequested = (await blobs.head(keys.cancel)) !== undefined;
    switch (record.state) {
      case "waiting":
        return cancelRequested ? { state: "cancelled", events } : { state: "queued", events };
      case "active":
        return { state: live?.state === "cancelled" ? "cancelled" : "running", events, ...(live?.progress !== undefined ? { progress: live.progress } : {}) };
      case "failed":
        return { state: "failed", events, error: live?.error ?? record.error ?? "training failed" };
      case "completed": {
        const parsed = trainResult.safeParse(record.result);
        if (!parsed.success) return { state: "failed", events, error: "The trainer host returned a result Rounds cannot read." };
        if (parsed.data.kind === "cancelled") return { state: "cancelled", events };
        const { blobKey, sha256, loraAlpha } = parsed.data;
        return { state: "succeeded", progress: 1, events, result: { kind: "adapter", blobKey, sha256, ...(loraAlpha !== undefined ? { loraAlpha } : {}) } };
      }
    }
  }

  async cancel(externalId: string): Promise<void> {
    const record = await this.queue().get(externalId);
    if (!record) throw new RoundsError("NOT_FOUND", "The training job is not on the trainer queue.");
    await (await this.blobs()).put(runKeys(externalId).cancel, new TextEncoder().encode(new Date().toISOString()), { contentType: "text/plain" });
  }
}

async function readStatus(blobs: BlobStore, key: string): Promise<RunStatus | undefined> {
  if (!(await blobs.head(key))) return undefined;
  try {
    return JSON.parse(new TextDecoder().decode(await collect(await blobs.get(key)))) as RunStatus;
  } catch {
    return undefined;
  }
}
