export { describeBlobStoreConformance } from "./blob-store.ts";
export { describeEmbedderConformance } from "./embedder.ts";
export { describeLanguageModelConformance } from "./language-model.ts";
export { describeRetrievalIndexConformance, type RetrievalFixture } from "./retrieval-index.ts";
export {
  describeClassifierConformance, describeDeidentifierConformance, describeTranscriberConformance,
  describeTrainerConformance, describeParserConformance, describeChannelConformance,
} from "./small-ports.ts";
export { describeJobQueueConformance } from "./job-queue.ts";
export { describeDataSourceConformance, type DataSourceFixture } from "./data-source.ts";
