// The fakes pass the same conformance suites as the real implementations, so
// a use-case test against a fake means something.
import {
  describeBlobStoreConformance, describeClassifierConformance, describeDeidentifierConformance,
  describeEmbedderConformance, describeLanguageModelConformance, describeParserConformance,
  describeRetrievalIndexConformance, describeTrainerConformance, describeTranscriberConformance,
  describeChannelConformance, describeDataSourceConformance,
} from "./conformance/index.ts";
import {
  FakeChannel, FakeClassifier, FakeDeidentifier, FakeEmbedder, FakeLanguageModel, FakeParser, FakeTrainer,
  FakeTranscriber, MemoryBlobStore, MemoryRetrievalIndex, FakeDataSource,
} from "./fakes/index.ts";

describeBlobStoreConformance("memory", () => new MemoryBlobStore());
describeEmbedderConformance("fake bag-of-words", () => new FakeEmbedder(64));
describeLanguageModelConformance("fake scripted", () => new FakeLanguageModel("and they lived happily."));
describeRetrievalIndexConformance("memory", async () => ({ index: new MemoryRetrievalIndex(), spaceId: "s1", seed: async () => {} }));
describeClassifierConformance("fake word overlap", () => new FakeClassifier());
describeDeidentifierConformance("fake", () => new FakeDeidentifier());
describeDataSourceConformance("fake", async () => {
  const organizationId = "0000000a-0000-4000-8000-00000000000a";
  const source = new FakeDataSource(organizationId, {
    catalog: {
      sourceId: "fake", title: "Fake", k: 10, relations: [],
      tables: [{ name: "stock", description: "Stock", patientLinked: false, columns: [{ name: "item", type: "text" }, { name: "on_hand", type: "integer" }] }],
      metrics: [{ id: "low_stock", title: "Low stock", description: "Items below reorder level", phrases: ["low on stock"], parameters: [], sql: "SELECT item FROM stock WHERE on_hand < 5" }],
    },
    tables: { stock: { columns: ["item", "on_hand"], rows: [["gauze", 2]] } },
    metricResults: { low_stock: { columns: ["item"], rows: [["gauze"]] } },
  });
  return { source, organizationId };
});
describeTranscriberConformance("fake", () => new FakeTranscriber(), async () => ({ audio: new Uint8Array(4), mediaType: "audio/wav" }));
describeTrainerConformance("fake", () => new FakeTrainer(), async () => ({ trainingFileKey: "d/train.jsonl", baseModel: "base", method: "supervised", hyperparameters: {} }));
describeParserConformance("fake text", () => new FakeParser(), {
  good: { bytes: new TextEncoder().encode("Para one.\n\nPara two."), fileName: "a.txt", mediaType: "text/plain" },
  bad: { bytes: new TextEncoder().encode("  \n\n "), fileName: "b.txt", mediaType: "text/plain" },
});
describeChannelConformance("fake", async () => {
  const channel = new FakeChannel();
  return {
    channel,
    drive: async (event) => {
      await channel.deliver(event);
      return channel.sent.flatMap((s) => s.message.blocks.flatMap((b) => (b.type === "text" ? [b.text] : [])));
    },
    close: async () => {},
  };
});
