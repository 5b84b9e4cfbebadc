import type { AnyJobDefinition } from "../jobs/job-definition.ts";
import { schedulesTickJob, trainingPollJob } from "./training-jobs.ts";

/** Job types of this domain; the composition root registers them with the queue. */
 
export const trainingJobs: AnyJobDefinition[] = [trainingPollJob, schedulesTickJob];
