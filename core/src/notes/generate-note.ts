/**
 * Session notes: a note in the project's format (SOAP, DAP, BIRP, GIRP) from
 * a session transcript. The risk screen runs first and its flags sit above
 * the sections, each citing its turn; a note with flags is approved only
 * after a clinician acknowledges them. With a language model the note is
 * generated and checked (generated-note.ts); without one, or when the check
 * fails, an extractive note quotes turns picked by what they do
 * (extractive-note.ts). Every statement cites its turn.
 */
import type { AppContext } from "../app/app-context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { collect } from "../blob/blob-key.ts";
import { assertServable, releasePatientText, servablePatientText } from "../consent/release-patient-text.ts";
import { requireCareTeam } from "../consent/care-team.ts";
import { requireConsent } from "../consent/require-consent.ts";
import { RoundsError } from "../errors/index.ts";
import type { DocumentRecord } from "../ingest/knowledge-repository.ts";
import { parsedKey } from "../ingest/process-document.ts";
import { deidentifySections } from "../ingest/deidentify-sections.ts";
import { type Actor, type ParsedDocument, placeholderNumbering } from "../ports/index.ts";
import type { TrainingSource } from "../training/training-repository.ts";
import { extractiveNote } from "./extractive-note.ts";
import { generatedNote, type GeneratedSummary } from "./generated-note.ts";
import { DEFAULT_NOTE_FORMAT, isNoteFormat, type NoteFormat } from "./note-formats.ts";
import type { NoteKind, NotePatch, NoteRecord, NoteScope, NoteSection } from "./notes-repository.ts";
import { riskScreenEmbeddings } from "./risk/risk-screen-embedder.ts";
import { flagsToAcknowledge, screenTranscript } from "./risk/screen-transcript.ts";
import { countWords, limitSection } from "./section-text.ts";
import { sectionTrainingExamples, type SectionTrainingResult } from "./section-training.ts";
import { transcriptTurns, type TranscriptTurn } from "./transcript-turns.ts";

const EXTRACTIVE = "extractive";

export { countWords, limitWords, parseRisk } from "./section-text.ts";

/**
 * An approved note as training examples of the note-writing task as the product asks it: one per section, that
 * section's call (its system prompt and evidence turns) and the approved section as the statements JSON the call
 * expects (section-training.ts). Without examples, why: `transcript_missing` when the transcript is gone (deleted
 * document or parsed text missing); `transcript_restricted` when it is a psychotherapy note's transcript (HIPAA 45 CFR
 * 164.501) and `src` is not a psychotherapy note the store released under the patient's authorisation: a progress
 * note written from it before it was restricted would quote the restricted turns.
 */
export async function noteTrainingMessages(app: AppContext, organizationId: string, src: Pick<Extract<TrainingSource, { kind: "note" }>, "projectId" | "documentId" | "sections" | "format" | "riskFlags" | "psychotherapy">): Promise<SectionTrainingResult | { excluded: "transcript_missing" | "transcript_restricted" }> {
  const missing = { excluded: "transcript_missing" as const };
  if (!src.documentId) return missing;
  // A restricted transcript only beside the psychotherapy note it belongs to, which the store yields with content only when authorised.
  const scope = { organizationId, projectId: src.projectId };
  const doc = await app.store.knowledge.getDocument({ ...scope, ...(src.psychotherapy && { reader: "unrestricted" as const }) }, src.documentId);
  if (!doc) {
    // Only the reason is read here, never the text: whether the transcript exists but is restricted.
    const hidden = src.psychotherapy ? undefined : await app.store.knowledge.getDocument({ ...scope, reader: "unrestricted" }, src.documentId);
    return hidden && !hidden.deletedAt && hidden.sensitivity !== "ordinary" ? { excluded: "transcript_restricted" } : missing;
  }
  if (doc.deletedAt) return missing;
  let parsed: ParsedDocument;
  try {
    parsed = JSON.parse(new TextDecoder().decode(await collect(await app.blobs.get(parsedKey(doc))))) as ParsedDocument;
  } catch {
    return missing;
  }
  return sectionTrainingExamples({
    turns: transcriptTurns(parsed.sections), flags: src.riskFlags, format: isNoteFormat(src.format) ? src.format : undefined,
    limit: app.config.notes.sectionWordLimit, sections: src.sections,
  });
}

