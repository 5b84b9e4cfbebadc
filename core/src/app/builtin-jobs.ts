import type { AnyJobDefinition } from "../jobs/job-definition.ts";
import { ingestJobs } from "../ingest/jobs.ts";
import { notesJobs } from "../notes/jobs.ts";
import { trainingJobs } from "../training/jobs.ts";

/** Every job type core defines, by domain. */
 
export const builtinJobs: AnyJobDefinition[] = [...ingestJobs, ...trainingJobs, ...notesJobs];
