import type { AliasName, Aliases, ModelVersion, ModelVersionStatus, Schedule, TrainingRepository, TrainingScope, TrainingSource, DatasetRecord, FineTuneJob } from "@rounds/core";
import { RoundsError } from "@rounds/core";
import { and, asc, desc, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import type { RoundsDb } from "../client.ts";
import { datasets, fineTuneJobs, modelAliases, modelVersions, qaPairs, schedules } from "../schema/index.ts";
import { rowsOf } from "./rows.ts";

const scopeKey = (s: TrainingScope) => s.projectId ?? "org";
const projectFilter = (s: TrainingScope) => (s.projectId === null ? isNull(modelVersions.projectId) : eq(modelVersions.projectId, s.projectId));

function toVersion(r: typeof modelVersions.$inferSelect): ModelVersion {
  return {
    id: r.id, organizationId: r.organizationId, projectId: r.projectId, version: r.version, baseModel: r.baseModel,
    backend: r.backend, artifact: (r.artifact as ModelVersion["artifact"]) ?? null, parentVersionId: r.parentVersionId,
    datasetId: r.datasetId, datasetManifestSha256: r.datasetManifestSha256, hyperparameters: r.hyperparameters,
    fineTuneJobId: r.fineTuneJobId, metrics: r.metrics ?? null, gateVerdict: r.gateVerdict, status: r.status,
    triggeredByUserId: r.triggeredByUserId, approvedByUserId: r.approvedByUserId, createdAt: r.createdAt,
  };
}

function toDataset(r: typeof datasets.$inferSelect): DatasetRecord {
  return {
    id: r.id, organizationId: r.organizationId, projectId: r.projectId, format: r.format, manifest: r.manifest,
    manifestSha256: r.manifestSha256, blobKeys: r.blobKeys, counts: r.counts, createdAt: r.createdAt,
  };
}

function toJob(r: typeof fineTuneJobs.$inferSelect): FineTuneJob {
  return {
    id: r.id, organizationId: r.organizationId, projectId: r.projectId, datasetId: r.datasetId, trainer: r.trainer, externalId: r.externalId,
    baseModel: r.baseModel, method: r.method, hyperparameters: r.hyperparameters, status: r.status, progress: r.progress, events: r.events,
    error: r.error, triggeredByUserId: r.triggeredByUserId, createdAt: r.createdAt, updatedAt: r.updatedAt,
  };
}

function toSchedule(r: typeof schedules.$inferSelect): Schedule {
  return {
    id: r.id, organizationId: r.organizationId, projectId: r.projectId, cron: r.cron, timezone: r.timezone,
    thresholdNewExamples: r.thresholdNewExamples, enabled: r.enabled, params: r.params,
    nextRunAt: r.nextRunAt, lastRunAt: r.lastRunAt, lastResult: (r.lastResult as Schedule["lastResult"]) ?? null, lockedUntil: r.lockedUntil,
  };
}

type NoteSource = Extract<TrainingSource, { kind: "note" }>;
type NoteSections = NoteSource["sections"];
type NoteRiskFlags = NoteSource["riskFlags"];
/** A jsonb column as the driver returns it: parsed by node-postgres, a string from some PGlite paths. */
const json = <T>(v: T | string): T => (typeof v === "string" ? (JSON.parse(v) as T) : v);

export function createTrainingRepository(db: RoundsDb): TrainingRepository {
  async function aliasesIn(tx: RoundsDb, scope: TrainingScope): Promise<Aliases> {
    const rows = await tx.select({ alias: modelAliases.alias, version: modelVersions }).from(modelAliases)
      .innerJoin(modelVersions, eq(modelVersions.id, modelAliases.modelVersionId))
      .where(and(eq(modelAliases.organizationId, scope.organizationId), eq(modelAliases.scopeKey, scopeKey(scope))));
    return Object.fromEntries(rows.map((r) => [r.alias, toVersion(r.version)]));
  }

  return {
    async createModelVersion(scope, input) {
      return db.transaction(async (txRaw) => {
        const tx = txRaw as unknown as RoundsDb;
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`versions:${scope.organizationId}:${scopeKey(scope)}`}))`);
        const [last] = await tx.select({ version: modelVersions.version }).from(modelVersions)
          .where(and(eq(modelVersions.organizationId, scope.organizationId), projectFilter(scope)))
          .orderBy(desc(modelVersions.version)).limit(1);
        const [row] = await tx.insert(modelVersions).values({
          organizationId: scope.organizationId, projectId: scope.projectId, version: (last?.version ?? 0) + 1,
          baseModel: input.baseModel, backend: input.backend, artifact: input.artifact as Record<string, unknown> | undefined,
          parentVersionId: input.parentVersionId, datasetId: input.datasetId, datasetManifestSha256: input.datasetManifestSha256,
          hyperparameters: input.hyperparameters ?? {}, fineTuneJobId: input.fineTuneJobId, status: input.status ?? "training",
          triggeredByUserId: input.triggeredByUserId,
        }).returning();
        return toVersion(row!);
      });
    },

    async getModelVersion(organizationId, id) {
      const [row] = await db.select().from(modelVersions).where(and(eq(modelVersions.organizationId, organizationId), eq(modelVersions.id, id)));
      return row ? toVersion(row) : undefined;
    },

    async listModelVersions(scope) {
      const rows = await db.select().from(modelVersions)
        .where(and(eq(modelVersions.organizationId, scope.organizationId), projectFilter(scope)))
        .orderBy(desc(modelVersions.version));
      return rows.map(toVersion);
    },

    async updateModelVersion(organizationId, id, patch) {
      const [row] = await db.update(modelVersions).set({
        ...(patch.status ? { status: patch.status } : {}),
        ...(patch.metrics !== undefined ? { metrics: patch.metrics } : {}),
        ...(patch.gateVerdict !== undefined ? { gateVerdict: patch.gateVerdict } : {}),
        ...(patch.artifact !== undefined ? { artifact: patch.artifact as Record<string, unknown> | null } : {}),
        ...(patch.approvedByUserId !== undefined ? { approvedByUserId: patch.approvedByUserId } : {}),
        updatedAt: new Date(),
      }).where(and(eq(modelVersions.organizationId, organizationId), eq(modelVersions.id, id))).returning();
      if (!row) throw new RoundsError("NOT_FOUND", "Model version not found.");
      return toVersion(row);
    },

    getAliases: (scope) => aliasesIn(db, scope),

    async moveAliases(scope, fn) {
      return db.transaction(async (txRaw) => {
        const tx = txRaw as unknown as RoundsDb;
        // One mover per scope at a time, across processes.
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`aliases:${scope.organizationId}:${scopeKey(scope)}`}))`);
        const current = await aliasesIn(tx, scope);
        const { set, statuses } = fn(current);
        const ids = Object.values(set).filter((v): v is string => typeof v === "string");
        if (ids.length > 0) {
          const found = await tx.select({ id: modelVersions.id }).from(modelVersions)
            .where(and(eq(modelVersions.organizationId, scope.organizationId), projectFilter(scope), inArray(modelVersions.id, ids)));
          if (found.length !== new Set(ids).size) throw new RoundsError("NOT_FOUND", "Model version not found in this scope.");
        }
        for (const [alias, versionId] of Object.entries(set) as Array<[AliasName, string | null | undefined]>) {
          if (versionId === undefined) continue;
          const where = and(eq(modelAliases.organizationId, scope.organizationId), eq(modelAliases.scopeKey, scopeKey(scope)), eq(modelAliases.alias, alias));
          if (versionId === null) await tx.delete(modelAliases).where(where);
          else {
            await tx.insert(modelAliases).values({ organizationId: scope.organizationId, scopeKey: scopeKey(scope), alias, modelVersionId: versionId })
              .onConflictDoUpdate({ target: [modelAliases.organizationId, modelAliases.scopeKey, modelAliases.alias], set: { modelVersionId: versionId, updatedAt: new Date() } });
          }
        }
        for (const [id, status] of Object.entries<ModelVersionStatus>(statuses ?? {})) {
          await tx.update(modelVersions).set({ status, updatedAt: new Date() })
            .where(and(eq(modelVersions.organizationId, scope.organizationId), eq(modelVersions.id, id)));
        }
        return aliasesIn(tx, scope);
      });
    },

    async upsertSchedule(scope, input) {
      const values = {
        organizationId: scope.organizationId, projectId: scope.projectId, cron: input.cron, timezone: input.timezone ?? "UTC",
        thresholdNewExamples: input.thresholdNewExamples, enabled: input.enabled, params: input.params as Record<string, unknown>,
        nextRunAt: input.nextRunAt, updatedAt: new Date(),
      };
      // The unique index treats NULL project ids as distinct, so look the org-wide schedule up by hand.
      const [existing] = await db.select({ id: schedules.id }).from(schedules).where(and(
        eq(schedules.organizationId, scope.organizationId),
        scope.projectId === null ? isNull(schedules.projectId) : eq(schedules.projectId, scope.projectId),
      ));
      const [row] = existing
        ? await db.update(schedules).set(values).where(eq(schedules.id, existing.id)).returning()
        : await db.insert(schedules).values(values).returning();
      return toSchedule(row!);
    },

    async listSchedules(organizationId) {
      return (await db.select().from(schedules).where(eq(schedules.organizationId, organizationId)).orderBy(asc(schedules.createdAt))).map(toSchedule);
    },

    async getSchedule(organizationId, id) {
      const [row] = await db.select().from(schedules).where(and(eq(schedules.organizationId, organizationId), eq(schedules.id, id)));
      return row ? toSchedule(row) : undefined;
    },

    async deleteSchedule(organizationId, id) {
      await db.delete(schedules).where(and(eq(schedules.organizationId, organizationId), eq(schedules.id, id)));
    },

    async claimDueSchedules(now, owner, leaseMs) {
      const until = new Date(now.getTime() + leaseMs);
      const claimed = rowsOf<{ id: string }>(await db.execute(sql`
        update ${schedules} set locked_until = ${until.toISOString()}::timestamptz, lock_owner = ${owner}
        where id in (
          select id from ${schedules}
          where enabled
            and ((cron is not null and next_run_at <= ${now.toISOString()}::timestamptz) or threshold_new_examples is not null)
            and (locked_until is null or locked_until < ${now.toISOString()}::timestamptz)
          for update skip locked
        )
        returning id`));
      if (claimed.length === 0) return [];
      return (await db.select().from(schedules).where(inArray(schedules.id, claimed.map((c) => c.id)))).map(toSchedule);
    },

    async completeScheduleRun(id, owner, input) {
      await db.update(schedules).set({
        lastResult: input.lastResult,
        ...(input.lastRunAt ? { lastRunAt: input.lastRunAt } : {}),
        nextRunAt: input.nextRunAt, lockedUntil: null, lockOwner: null, updatedAt: new Date(),
      }).where(and(eq(schedules.id, id), eq(schedules.lockOwner, owner)));
    },

    async countNewExamples(scope, since) {
      const after = (since ?? new Date(0)).toISOString();
      const projectClause = scope.projectId === null ? sql`true` : sql`c.project_id = ${scope.projectId}`;
      const qaProject = scope.projectId === null ? sql`true` : sql`q.project_id = ${scope.projectId}`;
      const ansProject = scope.projectId === null ? sql`true` : sql`a.project_id = ${scope.projectId}`;
      const [row] = rowsOf<{ n: string | number }>(await db.execute(sql`
        select
          (select count(*) from chunks c join documents d on d.id = c.document_id
            where c.organization_id = ${scope.organizationId} and ${projectClause}
              and d.status = 'approved' and d.sensitivity = 'ordinary' and c.deleted_at is null and c.created_at > ${after}::timestamptz)
        + (select count(*) from qa_pairs q where q.organization_id = ${scope.organizationId} and ${qaProject}
              and not q.held_out and q.created_at > ${after}::timestamptz)
        + (select count(*) from feedback f join answers a on a.id = f.answer_id
            where f.organization_id = ${scope.organizationId} and ${ansProject} and f.rating = 'up' and f.created_at > ${after}::timestamptz)
        as n`));
      return Number(row?.n ?? 0);
    },

    async *iterateTrainingSources(scope, options) {
      const pageSize = options.pageSize ?? 500;
      const proj = (col: string) => (scope.projectId === null ? sql`true` : sql`${sql.raw(col)} = ${scope.projectId}`);
      // A patient's authorisation of psychotherapy material for training (HIPAA 45 CFR 164.508(a)(2)): latest
      // `psychotherapy_notes` and `training_use` consent events both grants, checked in the SQL.
      const granted = (type: "psychotherapy_notes" | "training_use", patient: SQL) => sql`coalesce((select e.action = 'granted' from consent_events e
        where e.organization_id = ${scope.organizationId} and e.patient_id = ${patient} and e.type = ${type} order by e.seq desc limit 1), false)`;
      const authorisedFor = (patient: SQL) => sql`(${granted("psychotherapy_notes", patient)} and ${granted("training_use", patient)})`;
      // Restricted documents (a psychotherapy note's transcript) leave only in an export that names psychotherapy
      // material, and then only for an authorising patient.
      const ordinaryOrAuthorised = sql`(d.sensitivity = 'ordinary' or (${options.includePsychotherapyNotes === true} and ${authorisedFor(sql`c.patient_id`)}))`;
      // Keyset pagination on id: constant memory however large the knowledge base.
      let after = "00000000-0000-0000-0000-000000000000";
      for (;;) {
        const page = rowsOf<{ id: string; document_id: string; title: string; patient_id: string | null; text: string; deleted: boolean; headings: string[] | null }>(await db.execute(sql`
          select c.id, c.document_id, d.title, c.patient_id, c.text, (c.deleted_at is not null) as deleted, c.headings
          from chunks c join documents d on d.id = c.document_id
          where c.organization_id = ${scope.organizationId} and ${proj("c.project_id")}
            and d.status = 'approved' and c.id > ${after} and ${ordinaryOrAuthorised}
            and (${options.includeDeleted} or c.deleted_at is null)
          order by c.id limit ${pageSize}`));
        for (const r of page) yield { kind: "chunk", id: r.id, documentId: r.document_id, documentTitle: r.title, patientId: r.patient_id, text: r.text, deleted: r.deleted, headings: r.headings } satisfies TrainingSource;
        if (page.length < pageSize) break;
        after = page.at(-1)!.id;
      }
      after = "00000000-0000-0000-0000-000000000000";
      for (;;) {
        const page = rowsOf<{ id: string; patient_id: string | null; question: string; answer: string }>(await db.execute(sql`
          select id, patient_id, question, answer from qa_pairs
          where organization_id = ${scope.organizationId} and ${proj("project_id")} and not held_out and id > ${after}
          order by id limit ${pageSize}`));
        for (const r of page) yield { kind: "qa", id: r.id, patientId: r.patient_id, question: r.question, answer: r.answer } satisfies TrainingSource;
        if (page.length < pageSize) break;
        after = page.at(-1)!.id;
      }
      after = "00000000-0000-0000-0000-000000000000";
      for (;;) {
        const page = rowsOf<{ id: string; question: string; text: string; rating: "up" | "down"; patient_ids: string[] }>(await db.execute(sql`
          select f.id, a.question, a.text, f.rating, a.patient_ids
          from feedback f join answers a on a.id = f.answer_id
          where f.organization_id = ${scope.organizationId} and ${proj("a.project_id")} and a.kind <> 'refusal' and f.id > ${after}
            and not exists (select 1 from citations ci join documents d on d.id = ci.document_id where ci.answer_id = a.id and d.sensitivity <> 'ordinary')
          order by f.id limit ${pageSize}`));
        for (const r of page) yield { kind: "rated_answer", id: r.id, question: r.question, answer: r.text, rating: r.rating, patientIds: r.patient_ids ?? [] } satisfies TrainingSource;
        if (page.length < pageSize) break;
        after = page.at(-1)!.id;
      }
      after = "00000000-0000-0000-0000-000000000000";
      for (;;) {
        const page = rowsOf<{ id: string; patient_id: string; project_id: string; document_id: string | null; sections: NoteSections | string; format: string; risk_flags: NoteRiskFlags | string }>(await db.execute(sql`
          select n.id, n.patient_id, s.project_id, s.document_id, n.sections, n.format, n.risk_flags
          from notes n join sessions s on s.id = n.session_id and s.organization_id = n.organization_id
          where n.organization_id = ${scope.organizationId} and ${proj("s.project_id")} and n.status = 'approved' and n.id > ${after}
          order by n.id limit ${pageSize}`));
        for (const r of page) yield { kind: "note", id: r.id, patientId: r.patient_id, projectId: r.project_id, documentId: r.document_id, sections: json(r.sections), format: r.format, riskFlags: json(r.risk_flags), psychotherapy: false } satisfies TrainingSource;
        if (page.length < pageSize) break;
        after = page.at(-1)!.id;
      }
      // Psychotherapy notes (HIPAA 45 CFR 164.501): their table is read only by an export that names them,
      // and a note's sections leave the database only when its patient's latest consent events grant both uses.
      if (options.includePsychotherapyNotes !== true) return;
      const authorised = authorisedFor(sql`p.patient_id`);
      after = "00000000-0000-0000-0000-000000000000";
      for (;;) {
        const page = rowsOf<{ id: string; patient_id: string; project_id: string; document_id: string | null; authorised: boolean; sections: NoteSections | string | null; format: string; risk_flags: NoteRiskFlags | string | null }>(await db.execute(sql`
          select p.id, p.patient_id, p.project_id, s.document_id, ${authorised} as authorised, case when ${authorised} then p.sections end as sections, p.format,
            case when ${authorised} then p.risk_flags end as risk_flags
          from psychotherapy_notes p join sessions s on s.id = p.session_id and s.organization_id = p.organization_id
          where p.organization_id = ${scope.organizationId} and ${proj("p.project_id")} and p.status = 'approved' and p.id > ${after}
          order by p.id limit ${pageSize}`));
        for (const r of page) {
          if (!r.authorised || r.sections === null || r.risk_flags === null) yield { kind: "psychotherapy_note_withheld", id: r.id, patientId: r.patient_id } satisfies TrainingSource;
          else yield { kind: "note", id: r.id, patientId: r.patient_id, projectId: r.project_id, documentId: r.document_id, sections: json(r.sections), format: r.format, riskFlags: json(r.risk_flags), psychotherapy: true } satisfies TrainingSource;
        }
        if (page.length < pageSize) break;
        after = page.at(-1)!.id;
      }
    },

    async createDataset(scope, input) {
      const [row] = await db.insert(datasets).values({
        ...(input.id ? { id: input.id } : {}), organizationId: scope.organizationId, projectId: scope.projectId, format: input.format,
        manifest: input.manifest, manifestSha256: input.manifestSha256, blobKeys: input.blobKeys, counts: input.counts,
        createdByUserId: input.createdByUserId,
      }).returning();
      return toDataset(row!);
    },

    async getDataset(organizationId, id) {
      const [row] = await db.select().from(datasets).where(and(eq(datasets.organizationId, organizationId), eq(datasets.id, id)));
      return row ? toDataset(row) : undefined;
    },

    async createFineTuneJob(scope, input) {
      const [row] = await db.insert(fineTuneJobs).values({
        organizationId: scope.organizationId, projectId: scope.projectId, datasetId: input.datasetId, trainer: input.trainer,
        baseModel: input.baseModel, method: input.method, hyperparameters: input.hyperparameters, triggeredByUserId: input.triggeredByUserId,
      }).returning();
      return toJob(row!);
    },

    async getFineTuneJob(organizationId, id) {
      const [row] = await db.select().from(fineTuneJobs).where(and(eq(fineTuneJobs.organizationId, organizationId), eq(fineTuneJobs.id, id)));
      return row ? toJob(row) : undefined;
    },

    async updateFineTuneJob(organizationId, id, patch) {
      const [row] = await db.update(fineTuneJobs).set({ ...patch, updatedAt: new Date() })
        .where(and(eq(fineTuneJobs.organizationId, organizationId), eq(fineTuneJobs.id, id))).returning();
      if (!row) throw new RoundsError("NOT_FOUND", "Fine-tune job not found.");
      return toJob(row);
    },

    async listActiveFineTuneJobs(scope) {
      const rowsOut = await db.select().from(fineTuneJobs).where(and(
        eq(fineTuneJobs.organizationId, scope.organizationId),
        scope.projectId === null ? isNull(fineTuneJobs.projectId) : eq(fineTuneJobs.projectId, scope.projectId),
        inArray(fineTuneJobs.status, ["validating", "queued", "running"]),
      ));
      return rowsOut.map(toJob);
    },

    async listFineTuneJobs(organizationId, limit = 50) {
      return (await db.select().from(fineTuneJobs).where(eq(fineTuneJobs.organizationId, organizationId)).orderBy(desc(fineTuneJobs.createdAt)).limit(limit)).map(toJob);
    },

    async listHeldOut(scope) {
      return db.select({ id: qaPairs.id, question: qaPairs.question, answer: qaPairs.answer }).from(qaPairs).where(and(
        eq(qaPairs.organizationId, scope.organizationId), eq(qaPairs.heldOut, true),
        scope.projectId === null ? sql`true` : eq(qaPairs.projectId, scope.projectId),
      )).orderBy(asc(qaPairs.id));
    },
  };
}
