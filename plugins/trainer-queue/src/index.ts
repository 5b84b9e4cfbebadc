import { RoundsError, type BlobStore, type JobQueue, type PluginContext } from "@rounds/core";
import { TRAINER_QUEUE } from "./protocol.ts";
import { QueueTrainer } from "./queue-trainer.ts";
import { serveTrainingHost, type TrainingHostOptions } from "./training-host.ts";

export { QueueTrainer } from "./queue-trainer.ts";
export { serveTrainingHost, runTraining, parseProgress, fillTemplate, shellQuote, type TrainingHostOptions } from "./training-host.ts";
export { trainJob, runKeys, TRAINER_QUEUE, type TrainPayload, type TrainResult, type RunStatus } from "./protocol.ts";

/**
 * What `rounds trainer-worker` finds on the registered trainer: the host side
 * of the contract, on the same queue the trainer enqueues to.
 */
export interface TrainingHostCapable {
  serveTrainingHost(options: Omit<TrainingHostOptions, "queue" | "blobs">): Promise<void>;
}

export function activate(ctx: PluginContext): void {
  const services = ctx.services as { openQueue?: (name: string) => JobQueue; blobs?: () => Promise<BlobStore> };
  ctx.register("trainers", "queue", () => {
    const { openQueue, blobs } = services;
    if (!openQueue || !blobs) throw new RoundsError("CONFIG_INVALID", "The queue trainer needs the host's queue and blob store services.");
    let queue: JobQueue | undefined;
    const trainerQueue = () => (queue ??= openQueue(typeof ctx.settings.queueName === "string" ? ctx.settings.queueName : TRAINER_QUEUE));
    const trainer = new QueueTrainer(trainerQueue, blobs);
    return Object.assign(trainer, {
      serveTrainingHost: (options: Omit<TrainingHostOptions, "queue" | "blobs">) =>
        serveTrainingHost({ ...options, queue: trainerQueue(), blobs }),
    } satisfies TrainingHostCapable);
  });
}
