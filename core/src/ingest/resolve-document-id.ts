import type { AppContext } from "../app/app-context.ts";
import { RoundsError } from "../errors/index.ts";
import type { KnowledgeScope } from "./knowledge-repository.ts";

/**
 * A document named by its whole id, or by its first characters (as `docs
 * list` and notes show them) when only one live document in `scope` starts
 * so. The scope's reader decides which restricted documents count, so a
 * short id finds only what the same read by the whole id would.
 */
export async function resolveDocumentId(app: AppContext, scope: KnowledgeScope, given: string): Promise<string> {
  if (given.length === 36) return given;
  const ids = await app.store.knowledge.findDocumentIdsByPrefix(scope, given, 2);
  if (ids.length === 1) return ids[0]!;
  throw new RoundsError(ids.length ? "CONFLICT" : "NOT_FOUND", ids.length ? `Several documents start with ${given.slice(0, 36)}; give more of the id.` : "No such document in this project.");
}
