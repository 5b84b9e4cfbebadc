import type { AppContext } from "../app/app-context.ts";
import type { Embedder } from "../ports/index.ts";
import type { EmbeddingSpace } from "./knowledge-repository.ts";

/** The configured embedder and its space (created, with its HNSW index, on first use). */
export async function configuredSpace(app: AppContext): Promise<{ embedder: Embedder; space: EmbeddingSpace }> {
  const embedder = await app.host.get("embedders", app.config.models.embedder);
  let space = await app.store.knowledge.ensureSpace(embedder.modelId, embedder.dimensions);
  if (space.status === "building") {
    // The very first space serves at once: there is nothing older to keep serving.
    const ready = (await app.store.knowledge.listSpaces()).filter((s) => s.status === "ready");
    if (ready.length === 0) {
      await app.store.knowledge.setSpaceStatus(space.id, "ready", app.now());
      space = { ...space, status: "ready", readyAt: app.now() };
    } else {
      const { backfillSpaceJob } = await import("./jobs.ts");
      await app.jobs.enqueue(backfillSpaceJob, { spaceId: space.id }, { idempotencyKey: `backfill:${space.id}` });
    }
  }
  return { embedder, space };
}

/**
 * The space answers search: the configured one once it is complete;
 * until then the newest ready one (answers keep working while a new
 * embedder's space is back-filled). `embedder` is undefined when the serving
 * space's model is no longer available (then retrieval is lexical only).
 */
export async function servingSpace(app: AppContext): Promise<{ space: EmbeddingSpace; embedder?: Embedder }> {
  const configured = await configuredSpace(app);
  if (configured.space.status === "ready") return configured;
  const ready = (await app.store.knowledge.listSpaces()).filter((s) => s.status === "ready").sort((a, b) => (b.readyAt?.getTime() ?? 0) - (a.readyAt?.getTime() ?? 0));
  const older = ready[0];
  if (!older) return configured;
  for (const id of app.host.ids("embedders")) {
    if (!app.host.has("embedders", id)) continue;
    const candidate = await app.host.get("embedders", id).catch(() => undefined);
    if (candidate && candidate.modelId === older.modelId && candidate.dimensions === older.dimensions) return { space: older, embedder: candidate };
  }
  return { space: older };
}
