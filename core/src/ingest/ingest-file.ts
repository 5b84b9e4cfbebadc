import { createHash } from "node:crypto";
import type { AppContext } from "../app/app-context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { requireConsent } from "../consent/require-consent.ts";
import { RoundsError } from "../errors/index.ts";
import type { Actor, Role } from "../ports/index.ts";
import { sanitizeFileName } from "./file-name.ts";
import { enqueueDocumentJob } from "./document-lifecycle.ts";
import type { DocumentRecord } from "./knowledge-repository.ts";
import { audioVideoTypes, sniffMediaType } from "./media-type.ts";

const transcriptTypes = new Set(["text/vtt", "application/x-subrip", "application/vnd.rounds.transcript+json"]);

export interface IngestFileInput {
  actor: Actor;
  projectId: string;
  fileName: string;
  bytes: Uint8Array;
  /** A session transcript or recording of this patient (needs consent for audio). */
  patientId?: string;
  visibility?: "public" | "private";
  sourceChannel?: string;
}

export interface IngestFileResult {
  document: DocumentRecord;
  /** True when identical content was already in the project (nothing new stored). */
  deduplicated: boolean;
  jobId?: string;
}

/** The largest file of this media type Rounds accepts (recordings have their own limit). */
export const uploadLimit = (app: AppContext, mediaType: string): number =>
  audioVideoTypes.has(mediaType) ? app.config.limits.maxAudioUploadBytes : app.config.limits.maxUploadBytes;

const megabyte = 1024 * 1024;