// ---------------------------------------------------------------------------

export interface GenerateNoteInput {
  projectId: string;
  documentId: string;
  /** Overrides the project's format (`policy.noteFormat`, default SOAP). */
  format?: NoteFormat;
  /** `psychotherapy` notes are kept apart: their author alone reads them, and they are never exported. */
  kind?: NoteKind;
  signal?: AbortSignal;
}

export interface GenerateNoteResult {
  note: NoteRecord;
  /** Set when a model was configured but the note is extractive, and why. */
  fallback?: string;
  /** With a model: sections it wrote and quoted, statements kept, flagged risk it left out. */
  check?: GeneratedSummary;
}

/** Who writes, acknowledges and approves session notes. */
export const canWriteNotes = (actor: Actor): boolean => actor.role === "admin" || actor.role === "clinician";

async function sessionDocument(app: AppContext, actor: Actor, projectId: string, documentId: string): Promise<DocumentRecord & { patientId: string }> {
  const doc = await app.store.knowledge.getDocument({ organizationId: actor.organizationId, projectId, reader: { userId: actor.userId } }, documentId);
  if (!doc || doc.deletedAt) throw new RoundsError("NOT_FOUND", "No such document in this knowledge base.");
  if (!doc.patientId) throw new RoundsError("BAD_REQUEST", "Notes are written from a patient's session transcript; this document belongs to no patient.");
  if (doc.status === "processing") throw new RoundsError("CONFLICT", "The transcript is still being processed; try again in a moment.");
  if (doc.status === "failed") throw new RoundsError("CONFLICT", "The transcript could not be read, so there is nothing to write a note from.");
  return doc as DocumentRecord & { patientId: string };
}

