import type { IndexedChunk, RetrievalIndex, SearchHit, SearchQuery } from "../../ports/index.ts";

const words = (t: string) => new Set(t.toLowerCase().match(/[a-z0-9]+/g) ?? []);

/** In-memory hybrid index (cosine + word overlap, fused by RRF) with the same scope rules as the SQL one. */
export class MemoryRetrievalIndex implements RetrievalIndex {
  readonly specificationVersion = "v1" as const;
  private readonly spaces = new Map<string, Map<string, IndexedChunk>>();

  async upsert(spaceId: string, chunks: IndexedChunk[]): Promise<void> {
    const space = this.spaces.get(spaceId) ?? new Map<string, IndexedChunk>();
    for (const c of chunks) space.set(c.chunkId, c);
    this.spaces.set(spaceId, space);
  }

  /** Test helper: forget a chunk (as soft delete would). */
  remove(chunkId: string): void {
    for (const s of this.spaces.values()) s.delete(chunkId);
  }

  async search(q: SearchQuery): Promise<SearchHit[]> {
    const allowed = new Set(q.scope.patientIds ?? []);
    const visible = [...(this.spaces.get(q.spaceId)?.values() ?? [])].filter((c) =>
      c.organizationId === q.scope.organizationId && c.projectId === q.scope.projectId
      && (c.patientId === null || allowed.has(c.patientId)));
    const qw = words(q.text);
    const vector = (q.vectorWeight ?? 1) > 0 ? q.vector : undefined;
    const byVector = vector ? visible
      .map((c) => ({ c, s: c.vector.reduce((acc, x, i) => acc + x * (vector[i] ?? 0), 0) }))
      .sort((a, b) => b.s - a.s) : [];
    const byWords = visible
      .map((c) => ({ c, s: [...words(c.text)].filter((w) => qw.has(w)).length }))
      .filter((x) => x.s > 0)
      .sort((a, b) => b.s - a.s);
    const fused = new Map<string, SearchHit>();
    byVector.forEach(({ c }, i) => fused.set(c.chunkId, { chunkId: c.chunkId, documentId: c.documentId, score: 1 / (60 + i + 1), vectorRank: i + 1 }));
    byWords.forEach(({ c }, i) => {
      const hit = fused.get(c.chunkId) ?? { chunkId: c.chunkId, documentId: c.documentId, score: 0 };
      hit.score += 1 / (60 + i + 1);
      hit.lexicalRank = i + 1;
      fused.set(c.chunkId, hit);
    });
    return [...fused.values()].sort((a, b) => b.score - a.score).slice(0, q.k);
  }
}
