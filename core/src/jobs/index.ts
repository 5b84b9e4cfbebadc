export { defineJob, type JobDefinition, type JobHandler, type JobContext } from "./job-definition.ts";
export type { JobQueue, JobRecord, JobEvent, JobState, EnqueueOptions } from "./job-queue.ts";
export type { JobStore } from "./job-store.ts";
