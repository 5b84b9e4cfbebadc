import type { AppContext } from "../app/app-context.ts";
import { requireCareTeam } from "../consent/care-team.ts";
import { consentedPatients } from "../consent/require-consent.ts";
import { RoundsError } from "../errors/index.ts";
import { configuredSpace, servingSpace } from "../ingest/embedding-spaces.ts";
import type { CitableChunk } from "../ingest/knowledge-repository.ts";
import type { Actor, SearchHit } from "../ports/index.ts";
import type { Alternative } from "../text/synonyms.ts";
import { subjectText } from "./question-intent.ts";
import { answersIntent } from "./select-sentences.ts";

export interface AnswerSource {
  n: number;
  chunkId: string;
  documentId: string;
  title: string;
  locator?: string;
  /** The passage text (what the citation points at). */
  text: string;
  /** Document title and section path of the passage. */
  context?: string;
  score: number;
}

const clock = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 3600)).padStart(2, "0")}:${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
};

/** Where in its document a passage is: page, section path or speaker and time. */
export function locatorOf(c: Pick<CitableChunk, "page" | "headings" | "speaker" | "startMs" | "ocr">): string | undefined {
  if (c.speaker !== undefined || c.startMs !== undefined) return [c.speaker, c.startMs !== undefined ? clock(c.startMs) : undefined].filter(Boolean).join(" ");
  const parts = [c.page !== undefined ? `p. ${c.page}` : undefined, c.headings?.length ? `§ ${c.headings.join(" › ")}` : undefined].filter(Boolean);
  // Recognised text may hold misread characters: the reader is told, next to where it is ("p. 3 (OCR)", or "OCR" for an image).
  if (c.ocr) return parts.length ? `${parts.join(", ")} (OCR)` : "OCR";
  return parts.length ? parts.join(", ") : undefined;
}

/**
 * The patients whose sessions a question or search may draw on. A patient
 * sees their own material only, while they consent to AI analysis of it (naming
 * another patient is NOT_FOUND);
 * staff name the patients (in a private conversation; a clinician only
 * patients whose care team they are on where the project requires it, asked
 * before anything else so the refusal says nothing of the patient; each in
 * the organisation and consenting), or get general knowledge only.
 */
export async function patientScope(app: AppContext, actor: Actor, requested: string[] | undefined, visibility: "public" | "private", projectId: string): Promise<string[]> {
  if (actor.role === "patient") {
    // A patient reaches their own record only; naming any other is refused as missing, as it is for staff naming a patient
    // of another organisation (never silently dropped, which would leave the caller believing it was used).
    if (requested?.some((id) => id !== actor.patientId)) throw new RoundsError("NOT_FOUND", "No such patient in your organisation.");
    return actor.patientId ? [...(await consentedPatients(app, actor.organizationId, [actor.patientId], "ai_analysis"))] : [];
  }
  if (!requested?.length) return [];
  if (visibility === "public") throw new RoundsError("FORBIDDEN", "Questions about a patient can only be asked in a private conversation.");
  await requireCareTeam(app, actor, { patientIds: requested, projectId });
  for (const id of requested) {
    if (!(await app.store.identity.getPatient(actor.organizationId, id))) throw new RoundsError("NOT_FOUND", "No such patient in your organisation.");
  }
  const consented = await consentedPatients(app, actor.organizationId, requested, "ai_analysis");
  const missing = requested.filter((id) => !consented.has(id));
  if (missing.length) throw new RoundsError("CONSENT_REQUIRED", `${missing.length} of the patients named have not consented to AI analysis of their sessions.`, { details: { missing: ["ai_analysis"], patients: missing.length } });
  return requested;
}

/** Titles read at most for one question (the knowledge base's newest approved pages first). */
const TITLE_LIMIT = 2000;

/**
 * The titles of the approved pages a question in this scope may draw on, as
 * retrieval filters them: general knowledge and the scoped patients'
 * material, public pages only in a public conversation, a restricted page
 * only for its custodian (the repository's reader filter).
 */
export async function answerableTitles(app: AppContext, scope: { organizationId: string; projectId: string; patientIds: string[]; visibility: "public" | "private"; reader: { userId: string } }): Promise<string[]> {
  const docs = await app.store.knowledge.listDocuments({ organizationId: scope.organizationId, projectId: scope.projectId, reader: scope.reader }, { status: "approved", limit: TITLE_LIMIT });
  return docs.filter((d) => !d.deletedAt && d.indexState === "indexed" && (d.patientId === null || scope.patientIds.includes(d.patientId)) && (scope.visibility === "private" || (d.visibility === "public" && d.patientId === null)))
    .map((d) => d.title);
}

