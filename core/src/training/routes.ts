import type { FastifyInstance } from "fastify";
import { requireRole } from "../api/auth.ts";
import type { AppContext } from "../app/app-context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { RoundsError } from "../errors/index.ts";
import type { Actor } from "../ports/index.ts";
import type { DatasetFormat } from "./export-dataset.ts";
import { exportTrainingData } from "./export-training-data.ts";
import { promoteModel, rejectModel, rollbackModel } from "./promote-model.ts";
import { deleteSchedule, listSchedules, saveSchedule } from "./schedules.ts";
import { cancelTraining, startTraining } from "./start-training.ts";
import type { Aliases, ModelVersion, ScheduleParams, TrainingScope } from "./training-repository.ts";
import { inProjectScope, requireOrganizationWide } from "../tenancy/project-scope.ts";

/**
 * The training loop as JSON routes (the admin page's Schedules, Models and
 * Training data pages). Every route calls the same use case as the `train`,
 * `model`, `schedule` and `export` commands, with the same role checks.
 *
 * A scope is a project id or `organization` (the organisation-wide model).
 */

const scopePattern = "^(organization|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$";
const scopeString = { type: "string", pattern: scopePattern, description: "A project id, or `organization`" } as const;
const uuid = { type: "string", format: "uuid" } as const;
const scopeParams = { type: "object", required: ["scope"], properties: { scope: scopeString } } as const;
const scopeQuery = { type: "object", additionalProperties: false, properties: { scope: scopeString } } as const;
const idParams = { type: "object", required: ["id"], properties: { id: uuid } } as const;

/** The caller's scope; another organisation's project is "not found". */
async function resolveScope(app: AppContext, actor: Actor, scope: string): Promise<TrainingScope> {
  if (scope === "organization") {
    requireOrganizationWide(actor, "the organisation-wide model");
    return { organizationId: actor.organizationId, projectId: null };
  }
  if (!inProjectScope(actor, scope) || !(await app.store.tenancy.getProject(actor.organizationId, scope))) throw new RoundsError("NOT_FOUND", "Project not found.");
  return { organizationId: actor.organizationId, projectId: scope };
}

/** A version of the caller's organisation, with the scope it belongs to. */
async function versionInOrg(app: AppContext, actor: Actor, id: string): Promise<{ version: ModelVersion; scope: TrainingScope }> {
  const version = await app.store.training.getModelVersion(actor.organizationId, id);
  if (!version || !inProjectScope(actor, version.projectId)) throw new RoundsError("NOT_FOUND", "Model version not found.");
  return { version, scope: { organizationId: actor.organizationId, projectId: version.projectId } };
}

const aliasIds = (a: Aliases) => ({ active: a.active?.id ?? null, candidate: a.candidate?.id ?? null, previous: a.previous?.id ?? null });

