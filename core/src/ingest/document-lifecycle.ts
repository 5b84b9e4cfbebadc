/**
 * The document state machine, owned here: every state a live document can
 * be in, every move between them, and who may cause it. Every status or
 * index-state change of a document goes through `moveDocument`, which turns
 * a move into one compare-and-set update (two workers, or two admins, cannot
 * both make it). The diagram is in core/README.md.
 */
import type { AppContext } from "../app/app-context.ts";
import { indexDocumentJob, processDocumentJob } from "./jobs.ts";
import type { DocumentPatch, DocumentRecord, DocumentStateMatch, DocumentStatus, IndexState, KnowledgeScope } from "./knowledge-repository.ts";

/**
 * `queued`, `indexing` and `indexed` are the three index states of an
 * approved document; every other state has nothing indexed. A soft-deleted
 * document has left the machine (delete is allowed from every state).
 */
export type DocumentState = "processing" | "pending" | "irrelevant" | "rejected" | "failed" | "queued" | "indexing" | "indexed";

/** Who causes a move: an admin's decision, or a worker running the document's jobs (including the queue giving up on one). */
export type DocumentActor = "admin" | "worker";

export interface DocumentMove {
  by: DocumentActor;
  from: readonly DocumentState[];
  to: readonly DocumentState[];
}

export const documentMoves = {
  /** `ingest.process` parsed, de-identified and classified it (auto-approval goes straight to `queued`). */
  classified: { by: "worker", from: ["processing"], to: ["pending", "irrelevant", "queued"] },
  /** The admin changed the project's profile or threshold: undecided documents are judged again (`project rejudge`). */
  rejudged: { by: "admin", from: ["pending", "irrelevant"], to: ["pending", "irrelevant"] },
  approve: { by: "admin", from: ["pending", "irrelevant", "rejected"], to: ["queued"] },
  reject: { by: "admin", from: ["pending", "irrelevant", "failed"], to: ["rejected"] },
  /** From the step that failed: indexing again keeps the approval; any earlier step starts over. */
  retry: { by: "admin", from: ["failed"], to: ["processing", "queued"] },
  indexStarted: { by: "worker", from: ["queued", "indexing"], to: ["indexing"] },
  indexed: { by: "worker", from: ["indexing"], to: ["indexed"] },
  /**
   * A step ended the document with a reason an admin can act on: bad input at
   * once, a fault once its job has used every attempt (`failedStep` names the
   * step, `failureReason` says why, without document text or patient data).
   */
  processFailed: { by: "worker", from: ["processing"], to: ["failed"] },
  indexFailed: { by: "worker", from: ["queued", "indexing"], to: ["failed"] },
} as const satisfies Record<string, DocumentMove>;

export type DocumentMoveName = keyof typeof documentMoves;

const stateOf: Record<DocumentState, { status: DocumentStatus; indexState: IndexState }> = {
  processing: { status: "processing", indexState: "none" },
  pending: { status: "pending", indexState: "none" },
  irrelevant: { status: "irrelevant", indexState: "none" },
  rejected: { status: "rejected", indexState: "none" },
  failed: { status: "failed", indexState: "none" },
  queued: { status: "approved", indexState: "none" },
  indexing: { status: "approved", indexState: "indexing" },
  indexed: { status: "approved", indexState: "indexed" },
};

/** The lifecycle state of a document record. */
export function documentState(doc: Pick<DocumentRecord, "status" | "indexState">): DocumentState {
  if (doc.status !== "approved") return doc.status;
  return doc.indexState === "none" ? "queued" : doc.indexState;
}

/** The moves an actor may make from a document's current state (what the admin page and chat offer). */
export function allowedMoves(doc: Pick<DocumentRecord, "status" | "indexState">, by: DocumentActor): DocumentMoveName[] {
  const state = documentState(doc);
  return (Object.keys(documentMoves) as DocumentMoveName[]).filter((name) => {
    const move: DocumentMove = documentMoves[name];
    return move.by === by && move.from.includes(state);
  });
}

/**
 * Makes one move of the state machine: the document goes to `to` only if it
 * is still in one of the move's `from` states. Returns the updated record,
 * or undefined when it had already moved on (nothing changed).
 */
export async function moveDocument(
  app: { store: Pick<AppContext["store"], "knowledge"> }, scope: KnowledgeScope, documentId: string,
  name: DocumentMoveName, to: DocumentState, patch: Omit<DocumentPatch, "status" | "indexState"> = {},
): Promise<DocumentRecord | undefined> {
  const move: DocumentMove = documentMoves[name];
  if (!move.to.includes(to)) throw new Error(`The document move ${name} cannot end in ${to}.`);
  // Only an approved document's index state is part of its state (older rows may carry a stale one elsewhere).
  const from: DocumentStateMatch[] = move.from.map((s) => (stateOf[s].status === "approved" ? stateOf[s] : stateOf[s].status));
  const cleared = to === "failed" ? {} : { failedStep: null, failureReason: null };
  return app.store.knowledge.transition(scope, documentId, from, { ...cleared, ...patch, ...stateOf[to] });
}

/**
 * The job that carries a document out of `processing` or `queued`. Its
 * idempotency key is the moment the document entered that state, so calling
 * this again for the same state (a worker died between the move and the
 * enqueue, and the next run repairs it) creates no second job.
 */
export async function enqueueDocumentJob(app: Pick<AppContext, "jobs">, doc: DocumentRecord): Promise<{ id: string }> {
  const payload = { organizationId: doc.organizationId, projectId: doc.projectId, documentId: doc.id };
  const state = documentState(doc);
  if (state === "queued") return app.jobs.enqueue(indexDocumentJob, payload, { idempotencyKey: `index:${doc.id}:${doc.updatedAt.getTime()}` });
  if (state === "processing") return app.jobs.enqueue(processDocumentJob, payload, { idempotencyKey: `process:${doc.id}:${doc.updatedAt.getTime()}` });
  throw new Error(`A document that is ${state} has no job to run.`);
}
