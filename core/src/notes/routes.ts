import type { FastifyInstance } from "fastify";
import { requireRole } from "../api/auth.ts";
import type { AppContext } from "../app/app-context.ts";
import { acknowledgeRisk, approveNote, breakGlassNote, editNote, generateNote, getNote, listNotes } from "./generate-note.ts";
import { ALL_SECTION_KEYS, NOTE_FORMAT_IDS, type NoteFormat } from "./note-formats.ts";

const idParams = { type: "object", properties: { noteId: { type: "string", format: "uuid" } }, required: ["noteId"] } as const;

/** HTTP routes of this domain, mounted under `/v1`. */
export function registerNotesRoutes(api: FastifyInstance, app: AppContext): void {
  api.post<{ Body: { projectId: string; documentId: string; format?: NoteFormat; kind?: "progress" | "psychotherapy" } }>("/notes", {
    schema: {
      summary: "Write a draft session note from a patient's transcript (needs ai_analysis consent)", tags: ["notes"],
      body: { type: "object", additionalProperties: false, required: ["projectId", "documentId"], properties: { projectId: { type: "string", format: "uuid" }, documentId: { type: "string", format: "uuid" }, format: { enum: NOTE_FORMAT_IDS }, kind: { enum: ["progress", "psychotherapy"] } } },
    },
  }, async (request, reply) => {
    const actor = requireRole(request, "admin", "clinician");
    const { projectId, documentId, format, kind } = request.body;
    const result = await generateNote(app, actor, { projectId, documentId, ...(format ? { format } : {}), ...(kind ? { kind } : {}) });
    return reply.code(201).send({ ...result.note, ...(result.fallback ? { fallback: result.fallback } : {}) });
  });

  api.get<{ Querystring: { patientId?: string; documentId?: string } }>("/notes", {
    schema: {
      summary: "Session notes, newest first, by patient or transcript", tags: ["notes"],
      querystring: { type: "object", additionalProperties: false, properties: { patientId: { type: "string", format: "uuid" }, documentId: { type: "string", format: "uuid" } } },
    },
  }, async (request) => {
    const actor = requireRole(request, "admin", "clinician", "auditor");
    return listNotes(app, actor, request.query);
  });

  const narrowing = { type: "object", additionalProperties: false, properties: { projectId: { type: "string", format: "uuid" }, patientId: { type: "string", format: "uuid" } } } as const;
  api.get<{ Params: { noteId: string }; Querystring: { projectId?: string; patientId?: string } }>("/notes/:noteId", {
    schema: { summary: "One session note (optionally only if it is of this project and patient)", tags: ["notes"], params: idParams, querystring: narrowing },
  }, async (request) => getNote(app, requireRole(request, "admin", "clinician", "auditor"), request.params.noteId, request.query));

  api.post<{ Params: { noteId: string }; Body: { reason?: string } }>("/notes/:noteId/break-glass", {
    schema: {
      summary: "Break-glass: an admin opens another clinician's psychotherapy note, read only, for a stated reason (audited)", tags: ["notes"], params: idParams,
      body: { type: "object", additionalProperties: false, properties: { reason: { type: "string", maxLength: 500 } } },
    },
  }, async (request) => breakGlassNote(app, requireRole(request, "admin"), request.params.noteId, request.body?.reason));

  api.patch<{ Params: { noteId: string }; Body: { sections: Array<{ key: string; text: string }> } }>("/notes/:noteId", {
    schema: {
      summary: "Edit sections of a draft note", tags: ["notes"], params: idParams,
      body: {
        type: "object", additionalProperties: false, required: ["sections"],
        properties: { sections: { type: "array", minItems: 1, maxItems: 8, items: { type: "object", additionalProperties: false, required: ["key", "text"], properties: { key: { enum: ALL_SECTION_KEYS }, text: { type: "string", maxLength: 20_000 } } } } },
      },
    },
  }, async (request) => editNote(app, requireRole(request, "admin", "clinician"), request.params.noteId, request.body.sections));

  api.post<{ Params: { noteId: string } }>("/notes/:noteId/acknowledge-risk", {
    schema: { summary: "Acknowledge a note's risk flags (required before approving a note that has any)", tags: ["notes"], params: idParams },
  }, async (request) => acknowledgeRisk(app, requireRole(request, "admin", "clinician"), request.params.noteId));

  api.post<{ Params: { noteId: string } }>("/notes/:noteId/approve", {
    schema: { summary: "Approve a draft note (409 while risk flags are unacknowledged)", tags: ["notes"], params: idParams },
  }, async (request) => approveNote(app, requireRole(request, "admin", "clinician"), request.params.noteId));
}
