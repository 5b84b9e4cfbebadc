export type { Disposable } from "./disposable.ts";
export type { BlobStore, BlobInfo } from "./blob-store.ts";
export type { Parser, ParseInput, ParsedDocument, ParsedSection, ParseFailureReason } from "./parser.ts";
export type { Embedder } from "./embedder.ts";
export type { LanguageModel, LanguageModelCallOptions, LanguageModelContent, LanguageModelStreamPart, LanguageModelPrompt } from "./language-model.ts";
export { guardLanguageModel, upstreamModelError } from "./guard-language-model.ts";
export type { RetrievalIndex, RetrievalScope, IndexedChunk, SearchHit, SearchQuery } from "./retrieval-index.ts";
export type { Trainer, TrainingState, TrainingEvent, TrainingSubmission, TrainingStatus } from "./trainer.ts";
export type { Classifier, Classification, ClassifyInput, DomainProfile } from "./classifier.ts";
export type { Deidentifier, DeidMode, DeidOptions, DeidOperator, DeidResult, PhiSpan, PhiType, PlaceholderNumbering } from "./deidentifier.ts";
export { placeholderNumbering } from "./deidentifier.ts";
export { progressBar } from "./progress-bar.ts";
export type { Transcriber, TranscriptSegment } from "./transcriber.ts";
export type { SignOnProvider, SignOnClaims, SignOnTransaction } from "./sign-on-provider.ts";
export type {
  Channel, ChannelKind, ChannelIdentity, ChannelConversation, InboundEvent, MessageBlock, OutboundMessage,
  ReplyTarget, ConversationHandler, SourceItem, ButtonSpec,
} from "./channel.ts";
export type { CommandHandler, CommandInvocation, CommandOrigin, CommandResult, Actor, Role } from "./command.ts";
export type {
  DataSource, DataCatalog, DataColumn, DataConnectReport, DataTable, DataRelation, DataResult, DataRunOptions, DataValue, Metric, MetricParameter, MetricParameterType,
} from "./data-source.ts";
