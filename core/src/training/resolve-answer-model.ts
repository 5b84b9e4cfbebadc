import type { AppContext } from "../app/app-context.ts";
import type { ModelVersion } from "./training-repository.ts";

export interface ModelSelection {
  /** Where the choice came from. */
  source: "project" | "organization" | "configured";
  version?: ModelVersion;
  /** Language-model contribution id to use (the configured answer model). */
  languageModelId: string | undefined;
}

const cache = new Map<string, { at: number; selection: ModelSelection }>();
/** Other processes' alias moves are seen within this time. */
const ttlMs = 5_000;

/** Drops cached selections of an organisation (called on every alias move in this process). */
export function invalidateModelSelection(organizationId: string): void {
  for (const key of cache.keys()) if (key.startsWith(`${organizationId}:`)) cache.delete(key);
}

/**
 * Which model answers for a project: the project's `active` alias, else the
 * organisation's, else the configured base model. Cached briefly and
 * invalidated on alias moves.
 */
export async function resolveAnswerModel(app: AppContext, organizationId: string, projectId: string): Promise<ModelSelection> {
  // The key includes the configured model: two apps in one process may be configured differently.
  const key = `${organizationId}:${projectId}:${app.config.models.answer ?? ""}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < ttlMs) return hit.selection;
  const project = await app.store.training.getAliases({ organizationId, projectId });
  const org = project.active ? undefined : await app.store.training.getAliases({ organizationId, projectId: null });
  const selection: ModelSelection = project.active
    ? { source: "project", version: project.active, languageModelId: app.config.models.answer }
    : org?.active
      ? { source: "organization", version: org.active, languageModelId: app.config.models.answer }
      : { source: "configured", languageModelId: app.config.models.answer };
  cache.set(key, { at: Date.now(), selection });
  return selection;
}
