import type { JobDefinition } from "../jobs/job-definition.ts";
import { ingestJobs } from "../ingest/jobs.ts";
import { notesJobs } from "../notes/jobs.ts";
import { trainingJobs } from "../training/jobs.ts";

/** Every job type core defines, by domain. */
 
export const builtinJobs: Array<JobDefinition<any>> = [...ingestJobs, ...trainingJobs, ...notesJobs];
