import type { FastifyInstance } from "fastify";
import { requireRole } from "../api/auth.ts";
import type { AppContext } from "../app/app-context.ts";
import { answerModelRuntime } from "../answer/model-runtime.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { RoundsError } from "../errors/index.ts";
import type { Actor } from "../ports/index.ts";
import { promoteModel, rollbackModel } from "./promote-model.ts";
import { listSchedules, saveSchedule } from "./schedules.ts";
import { cancelTraining, startTraining } from "./start-training.ts";
import type { ScheduleParams, TrainingScope } from "./training-repository.ts";

const uuid = { type: "string", format: "uuid" } as const;
/** `projectId` of a project, or null for the organisation-wide model. */
const scopeProperty = { projectId: { anyOf: [uuid, { type: "null" }] } } as const;
const scopeQuery = { type: "object", additionalProperties: false, properties: { projectId: uuid } } as const;
const paramsSchema = {
  type: "object", additionalProperties: false,
  properties: {
    minConfidence: { type: "number", minimum: 0, maximum: 1 }, humanReviewedOnly: { type: "boolean" },
    epochs: { type: "integer", minimum: 1, maximum: 50 }, learningRateMultiplier: { type: "number", exclusiveMinimum: 0, maximum: 10 },
  },
} as const;

/** The scope named by a request, checked against the caller's organisation (another tenant's project is 404). */
async function scopeOf(app: AppContext, actor: Actor, projectId: string | null | undefined): Promise<TrainingScope> {
  const scope = { organizationId: actor.organizationId, projectId: projectId ?? null };
  if (scope.projectId && !(await app.store.tenancy.getProject(actor.organizationId, scope.projectId))) throw new RoundsError("NOT_FOUND", "Project not found.");
  return scope;
}

/**
 * HTTP routes of this domain, mounted under `/v1`: the same use cases as the
 * `train`, `model` and `schedule` commands, with the same role checks.
 */
