/**
 * @rounds/core: ports, the plugin host, configuration, jobs, use cases and
 * the HTTP API. Imports no vendor SDK (see README.md).
 */
export * from "./errors/index.ts";
export * from "./ports/index.ts";
export * from "./plugins/index.ts";
export * from "./config/index.ts";
export { createLogger, silentLogger, phiKeys, type Logger, type LoggerOptions } from "./logging/logger.ts";
export { assertBlobKey, collect } from "./blob/blob-key.ts";
export type { AppContext } from "./app/app-context.ts";
export type { Store } from "./store/store.ts";
export type { BuiltinCommand } from "./commands/builtin-command.ts";
export { builtinCommands } from "./app/builtin-commands.ts";
export * from "./jobs/index.ts";
export type { TenancyRepository, Organization, Project, ProjectProfile, ProjectPolicy, ChannelBinding } from "./tenancy/tenancy-repository.ts";
export type * from "./ingest/knowledge-repository.ts";
export type * from "./answer/answer-repository.ts";
export type { IdentityRepository, User, Patient, ApiKeyRecord, AdminSession } from "./identity/identity-repository.ts";
export type * from "./consent/consent-repository.ts";
export { consentTypes } from "./consent/consent-repository.ts";
export { requireConsent, hasConsent, consentedPatients, recordConsent, consentStatus } from "./consent/require-consent.ts";
export type { AuditRepository, AuditEntry, AuditRow, AuditQuery } from "./audit/audit-repository.ts";
export { recordAudit, type AuditInput } from "./audit/record-audit.ts";
export type { TrainingRepository, TrainingScope, ModelVersion, ModelVersionStatus, ModelArtifact, NewModelVersion, Aliases, AliasName, Schedule, ScheduleInput, ScheduleParams, TrainingSource, DatasetRecord, FineTuneJob, FineTuneState } from "./training/training-repository.ts";
export type { NotesRepository, NoteRecord, NoteSection, NewNote } from "./notes/notes-repository.ts";
export { generateNote, editNote, approveNote, getNote, listNotes, parseRisk, limitWords, countWords, NOTE_SECTIONS } from "./notes/generate-note.ts";
export { builtinJobs } from "./app/builtin-jobs.ts";
export { builtinCommandsPlugin } from "./commands/builtin-plugin.ts";
export { runCommand } from "./commands/run-command.ts";
export { checkReadiness, type Readiness } from "./api/readiness.ts";
export { toProblem, type Problem } from "./api/problem.ts";
export { metrics, metricsRegistry } from "./observability/metrics.ts";
export { contextFromCarrier, currentTraceCarrier, withSpan, type SpanOptions } from "./observability/tracing.ts";
export { stem, terms, words } from "./text/analyze.ts";
export { ingestFile, type IngestFileInput, type IngestFileResult } from "./ingest/ingest-file.ts";
export { reviewDocument, type DocumentAction } from "./ingest/review-document.ts";
export { answerQuestion, locatorOf, rewriteQuery, type AskInput, type AskResult, type AnswerSource } from "./answer/answer-question.ts";
export { checkCitations, citedNumbers, NOT_IN_CONTEXT } from "./answer/citations.ts";
export { answerBlocks } from "./answer/commands.ts";
export { configuredSpace, servingSpace } from "./ingest/embedding-spaces.ts";
export { chunkDocument, countTokens, splitSentences, type Chunk, type ChunkOptions } from "./ingest/chunker.ts";
export { createApiKey, revokeApiKey, actorForApiKey } from "./identity/api-keys.ts";
export { checkQuestionRate } from "./identity/rate-limit.ts";
export { databaseRateCounter, redisRateCounter, type RateCounter } from "./identity/rate-counter.ts";
export { evaluationAnswerer } from "./answer/evaluation-answerer.ts";
export { modelForVersion, isVersionable, type VersionableModel } from "./answer/model-for-version.ts";
export { answerModelRuntime, type MeasuredModel, type ModelRuntimeMetrics, type ModelRequestMetric } from "./answer/model-runtime.ts";
export { ensureSchedulesTick } from "./training/schedules-tick.ts";
