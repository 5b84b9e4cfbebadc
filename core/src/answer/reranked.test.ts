import { describe, expect, it } from "vitest";
import type { SearchHit } from "../ports/index.ts";
import { reranked } from "./retrieve-passages.ts";

const hit = (chunkId: string, ranks: { lexicalRank?: number; vectorRank?: number }): SearchHit => ({ chunkId, documentId: chunkId, score: 0, ...ranks });

describe("reranked", () => {
  // Fused at vector weight 0.5: the vector list lifted b (lexical 3) and the vector-only v above the lexical second.
  const fused = [hit("a", { lexicalRank: 1, vectorRank: 5 }), hit("b", { lexicalRank: 3, vectorRank: 1 }), hit("v", { vectorRank: 2 }), hit("c", { lexicalRank: 2 })];

  it("at weight 0 is the lexical order, hits only the vector list found last", () => {
    expect(reranked(fused, 0).map((h) => h.chunkId)).toEqual(["a", "c", "b", "v"]);
  });

  it("at the fused weight gives the fused order back", () => {
    expect(reranked(fused, 0.5).map((h) => h.chunkId)).toEqual(["a", "b", "c", "v"]);
  });

  it("keeps the first lexical hit first when the index kept it there, however much the vector list weighs", () => {
    const winner = [hit("w", { lexicalRank: 1 }), hit("x", { lexicalRank: 2, vectorRank: 1 })];
    expect(reranked(winner, 4).map((h) => h.chunkId)).toEqual(["w", "x"]);
  });
});
