import type { AppContext } from "../app/app-context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { RoundsError } from "../errors/index.ts";
import type { Actor } from "../ports/index.ts";
import { describeCron, nextCronRun, validateCron } from "./cron.ts";
import type { Schedule, ScheduleParams, TrainingScope } from "./training-repository.ts";
import { inProjectScope } from "../tenancy/project-scope.ts";

export interface ScheduleView extends Schedule {
  /** Human preview of the cron expression. */
  description: string | null;
}

export interface SaveScheduleInput {
  cron: string | null;
  timezone?: string;
  thresholdNewExamples: number | null;
  enabled: boolean;
  params: ScheduleParams;
}

function view(s: Schedule): ScheduleView {
  return { ...s, description: s.cron ? describeCron(s.cron) : null };
}

function checkParams(p: ScheduleParams): void {
  const bad = (field: string, rule: string) => new RoundsError("VALIDATION_FAILED", `${field} ${rule}.`, { details: { reason: field, field: `params.${field}` } });
  if (p.minConfidence !== undefined && !(p.minConfidence >= 0 && p.minConfidence <= 1)) throw bad("minConfidence", "must be between 0 and 1");
  if (p.epochs !== undefined && !(Number.isInteger(p.epochs) && p.epochs >= 1 && p.epochs <= 50)) throw bad("epochs", "must be a whole number from 1 to 50");
  if (p.learningRateMultiplier !== undefined && !(p.learningRateMultiplier > 0 && p.learningRateMultiplier <= 10)) throw bad("learningRateMultiplier", "must be above 0 and at most 10");
}

/** Creates or replaces the training schedule of a scope (admins only). */
export async function saveSchedule(app: AppContext, actor: Actor, scope: TrainingScope, input: SaveScheduleInput): Promise<ScheduleView> {
  if (actor.role !== "admin") throw new RoundsError("FORBIDDEN", "Only admins can change training schedules.");
  if (actor.organizationId !== scope.organizationId) throw new RoundsError("NOT_FOUND", "Project not found.");
  if (scope.projectId && !(await app.store.tenancy.getProject(scope.organizationId, scope.projectId))) throw new RoundsError("NOT_FOUND", "Project not found.");
  if (!input.cron && input.thresholdNewExamples === null) {
    throw new RoundsError("VALIDATION_FAILED", "A schedule needs a cron expression, a threshold, or both.", { details: { reason: "cron", field: "cron" } });
  }
  const timezone = input.timezone ?? "UTC";
  if (input.cron) validateCron(input.cron, timezone);
  if (input.thresholdNewExamples !== null && !(Number.isInteger(input.thresholdNewExamples) && input.thresholdNewExamples >= 1)) {
    throw new RoundsError("VALIDATION_FAILED", "thresholdNewExamples must be a whole number of at least 1.", { details: { reason: "thresholdNewExamples", field: "thresholdNewExamples" } });
  }
  checkParams(input.params);
  const saved = await app.store.training.upsertSchedule(scope, {
    cron: input.cron, timezone, thresholdNewExamples: input.thresholdNewExamples, enabled: input.enabled, params: input.params,
    nextRunAt: input.cron ? nextCronRun(input.cron, app.now(), timezone) : null,
  });
  await recordAudit(app, { organizationId: scope.organizationId, actor, action: "schedule.save", targetType: "schedule", targetId: saved.id, details: { projectId: scope.projectId, enabled: input.enabled } });
  return view(saved);
}

/** Removes the schedule of a scope (admins only); `false` when there was none. */
export async function deleteSchedule(app: AppContext, actor: Actor, scope: TrainingScope): Promise<boolean> {
  if (actor.role !== "admin") throw new RoundsError("FORBIDDEN", "Only admins can change training schedules.");
  if (actor.organizationId !== scope.organizationId) throw new RoundsError("NOT_FOUND", "Project not found.");
  const current = (await app.store.training.listSchedules(scope.organizationId)).find((s) => s.projectId === scope.projectId);
  if (!current) return false;
  await app.store.training.deleteSchedule(scope.organizationId, current.id);
  await recordAudit(app, { organizationId: scope.organizationId, actor, action: "schedule.delete", targetType: "schedule", targetId: current.id });
  return true;
}

export async function listSchedules(app: AppContext, actor: Actor): Promise<ScheduleView[]> {
  if (actor.role !== "admin" && actor.role !== "auditor") throw new RoundsError("FORBIDDEN", "Only admins can see training schedules.");
  return (await app.store.training.listSchedules(actor.organizationId)).filter((s) => inProjectScope(actor, s.projectId)).map(view);
}

/** What a due schedule asks for; implemented by the training use case. */
export type StartScheduledTraining = (scope: TrainingScope, params: ScheduleParams) => Promise<{ started: true; jobId: string } | { started: false; reason: string }>;

/**
 * One scheduler tick: lease due schedules (exactly one process gets each),
 * check thresholds, start training or record why not, compute the next run.
 */
export async function runDueSchedules(app: AppContext, owner: string, start: StartScheduledTraining, leaseMs = 10 * 60_000): Promise<Array<{ scheduleId: string; result: NonNullable<Schedule["lastResult"]> }>> {
  const now = app.now();
  const due = await app.store.training.claimDueSchedules(now, owner, leaseMs);
  const out: Array<{ scheduleId: string; result: NonNullable<Schedule["lastResult"]> }> = [];
  for (const s of due) {
    const scope = { organizationId: s.organizationId, projectId: s.projectId };
    const cronDue = s.cron !== null && s.nextRunAt !== null && s.nextRunAt <= now;
    const nextRunAt = s.cron ? (cronDue ? nextCronRun(s.cron, now, s.timezone) : s.nextRunAt) : null;
    let fire = cronDue;
    let reason: string | undefined;
    if (!fire && s.thresholdNewExamples !== null) {
      const n = await app.store.training.countNewExamples(scope, s.lastRunAt);
      fire = n >= s.thresholdNewExamples;
      if (!fire) {
        // Not a run: release the lease without touching lastResult.
        await app.store.training.completeScheduleRun(s.id, owner, { lastResult: s.lastResult ?? { status: "skipped", reason: `waiting for ${s.thresholdNewExamples} new examples (have ${n})`, at: now.toISOString() }, nextRunAt });
        continue;
      }
    }
    let result: NonNullable<Schedule["lastResult"]>;
    try {
      const started = await start(scope, s.params);
      result = started.started
        ? { status: "started", jobId: started.jobId, at: now.toISOString() }
        : { status: "skipped", reason: started.reason, at: now.toISOString() };
      reason = started.started ? undefined : started.reason;
    } catch (error) {
      result = { status: "failed", reason: RoundsError.isInstance(error) ? error.message : "training could not start", at: now.toISOString() };
    }
    app.logger.info({ schedule: s.id, status: result.status, reason }, "schedule ran");
    await app.store.training.completeScheduleRun(s.id, owner, { lastResult: result, lastRunAt: now, nextRunAt });
    out.push({ scheduleId: s.id, result });
  }
  return out;
}
