import type { JobContext } from "../jobs/job-definition.ts";
import { RoundsError } from "../errors/index.ts";
import { evaluateCandidate } from "./evaluate-candidate.ts";
import { promoteModel } from "./promote-model.ts";
import { trainingPollJob } from "./training-jobs.ts";

interface Payload {
  organizationId: string;
  fineTuneJobId: string;
  modelVersionId: string;
  round: number;
}

const terminal = new Set(["succeeded", "failed", "cancelled"]);

/**
 * One poll of a fine-tune. While it runs, the job re-enqueues itself after
 * `training.pollSeconds`; when it ends, the version is registered (artifact),
 * evaluated against the active model on the held-out set, and promoted when
 * the gate passes and auto-promotion is on; otherwise it stays `candidate`.
 */
export async function pollTraining(payload: Payload, ctx: JobContext): Promise<unknown> {
  const { app } = ctx;
  const job = await app.store.training.getFineTuneJob(payload.organizationId, payload.fineTuneJobId);
  if (!job || !job.externalId) throw new RoundsError("NOT_FOUND", "Fine-tune job not found.");
  if (terminal.has(job.status)) return { status: job.status };
  const trainer = await app.host.get("trainers", job.trainer);
  const status = await trainer.status(job.externalId);
  const seen = new Set(job.events.map((e) => `${e.at}|${e.message}`));
  const events = [...job.events, ...status.events.filter((e) => !seen.has(`${e.at}|${e.message}`))].slice(-200);
  await app.store.training.updateFineTuneJob(job.organizationId, job.id, {
    status: status.state, progress: status.progress ?? job.progress, events, error: status.error ?? null,
  });
  await ctx.progress({ state: status.state, progress: status.progress ?? null });
  const scope = { organizationId: job.organizationId, projectId: job.projectId };

  if (!terminal.has(status.state)) {
    await app.jobs.enqueue(trainingPollJob, { ...payload, round: payload.round + 1 }, {
      idempotencyKey: `poll:${job.id}:${payload.round + 1}`, delayMs: app.config.training.pollSeconds * 1000,
    });
    return { status: status.state };
  }
  if (status.state !== "succeeded" || !status.result) {
    await app.store.training.updateModelVersion(job.organizationId, payload.modelVersionId, { status: "failed" });
    return { status: status.state };
  }
  const artifact = status.result.kind === "remote-model"
    ? { kind: "remote-model" as const, modelId: status.result.modelId }
    : { kind: "adapter" as const, blobKey: status.result.blobKey, sha256: status.result.sha256, ...(status.result.loraAlpha !== undefined ? { loraAlpha: status.result.loraAlpha } : {}) };
  await app.store.training.updateModelVersion(job.organizationId, payload.modelVersionId, { status: "ready", artifact });

  const report = await evaluateCandidate(app, scope, payload.modelVersionId);
  const verdict = report ? report.verdict : "manual";
  await app.store.training.updateModelVersion(job.organizationId, payload.modelVersionId, {
    metrics: report ? { evaluation: report } : { evaluation: null, note: "no held-out set or no evaluator: an admin decides" },
    gateVerdict: verdict,
    status: "candidate",
  });
  await app.store.training.moveAliases(scope, () => ({ set: { candidate: payload.modelVersionId } }));
  if (verdict === "pass" && app.config.training.autoPromote) {
    const system = { userId: job.triggeredByUserId ?? "00000000-0000-0000-0000-000000000000", organizationId: job.organizationId, role: "admin" as const };
    await promoteModel(app, system, scope, payload.modelVersionId);
    return { status: "succeeded", promoted: true, verdict };
  }
  return { status: "succeeded", promoted: false, verdict };
}
