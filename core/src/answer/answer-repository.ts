/**
 * Conversations, answers, citations, feedback and refusals. Implemented in
 * `drizzle/src/repos/answers.ts`. Owned by retrieval and answers.
 */

export type AnswerKind = "generated" | "extractive" | "refusal";
export type RefusalReason = "no_evidence" | "weak_evidence" | "model_declined" | "uncited" | "invalid_citation";

export interface CitationRecord {
  n: number;
  chunkId: string;
  documentId: string;
  score: number | null;
}

export interface NewAnswer {
  organizationId: string;
  projectId: string;
  conversationId: string | null;
  userId: string;
  question: string;
  rewrittenQuery: string | null;
  text: string;
  kind: AnswerKind;
  refusalReason: RefusalReason | null;
  modelId: string | null;
  modelVersionId: string | null;
  spaceId: string | null;
  patientIds: string[];
  channel: string | null;
  latencyMs: number;
  retrievalMs: number;
  generationMs: number | null;
  citations: CitationRecord[];
}

export interface AnswerRecord extends NewAnswer {
  id: string;
  createdAt: Date;
}

/** Aggregates of stored answers for the usage page: counts and timings only, never question text. */
export interface UsageSummary {
  /** One row per UTC day that had questions, oldest first. */
  perDay: Array<{ day: string; questions: number; refusals: number }>;
  refusalReasons: Partial<Record<RefusalReason, number>>;
  feedback: { up: number; down: number };
  /** End-to-end answer latency (`latency_ms` as recorded with each answer). */
  latencyMs: { p50: number | null; p95: number | null; n: number };
}

export interface AnswerRepository {
  /** The conversation for a chat thread (created on first use). */
  ensureConversation(input: { organizationId: string; projectId: string; userId: string; channel: string; externalConversationId: string }): Promise<string>;
  /** Last `limit` user questions of a conversation, oldest first. */
  recentQuestions(organizationId: string, conversationId: string, limit: number): Promise<string[]>;
  /** Stores the answer, its citations and the conversation turn in one transaction. */
  saveAnswer(answer: NewAnswer): Promise<AnswerRecord>;
  /** Scoped: another organisation's answer is `undefined`. */
  getAnswer(organizationId: string, id: string): Promise<AnswerRecord | undefined>;
  addFeedback(input: { organizationId: string; answerId: string; userId: string; rating: "up" | "down"; comment?: string }): Promise<void>;
  /** Recent refusals with their reasons, for admins. */
  listRefusals(organizationId: string, options?: { projectId?: string; limit?: number }): Promise<AnswerRecord[]>;
  /** Usage of an organisation (optionally one project) since a time. */
  usage(organizationId: string, options: { since: Date; projectId?: string }): Promise<UsageSummary>;
}