/** Writes a draft note for a session transcript. Requires the care team (for a clinician, where the project enforces it) and `ai_analysis` consent. */
export async function generateNote(app: AppContext, actor: Actor, input: GenerateNoteInput): Promise<GenerateNoteResult> {
  if (!canWriteNotes(actor)) throw new RoundsError("FORBIDDEN", "Only clinicians and admins write session notes.");
  const doc = await sessionDocument(app, actor, input.projectId, input.documentId);
  await requireCareTeam(app, actor, { patientIds: [doc.patientId], projectId: input.projectId, targetType: "document", targetId: doc.id });
  await requireConsent(app, { organizationId: actor.organizationId, patientId: doc.patientId, types: ["ai_analysis"] });
  // The transcript behind a psychotherapy note gets the note's protection (HIPAA 45 CFR 164.501): from now on
  // only its author reads, searches or is quoted it, and no export carries it without the patient's authorisation.
  if (input.kind === "psychotherapy") {
    const restricted = await app.store.knowledge.restrictDocument({ organizationId: actor.organizationId, projectId: input.projectId }, doc.id, "psychotherapy", actor.userId);
    if (restricted?.custodianUserId !== actor.userId) throw new RoundsError("NOT_FOUND", "No such document in this knowledge base.");
  }
  const parsed = JSON.parse(new TextDecoder().decode(await collect(await app.blobs.get(parsedKey(doc))))) as ParsedDocument;
  const project = await app.store.tenancy.getProject(actor.organizationId, input.projectId);
  if (!project) throw new RoundsError("NOT_FOUND", "No such project in your organisation.");
  const limit = app.config.notes.sectionWordLimit;
  const format = input.format ?? (isNoteFormat(project.policy.noteFormat) ? project.policy.noteFormat : DEFAULT_NOTE_FORMAT);
  const started = performance.now();

  // Identifiers in the note follow the project's policy: quoted turns are de-identified first unless it says otherwise.
  let turns = transcriptTurns(parsed.sections);
  const deidentify = async (ts: TranscriptTurn[]): Promise<TranscriptTurn[]> => {
    const deid = await app.host.get("deidentifiers", app.config.models.deidentifier);
    const gazetteer = await app.store.tenancy.namesForGazetteer(actor.organizationId);
    // One numbering for the whole transcript, in turn order: [PHONE_1] is the same number in every turn it appears in,
    // and a speaker named in a label is the same placeholder in the label and in the turns (roles were read before).
    return deidentifySections(deid, ts, { operator: "placeholder", gazetteer, numbering: placeholderNumbering() });
  };
  if (project.policy.deidentifyNotes ?? true) turns = await deidentify(turns);
  // The screen's sentence-embedding classifier (review tier only) runs when `notes.riskEmbeddingClassifier` is on (the
  // default) and the embedder it was trained on is registered (the Universal Sentence Encoder plugin, a default plugin);
  // otherwise the rest of the screen runs alone (the audit's `riskEmbedding` says which: the model id, "absent" or "off").
  const riskEmbedding = app.config.notes.riskEmbeddingClassifier ? await riskScreenEmbeddings(app, turns, input.signal) : undefined;
  const riskFlags = screenTranscript(turns, riskEmbedding ? { embeddings: riskEmbedding.embeddings } : {});

  // The notes model, else the answer model: whatever serves it (a cloud API, or on-prem llama-cpp through the same port).
  const modelId = app.config.models.notes ?? app.config.models.answer;
  const extractive = extractiveNote({ turns, flags: riskFlags, format, wordLimit: limit });
  let sections: NoteSection[] = extractive;
  let usedModel = EXTRACTIVE;
  let fallback: string | undefined;
  let check: GeneratedSummary | undefined;
  if (modelId) {
    const model = await app.host.get("languageModels", modelId);
    const egress = app.host.list().some((p) => p.egress && (p.contributes.languageModels ?? []).includes(modelId));
    const modelTurns = egress && (project.policy.deidentifyBeforeCloud ?? true) && !(project.policy.deidentifyNotes ?? true) ? await deidentify(turns) : turns;
    const generated = await generatedNote(model, { turns, modelTurns, flags: riskFlags, format, limit, extractive, ...(input.signal ? { signal: input.signal } : {}) });
    check = generated.summary;
    if (generated.summary.error !== undefined) app.logger.warn({ err: RoundsError.isInstance(generated.summary.error) ? generated.summary.error.message : "model error", model: modelId }, "a note section's model call failed; that section is quoted instead");
    sections = generated.sections;
    if ("failure" in generated) fallback = generated.failure;
    else usedModel = modelId;
  }
  const note = await app.store.notes.createNote({
    organizationId: actor.organizationId, projectId: input.projectId, patientId: doc.patientId, documentId: doc.id,
    clinicianUserId: actor.userId, sections: sections.map((s) => limitSection(s, limit)), format, kind: input.kind ?? "progress", riskFlags,
    modelId: usedModel, generationMs: Math.round(performance.now() - started),
  });
  const acknowledge = flagsToAcknowledge(riskFlags);
  await recordAudit(app, { organizationId: actor.organizationId, actor, action: "note.generate", targetType: "note", targetId: note.id, patientId: note.patientId, details: { format, kind: note.kind, riskFlags: acknowledge.risk, reviewFlags: acknowledge.review, riskEmbedding: riskEmbedding?.modelId ?? (app.config.notes.riskEmbeddingClassifier ? "absent" : "off"), ...(check ? { statements: check.statements, kept: check.kept, riskOmitted: check.riskOmitted } : {}) } });
  if (!check) return { note, ...(fallback ? { fallback } : {}) };
  const { error: _error, ...summary } = check;
  return { note, ...(fallback ? { fallback } : {}), check: summary };
}

