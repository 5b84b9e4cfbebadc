import { randomUUID } from "node:crypto";
import type { Store } from "@rounds/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStore } from "../src/repos/index.ts";
import { type DatabaseTarget, databaseTargets, migratedTemplate, openMigrated } from "../src/testing.ts";

const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of closers.reverse()) await c();
});
beforeAll(async () => {
  await migratedTemplate();
}, 180_000);

async function openStore(target: DatabaseTarget): Promise<Store> {
  const handle = await openMigrated(target);
  closers.push(() => handle.close());
  return createStore(handle);
}

const profile = { domain: "ketamine-assisted therapy", description: "Ketamine therapy guidance", seeds: [] };

for (const target of databaseTargets()) {
  describe(`answers repository (${target.name})`, () => {
    it("saveAnswer stores the answer, its citations and the conversation's two messages in one statement, and returns what getAnswer reads back", async () => {
      const store = await openStore(target);
      const org = await store.tenancy.createOrganization({ slug: `o-${randomUUID().slice(0, 8)}`, name: "Clinic" });
      const project = await store.tenancy.createProject({ organizationId: org.id, slug: "kat", name: "KAT", profile });
      const user = await store.identity.createUser({ organizationId: org.id, role: "clinician", displayName: "Asker" });
      const conversationId = await store.answers.ensureConversation({ organizationId: org.id, projectId: project.id, userId: user.id, channel: "api", externalConversationId: "c-1" });
      const base = {
        organizationId: org.id, projectId: project.id, userId: user.id, question: 'What is "ketamine"?\\', rewrittenQuery: null, text: "An anaesthetic [1][2].",
        kind: "extractive" as const, refusalReason: null, modelId: null, modelVersionId: null, spaceId: null, patientIds: [], channel: "api", latencyMs: 12, retrievalMs: 7, generationMs: null,
      };
      // Scores as a real column stores them (single precision), in citation order.
      const cites = [{ n: 2, chunkId: randomUUID(), documentId: randomUUID(), score: 0.123456789 }, { n: 1, chunkId: randomUUID(), documentId: randomUUID(), score: 1 / 3 }];
      const saved = await store.answers.saveAnswer({ ...base, conversationId, citations: cites });
      const read = await store.answers.getAnswer(org.id, saved.id);
      expect(saved).toEqual(read);
      expect(saved).toMatchObject({ ...base, conversationId });
      expect(saved.citations.map((c) => c.n)).toEqual([1, 2]);
      expect(saved.citations[0]!.score).toBeCloseTo(1 / 3, 6);
      expect(saved.citations[0]!.score).not.toBe(1 / 3);
      expect(await store.answers.recentQuestions(org.id, conversationId, 5)).toEqual(['What is "ketamine"?\\']);
      // Without a conversation or citations (a refusal with no sources): no messages, no citations.
      const refusal = await store.answers.saveAnswer({ ...base, conversationId: null, kind: "refusal", refusalReason: "no_evidence", text: "No.", citations: [] });
      expect(refusal.citations).toEqual([]);
      expect(await store.answers.getAnswer(org.id, refusal.id)).toEqual(refusal);
      expect(await store.answers.recentQuestions(org.id, conversationId, 5)).toHaveLength(1);
      // A failed part undoes the whole: a citation that is not a valid row leaves no answer behind.
      const before = (await store.answers.listRefusals(org.id)).length;
      await expect(store.answers.saveAnswer({ ...base, conversationId: randomUUID(), kind: "refusal", refusalReason: "no_evidence", text: "No.", citations: [] })).rejects.toThrow();
      expect((await store.answers.listRefusals(org.id)).length).toBe(before);
    });
  });
}
