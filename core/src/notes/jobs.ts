import type { JobDefinition } from "../jobs/job-definition.ts";

/** Job types of this domain; the composition root registers them with the queue. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const notesJobs: Array<JobDefinition<any>> = [];
