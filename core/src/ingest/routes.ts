import type { FastifyInstance } from "fastify";
import { requireRole } from "../api/auth.ts";
import type { AppContext } from "../app/app-context.ts";
import { RoundsError } from "../errors/index.ts";
import { sanitizeFileName } from "./file-name.ts";
import { ingestFile, tooLarge, uploaderRoles, uploadLimit } from "./ingest-file.ts";
import { sniffMediaType } from "./media-type.ts";
import type { DocumentStatus } from "./knowledge-repository.ts";
import { type DocumentAction, reviewDocument } from "./review-document.ts";

const uuid = { type: "string", format: "uuid" } as const;
const projectParams = { type: "object", properties: { projectId: uuid }, required: ["projectId"] } as const;
const docParams = { type: "object", properties: { projectId: uuid, id: uuid }, required: ["projectId", "id"] } as const;

/** HTTP routes of this domain, mounted under `/v1`. */
export function registerIngestRoutes(api: FastifyInstance, app: AppContext): void {
  // Uploads are the raw file body; anything that is not JSON is read as bytes, with the limit of
  // what the first bytes say it is (recordings have a larger one) applied while it arrives.
  api.addContentTypeParser("*", (request, payload, done) => {
    const fileName = (request.query as { fileName?: unknown } | undefined)?.fileName;
    const name = typeof fileName === "string" ? fileName : "upload";
    const declared = Number(request.headers["content-length"] ?? Number.NaN);
    const chunks: Buffer[] = [];
    let total = 0;
    let limit: number | undefined;
    let stopped = false;
    const stop = (error: Error) => {
      stopped = true;
      payload.removeAllListeners("data");
      payload.resume(); // drained, not kept
      done(error, undefined);
    };
    const decide = () => {
      limit = uploadLimit(app, sniffMediaType(new Uint8Array(Buffer.concat(chunks, total)), name));
      const size = Number.isFinite(declared) ? Math.max(declared, total) : total;
      if (size > limit) stop(tooLarge(sanitizeFileName(name), size, limit));
    };
    // Larger than anything Rounds takes: refused before a byte is read.
    if (Number.isFinite(declared) && declared > Math.max(app.config.limits.maxUploadBytes, app.config.limits.maxAudioUploadBytes)) {
      stop(tooLarge(sanitizeFileName(name), declared, Math.max(app.config.limits.maxUploadBytes, app.config.limits.maxAudioUploadBytes)));
      return;
    }
    payload.on("data", (chunk: Buffer) => {
      if (stopped) return;
      chunks.push(chunk);
      total += chunk.length;
      if (limit === undefined && total >= 64 * 1024) decide();
      else if (limit !== undefined && total > limit) stop(tooLarge(sanitizeFileName(name), total, limit));
    });
    payload.on("end", () => {
      if (stopped) return;
      if (limit === undefined) decide();
      if (!stopped) done(null, Buffer.concat(chunks, total));
    });
    payload.on("error", (error) => done(error, undefined));
  });

  api.post<{ Params: { projectId: string }; Querystring: { fileName: string; patientId?: string; visibility?: "public" | "private" }; Body: Buffer }>("/projects/:projectId/documents", {
    bodyLimit: app.config.limits.maxAudioUploadBytes,
    // A form upload (`curl -F`) would otherwise be refused for a missing fileName, or, with one, stored with the form's
    // envelope around the file: say what the route wants instead.
    preValidation: async (request) => {
      if (/^multipart\//i.test(request.headers["content-type"] ?? "")) {
        throw new RoundsError("UNSUPPORTED_MEDIA_TYPE", "Send the file's bytes as the request body (curl --data-binary @file) and its name as ?fileName=…; form uploads (multipart) are not read.");
      }
    },
    schema: {
      summary: "Upload a document or session transcript (raw file body)",
      description: "Send the file as the body (any content type; the type is sniffed from the bytes). The document is parsed and checked for relevance in the background; poll GET …/documents/:id.",
      tags: ["documents"], params: projectParams,
      querystring: { type: "object", required: ["fileName"], additionalProperties: false, properties: { fileName: { type: "string", minLength: 1, maxLength: 255 }, patientId: uuid, visibility: { enum: ["public", "private"] } } },
    },
  }, async (request, reply) => {
    const actor = requireRole(request, ...uploaderRoles);
    if (!Buffer.isBuffer(request.body)) throw new RoundsError("BAD_REQUEST", "Send the file as the request body.");
    const result = await ingestFile(app, {
      actor, projectId: request.params.projectId, fileName: request.query.fileName, bytes: new Uint8Array(request.body), sourceChannel: "api",
      ...(request.query.patientId && { patientId: request.query.patientId }), ...(request.query.visibility && { visibility: request.query.visibility }),
    });
    return reply.code(result.deduplicated ? 200 : 202).send(result);
  });

  api.get<{ Params: { projectId: string }; Querystring: { status?: DocumentStatus; limit?: number } }>("/projects/:projectId/documents", {
    schema: {
      summary: "List documents", tags: ["documents"], params: projectParams,
      querystring: { type: "object", additionalProperties: false, properties: { status: { enum: ["processing", "pending", "approved", "rejected", "irrelevant", "failed"] }, limit: { type: "integer", minimum: 1, maximum: 500 } } },
    },
  }, async (request) => {
    const actor = requireRole(request, "admin");
    const scope = { organizationId: actor.organizationId, projectId: request.params.projectId, reader: { userId: actor.userId } };
    return app.store.knowledge.listDocuments(scope, { ...(request.query.status && { status: request.query.status }), limit: request.query.limit ?? 100 });
  });

  api.get<{ Params: { projectId: string; id: string } }>("/projects/:projectId/documents/:id", {
    schema: { summary: "A document's state, relevance verdict and failure reason", tags: ["documents"], params: docParams },
  }, async (request) => {
    const actor = requireRole(request, "admin", "clinician");
    const doc = await app.store.knowledge.getDocument({ organizationId: actor.organizationId, projectId: request.params.projectId, reader: { userId: actor.userId } }, request.params.id);
    if (!doc || doc.deletedAt) throw new RoundsError("NOT_FOUND", "No such document in this project.");
    return doc;
  });

  for (const action of ["approve", "reject", "retry"] as const satisfies DocumentAction[]) {
    api.post<{ Params: { projectId: string; id: string } }>(`/projects/:projectId/documents/:id/${action}`, {
      schema: { summary: `${action[0]!.toUpperCase()}${action.slice(1)} a document`, tags: ["documents"], params: docParams },
    }, async (request) => {
      const actor = requireRole(request, "admin");
      return reviewDocument(app, { actor, projectId: request.params.projectId, documentId: request.params.id, action });
    });
  }

  api.delete<{ Params: { projectId: string; id: string } }>("/projects/:projectId/documents/:id", {
    schema: { summary: "Delete a document (kept for training, no longer answered from)", tags: ["documents"], params: docParams },
  }, async (request, reply) => {
    const actor = requireRole(request, "admin");
    await reviewDocument(app, { actor, projectId: request.params.projectId, documentId: request.params.id, action: "delete" });
    return reply.code(204).send();
  });
}
