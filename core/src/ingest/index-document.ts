import { collect } from "../blob/blob-key.ts";
import { withSpan } from "../observability/tracing.ts";
import type { JobContext } from "../jobs/job-definition.ts";
import type { ParsedDocument } from "../ports/index.ts";
import { RoundsError } from "../errors/index.ts";
import { chunkDocument } from "./chunker.ts";
import { moveDocument } from "./document-lifecycle.ts";
import { configuredSpace } from "./embedding-spaces.ts";
import type { KnowledgeScope } from "./knowledge-repository.ts";
import { failDocument, parsedKey } from "./process-document.ts";

type Payload = KnowledgeScope & { documentId: string };

/**
 * Job `ingest.index`: chunk → embed → index an approved document, then
 * retire its previous version. Safe to re-run after a crash at any point:
 * chunks are replaced in one transaction and the document only becomes
 * searchable (`indexed`) at the end, so it is indexed exactly once.
 */
export async function indexDocumentHandler(payload: Payload, ctx: JobContext): Promise<unknown> {
  const { app } = ctx;
  // The pipeline reads every document, restricted ones included (see DocumentReader).
  const scope = { organizationId: payload.organizationId, projectId: payload.projectId, reader: "unrestricted" as const };
  const doc = await app.store.knowledge.getDocument(scope, payload.documentId);
  if (!doc || doc.deletedAt) return { skipped: true };
  // Queued, or indexing when an earlier run died mid-way; anything else has moved on (indexed, failed, deleted).
  if (!(await moveDocument(app, scope, doc.id, "indexStarted", "indexing"))) return { skipped: true };

  let parsed: ParsedDocument;
  try {
    parsed = JSON.parse(new TextDecoder().decode(await collect(await app.blobs.get(parsedKey(doc))))) as ParsedDocument;
  } catch {
    // Retrying starts again from parsing, which writes the parsed text.
    await failDocument(app, scope, doc.id, "indexFailed", "parse", "the parsed text is missing; retry the document");
    return { failed: "index" };
  }
  const title = parsed.title?.trim() || doc.title;
  const chunks = await withSpan("ingest.chunk", { attributes: { "rounds.document.id": doc.id } }, async (span) => {
    const pieces = chunkDocument(parsed).map((c) => ({ ...c, context: [title, ...(c.headings ?? [])].filter((x, i, all) => all.indexOf(x) === i).join(" › ") }));
    span.setAttribute("rounds.chunks", pieces.length);
    return app.store.knowledge.replaceChunks(scope, doc.id, pieces);
  });
  await ctx.progress({ step: "chunk", chunks: chunks.length, fraction: 0.1 });

  const space = await withSpan("ingest.embed", { attributes: { "rounds.document.id": doc.id, "rounds.chunks": chunks.length } }, async (span) => {
    const { embedder, space } = await configuredSpace(app);
    const batch = Math.max(1, Math.min(embedder.maxBatchSize, 64));
    for (let i = 0; i < chunks.length; i += batch) {
      if (ctx.signal.aborted) throw new Error("worker shutting down");
      const slice = chunks.slice(i, i + batch);
      const vectors = await embedder.embedDocuments(slice.map((c) => `${c.context ?? ""}\n${c.text}`), { signal: ctx.signal });
      await app.store.retrieval.upsert(space.id, slice.map((c, j) => ({
        chunkId: c.id, documentId: doc.id, organizationId: doc.organizationId, projectId: doc.projectId, patientId: doc.patientId, text: c.text, vector: vectors[j]!,
      })));
      await ctx.progress({ step: "embed", done: Math.min(i + batch, chunks.length), total: chunks.length, fraction: 0.1 + 0.85 * (Math.min(i + batch, chunks.length) / chunks.length) });
    }
    span.setAttribute("rounds.embedder", space.modelId);
    return space;
  });

  await app.store.transaction(async (tx) => {
    if (!(await moveDocument({ store: tx }, scope, doc.id, "indexed", "indexed"))) throw new RoundsError("CONFLICT", "The document changed while it was being indexed.");
    if (doc.previousVersionId) await tx.knowledge.softDeleteDocument(scope, doc.previousVersionId, app.now());
  });
  app.logger.info({ documentId: doc.id, chunks: chunks.length, space: space.modelId }, "document indexed");
  return { chunks: chunks.length };
}

/** Job `embeddings.backfill`: fills a new embedding space, then makes it serve and retires older ones. */
export async function backfillSpaceHandler(payload: { spaceId: string }, ctx: JobContext): Promise<unknown> {
  const { app } = ctx;
  const { embedder, space } = await configuredSpace(app);
  if (space.id !== payload.spaceId) {
    // This worker is configured with another embedder (e.g. mid-rollout): let a worker that has it do the work.
    const target = (await app.store.knowledge.listSpaces()).find((s) => s.id === payload.spaceId);
    if (!target || target.status !== "building") return { skipped: true };
    throw new Error("this worker does not have the embedder of the space being built; retrying elsewhere");
  }
  if (space.status !== "building") return { skipped: true };
  let done = 0;
  for (;;) {
    if (ctx.signal.aborted) throw new Error("worker shutting down");
    const backlog = await app.store.knowledge.chunksMissingEmbedding(space.id, Math.min(embedder.maxBatchSize, 64));
    if (backlog.length === 0) break;
    const vectors = await embedder.embedDocuments(backlog.map((c) => `${c.context ?? ""}\n${c.text}`), { signal: ctx.signal });
    await app.store.retrieval.upsert(space.id, backlog.map((c, j) => ({
      chunkId: c.id, documentId: c.documentId, organizationId: c.organizationId, projectId: c.projectId, patientId: c.patientId, text: c.text, vector: vectors[j]!,
    })));
    done += backlog.length;
    await ctx.progress({ step: "backfill", done });
  }
  await app.store.knowledge.setSpaceStatus(space.id, "ready", app.now());
  for (const other of await app.store.knowledge.listSpaces()) {
    if (other.id !== space.id && other.status === "ready") await app.store.knowledge.setSpaceStatus(other.id, "retired");
  }
  app.logger.info({ space: space.modelId, chunks: done }, "embedding space ready");
  return { chunks: done };
}