/** A caller's narrowing of a lookup by id: the note must be of this project and patient. */
export interface NoteNarrowing {
  projectId?: string;
  patientId?: string;
}

/**
 * The scope every note query carries: the actor's organisation, the project
 * its credential is limited to (or the one the caller names), the patient the
 * caller names, and the note's own project and patient once it is known. A
 * named project outside a limited credential's matches nothing.
 */
function noteScope(actor: Actor, narrow: NoteNarrowing = {}): NoteScope | undefined {
  if (actor.projectId && narrow.projectId && narrow.projectId !== actor.projectId) return undefined;
  const projectId = actor.projectId ?? narrow.projectId;
  return { organizationId: actor.organizationId, ...(projectId ? { projectId } : {}), ...(narrow.patientId ? { patientId: narrow.patientId } : {}) };
}

/**
 * A progress note, or a psychotherapy note of which the actor is the author:
 * the psychotherapy store is asked only within the actor's own author scope,
 * so to anyone else such a note does not exist.
 */
async function findNote(app: AppContext, actor: Actor, noteId: string, narrow: NoteNarrowing = {}): Promise<NoteRecord | undefined> {
  const scope = noteScope(actor, narrow);
  if (!scope) return undefined;
  return (await app.store.notes.getNote(scope, noteId))
    ?? (await app.store.notes.getPsychotherapyNote({ ...scope, authorUserId: actor.userId }, noteId));
}

/** Compare-and-set in the store the note lives in (a psychotherapy note within its author's scope), scoped to the note's own project and patient. */
function saveNote(app: AppContext, actor: Actor, note: NoteRecord, expected: NoteRecord["status"], patch: NotePatch): Promise<NoteRecord | undefined> {
  const scope: NoteScope = { organizationId: actor.organizationId, projectId: note.projectId, patientId: note.patientId };
  return note.kind === "psychotherapy"
    ? app.store.notes.updatePsychotherapyNote({ ...scope, authorUserId: actor.userId }, note.id, expected, patch)
    : app.store.notes.updateNote(scope, note.id, expected, patch);
}

/** The shortest reason a break-glass read accepts. */
export const BREAK_GLASS_MIN_REASON = 10;

/**
 * Break-glass: an admin opens another clinician's psychotherapy note, read
 * only, for a stated reason (at least `BREAK_GLASS_MIN_REASON` characters).
 * The opening is audited (`note.break_glass`, with the reason and the note's
 * author) before the note is returned, and the read goes through the same
 * release gate as any note read (project limit, consent). The transcript the
 * note was written from, restricted to the author as the note is, comes with
 * it (`transcript`: its turns) under the same audited opening. Nothing about
 * the note or transcript changes: they stay the author's alone for every
 * ordinary read.
 */