export function registerTrainingRoutes(api: FastifyInstance, app: AppContext): void {
  /* ---------- Schedules ---------- */

  api.get("/training/schedules", {
    schema: { summary: "Training schedules of the organisation, with a readable cron preview, next and last run", tags: ["training"] },
  }, async (request) => listSchedules(app, requireRole(request, "admin", "auditor")));

  api.put<{ Params: { scope: string }; Body: { cron: string | null; timezone?: string; thresholdNewExamples: number | null; enabled?: boolean; params?: ScheduleParams } }>("/training/schedules/:scope", {
    schema: {
      summary: "Create or replace the training schedule of a project or of the organisation",
      description: "Validation errors (a bad cron expression, time zone, threshold or training parameter) are 422 problems naming the `field`.",
      tags: ["training"], params: scopeParams,
      body: {
        type: "object", additionalProperties: false, required: ["cron", "thresholdNewExamples"],
        properties: {
          cron: { type: ["string", "null"], maxLength: 120 },
          timezone: { type: "string", minLength: 1, maxLength: 64 },
          thresholdNewExamples: { type: ["integer", "null"] },
          enabled: { type: "boolean" },
          params: {
            type: "object", additionalProperties: false,
            properties: { minConfidence: { type: "number" }, humanReviewedOnly: { type: "boolean" }, epochs: { type: "integer" }, learningRateMultiplier: { type: "number" } },
          },
        },
      },
    },
  }, async (request) => {
    const actor = requireRole(request, "admin");
    const scope = await resolveScope(app, actor, request.params.scope);
    const b = request.body;
    const cron = b.cron?.trim() || null;
    return saveSchedule(app, actor, scope, {
      cron, ...(b.timezone && { timezone: b.timezone.trim() }), thresholdNewExamples: b.thresholdNewExamples, enabled: b.enabled ?? true, params: b.params ?? {},
    });
  });

  api.delete<{ Params: { scope: string } }>("/training/schedules/:scope", {
    schema: { summary: "Remove the training schedule of a project or of the organisation", tags: ["training"], params: scopeParams },
  }, async (request, reply) => {
    const actor = requireRole(request, "admin");
    const scope = await resolveScope(app, actor, request.params.scope);
    if (!(await deleteSchedule(app, actor, scope))) throw new RoundsError("NOT_FOUND", "There is no schedule for this scope.");
    return reply.code(204).send();
  });

  /* ---------- Models ---------- */

  api.get<{ Querystring: { scope?: string } }>("/training/models", {
    schema: { summary: "Model versions of a scope: aliases, lineage, metrics and evaluation report; running training jobs", tags: ["training"], querystring: scopeQuery },
  }, async (request) => {
    const actor = requireRole(request, "admin", "clinician", "auditor");
    const scope = await resolveScope(app, actor, request.query.scope ?? actor.projectId ?? "organization");
    const [versions, aliases, jobs] = await Promise.all([
      app.store.training.listModelVersions(scope), app.store.training.getAliases(scope), app.store.training.listActiveFineTuneJobs(scope),
    ]);
    const ids = aliasIds(aliases);
    const numberOf = new Map(versions.map((v) => [v.id, v.version]));
    return {
      scope: { projectId: scope.projectId },
      aliases: ids,
      versions: versions.map((v) => ({
        ...v,
        aliases: Object.entries<string | null>(ids).filter(([, id]) => id === v.id).map(([name]) => name),
        lineage: { baseModel: v.baseModel, parentVersionId: v.parentVersionId, parentVersion: v.parentVersionId ? numberOf.get(v.parentVersionId) ?? null : null },
        evaluation: (v.metrics as { evaluation?: unknown } | null)?.evaluation ?? null,
      })),
      jobs,
    };
  });

  api.post<{ Params: { id: string } }>("/training/models/:id/promote", {
    schema: { summary: "Make a version the active model of its scope (the old one becomes previous)", tags: ["training"], params: idParams },
  }, async (request) => {
    const actor = requireRole(request, "admin");
    const { scope } = await versionInOrg(app, actor, request.params.id);
    return { aliases: aliasIds(await promoteModel(app, actor, scope, request.params.id)) };
  });

  api.post<{ Params: { id: string } }>("/training/models/:id/reject", {
    schema: { summary: "Turn a candidate down: marked deprecated, no longer the candidate", tags: ["training"], params: idParams },
  }, async (request) => {
    const actor = requireRole(request, "admin");
    const { scope } = await versionInOrg(app, actor, request.params.id);
    return { aliases: aliasIds(await rejectModel(app, actor, scope, request.params.id)) };
  });

  api.post<{ Params: { scope: string } }>("/training/scopes/:scope/rollback", {
    schema: { summary: "Put the previous model of a scope back (active and previous swap)", tags: ["training"], params: scopeParams },
  }, async (request) => {
    const actor = requireRole(request, "admin");
    const scope = await resolveScope(app, actor, request.params.scope);
    return { aliases: aliasIds(await rollbackModel(app, actor, scope)) };
  });

  /* ---------- Training jobs ---------- */

  api.get<{ Querystring: { scope?: string; limit?: number } }>("/training/jobs", {
    schema: {
      summary: "Fine-tune jobs, newest first, with status, progress and events", tags: ["training"],
      querystring: { type: "object", additionalProperties: false, properties: { scope: scopeString, limit: { type: "integer", minimum: 1, maximum: 200 } } },
    },
  }, async (request) => {
    const actor = requireRole(request, "admin", "auditor");
    const asked = request.query.scope ?? actor.projectId;
    const scope = asked ? await resolveScope(app, actor, asked) : undefined;
    const jobs = await app.store.training.listFineTuneJobs(actor.organizationId, scope ? 200 : request.query.limit ?? 50);
    return (scope ? jobs.filter((j) => j.projectId === scope.projectId) : jobs).slice(0, request.query.limit ?? 50);
  });

  api.post<{ Body: { scope: string; dryRun?: boolean; method?: "supervised" | "dpo" } }>("/training/jobs", {
    schema: {
      summary: "Start training a scope (or a dry run: what would be trained on, nothing stored)", tags: ["training"],
      body: { type: "object", additionalProperties: false, required: ["scope"], properties: { scope: scopeString, dryRun: { type: "boolean" }, method: { enum: ["supervised", "dpo"] } } },
    },
  }, async (request, reply) => {
    const actor = requireRole(request, "admin");
    const scope = await resolveScope(app, actor, request.body.scope);
    const schedule = (await app.store.training.listSchedules(actor.organizationId)).find((s) => s.projectId === scope.projectId);
    const result = await startTraining(app, actor, {
      scope, dryRun: request.body.dryRun ?? false, ...(request.body.method && { method: request.body.method }), ...(schedule && { params: schedule.params }),
    });
    return reply.code(result.status === "started" ? 202 : 200).send(result);
  });

  api.post<{ Body: { scope: string } }>("/training/jobs/cancel", {
    schema: {
      summary: "Ask the trainer to stop the running fine-tune of a scope", tags: ["training"],
      body: { type: "object", additionalProperties: false, required: ["scope"], properties: { scope: scopeString } },
    },
  }, async (request) => {
    const actor = requireRole(request, "admin");
    const jobs = await cancelTraining(app, actor, await resolveScope(app, actor, request.body.scope));
    return { cancelled: jobs.map((j) => j.id) };
  });

  /* ---------- Training data ---------- */

  api.get<{ Querystring: { scope?: string } }>("/training/data", {
    schema: {
      summary: "What training would use now: counts by source and by de-identified identifier type, exclusions, minimum and threshold status",
      description: "Runs the same export as `train --dry-run` (de-identified, consent-filtered, validated) without storing anything.",
      tags: ["training"], querystring: scopeQuery,
    },
  }, async (request) => {
    const actor = requireRole(request, "admin");
    const scope = await resolveScope(app, actor, request.query.scope ?? actor.projectId ?? "organization");
    const schedule = (await app.store.training.listSchedules(actor.organizationId)).find((s) => s.projectId === scope.projectId);
    const dry = await startTraining(app, actor, { scope, dryRun: true, ...(schedule && { params: schedule.params }) });
    if (dry.status !== "dry-run") throw new RoundsError("INTERNAL", "A dry run did not return counts.");
    const m = dry.metadata;
    const threshold = schedule?.thresholdNewExamples
      ? { threshold: schedule.thresholdNewExamples, newExamples: await app.store.training.countNewExamples(scope, schedule.lastRunAt), since: schedule.lastRunAt?.toISOString() ?? null }
      : null;
    return {
      scope: { projectId: scope.projectId },
      counts: m.counts, bySource: m.bySource, placeholders: m.placeholders, exclusions: m.exclusions, tokens: m.tokens,
      minimum: { required: dry.minimum, met: dry.enough },
      threshold: threshold && { ...threshold, reached: threshold.newExamples >= threshold.threshold, enabled: schedule!.enabled },
    };
  });

  api.post<{ Body: { scope: string; format?: DatasetFormat; includeDeleted?: boolean; humanReviewedOnly?: boolean; includePsychotherapyNotes?: boolean } }>("/training/exports", {
    schema: {
      summary: "Export the training data (JSONL + metadata.json) to the blob store; download the files from /training/datasets/:id/files/:name", tags: ["training"],
      body: {
        type: "object", additionalProperties: false, required: ["scope"],
        properties: { scope: scopeString, format: { enum: ["openai-chat", "dpo", "vertex"] }, includeDeleted: { type: "boolean" }, humanReviewedOnly: { type: "boolean" }, includePsychotherapyNotes: { type: "boolean", description: "Include approved psychotherapy notes of patients who authorised it (psychotherapy_notes consent)" } },
      },
    },
  }, async (request, reply) => {
    const actor = requireRole(request, "admin");
    const scope = await resolveScope(app, actor, request.body.scope);
    const { dataset, metadata, files } = await exportTrainingData(app, actor, {
      scope, ...(request.body.format && { format: request.body.format }),
      includeDeleted: request.body.includeDeleted ?? false, humanReviewedOnly: request.body.humanReviewedOnly ?? false,
      includePsychotherapyNotes: request.body.includePsychotherapyNotes ?? false,
    });
    return reply.code(201).send({
      dataset: { id: dataset.id, format: dataset.format, createdAt: dataset.createdAt, counts: dataset.counts, manifestSha256: dataset.manifestSha256 },
      metadata,
      files: files.map((f) => ({ name: f.name, kind: f.kind, url: `/v1/training/datasets/${dataset.id}/files/${f.name}` })),
    });
  });

  api.get<{ Params: { id: string; name: string } }>("/training/datasets/:id/files/:name", {
    schema: {
      summary: "Download one file of an exported dataset", tags: ["training"],
      params: { type: "object", required: ["id", "name"], properties: { id: uuid, name: { enum: ["train.jsonl", "validation.jsonl", "metadata.json"] } } },
    },
  }, async (request, reply) => {
    const actor = requireRole(request, "admin");
    const dataset = await app.store.training.getDataset(actor.organizationId, request.params.id);
    const key = dataset && Object.values(dataset.blobKeys).find((k) => k?.endsWith(`/${request.params.name}`));
    if (!dataset || !key || !inProjectScope(actor, dataset.projectId)) throw new RoundsError("NOT_FOUND", "No such dataset file.");
    await recordAudit(app, { organizationId: actor.organizationId, actor, action: "training.export.download", targetType: "dataset", targetId: dataset.id, details: { file: request.params.name } });
    return reply
      .type(request.params.name.endsWith(".json") ? "application/json" : "application/jsonl")
      .header("content-disposition", `attachment; filename="${dataset.id.slice(0, 8)}-${request.params.name}"`)
      .send(await app.blobs.get(key));
  });
}