export const tooLarge = (fileName: string, bytes: number, limit: number): RoundsError =>
  new RoundsError("PAYLOAD_TOO_LARGE", `${fileName} is ${bytes >= megabyte ? `${(bytes / megabyte).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`}; ` +
    `the limit is ${limit >= megabyte ? `${(limit / megabyte).toFixed(0)} MB` : `${Math.round(limit / 1024)} KB`}.`, { details: { limitBytes: limit } });

/**
 * Who adds documents and session transcripts to a knowledge base: admins,
 * through every front door (the API's upload route, the admin page, the
 * `ingest` command from the CLI, the API or a chat, a file dropped in a chat's
 * admin channel). Clinicians ask and review; what their questions are
 * answered from is chosen by an admin (see docs/security.md, "Who adds
 * documents").
 */
export const uploaderRoles = ["admin"] as const satisfies Role[];

/** Whether this actor may add documents (`uploaderRoles`). */
export const mayUpload = (actor: Pick<Actor, "role">): boolean => (uploaderRoles as readonly Role[]).includes(actor.role);

export const uploadRefusal = "Only admins add documents and session transcripts to Rounds; ask an admin of your organisation to add this one.";

/** What an upload is, once its checks passed. */
export interface CheckedUpload {
  fileName: string;
  mediaType: string;
  isAudio: boolean;
  isTranscript: boolean;
}

/**
 * Every check an upload must pass before anything is stored: the caller's
 * role, the project, emptiness, media type and its size limit, a patient for
 * session material (with consent). Needs only the file's first bytes and its
 * size, so a batch can be checked whole before any of it is read in full
 * (`ingest --manifest`). Throws the same errors `ingestFile` does.
 */
export async function checkUpload(app: AppContext, input: Omit<IngestFileInput, "bytes" | "visibility" | "sourceChannel"> & { head: Uint8Array; size: number }): Promise<CheckedUpload> {
  const { actor } = input;
  if (!mayUpload(actor)) throw new RoundsError("FORBIDDEN", uploadRefusal, { details: { reason: "uploader_role" } });
  const project = await app.store.tenancy.getProject(actor.organizationId, input.projectId);
  if (!project) throw new RoundsError("NOT_FOUND", "No such project in your organisation.");
  const fileName = sanitizeFileName(input.fileName);
  if (input.size === 0) throw new RoundsError("BAD_REQUEST", `${fileName} is empty.`, { details: { reason: "empty" } });
  const mediaType = sniffMediaType(input.head, fileName);
  const isAudio = audioVideoTypes.has(mediaType);
  const limit = uploadLimit(app, mediaType);
  if (input.size > limit) throw tooLarge(fileName, input.size, limit);
  if (isAudio) {
    if (!input.patientId) throw new RoundsError("BAD_REQUEST", "Audio uploads are session recordings: name the patient they belong to.");
    if (!app.config.models.transcriber) throw new RoundsError("UNSUPPORTED_MEDIA_TYPE", "No speech-to-text model is configured (models.transcriber), so recordings cannot be transcribed.");
  } else if (!app.host.parserIdFor(mediaType)) {
    throw new RoundsError("UNSUPPORTED_MEDIA_TYPE", `${fileName} looks like ${mediaType}, which Rounds cannot read. Send PDF, DOCX, text, Markdown, HTML or a VTT/SRT/JSON transcript.`, { details: { mediaType } });
  }
  const isTranscript = isAudio || transcriptTypes.has(mediaType);
  // Patient material needs a patient: a transcript without one would become shared knowledge that every question quotes.
  if (isTranscript && !input.patientId && !project.policy.sharedTranscripts) {
    throw new RoundsError("BAD_REQUEST", `${fileName} is a session transcript: name the patient it belongs to (ingest <file> --patient <id>, or patientId in the API). A project whose transcripts are shared teaching material says so in its policy (sharedTranscripts).`, { details: { reason: "patient_required" } });
  }
  if (input.patientId) {
    // Only admins upload (`uploaderRoles`), and the care team does not bind them: no care-team check here.
    const patient = await app.store.identity.getPatient(actor.organizationId, input.patientId);
    if (!patient) throw new RoundsError("NOT_FOUND", "No such patient in your organisation.");
    // A patient's session material needs consent to its recording; recordings also to their transcription.
    await requireConsent(app, { organizationId: actor.organizationId, patientId: input.patientId, types: isAudio ? ["recording", "transcription"] : ["recording"] });
  }
  return { fileName, mediaType, isAudio, isTranscript };
}

/**
 * Accepts one upload: the checks of `checkUpload` (limits, media-type
 * sniffing, file-name sanitising, consent for recordings), then the
 * content-addressed blob, document row, and the processing job. Bad input is
 * refused before anything is stored.
 */
export async function ingestFile(app: AppContext, input: IngestFileInput): Promise<IngestFileResult> {
  const { actor } = input;
  const { fileName, mediaType, isTranscript } = await checkUpload(app, { ...input, head: input.bytes, size: input.bytes.byteLength });
  // A patient's material is private unless the uploader says otherwise.
  const visibility = input.visibility ?? (input.patientId ? "private" : "public");
  const contentHash = createHash("sha256").update(input.bytes).digest("hex");
  const blobKey = `uploads/${actor.organizationId}/${input.projectId}/${contentHash}`;
  await app.blobs.put(blobKey, input.bytes, { contentType: mediaType });
  const created = await app.store.knowledge.createDocument({
    organizationId: actor.organizationId, projectId: input.projectId, patientId: input.patientId ?? null,
    kind: isTranscript ? "transcript" : "document",
    title: fileName.replace(/\.[a-z0-9]{1,5}$/i, ""), fileName, mediaType, sizeBytes: input.bytes.byteLength, contentHash, blobKey,
    visibility, sourceChannel: input.sourceChannel ?? null, uploadedByUserId: actor.userId,
  });
  if (created.duplicateOf) {
    const dup = created.duplicateOf;
    // The same bytes under another patient, or with another visibility, is not "already there": say so instead of keeping the old scope.
    if ((dup.patientId ?? null) !== (input.patientId ?? null) || (input.visibility !== undefined && dup.visibility !== input.visibility)) {
      const was = dup.patientId ? (input.patientId ? "another patient" : "a patient") : "no patient (shared)";
      throw new RoundsError("CONFLICT", `${fileName} is already stored (document ${dup.id}) for ${was}, ${dup.visibility}. Re-uploading it does not change its patient or visibility: delete that document (docs delete ${dup.id}) and upload again.`, { details: { reason: "scope_change", documentId: dup.id } });
    }
    return { document: dup, deduplicated: true };
  }
  const document = created.document;
  const job = await enqueueDocumentJob(app, document);
  await recordAudit(app, { organizationId: actor.organizationId, actor, action: "document.upload", targetType: "document", targetId: document.id, ...(document.patientId && { patientId: document.patientId }), details: { mediaType, sizeBytes: document.sizeBytes, version: document.version } });
  app.logger.info({ documentId: document.id, mediaType, sizeBytes: document.sizeBytes }, "document accepted");
  return { document, deduplicated: false, jobId: job.id };
}
