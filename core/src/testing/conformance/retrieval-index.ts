import { describe, expect, it } from "vitest";
import type { IndexedChunk, RetrievalIndex } from "../../ports/index.ts";
import { FakeEmbedder } from "../fakes/fake-embedder.ts";

export interface RetrievalFixture {
  index: RetrievalIndex;
  spaceId: string;
  /**
   * Makes the chunks exist and be searchable in the implementation's world
   * (for SQL: document + chunk rows, approved). The fake needs nothing.
   */
  seed(chunks: IndexedChunk[]): Promise<void>;
}

/** Every RetrievalIndex runs this suite: ranking, fusion and scope filters. */
export function describeRetrievalIndexConformance(name: string, create: (dimensions: number) => Promise<RetrievalFixture>): void {
  const embedder = new FakeEmbedder(16);
  const chunk = async (id: string, text: string, over: Partial<IndexedChunk> = {}): Promise<IndexedChunk> => ({
    chunkId: id, documentId: `doc-${id}`, organizationId: "org-a", projectId: "proj-a", patientId: null, text,
    vector: (await embedder.embedDocuments([text]))[0]!, ...over,
  });
  describe(`RetrievalIndex conformance: ${name}`, () => {
    it("ranks the matching chunk first and respects k", async () => {
      const f = await create(16);
      const chunks = [
        await chunk("c1", "ketamine infusion blood pressure monitoring"),
        await chunk("c2", "cafeteria lunch menu"),
        await chunk("c3", "parking garage opening hours"),
      ];
      await f.seed(chunks);
      await f.index.upsert(f.spaceId, chunks);
      const text = "blood pressure during ketamine infusion";
      const hits = await f.index.search({ scope: { organizationId: "org-a", projectId: "proj-a" }, spaceId: f.spaceId, text, vector: await embedder.embedQuery(text), k: 2 });
      expect(hits).toHaveLength(2);
      expect(hits[0]!.chunkId).toBe("c1");
      expect(hits[0]!.lexicalRank).toBe(1);
    });

    it("with vector weight 0 (or no query vector) searches the lexical list alone: no vector ranks, only chunks sharing words", async () => {
      const f = await create(16);
      const chunks = [
        await chunk("l1", "ketamine infusion blood pressure monitoring"),
        await chunk("l2", "cafeteria lunch menu"),
        await chunk("l3", "parking garage opening hours"),
      ];
      await f.seed(chunks);
      await f.index.upsert(f.spaceId, chunks);
      const text = "blood pressure during ketamine infusion";
      const scope = { organizationId: "org-a", projectId: "proj-a" };
      const weighted = await f.index.search({ scope, spaceId: f.spaceId, text, vector: await embedder.embedQuery(text), k: 3, vectorWeight: 0 });
      const without = await f.index.search({ scope, spaceId: f.spaceId, text, k: 3, vectorWeight: 0 });
      for (const hits of [weighted, without]) {
        expect(hits.map((h) => h.chunkId)).toEqual(["l1"]);
        expect(hits[0]!.vectorRank).toBeUndefined();
        expect(hits[0]!.lexicalRank).toBe(1);
      }
      // With a say in fusion the vector list ranks every chunk of the space.
      const hybrid = await f.index.search({ scope, spaceId: f.spaceId, text, vector: await embedder.embedQuery(text), k: 3, vectorWeight: 1 });
      expect(hybrid).toHaveLength(3);
    });

    it("never returns another tenant's, project's or patient's chunks", async () => {
      const f = await create(16);
      const text = "zebra protocol for dissociation";
      const chunks = [
        await chunk("t1", text, { organizationId: "org-b", projectId: "proj-b" }),
        await chunk("t2", text, { projectId: "proj-other" }),
        await chunk("t3", text, { patientId: "patient-2" }),
        await chunk("t4", text, { patientId: "patient-1" }),
      ];
      await f.seed(chunks);
      await f.index.upsert(f.spaceId, chunks);
      const vector = await embedder.embedQuery(text);
      const none = await f.index.search({ scope: { organizationId: "org-a", projectId: "proj-a" }, spaceId: f.spaceId, text, vector, k: 10 });
      expect(none).toEqual([]);
      const own = await f.index.search({ scope: { organizationId: "org-a", projectId: "proj-a", patientIds: ["patient-1"] }, spaceId: f.spaceId, text, vector, k: 10 });
      expect(own.map((h) => h.chunkId)).toEqual(["t4"]);
    });
  });
}
