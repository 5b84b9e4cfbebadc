import type { Trainer, TrainingStatus, TrainingSubmission } from "../../ports/index.ts";

/** A trainer that succeeds after `steps` status polls (or fails when told to). */
export class FakeTrainer implements Trainer {
  readonly specificationVersion = "v1" as const;
  readonly id = "fake";
  readonly submissions: TrainingSubmission[] = [];
  private readonly jobs = new Map<string, { polls: number; cancelled: boolean }>();
  constructor(private readonly options: { steps?: number; fail?: boolean } = {}) {}

  async submit(submission: TrainingSubmission) {
    this.submissions.push(submission);
    const externalId = `ftjob-${this.submissions.length}`;
    this.jobs.set(externalId, { polls: 0, cancelled: false });
    return { externalId };
  }

  async status(externalId: string): Promise<TrainingStatus> {
    const job = this.jobs.get(externalId);
    if (!job) return { state: "failed", events: [], error: "unknown job" };
    if (job.cancelled) return { state: "cancelled", events: [] };
    job.polls += 1;
    const steps = this.options.steps ?? 2;
    if (job.polls < steps) return { state: "running", progress: job.polls / steps, events: [{ at: new Date().toISOString(), level: "info", message: `step ${job.polls}` }] };
    if (this.options.fail) return { state: "failed", events: [], error: "training diverged" };
    return { state: "succeeded", progress: 1, events: [], result: { kind: "remote-model", modelId: `ft:fake:${externalId}` } };
  }

  async cancel(externalId: string): Promise<void> {
    const job = this.jobs.get(externalId);
    if (job) job.cancelled = true;
  }
}
