import { describe, expect, it } from "vitest";
import type { SearchHit } from "../ports/index.ts";
import { clearWinner } from "./clear-winner.ts";

const hit = (chunkId: string, documentId: string, bm25?: number): SearchHit => ({ chunkId, documentId, score: 0, ...(bm25 !== undefined && { bm25 }) });

describe("clearWinner", () => {
  it("is the best passage of a document scoring at least twice any other document's best", () => {
    const hits = [hit("a1", "A", 3), hit("b1", "B", 4), hit("a2", "A", 9), hit("c1", "C", 1)];
    expect(clearWinner(hits)?.chunkId).toBe("a2");
  });

  it("compares documents, not passages: a document's own other passages do not count against it", () => {
    expect(clearWinner([hit("a1", "A", 9), hit("a2", "A", 8), hit("b1", "B", 4)])?.chunkId).toBe("a1");
  });

  it("is none when the next document comes close, or nothing matched lexically", () => {
    expect(clearWinner([hit("a1", "A", 9), hit("b1", "B", 5)])).toBeUndefined();
    expect(clearWinner([hit("v1", "A"), hit("v2", "B")])).toBeUndefined();
    expect(clearWinner([])).toBeUndefined();
  });

  it("is the only document the lexical list found", () => {
    expect(clearWinner([hit("v1", "B"), hit("a1", "A", 2)])?.chunkId).toBe("a1");
  });
});
