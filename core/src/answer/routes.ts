import type { FastifyInstance } from "fastify";
import { requireRole } from "../api/auth.ts";
import type { AppContext } from "../app/app-context.ts";
import { toProblem } from "../api/problem.ts";
import { RoundsError } from "../errors/index.ts";
import { checkQuestionRate } from "../identity/rate-limit.ts";
import { answerQuestion } from "./answer-question.ts";
import { answerRelease } from "./answer-release.ts";
import { releasePatientText } from "../consent/release-patient-text.ts";
import { answerModelRuntime } from "./model-runtime.ts";
import { usageSummary } from "./usage-summary.ts";
import { rateAnswer } from "./rate-answer.ts";

const uuid = { type: "string", format: "uuid" } as const;

/** HTTP routes of this domain, mounted under `/v1`. */
export function registerAnswerRoutes(api: FastifyInstance, app: AppContext): void {
  api.get("/models/runtime", {
    schema: {
      summary: "How the local answer model is doing: tokens/s, time to first token, queue wait, per request",
      description: "`{ runtime: null }` when the answer model does not run on this machine (cloud or extractive).",
      tags: ["answers"],
    },
  }, async (request) => {
    requireRole(request, "admin", "clinician", "auditor");
    return { runtime: (await answerModelRuntime(app)) ?? null };
  });

  api.post<{ Body: { projectId: string; question: string; patientIds?: string[]; conversationId?: string; stream?: boolean } }>("/ask", {
    schema: {
      summary: "Ask the knowledge base; answers cite their sources, or refuse",
      description: "With `stream: true` (or `Accept: text/event-stream`) the reply is server-sent events: `draft` events while the model writes, then one `answer` event with the checked result (or an `error` event).",
      tags: ["answers"],
      body: {
        type: "object", additionalProperties: false, required: ["projectId", "question"],
        properties: {
          projectId: uuid, question: { type: "string", minLength: 1, maxLength: 4000 },
          patientIds: { type: "array", items: uuid, maxItems: 20 }, conversationId: { type: "string", maxLength: 200 }, stream: { type: "boolean" },
        },
      },
    },
  }, async (request, reply) => {
    const actor = requireRole(request, "admin", "clinician", "patient");
    const { projectId, question, patientIds, conversationId, stream } = request.body;
    await checkQuestionRate(app, actor);
    const conversation = conversationId
      ? await app.store.answers.ensureConversation({ organizationId: actor.organizationId, projectId, userId: actor.userId, channel: "api", externalConversationId: conversationId })
      : undefined;
    const input = { actor, projectId, question, visibility: "private" as const, channel: "api", ...(patientIds && { patientIds }), ...(conversation && { conversationId: conversation }) };
    const wantsStream = stream === true || (request.headers.accept ?? "").includes("text/event-stream");
    if (!wantsStream) return answerQuestion(app, input);

    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive", "x-request-id": String(request.id) });
    const send = (event: string, data: unknown) => raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    const abort = new AbortController();
    raw.on("close", () => abort.abort());
    try {
      const result = await answerQuestion(app, { ...input, signal: abort.signal, onDraft: (text) => send("draft", { text }) });
      send("answer", result);
    } catch (error) {
      send("error", toProblem(error, String(request.id)));
    } finally {
      raw.end();
    }
  });

  api.get<{ Params: { id: string } }>("/answers/:id", {
    schema: { summary: "An answer with its citations and the cited passages", tags: ["answers"], params: { type: "object", properties: { id: uuid }, required: ["id"] } },
  }, async (request) => {
    const actor = requireRole(request);
    const answer = await app.store.answers.getAnswer(actor.organizationId, request.params.id);
    if (!answer || (actor.role === "patient" && answer.userId !== actor.userId)) throw new RoundsError("NOT_FOUND", "No such answer.");
    const chunks = await app.store.knowledge.getChunks({ organizationId: actor.organizationId, projectId: answer.projectId, reader: "unrestricted" }, answer.citations.map((c) => c.chunkId));
    await releasePatientText(app, actor, [answerRelease(answer, chunks)]);
    return { ...answer, passages: chunks.map((c) => ({ chunkId: c.id, documentId: c.documentId, title: c.documentTitle, page: c.page ?? null, text: c.text })) };
  });

  api.post<{ Params: { id: string }; Body: { rating: "up" | "down"; comment?: string } }>("/answers/:id/feedback", {
    schema: {
      summary: "Rate an answer", tags: ["answers"], params: { type: "object", properties: { id: uuid }, required: ["id"] },
      body: { type: "object", additionalProperties: false, required: ["rating"], properties: { rating: { enum: ["up", "down"] }, comment: { type: "string", maxLength: 2000 } } },
    },
  }, async (request, reply) => {
    const actor = requireRole(request, "admin", "clinician", "patient");
    await rateAnswer(app, actor, { answerId: request.params.id, rating: request.body.rating, ...(request.body.comment && { comment: request.body.comment }) });
    return reply.code(204).send();
  });

  api.get<{ Querystring: { days?: number; projectId?: string } }>("/usage", {
    schema: {
      summary: "Usage: questions per day, refusals and reasons, feedback ratio, latency p50/p95",
      tags: ["answers"],
      querystring: { type: "object", additionalProperties: false, properties: { days: { type: "integer", minimum: 1, maximum: 366, default: 30 }, projectId: uuid } },
    },
  }, async (request) => {
    const actor = requireRole(request, "admin", "auditor");
    return usageSummary(app, actor, { days: request.query.days ?? 30, ...(request.query.projectId && { projectId: request.query.projectId }) });
  });
}
