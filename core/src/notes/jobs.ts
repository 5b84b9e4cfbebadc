import type { JobDefinition } from "../jobs/job-definition.ts";

/** Job types of this domain; the composition root registers them with the queue. */
 
export const notesJobs: Array<JobDefinition<any>> = [];
