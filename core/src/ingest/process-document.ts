import type { AppContext } from "../app/app-context.ts";
import { collect } from "../blob/blob-key.ts";
import { RoundsError } from "../errors/index.ts";
import type { JobContext } from "../jobs/job-definition.ts";
import { type ParsedDocument, placeholderNumbering } from "../ports/index.ts";
import { deidentifySections } from "./deidentify-sections.ts";
import { documentState, enqueueDocumentJob, moveDocument } from "./document-lifecycle.ts";
import { processDocumentJob } from "./jobs.ts";
import type { DocumentRecord, KnowledgeScope } from "./knowledge-repository.ts";
import { audioVideoTypes } from "./media-type.ts";
import { relevanceProfile } from "./relevance-profile.ts";
import { withSpan } from "../observability/tracing.ts";

type Payload = KnowledgeScope & { documentId: string };

/** Where the parsed (and, by policy, de-identified) sections of a document are kept between steps. */
export const parsedKey = (doc: Pick<DocumentRecord, "organizationId" | "id">) => `parsed/${doc.organizationId}/${doc.id}.json`;

/** Marks a document failed with a reason an admin can act on; nothing indexed is touched. */
export async function failDocument(app: AppContext, scope: KnowledgeScope, documentId: string, move: "processFailed" | "indexFailed", step: string, reason: string): Promise<void> {
  const moved = await moveDocument(app, scope, documentId, move, "failed", { failedStep: step, failureReason: reason });
  if (moved) app.logger.warn({ documentId, step }, "document failed");
}

/** Expected failures (bad file, missing consent) end the document; anything else is retried, then ends it. */
async function guarded<T>(app: AppContext, ctx: JobContext, scope: KnowledgeScope, documentId: string, step: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await withSpan(`ingest.${step}`, { attributes: { "rounds.document.id": documentId } }, fn);
  } catch (e) {
    const expected = e instanceof RoundsError && e.status < 500;
    const lastTry = ctx.attempt >= (processDocumentJob.attempts ?? 3);
    if (expected || lastTry) {
      const reason = e instanceof RoundsError ? `${e.message}${typeof e.details?.reason === "string" ? ` (${e.details.reason})` : ""}` : "internal error; see the worker log";
      await failDocument(app, scope, documentId, "processFailed", step, reason);
      return undefined;
    }
    throw e;
  }
}

async function readSections(app: AppContext, doc: DocumentRecord, onProgress: (fraction: number) => void): Promise<ParsedDocument> {
  const bytes = await collect(await app.blobs.get(doc.blobKey));
  if (audioVideoTypes.has(doc.mediaType)) {
    const transcriber = await app.host.get("transcribers", app.config.models.transcriber ?? "");
    const result = await transcriber.transcribe({ audio: bytes, mediaType: doc.mediaType });
    return { kind: "transcript", sections: result.segments.map((s) => ({ text: s.text, startMs: s.startMs, endMs: s.endMs, ...(s.speaker && { speaker: s.speaker }) })) };
  }
  const parserId = app.host.parserIdFor(doc.mediaType);
  if (!parserId) throw new RoundsError("UNSUPPORTED_MEDIA_TYPE", `No parser for ${doc.mediaType}.`);
  const parser = await app.host.get("parsers", parserId);
  return parser.parse({ bytes, fileName: doc.fileName, mediaType: doc.mediaType, onProgress });
}