export async function breakGlassNote(app: AppContext, actor: Actor, noteId: string, reason: string | undefined, narrow: NoteNarrowing = {}): Promise<NoteRecord & { transcript?: { documentId: string; turns: TranscriptTurn[] } }> {
  if (actor.role !== "admin") throw new RoundsError("FORBIDDEN", "Only an admin may open another clinician's psychotherapy note.");
  const stated = (reason ?? "").replace(/\s+/g, " ").trim();
  if (stated.length < BREAK_GLASS_MIN_REASON) throw new RoundsError("BAD_REQUEST", `State why you are opening this psychotherapy note (at least ${BREAK_GLASS_MIN_REASON} characters); the reason is audited.`);
  const scope = noteScope(actor, narrow);
  const note = scope ? await app.store.notes.getPsychotherapyNoteForBreakGlass(scope, noteId) : undefined;
  if (!note) throw new RoundsError("NOT_FOUND", "No such psychotherapy note.");
  await assertServable(app, actor, [noteRelease(note, "note.break_glass")]);
  await recordAudit(app, { organizationId: actor.organizationId, actor, action: "note.break_glass", targetType: "note", targetId: note.id, patientId: note.patientId, details: { reason: stated.slice(0, 500), authorUserId: note.authorUserId, projectId: note.projectId, transcriptDocumentId: note.documentId } });
  await releasePatientText(app, actor, [noteRelease(note, "note.read")]);
  // Unrestricted: this opening, audited above, is the one way past the transcript's custodian.
  const doc = await app.store.knowledge.getDocument({ organizationId: actor.organizationId, projectId: note.projectId, reader: "unrestricted" }, note.documentId);
  if (!doc || doc.deletedAt || doc.status === "processing" || doc.status === "failed") return note;
  const parsed = JSON.parse(new TextDecoder().decode(await collect(await app.blobs.get(parsedKey(doc))))) as ParsedDocument;
  return { ...note, transcript: { documentId: doc.id, turns: transcriptTurns(parsed.sections) } };
}

/** Progress notes and the actor's own psychotherapy notes, newest first. */
export async function visibleNotes(app: AppContext, actor: Actor, filter: { projectId?: string; patientId?: string; documentId?: string }): Promise<NoteRecord[]> {
  const [progress, own] = await Promise.all([
    app.store.notes.listNotes(actor.organizationId, filter),
    app.store.notes.listPsychotherapyNotes({ organizationId: actor.organizationId, authorUserId: actor.userId }, filter),
  ]);
  return [...progress, ...own].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}

export async function getNote(app: AppContext, actor: Actor, noteId: string, narrow: NoteNarrowing = {}): Promise<NoteRecord> {
  if (!["admin", "clinician", "auditor"].includes(actor.role)) throw new RoundsError("FORBIDDEN", "Only clinicians, admins and auditors read session notes.");
  const note = await findNote(app, actor, noteId, narrow);
  if (!note) throw new RoundsError("NOT_FOUND", "No such note.");
  // The release gate answers NOT_FOUND for a note of another project than a limited credential's.
  await releasePatientText(app, actor, [noteRelease(note, "note.read")]);
  return note;
}

/** Flagged risk turns a model's note left out (an error the check marked on the risk section). */
export const riskOmitted = (note: Pick<NoteRecord, "sections">): number => note.sections.reduce((n, s) => n + (s.check?.riskOmitted?.length ?? 0), 0);

/** A note as a patient-text release (see `releasePatientText`). */
const noteRelease = (note: NoteRecord, action: string) => ({ patientIds: [note.patientId], action, targetType: "note", targetId: note.id, projectId: note.projectId, note });

/**
 * Notes by patient or transcript, each read audited; notes of patients who
 * have revoked AI analysis are withheld (counted) from everyone but admins.
 */
export async function listNotes(app: AppContext, actor: Actor, filter: { patientId?: string; documentId?: string }): Promise<{ notes: NoteRecord[]; withheld: number }> {
  if (!["admin", "clinician", "auditor"].includes(actor.role)) throw new RoundsError("FORBIDDEN", "Only clinicians, admins and auditors read session notes.");
  const { served, withheld } = await servablePatientText(app, actor, (await visibleNotes(app, actor, filter)).map((n) => noteRelease(n, "note.list")));
  await releasePatientText(app, actor, served);
  return { notes: served.map((r) => r.note), withheld: withheld.length };
}

/**
 * The note a clinician or admin is about to change (`doing`: what, for the
 * refusal), refused before any change: another role, a note out of reach,
 * outside a limited key's project, or once the patient has revoked AI
 * analysis (unless an admin).
 */
async function noteToChange(app: AppContext, actor: Actor, noteId: string, doing: string): Promise<NoteRecord> {
  if (!canWriteNotes(actor)) throw new RoundsError("FORBIDDEN", `Only clinicians and admins ${doing}.`);
  const note = await findNote(app, actor, noteId);
  if (!note) throw new RoundsError("NOT_FOUND", "No such note.");
  await assertServable(app, actor, [noteRelease(note, "note.read")]);
  return note;
}

