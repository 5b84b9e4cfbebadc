import type { AliasName, Aliases, ModelVersion, ModelVersionStatus, TrainingRepository, TrainingScope } from "@rounds/core";
import { RoundsError } from "@rounds/core";
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { RoundsDb } from "../client.ts";
import { modelAliases, modelVersions } from "../schema/index.ts";

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

export function createTrainingRepository(db: RoundsDb): TrainingRepository {
  async function aliasesIn(tx: RoundsDb, scope: TrainingScope): Promise<Aliases> {
    const rows = await tx.select({ alias: modelAliases.alias, version: modelVersions }).from(modelAliases)
      .innerJoin(modelVersions, eq(modelVersions.id, modelAliases.modelVersionId))
      .where(and(eq(modelAliases.organizationId, scope.organizationId), eq(modelAliases.scopeKey, scopeKey(scope))));
    return Object.fromEntries(rows.map((r) => [r.alias, toVersion(r.version)])) as Aliases;
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
        for (const [id, status] of Object.entries(statuses ?? {}) as Array<[string, ModelVersionStatus]>) {
          await tx.update(modelVersions).set({ status, updatedAt: new Date() })
            .where(and(eq(modelVersions.organizationId, scope.organizationId), eq(modelVersions.id, id)));
        }
        return aliasesIn(tx, scope);
      });
    },
  };
}
