export { defineJob, type AnyJobDefinition, type JobDefinition, type JobHandler, type JobContext } from "./job-definition.ts";
export type { JobQueue, JobRecord, JobEvent, JobState, EnqueueOptions } from "./job-queue.ts";
export type { JobStore, StoredJob } from "./job-store.ts";
export { createDatabaseQueue, type DatabaseQueueOptions } from "./database-queue.ts";
export { createBullmqQueue, type BullmqQueueOptions } from "./bullmq-queue.ts";
export { UnrecoverableError, isUnrecoverable } from "./job-errors.ts";
