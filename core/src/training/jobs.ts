import type { JobDefinition } from "../jobs/job-definition.ts";
import { schedulesTickJob, trainingPollJob } from "./training-jobs.ts";

/** Job types of this domain; the composition root registers them with the queue. */
 
export const trainingJobs: Array<JobDefinition<any>> = [trainingPollJob, schedulesTickJob];
