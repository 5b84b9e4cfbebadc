/**
 * The contract between Rounds and a trainer host, in one place: the `train`
 * job on the `trainer` queue, and the blob keys both sides read and write.
 */
import { defineJob, type JobHandler, type TrainingEvent, type TrainingState } from "@rounds/core";
import { z } from "zod";

export const TRAINER_QUEUE = "trainer";

const trainPayload = z.object({
  /** Blob keys of the de-identified JSONL files. */
  trainingFileKey: z.string().min(1),
  validationFileKey: z.string().min(1).optional(),
  baseModel: z.string().min(1),
  method: z.enum(["supervised", "dpo"]),
  hyperparameters: z.object({
    epochs: z.number().int().positive().optional(),
    learningRateMultiplier: z.number().positive().optional(),
    batchSize: z.number().int().positive().optional(),
  }),
  suffix: z.string().max(64).optional(),
});
export type TrainPayload = z.infer<typeof trainPayload>;

/** What the trainer host returns when the job completes. */
export const trainResult = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("adapter"), blobKey: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), loraAlpha: z.number().positive().optional() }),
  z.object({ kind: z.literal("cancelled") }),
]);
export type TrainResult = z.infer<typeof trainResult>;

/** The run's live status, written by the trainer host while the command runs. */
export interface RunStatus {
  state: TrainingState;
  progress?: number;
  events: TrainingEvent[];
  error?: string;
}

export const runKeys = (jobId: string) => ({
  status: `trainer-queue/runs/${jobId}/status.json`,
  cancel: `trainer-queue/runs/${jobId}/cancel`,
  adapter: `models/adapters/${jobId}/adapter.gguf`,
});

/**
 * The job definition. Only a trainer host (`rounds trainer-worker`) gives it
 * a handler; the API side only enqueues. One attempt: a failed training run
 * is reported, not silently repeated on the GPU.
 */
export function trainJob(handler: () => Promise<JobHandler<TrainPayload>> = async () => {
  throw new Error("This process is not a trainer host: run `rounds trainer-worker --command ...`.");
}) {
  return defineJob<TrainPayload>({ name: "trainer.train", version: 1, payload: trainPayload, attempts: 1, handler });
}