/** Job `ingest.process`: parse → de-identify (by policy) → classify → pending, irrelevant or auto-approved. */
export async function processDocumentHandler(payload: Payload, ctx: JobContext): Promise<unknown> {
  const { app } = ctx;
  // The pipeline reads every document, restricted ones included (see DocumentReader).
  const scope = { organizationId: payload.organizationId, projectId: payload.projectId, reader: "unrestricted" as const };
  const doc = await app.store.knowledge.getDocument(scope, payload.documentId);
  if (!doc || doc.deletedAt) return { skipped: true };
  // A run that died after classifying (auto-approved) but before enqueueing the index job: enqueue it now (idempotent).
  if (documentState(doc) === "queued") await enqueueDocumentJob(app, doc);
  if (doc.status !== "processing") return { skipped: true };

  await ctx.progress({ step: "parse", fraction: 0.1 });
  const parsed = await guarded(app, ctx, scope, doc.id, "parse", async () => {
    // Parsing (OCR of a scan) can take minutes: its progress fills the parse step (0.1–0.4), in steps of
    // at least 5% (an OCR engine reports many times a page; each report is a write to the job record).
    let reported = 0;
    const p = await readSections(app, doc, (f) => {
      const done = Math.min(1, Math.max(0, f));
      if (done - reported < 0.05 && done < 1) return;
      reported = done;
      void ctx.progress({ step: "parse", fraction: 0.1 + 0.3 * done }).catch(() => undefined);
    });
    const text = p.sections.map((s) => s.text).join("\n").trim();
    if (!text) throw new RoundsError("PARSE_FAILED", "The file has no readable text.", { details: { reason: "empty" } });
    return p;
  });
  if (!parsed) return { failed: "parse" };
  // Between steps a stopping worker hands the job back (retried by the next worker from the start).
  ctx.signal.throwIfAborted();

  const project = await app.store.tenancy.getProject(scope.organizationId, scope.projectId);
  if (!project) throw new RoundsError("NOT_FOUND", "Project vanished.");

  await ctx.progress({ step: "deidentify", fraction: 0.4 });
  const stored = await guarded(app, ctx, scope, doc.id, "deidentify", async () => {
    if (!project.policy.deidentifyOnIngest) return parsed;
    const deid = await app.host.get("deidentifiers", app.config.models.deidentifier);
    const gazetteer = await app.store.tenancy.namesForGazetteer(scope.organizationId);
    // One numbering for the whole document, section after section; a transcript's speaker labels are de-identified too.
    const sections = await deidentifySections(deid, parsed.sections, { operator: "placeholder", gazetteer, numbering: placeholderNumbering() });
    return { ...parsed, sections };
  });
  if (!stored) return { failed: "deidentify" };
  ctx.signal.throwIfAborted();
  await app.blobs.put(parsedKey(doc), new TextEncoder().encode(JSON.stringify(stored)), { contentType: "application/json" });

  await ctx.progress({ step: "classify", fraction: 0.7 });
  const verdict = await guarded(app, ctx, scope, doc.id, "classify", async () => {
    if (doc.patientId) return { verdict: "relevant" as const, score: 1, reason: "a session of one of your patients" };
    const classifier = await app.host.get("classifiers", app.config.models.classifier);
    const text = stored.sections.map((s) => s.text).join("\n").slice(0, 100_000);
    const names = await app.store.tenancy.namesForGazetteer(scope.organizationId);
    return classifier.classify({ text, title: stored.title ?? doc.title, profile: relevanceProfile(project), names });
  });
  if (!verdict) return { failed: "classify" };

  const autoApprove = verdict.verdict === "relevant" && project.policy.autoApproveAbove !== undefined && verdict.score >= project.policy.autoApproveAbove;
  const status = verdict.verdict === "irrelevant" ? "irrelevant" : autoApprove ? "approved" : "pending";
  const moved = await moveDocument(app, scope, doc.id, "classified", status === "approved" ? "queued" : status, {
    kind: stored.kind, title: stored.title?.trim() || doc.title, pageCount: stored.pageCount ?? null,
    classifierVerdict: verdict.verdict, classifierScore: verdict.score, classifierReason: verdict.reason,
    ...(autoApprove && { reviewedAt: app.now() }),
  });
  if (moved && autoApprove) await enqueueDocumentJob(app, moved);
  await ctx.progress({ step: "done", fraction: 1 });
  return { status };
}
