import type { AnswerRecord, AnswerRepository, UsageSummary } from "@rounds/core";
import { RoundsError } from "@rounds/core";
import { and, asc, desc, eq, gte, sql } from "drizzle-orm";
import type { RoundsDb } from "../client.ts";
import { answers, citations, conversations, feedback, messages } from "../schema/index.ts";
import { rowsOf } from "./rows.ts";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function toAnswer(r: typeof answers.$inferSelect, cites: Array<typeof citations.$inferSelect>): AnswerRecord {
  return {
    id: r.id, organizationId: r.organizationId, projectId: r.projectId, conversationId: r.conversationId, userId: r.userId,
    question: r.question, rewrittenQuery: r.rewrittenQuery, text: r.text, kind: r.kind,
    refusalReason: (r.refusalReason as AnswerRecord["refusalReason"]) ?? null, modelId: r.modelId, modelVersionId: r.modelVersionId,
    spaceId: r.spaceId, patientIds: r.patientIds, channel: r.channel, latencyMs: r.latencyMs ?? 0, retrievalMs: r.retrievalMs ?? 0,
    generationMs: r.generationMs, createdAt: r.createdAt,
    citations: cites.sort((a, b) => a.n - b.n).map((c) => ({ n: c.n, chunkId: c.chunkId, documentId: c.documentId, score: c.score })),
  };
}

