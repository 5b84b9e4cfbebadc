import type { AnyJobDefinition } from "../jobs/job-definition.ts";

/** Job types of this domain; the composition root registers them with the queue. */
 
export const notesJobs: AnyJobDefinition[] = [];
