import OpenAI, { toFile } from "openai";
import { collect, type BlobStore, type Trainer, type TrainingState, type TrainingStatus, type TrainingSubmission } from "@rounds/core";
import { safeCall } from "./safe-call.ts";

const states: Record<string, TrainingState> = {
  validating_files: "validating", queued: "queued", running: "running", succeeded: "succeeded", failed: "failed", cancelled: "cancelled",
};

/**
 * Fine-tuning through the OpenAI API (or a compatible one): uploads the
 * JSONL files from the blob store, creates a supervised or DPO job, and
 * reports its state, events (with each checkpoint's losses) and the tuned model's id.
 */
export class OpenAITrainer implements Trainer {
  readonly specificationVersion = "v1" as const;
  readonly id = "openai";

  constructor(private readonly client: OpenAI, private readonly blobs: () => Promise<BlobStore>) {}

  private async upload(key: string): Promise<string> {
    const bytes = await collect(await (await this.blobs()).get(key));
    const file = await safeCall("fine-tuning file upload", async () => this.client.files.create({ file: await toFile(Buffer.from(bytes), key.split("/").pop() ?? "data.jsonl"), purpose: "fine-tune" }));
    return file.id;
  }

  async submit(s: TrainingSubmission): Promise<{ externalId: string }> {
    const training = await this.upload(s.trainingFileKey);
    const validation = s.validationFileKey ? await this.upload(s.validationFileKey) : undefined;
    const hyperparameters = {
      ...(s.hyperparameters.epochs && { n_epochs: s.hyperparameters.epochs }),
      ...(s.hyperparameters.learningRateMultiplier && { learning_rate_multiplier: s.hyperparameters.learningRateMultiplier }),
      ...(s.hyperparameters.batchSize && { batch_size: s.hyperparameters.batchSize }),
    };
    const job = await safeCall("fine-tuning", () => this.client.fineTuning.jobs.create({
      model: s.baseModel, training_file: training, ...(validation && { validation_file: validation }), ...(s.suffix && { suffix: s.suffix.slice(0, 18) }),
      method: s.method === "dpo" ? { type: "dpo", dpo: { hyperparameters } } : { type: "supervised", supervised: { hyperparameters } },
    }));
    return { externalId: job.id };
  }

  async status(externalId: string): Promise<TrainingStatus> {
    const job = await safeCall("fine-tuning", () => this.client.fineTuning.jobs.retrieve(externalId));
    const events = await safeCall("fine-tuning", () => this.client.fineTuning.jobs.listEvents(externalId, { limit: 20 }));
    const state = states[job.status] ?? "running";
    // Checkpoints (one per epoch) carry the training and validation loss: shown as events.
    const checkpoints = state === "running" || state === "succeeded"
      ? (await safeCall("fine-tuning", () => this.client.fineTuning.jobs.checkpoints.list(externalId, { limit: 10 }))).data
      : [];
    const num = (n: number | undefined) => (typeof n === "number" ? n.toFixed(4) : "?");
    return {
      state,
      events: [
        ...events.data.map((e) => ({ at: new Date(e.created_at * 1000).toISOString(), level: e.level, message: e.message.slice(0, 500) })),
        ...checkpoints.map((c) => ({
          at: new Date(c.created_at * 1000).toISOString(), level: "info" as const,
          message: `checkpoint at step ${c.step_number}: train loss ${num(c.metrics.train_loss)}, validation loss ${num(c.metrics.full_valid_loss ?? c.metrics.valid_loss)} (${c.fine_tuned_model_checkpoint})`,
        })),
      ].sort((a, b) => a.at.localeCompare(b.at)),
      ...(state === "succeeded" && job.fine_tuned_model && { result: { kind: "remote-model" as const, modelId: job.fine_tuned_model } }),
      ...(job.error?.message && { error: job.error.message.slice(0, 500) }),
    };
  }

  async cancel(externalId: string): Promise<void> {
    await safeCall("fine-tuning", () => this.client.fineTuning.jobs.cancel(externalId));
  }
}
