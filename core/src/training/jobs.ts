import type { JobDefinition } from "../jobs/job-definition.ts";
import { trainingPollJob } from "./training-jobs.ts";

/** Job types of this domain; the composition root registers them with the queue. */
 
export const trainingJobs: Array<JobDefinition<any>> = [trainingPollJob];