export function registerTrainingRoutes(api: FastifyInstance, app: AppContext): void {
  api.get("/schedules", {
    schema: { summary: "Training schedules of the organisation and its projects, with a readable cron preview and the next run", tags: ["training"] },
  }, async (request) => ({ schedules: await listSchedules(app, requireRole(request, "admin")) }));

  api.put<{ Body: { projectId?: string | null; cron: string | null; timezone?: string; thresholdNewExamples: number | null; enabled: boolean; params?: ScheduleParams } }>("/schedules", {
    schema: {
      summary: "Create or replace the schedule of a project (or, with projectId null, of the organisation)",
      description: "An invalid cron expression, time zone or parameter is a 422 problem whose `detail` names the field.",
      tags: ["training"],
      body: {
        type: "object", additionalProperties: false, required: ["cron", "thresholdNewExamples", "enabled"],
        properties: {
          ...scopeProperty, cron: { anyOf: [{ type: "string", minLength: 1, maxLength: 120 }, { type: "null" }] }, timezone: { type: "string", minLength: 1, maxLength: 64 },
          thresholdNewExamples: { anyOf: [{ type: "integer", minimum: 1 }, { type: "null" }] }, enabled: { type: "boolean" }, params: paramsSchema,
        },
      },
    },
  }, async (request) => {
    const actor = requireRole(request, "admin");
    const b = request.body;
    return saveSchedule(app, actor, await scopeOf(app, actor, b.projectId), {
      cron: b.cron, ...(b.timezone && { timezone: b.timezone }), thresholdNewExamples: b.thresholdNewExamples, enabled: b.enabled, params: b.params ?? {},
    });
  });

  api.delete<{ Params: { id: string } }>("/schedules/:id", {
    schema: { summary: "Delete a training schedule", tags: ["training"], params: { type: "object", required: ["id"], properties: { id: uuid } } },
  }, async (request, reply) => {
    const actor = requireRole(request, "admin");
    if (!(await app.store.training.getSchedule(actor.organizationId, request.params.id))) throw new RoundsError("NOT_FOUND", "No such schedule.");
    await app.store.training.deleteSchedule(actor.organizationId, request.params.id);
    await recordAudit(app, { organizationId: actor.organizationId, actor, action: "schedule.delete", targetType: "schedule", targetId: request.params.id, channel: "api" });
    return reply.code(204).send();
  });

  api.get<{ Querystring: { projectId?: string } }>("/models", {
    schema: {
      summary: "Model versions of a project (or the organisation without projectId): aliases, lineage, metrics, evaluation verdicts; running training jobs; the local model's measurements",
      tags: ["training"], querystring: scopeQuery,
    },
  }, async (request) => {
    const actor = requireRole(request, "admin", "clinician", "auditor");
    const scope = await scopeOf(app, actor, request.query.projectId);
    const [versions, aliases, jobs, runtime] = await Promise.all([
      app.store.training.listModelVersions(scope), app.store.training.getAliases(scope), app.store.training.listActiveFineTuneJobs(scope), answerModelRuntime(app),
    ]);
    return { scope, aliases, versions, jobs, runtime: runtime ?? null };
  });

  api.post<{ Params: { versionId: string }; Body: { projectId?: string | null } }>("/models/:versionId/promote", {
    schema: {
      summary: "Make a version the active model of its scope (the old one becomes previous)", tags: ["training"],
      params: { type: "object", required: ["versionId"], properties: { versionId: uuid } },
      body: { type: "object", additionalProperties: false, properties: scopeProperty },
    },
  }, async (request) => {
    const actor = requireRole(request, "admin");
    const scope = await scopeOf(app, actor, request.body?.projectId);
    return { aliases: await promoteModel(app, actor, scope, request.params.versionId) };
  });

  api.post<{ Body: { projectId?: string | null } }>("/models/rollback", {
    schema: { summary: "Put the previous version back", tags: ["training"], body: { type: "object", additionalProperties: false, properties: scopeProperty } },
  }, async (request) => {
    const actor = requireRole(request, "admin");
    return { aliases: await rollbackModel(app, actor, await scopeOf(app, actor, request.body?.projectId)) };
  });

  api.get<{ Querystring: { projectId?: string } }>("/training/jobs", {
    schema: { summary: "Recent training runs with state, progress and events", tags: ["training"], querystring: scopeQuery },
  }, async (request) => {
    const actor = requireRole(request, "admin", "auditor");
    const jobs = await app.store.training.listFineTuneJobs(actor.organizationId, 50);
    const projectId = request.query.projectId;
    if (projectId) await scopeOf(app, actor, projectId);
    return { jobs: projectId ? jobs.filter((j) => j.projectId === projectId) : jobs };
  });

  api.post<{ Body: { projectId?: string | null; dryRun?: boolean; method?: "supervised" | "dpo"; params?: ScheduleParams } }>("/training", {
    schema: {
      summary: "Export, validate and start a fine-tune (or only count with dryRun)",
      description: "202 with the job and candidate version when training starts; 200 for a dry run or when there is not enough data yet (with what is missing).",
      tags: ["training"],
      body: { type: "object", additionalProperties: false, properties: { ...scopeProperty, dryRun: { type: "boolean" }, method: { enum: ["supervised", "dpo"] }, params: paramsSchema } },
    },
  }, async (request, reply) => {
    const actor = requireRole(request, "admin");
    const b = request.body ?? {};
    const result = await startTraining(app, actor, { scope: await scopeOf(app, actor, b.projectId), dryRun: b.dryRun ?? false, method: b.method ?? "supervised", ...(b.params && { params: b.params }) });
    return reply.code(result.status === "started" ? 202 : 200).send(result);
  });

  api.post<{ Body: { projectId?: string | null } }>("/training/cancel", {
    schema: { summary: "Cancel the running training of a scope", tags: ["training"], body: { type: "object", additionalProperties: false, properties: scopeProperty } },
  }, async (request) => {
    const actor = requireRole(request, "admin");
    const jobs = await cancelTraining(app, actor, await scopeOf(app, actor, request.body?.projectId));
    return { cancelled: jobs.map((j) => j.id) };
  });
}
