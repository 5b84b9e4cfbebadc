import type {
  BlobStore, Channel, Classifier, CommandHandler, DataSource, Deidentifier, Embedder, LanguageModel,
  Parser, RetrievalIndex, SignOnProvider, Trainer, Transcriber,
} from "../ports/index.ts";
import type { ContributionKind } from "./manifest.ts";

/** What each contribution kind registers. */
export interface ContributionTypes {
  blobStores: BlobStore;
  parsers: Parser;
  embedders: Embedder;
  languageModels: LanguageModel;
  retrievalIndexes: RetrievalIndex;
  trainers: Trainer;
  classifiers: Classifier;
  deidentifiers: Deidentifier;
  transcribers: Transcriber;
  channels: Channel;
  dataSources: DataSource;
  signOnProviders: SignOnProvider;
  commands: CommandHandler;
}

export type Implementation<K extends ContributionKind> = ContributionTypes[K];

/**
 * A port implementation may be registered as the value itself or as a factory
 * that is called once on first use (so expensive models load lazily).
 */
export type Registration<K extends ContributionKind> = Implementation<K> | (() => Implementation<K> | Promise<Implementation<K>>);
