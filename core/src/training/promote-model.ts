import type { AppContext } from "../app/app-context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { RoundsError } from "../errors/index.ts";
import type { Actor } from "../ports/index.ts";
import { invalidateModelSelection } from "./resolve-answer-model.ts";
import type { Aliases, TrainingScope } from "./training-repository.ts";

function requireAdmin(actor: Actor): void {
  if (actor.role !== "admin") throw new RoundsError("FORBIDDEN", "Only admins can change which model answers.");
}

/**
 * Makes a version the active model of its scope: the old active becomes
 * `previous` (and `deprecated`), the candidate alias is cleared if it pointed
 * here. One alias move, atomic and serialised per scope.
 */
export async function promoteModel(app: AppContext, actor: Actor, scope: TrainingScope, versionId: string): Promise<Aliases> {
  requireAdmin(actor);
  if (scope.organizationId !== actor.organizationId) throw new RoundsError("NOT_FOUND", "Model version not found.");
  const version = await app.store.training.getModelVersion(scope.organizationId, versionId);
  if (!version || version.projectId !== scope.projectId) throw new RoundsError("NOT_FOUND", "Model version not found.");
  if (version.status === "training" || version.status === "failed") {
    throw new RoundsError("CONFLICT", `Version ${version.version} is ${version.status} and cannot be promoted.`);
  }
  const aliases = await app.store.training.moveAliases(scope, (current) => {
    if (current.active?.id === versionId) return { set: {} };
    const statuses: Record<string, "active" | "deprecated"> = { [versionId]: "active" };
    if (current.active) statuses[current.active.id] = "deprecated";
    return {
      set: {
        active: versionId,
        previous: current.active?.id ?? current.previous?.id ?? null,
        ...(current.candidate?.id === versionId ? { candidate: null } : {}),
      },
      statuses,
    };
  });
  invalidateModelSelection(scope.organizationId);
  await recordAudit(app, { organizationId: scope.organizationId, actor, action: "model.promote", targetType: "model_version", targetId: versionId, details: { projectId: scope.projectId } });
  return aliases;
}

/** Puts the previous version back: active ↔ previous swap. */
export async function rollbackModel(app: AppContext, actor: Actor, scope: TrainingScope): Promise<Aliases> {
  requireAdmin(actor);
  if (scope.organizationId !== actor.organizationId) throw new RoundsError("NOT_FOUND", "No model to roll back.");
  const aliases = await app.store.training.moveAliases(scope, (current) => {
    if (!current.previous) throw new RoundsError("CONFLICT", "There is no previous model version to roll back to.");
    const statuses: Record<string, "active" | "deprecated"> = { [current.previous.id]: "active" };
    if (current.active) statuses[current.active.id] = "deprecated";
    return { set: { active: current.previous.id, previous: current.active?.id ?? null }, statuses };
  });
  invalidateModelSelection(scope.organizationId);
  await recordAudit(app, { organizationId: scope.organizationId, actor, action: "model.rollback", targetType: "model_version", ...(aliases.active && { targetId: aliases.active.id }), details: { projectId: scope.projectId } });
  return aliases;
}

/**
 * Turns a candidate (or any version not answering) down: it is marked
 * `deprecated` and stops being the candidate. The active version cannot be
 * rejected (roll back instead); one still training is cancelled instead.
 */
export async function rejectModel(app: AppContext, actor: Actor, scope: TrainingScope, versionId: string): Promise<Aliases> {
  requireAdmin(actor);
  if (scope.organizationId !== actor.organizationId) throw new RoundsError("NOT_FOUND", "Model version not found.");
  const version = await app.store.training.getModelVersion(scope.organizationId, versionId);
  if (!version || version.projectId !== scope.projectId) throw new RoundsError("NOT_FOUND", "Model version not found.");
  if (version.status === "training") throw new RoundsError("CONFLICT", `Version ${version.version} is still training; cancel the training run instead.`);
  const aliases = await app.store.training.moveAliases(scope, (current) => {
    if (current.active?.id === versionId) throw new RoundsError("CONFLICT", `Version ${version.version} is answering questions; roll back or promote another version first.`);
    return { set: current.candidate?.id === versionId ? { candidate: null } : {}, statuses: { [versionId]: "deprecated" } };
  });
  await recordAudit(app, { organizationId: scope.organizationId, actor, action: "model.reject", targetType: "model_version", targetId: versionId, details: { projectId: scope.projectId } });
  return aliases;
}