/** A clinician edits sections of a draft; the limit and risk markers apply to edits too. */
export async function editNote(app: AppContext, actor: Actor, noteId: string, edits: Array<{ key: string; text: string }>): Promise<NoteRecord> {
  const note = await noteToChange(app, actor, noteId, "edit session notes");
  if (note.status === "approved") throw new RoundsError("CONFLICT", "An approved note cannot be edited.");
  const limit = app.config.notes.sectionWordLimit;
  for (const e of edits) {
    if (!note.sections.some((s) => s.key === e.key)) throw new RoundsError("VALIDATION_FAILED", `Unknown note section "${e.key.slice(0, 40)}"; sections: ${note.sections.map((s) => s.key).join(", ")}.`);
    if (countWords(e.text) > limit) throw new RoundsError("VALIDATION_FAILED", `Section ${e.key} has ${countWords(e.text)} words; the limit is ${limit}.`);
  }
  const sections = note.sections.map((s) => {
    const edit = edits.find((e) => e.key === s.key);
    return edit ? limitSection({ ...s, text: edit.text }, limit) : s;
  });
  const updated = await saveNote(app, actor, note, "draft", { sections });
  if (!updated) throw new RoundsError("CONFLICT", "The note was approved while you were editing it.");
  await releasePatientText(app, actor, [noteRelease(updated, "note.edit")]);
  return updated;
}

/** The clinician has read the risk flags and the possible-risk review flags; only then can a note with either be approved. */
export async function acknowledgeRisk(app: AppContext, actor: Actor, noteId: string): Promise<NoteRecord> {
  const note = await noteToChange(app, actor, noteId, "acknowledge risk flags");
  const updated = await saveNote(app, actor, note, note.status, { riskAcknowledgedByUserId: actor.userId });
  if (!updated) throw new RoundsError("CONFLICT", "The note changed while you were acknowledging it; try again.");
  await recordAudit(app, { organizationId: actor.organizationId, actor, action: "note.risk_acknowledge", targetType: "note", targetId: noteId, patientId: note.patientId, details: { riskFlags: flagsToAcknowledge(note.riskFlags).risk, reviewFlags: flagsToAcknowledge(note.riskFlags).review } });
  await releasePatientText(app, actor, [noteRelease(updated, "note.read")]);
  return updated;
}

export async function approveNote(app: AppContext, actor: Actor, noteId: string): Promise<NoteRecord> {
  const current = await noteToChange(app, actor, noteId, "approve session notes");
  const flags = flagsToAcknowledge(current.riskFlags);
  const omitted = riskOmitted(current);
  if (flags.total > 0 && !current.riskAcknowledgedAt) {
    const review = `${flags.review} possible-risk review flag(s)`;
    const what = flags.risk ? `${flags.risk} risk flag(s); acknowledge them${flags.review ? ` and its ${review}` : ""}` : `${review}; acknowledge them`;
    const left = omitted ? ` The model's note left out ${omitted} of its risk flags (quoted from the flags by the check).` : "";
    throw new RoundsError("CONFLICT", `This note has ${what} (notes ack ${current.id.slice(0, 8)}) before approving.${left}`, { details: { riskFlags: flags.risk, reviewFlags: flags.review, riskOmitted: omitted } });
  }
  const updated = await saveNote(app, actor, current, "draft", { status: "approved", approvedByUserId: actor.userId });
  if (!updated) {
    const note = await findNote(app, actor, noteId);
    throw note ? new RoundsError("CONFLICT", "This note is already approved.") : new RoundsError("NOT_FOUND", "No such note.");
  }
  await releasePatientText(app, actor, [noteRelease(updated, "note.approve")]);
  return updated;
}