export function createAnswersRepository(db: RoundsDb): AnswerRepository {
  return {
    async ensureConversation(input) {
      const [found] = await db.select({ id: conversations.id }).from(conversations).where(and(
        eq(conversations.organizationId, input.organizationId), eq(conversations.projectId, input.projectId), eq(conversations.userId, input.userId),
        eq(conversations.channel, input.channel), eq(conversations.externalConversationId, input.externalConversationId),
      )).limit(1);
      if (found) return found.id;
      const [row] = await db.insert(conversations).values({ ...input }).returning({ id: conversations.id });
      return row!.id;
    },

    async recentQuestions(organizationId, conversationId, limit) {
      const rows = await db.select({ text: messages.text }).from(messages)
        .innerJoin(conversations, eq(conversations.id, messages.conversationId))
        .where(and(eq(conversations.organizationId, organizationId), eq(messages.conversationId, conversationId), eq(messages.role, "user")))
        .orderBy(desc(messages.createdAt)).limit(limit);
      return rows.map((r) => r.text).reverse();
    },

    async saveAnswer(a) {
      const { citations: cites, ...row } = a;
      // One statement (writable CTEs), atomic as the transaction it replaces, in one round trip instead of four or five
      // (BEGIN, the answer, its citations, the conversation's messages, COMMIT): each costs about 1 ms of CPU on the embedded tier.
      const conversation = a.conversationId ? sql`, m as (insert into ${messages} (conversation_id, role, text, created_at)
        values (${a.conversationId}::uuid, 'user', ${a.question}, now()), (${a.conversationId}::uuid, 'assistant', ${a.text}, now() + interval '1 millisecond'))` : sql``;
      const result = await db.execute(sql`with a as ${db.insert(answers).values(row).returning({ id: answers.id, createdAt: answers.createdAt })},
        c as (insert into ${citations} (answer_id, n, chunk_id, document_id, score)
          select (select id from a), x.n, x."chunkId", x."documentId", x.score from jsonb_to_recordset(${JSON.stringify(cites)}::jsonb) as x(n int, "chunkId" uuid, "documentId" uuid, score real)
          returning n, chunk_id, document_id, score)${conversation}
        select a.id, a.created_at, coalesce((select json_agg(json_build_object('n', c.n, 'chunkId', c.chunk_id, 'documentId', c.document_id, 'score', c.score)) from c), '[]'::json) as cites from a`);
      type Cite = { n: number; chunkId: string; documentId: string; score: number | null };
      const [saved] = rowsOf<{ id: string; created_at: Date | string; cites: string | Cite[] }>(result);
      const citeRows = typeof saved!.cites === "string" ? (JSON.parse(saved!.cites) as Cite[]) : saved!.cites;
      return toAnswer({ ...row, patientIds: row.patientIds ?? [], id: saved!.id, createdAt: new Date(saved!.created_at) },
        citeRows.map((c) => ({ id: "", answerId: saved!.id, ...c })));
    },

    async getAnswer(organizationId, id) {
      if (!uuidPattern.test(id)) return undefined;
      const [row] = await db.select().from(answers).where(and(eq(answers.organizationId, organizationId), eq(answers.id, id)));
      if (!row) return undefined;
      const cites = await db.select().from(citations).where(eq(citations.answerId, id)).orderBy(asc(citations.n));
      return toAnswer(row, cites);
    },

    async addFeedback(input) {
      const [row] = uuidPattern.test(input.answerId)
        ? await db.select({ id: answers.id }).from(answers).where(and(eq(answers.organizationId, input.organizationId), eq(answers.id, input.answerId)))
        : [];
      if (!row) throw new RoundsError("NOT_FOUND", "No such answer.");
      await db.insert(feedback).values({ answerId: input.answerId, organizationId: input.organizationId, userId: input.userId, rating: input.rating, comment: input.comment ?? null });
    },

    async listRefusals(organizationId, options = {}) {
      const rows = await db.select().from(answers).where(and(eq(answers.organizationId, organizationId), eq(answers.kind, "refusal"),
        options.projectId ? eq(answers.projectId, options.projectId) : undefined)).orderBy(desc(answers.createdAt)).limit(options.limit ?? 50);
      return rows.map((r) => toAnswer(r, []));
    },

    async usage(organizationId, options) {
      const scope = and(eq(answers.organizationId, organizationId), gte(answers.createdAt, options.since),
        options.projectId ? eq(answers.projectId, options.projectId) : undefined);
      const day = sql<string>`to_char(${answers.createdAt} at time zone 'UTC', 'YYYY-MM-DD')`;
      const [perDay, reasons, ratings, [latency]] = await Promise.all([
        db.select({ day, questions: sql<number>`count(*)::int`, refusals: sql<number>`(count(*) filter (where ${answers.kind} = 'refusal'))::int` })
          .from(answers).where(scope).groupBy(day).orderBy(day),
        db.select({ reason: answers.refusalReason, n: sql<number>`count(*)::int` }).from(answers)
          .where(and(scope, eq(answers.kind, "refusal"))).groupBy(answers.refusalReason),
        db.select({ rating: feedback.rating, n: sql<number>`count(*)::int` }).from(feedback)
          .innerJoin(answers, and(eq(answers.id, feedback.answerId), eq(answers.organizationId, feedback.organizationId)))
          .where(and(eq(feedback.organizationId, organizationId), scope)).groupBy(feedback.rating),
        db.select({
          p50: sql<number | null>`percentile_cont(0.5) within group (order by ${answers.latencyMs})`,
          p95: sql<number | null>`percentile_cont(0.95) within group (order by ${answers.latencyMs})`,
          n: sql<number>`count(${answers.latencyMs})::int`,
        }).from(answers).where(scope),
      ]);
      const summary: UsageSummary = {
        perDay: perDay.map((r) => ({ day: r.day, questions: Number(r.questions), refusals: Number(r.refusals) })),
        refusalReasons: Object.fromEntries(reasons.map((r) => [r.reason ?? "unknown", Number(r.n)])),
        feedback: { up: Number(ratings.find((r) => r.rating === "up")?.n ?? 0), down: Number(ratings.find((r) => r.rating === "down")?.n ?? 0) },
        latencyMs: { p50: latency?.p50 == null ? null : Number(latency.p50), p95: latency?.p95 == null ? null : Number(latency.p95), n: Number(latency?.n ?? 0) },
      };
      return summary;
    },
  };
}
