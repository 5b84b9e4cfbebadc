import type { AppContext } from "../app/app-context.ts";
import type { Embedder } from "../ports/index.ts";
import type { EmbeddingSpace } from "./knowledge-repository.ts";

// The spaces this process has already ensured (row and HNSW index), per app. `ensureSpace` runs DDL
// (`create index if not exists`), whose table lock on PostgreSQL would make every question wait for
// ingest writes and the other way round; so it runs once per process, at start-up or on first use.
const ensured = new WeakMap<AppContext, Map<string, Promise<EmbeddingSpace>>>();

function ensureOnce(app: AppContext, embedder: Embedder): Promise<EmbeddingSpace> {
  const key = `${embedder.modelId}:${embedder.dimensions}`;
  let spaces = ensured.get(app);
  if (!spaces) ensured.set(app, (spaces = new Map<string, Promise<EmbeddingSpace>>()));
  let space = spaces.get(key);
  if (!space) {
    space = app.store.knowledge.ensureSpace(embedder.modelId, embedder.dimensions);
    spaces.set(key, space);
    space.catch(() => spaces.delete(key));
  }
  return space;
}

/** The configured embedder and its space (created, with its HNSW index, once per process). */
export async function configuredSpace(app: AppContext): Promise<{ embedder: Embedder; space: EmbeddingSpace }> {
  const embedder = await app.host.get("embedders", app.config.models.embedder);
  let space = await ensureOnce(app, embedder);
  if (space.status === "ready") return { embedder, space };
  // Still building when first seen: its status is read again (a plain select) until it is ready.
  const spaces = await app.store.knowledge.listSpaces();
  space = spaces.find((s) => s.id === space.id) ?? space;
  if (space.status === "building") {
    // The very first space serves at once: there is nothing older to keep serving.
    if (!spaces.some((s) => s.status === "ready")) {
      await app.store.knowledge.setSpaceStatus(space.id, "ready", app.now());
      space = { ...space, status: "ready", readyAt: app.now() };
    } else {
      const { backfillSpaceJob } = await import("./jobs.ts");
      await app.jobs.enqueue(backfillSpaceJob, { spaceId: space.id }, { idempotencyKey: `backfill:${space.id}` });
    }
  }
  if (space.status === "ready") ensured.get(app)!.set(`${embedder.modelId}:${embedder.dimensions}`, Promise.resolve(space));
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