export interface RetrievedPassages {
  /** In the index's fused order (what the evidence check weighs by rank). */
  hits: SearchHit[];
  /** In section-aware order (`sectionOrder` of the fused list) unless `fused` was asked for, numbered from 1. */
  passages: AnswerSource[];
  spaceId: string;
  byId: Map<string, CitableChunk>;
}

/**
 * Section-aware order of a fused list: each document keeps the places its
 * hits hold; its first place goes to its best-ranked hit in a section that
 * answers this kind of question (`answersIntent`: "can my kids inherit it"
 * finds an "Inheritance" heading), and its other hits follow in fused order.
 * An index ranks a document's overview highest for most questions, as it
 * names the subject most often. Documents never move (a clear winner stays
 * first), and only one hit per document is promoted: were all of a
 * document's answering sections moved up, a misread intent ("which blood
 * tests help …" read as treatment) would push the section retrieval had
 * rightly placed out of the answer's first passages.
 */
export function sectionOrder<H extends { documentId: string }>(question: string, hits: H[], contextOf: (h: H) => string | undefined): H[] {
  const queues = new Map<string, H[]>();
  for (const h of hits) queues.set(h.documentId, [...(queues.get(h.documentId) ?? []), h]);
  for (const [doc, list] of queues) {
    const answering = list.find((h) => answersIntent(question, contextOf(h)));
    if (answering) queues.set(doc, [answering, ...list.filter((h) => h !== answering)]);
  }
  return hits.map((h) => queues.get(h.documentId)!.shift()!);
}

/**
 * Hybrid retrieval (vector + lexical, fused) inside the scope: organisation,
 * project, the patients given (already checked by `patientScope`) and the
 * conversation's visibility, all filtered inside the query.
 */
export async function retrievePassages(app: AppContext, input: {
  organizationId: string; projectId: string; patientIds: string[]; visibility: "public" | "private"; query: string; k?: number; signal?: AbortSignal;
  /** Who asks: restricted documents are searched only for their custodian. */
  reader: { userId: string };
  /** Other names for the query's subject words (`subjectOf`): searched with it, and credited to the words they stand for. */
  alternatives?: readonly Alternative[];
  /**
   * Keep the index's fused order (the answer path, which orders its passages itself: `rankForAnswer` and the anchor
   * document's answering sections). Section-aware candidates there cost the held-out half's section MRR of the
   * answer's sources (issue #17, rank20 and rank21 rounds, docs/quality/answers.md).
   */
  fused?: boolean;
}): Promise<RetrievedPassages> {
  let serving = await servingSpace(app);
  if (!serving.embedder) serving = await configuredSpace(app);
  // The vector list only where it has a say in fusion (a weights-free embedder has none): no query embedding otherwise.
  const vectorWeight = app.config.answers.vectorWeight ?? serving.embedder!.fusionWeight ?? 1;
  const vector = vectorWeight > 0 ? await serving.embedder!.embedQuery(input.query, input.signal ? { signal: input.signal } : {}) : undefined;
  const scope = { organizationId: input.organizationId, projectId: input.projectId, patientIds: input.patientIds, visibility: input.visibility, reader: input.reader };
  const subject = subjectText(input.query);
  const hits: SearchHit[] = await app.store.retrieval.search({
    scope, spaceId: serving.space.id, text: input.query, ...(subject && { subject }),
    ...(input.alternatives?.length && { alternatives: input.alternatives.map((a) => ({ words: a.words.join(" "), for: a.for.join(" ") })) }), ...(vector && { vector }), k: input.k ?? app.config.answers.topK,
    candidates: app.config.answers.candidates, vectorWeight,
  });
  const chunks = await app.store.knowledge.getChunks(scope, hits.map((h) => h.chunkId));
  const byId = new Map(chunks.map((c) => [c.id, c]));
  const ordered = input.fused ? hits : sectionOrder(input.query, hits, (h) => byId.get(h.chunkId)?.context);
  const passages: AnswerSource[] = ordered.flatMap((h) => {
    const c = byId.get(h.chunkId);
    return c ? [{ n: 0, chunkId: c.id, documentId: c.documentId, title: c.documentTitle, text: c.text, score: h.score, ...(c.context && { context: c.context }), ...(locatorOf(c) && { locator: locatorOf(c)! }) }] : [];
  }).map((p, i) => ({ ...p, n: i + 1 }));
  return { hits, passages, spaceId: serving.space.id, byId };
}
