import type { JobDefinition } from "../jobs/job-definition.ts";
import { trainingPollJob } from "./training-jobs.ts";

/** Job types of this domain; the composition root registers them with the queue. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const trainingJobs: Array<JobDefinition<any>> = [trainingPollJob];
