import { randomUUID } from "node:crypto";
import type { IndexedChunk, RetrievalIndex, Store } from "@rounds/core";
import { describeRetrievalIndexConformance, FakeEmbedder } from "@rounds/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "../src/client.ts";
import { createStore } from "../src/repos/index.ts";
import { type DatabaseTarget, databaseTargets, migratedTemplate, openMigrated } from "../src/testing.ts";

const closers: Array<() => Promise<void>> = [];
const handles = new Map<Store, DatabaseHandle>();
afterAll(async () => {
  for (const c of closers.reverse()) await c();
});

// The run's template is made (if no other file made it yet) in a hook, not inside the first test's time.
beforeAll(async () => {
  await migratedTemplate();
}, 180_000);

/**
 * Every test opens its own store (`openMigrated`). On PGlite that is a copy of a migrated database made once per
 * run: creating one per test ran initdb and the migrations each time, 40–70 s a test on a loaded machine.
 */
async function openStore(target: DatabaseTarget): Promise<Store> {
  const handle = await openMigrated(target);
  closers.push(() => handle.close());
  const store = createStore(handle);
  handles.set(store, handle);
  return store;
}

const profile = { domain: "ketamine-assisted therapy", description: "Ketamine therapy guidance", seeds: [] };

/** Maps the conformance suite's symbolic ids ("org-a", "c1") to real rows. */
async function sqlFixture(store: Store, dimensions: number) {
  const ids = new Map<string, string>();
  const back = new Map<string, string>();
  const idFor = (name: string) => {
    let id = ids.get(name);
    if (!id) {
      id = randomUUID();
      ids.set(name, id);
      back.set(id, name);
    }
    return id;
  };
  const orgs = new Map<string, string>();
  const projects = new Map<string, string>();
  const patients = new Map<string, string>();
  const org = async (name: string) => {
    if (!orgs.has(name)) orgs.set(name, (await store.tenancy.createOrganization({ slug: `${name}-${randomUUID().slice(0, 8)}`, name })).id);
    return orgs.get(name)!;
  };
  const project = async (orgName: string, name: string) => {
    const key = `${orgName}/${name}`;
    if (!projects.has(key)) projects.set(key, (await store.tenancy.createProject({ organizationId: await org(orgName), slug: name, name, profile })).id);
    return projects.get(key)!;
  };
  const patient = async (orgName: string, name: string) => {
    if (!patients.has(name)) patients.set(name, (await store.identity.createPatient({ organizationId: await org(orgName), displayName: name })).id);
    return patients.get(name)!;
  };
  const space = await store.knowledge.ensureSpace(`test:${randomUUID()}`, dimensions);
  const real = new Map<string, IndexedChunk>();
  const translate = async (c: IndexedChunk): Promise<IndexedChunk> => real.get(c.chunkId)!;
  const index: RetrievalIndex = {
    specificationVersion: "v1",
    upsert: async (spaceId, chunks) => store.retrieval.upsert(spaceId, await Promise.all(chunks.map(translate))),
    search: async (q) => {
      const scope = {
        ...q.scope,
        organizationId: await org(q.scope.organizationId),
        projectId: await project(q.scope.organizationId, q.scope.projectId),
        ...(q.scope.patientIds && { patientIds: await Promise.all(q.scope.patientIds.map((p) => patient(q.scope.organizationId, p))) }),
      };
      const hits = await store.retrieval.search({ ...q, scope });
      return hits.map((h) => ({ ...h, chunkId: back.get(h.chunkId) ?? h.chunkId, documentId: back.get(h.documentId) ?? h.documentId }));
    },
  };
  return {
    index,
    spaceId: space.id,
    async seed(chunks: IndexedChunk[]) {
      for (const c of chunks) {
        const organizationId = await org(c.organizationId);
        const projectId = await project(c.organizationId, c.projectId);
        const patientId = c.patientId ? await patient(c.organizationId, c.patientId) : null;
        const scope = { organizationId, projectId };
        const created = await store.knowledge.createDocument({
          ...scope, patientId, kind: "document", title: c.documentId, fileName: `${c.documentId}.txt`, mediaType: "text/plain",
          sizeBytes: c.text.length, contentHash: randomUUID(), blobKey: `b/${c.documentId}`,
        });
        const doc = created.document!;
        ids.set(c.documentId, doc.id);
        back.set(doc.id, c.documentId);
        const [row] = await store.knowledge.replaceChunks(scope, doc.id, [{ text: c.text, tokenCount: c.text.split(" ").length, position: 0 }]);
        await store.knowledge.updateDocument(scope, doc.id, { status: "approved", indexState: "indexed" });
        idFor(c.chunkId);
        ids.set(c.chunkId, row!.id);
        back.set(row!.id, c.chunkId);
        real.set(c.chunkId, { ...c, chunkId: row!.id, documentId: doc.id, organizationId, projectId, patientId });
      }
    },
  };
}

async function termStats(store: Store, projectId: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const handle = handles.get(store)!;
  const result = await handle.db.execute(sql`select term, df from term_stats where project_id = ${projectId}::uuid`);
  const list = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{ term: string; df: number }>;
  for (const r of list) out.set(r.term, Number(r.df));
  return out;
}

for (const target of databaseTargets()) {
  describeRetrievalIndexConformance(`sql (${target.name})`, async (dimensions) => sqlFixture(await openStore(target), dimensions));

  describe(`knowledge repository (${target.name})`, () => {
    const embedder = new FakeEmbedder(16);

    async function setup() {
      const store = await openStore(target);
      const org = await store.tenancy.createOrganization({ slug: `o-${randomUUID().slice(0, 8)}`, name: "Clinic" });
      const project = await store.tenancy.createProject({ organizationId: org.id, slug: "kat", name: "KAT", profile });
      const scope = { organizationId: org.id, projectId: project.id };
      const space = await store.knowledge.ensureSpace("fake:bow-16", 16);
      const add = async (fileName: string, text: string, hash: string = randomUUID()) => {
        const r = await store.knowledge.createDocument({ ...scope, kind: "document", title: fileName, fileName, mediaType: "text/plain", sizeBytes: text.length, contentHash: hash, blobKey: `k/${hash}` });
        return r;
      };
      const index = async (docId: string, text: string) => {
        const [c] = await store.knowledge.replaceChunks(scope, docId, [{ text, tokenCount: 5, position: 0 }]);
        await store.retrieval.upsert(space.id, [{ chunkId: c!.id, documentId: docId, ...scope, patientId: null, text, vector: (await embedder.embedDocuments([text]))[0]! }]);
        await store.knowledge.updateDocument(scope, docId, { status: "approved", indexState: "indexed" });
        return c!;
      };
      const search = async (text: string) => store.retrieval.search({ scope, spaceId: space.id, text, vector: await embedder.embedQuery(text), k: 5 });
      return { store, scope, space, add, index, search };
    }

    it("fusion keeps a clear lexical winner first even when the vector list ranks it last; subject coverage counts only the subject's words", async () => {
      const { store, scope, space, add } = await setup();
      const unit = (sign: number) => [sign, ...Array.from({ length: 15 }, () => 0)];
      const put = async (name: string, text: string, vector: number[]) => {
        const d = (await add(name, text)).document!;
        const [c] = await store.knowledge.replaceChunks(scope, d.id, [{ text, tokenCount: 5, position: 0 }]);
        await store.retrieval.upsert(space.id, [{ chunkId: c!.id, documentId: d.id, ...scope, patientId: null, text, vector }]);
        await store.knowledge.updateDocument(scope, d.id, { status: "approved", indexState: "indexed" });
        return c!.id;
      };
      const winner = await put("cpr.md", "Cardiopulmonary resuscitation: bystander cardiopulmonary resuscitation doubles survival.", unit(-1));
      for (let i = 0; i < 4; i++) await put(`other-${i}.md`, `Treatment options for condition ${i} include rest and bystander support.`, unit(1));
      const text = "what is bystander cardiopulmonary resuscitation treatment";
      const hits = await store.retrieval.search({ scope, spaceId: space.id, text, subject: "bystander cardiopulmonary resuscitation", vector: unit(1), k: 5 });
      expect(hits[0]!.chunkId).toBe(winner);
      expect(hits[0]!.vectorRank).toBeGreaterThan(1);
      expect(hits[0]!.subjectCoverage).toBe(1);
      const other = hits.find((h) => h.chunkId !== winner && h.lexicalRank !== undefined)!;
      // "treatment" and "bystander" are in the other chunks; the subject's rare words are not.
      expect(other.coverage!).toBeGreaterThan(other.subjectCoverage!);
      expect(other.subjectCoverage!).toBeLessThan(0.5);
    });

    it("alternatives: another name for the query's words is searched, and a chunk holding it whole counts as holding the words it stands for", async () => {
      const { store, scope, space, add, index } = await setup();
      const clinical = (await add("h.md", "h")).document!.id;
      await index(clinical, "Hypertension is treated with diuretics and a low-salt diet.");
      await index((await add("g.md", "g")).document!.id, "Glaucoma is found by an eye exam.");
      const text = "how is high blood pressure treated";
      const plain = await store.retrieval.search({ scope, spaceId: space.id, text, subject: "high blood pressure", vectorWeight: 0, k: 5 });
      const found = plain.find((h) => h.documentId === clinical);
      // Without the alternative the page shares only "treated" with the query: none of its subject.
      expect(found?.subjectCoverage ?? 0).toBe(0);
      const hits = await store.retrieval.search({ scope, spaceId: space.id, text, subject: "high blood pressure", alternatives: [{ words: "hypertension", for: "high blood pressure" }], vectorWeight: 0, k: 5 });
      expect(hits[0]!.documentId).toBe(clinical);
      expect(hits[0]!.subjectCoverage).toBe(1);
      expect(hits[0]!.coverage).toBe(1);
      // Only an alternative held whole counts: "cerebrovascular accident" is not in "an accident".
      await index((await add("f.md", "f")).document!.id, "A fall is an accident at home.");
      const stroke = await store.retrieval.search({ scope, spaceId: space.id, text: "stroke", subject: "stroke", alternatives: [{ words: "cerebrovascular accident", for: "stroke" }], vectorWeight: 0, k: 5 });
      expect(stroke.length).toBeGreaterThan(0); // found through "accident", searched as part of the alternative
      expect(stroke.every((h) => (h.subjectCoverage ?? 0) === 0)).toBe(true);
    });

    it("term frequencies: chunks holding each word (as the index stems it), the project's chunk count, nothing from another organisation", async () => {
      const { store, scope, add, index } = await setup();
      await index((await add("a.md", "a")).document!.id, "Ketamine doses are given twice weekly.");
      await index((await add("b.md", "b")).document!.id, "The dose of ketamine is checked.");
      const v = await store.knowledge.termFrequencies(scope, ["ketamine", "dosing", "weekly", "scabies", "the"]);
      expect(v.chunks).toBe(2);
      expect(Object.fromEntries(v.frequencies)).toEqual({ ketamine: 2, dosing: 2, weekly: 1, scabies: 0 });
      const stranger = await store.tenancy.createOrganization({ slug: `x-${randomUUID().slice(0, 8)}`, name: "Other" });
      const elsewhere = await store.knowledge.termFrequencies({ organizationId: stranger.id, projectId: scope.projectId }, ["ketamine"]);
      expect(elsewhere.chunks).toBe(0);
      expect(elsewhere.frequencies.get("ketamine")).toBe(0);
      // The neighbours of two misspelled words (a few hundred each) in one lookup: the word found is the real one.
      const near = Array.from({ length: 1200 }, (_, i) => `ketamin${String.fromCharCode(97 + (i % 26))}${Math.floor(i / 26)}`);
      const many = await store.knowledge.termFrequencies(scope, [...near, "weekly"]);
      expect(many.frequencies.size).toBe(1201);
      expect(many.frequencies.get("weekly")).toBe(1);
    });

    it("passage reads (run as prepared statements on PGlite): any number of ids or words in one statement, restricted documents for their custodian only, words with quotes and backslashes", async () => {
      const { store, scope, add } = await setup();
      const doc = (await add("p.md", "p")).document!;
      const stored = await store.knowledge.replaceChunks(scope, doc.id, Array.from({ length: 5 }, (_, i) => ({ text: `Section ${i} on ketamine.`, tokenCount: 4, position: i, headings: [`H${i}`], ...(i === 2 && { page: 3 }) })));
      const ids = stored.map((c) => c.id);
      // Each count of ids, in the order asked, each with its document and columns; an id not a chunk's is left out.
      for (let n = 1; n <= ids.length; n++) {
        const asked = [...ids.slice(0, n)].reverse();
        const got = await store.knowledge.getChunks(scope, [...asked, randomUUID(), "not-an-id"]);
        expect(got.map((c) => c.id)).toEqual(asked);
      }
      const [third] = await store.knowledge.getChunks(scope, [ids[2]!]);
      expect(third).toMatchObject({ documentId: doc.id, documentTitle: "p.md", fileName: "p.md", documentKind: "document", custodianUserId: null, text: "Section 2 on ketamine.", headings: ["H2"], page: 3, position: 2, deletedAt: null });
      expect((await store.knowledge.listSections(scope, doc.id)).map((s) => s.id)).toEqual(ids);
      expect(await store.knowledge.listSections(scope, "not-an-id")).toEqual([]);
      // Restricted: its custodian reads it; anyone else reads nothing of it.
      const custodian = (await store.identity.createUser({ organizationId: scope.organizationId, role: "clinician", displayName: "Custodian" })).id;
      await store.knowledge.restrictDocument(scope, doc.id, "psychotherapy", custodian);
      expect((await store.knowledge.getChunks({ ...scope, reader: { userId: custodian } }, ids)).map((c) => c.custodianUserId)).toEqual(ids.map(() => custodian));
      expect(await store.knowledge.getChunks({ ...scope, reader: { userId: randomUUID() } }, ids)).toEqual([]);
      expect(await store.knowledge.listSections({ ...scope, reader: { userId: randomUUID() } }, doc.id)).toEqual([]);
      expect((await store.knowledge.listSections({ ...scope, reader: { userId: custodian } }, doc.id)).length).toBe(5);
      // Words that an array literal must quote come back as given.
      const odd = ['say "ketamine"', "back\\slash", "a,b", "{brace}", "patient's", "ketamine"];
      const v = await store.knowledge.termFrequencies(scope, odd);
      expect([...v.frequencies.keys()].sort()).toEqual([...odd].sort());
      expect(v.frequencies.get("ketamine")).toBe(5);
    });

    it("stores identical content once per project", async () => {
      const { add } = await setup();
      const first = await add("a.txt", "x", "same-hash");
      const second = await add("b.txt", "x", "same-hash");
      expect(first.document).toBeDefined();
      expect(second.duplicateOf?.id).toBe(first.document!.id);
    });

    it("a re-upload of the same file name is the next version; the old one's chunks stay for training but not for answers", async () => {
      const { store, scope, add, index, search } = await setup();
      const v1 = (await add("dosing.md", "old")).document!;
      await index(v1.id, "ketamine dose was 0.5 mg per kg");
      expect((await search("ketamine dose")).map((h) => h.documentId)).toEqual([v1.id]);
      const v2 = (await add("dosing.md", "new")).document!;
      expect(v2.version).toBe(2);
      expect(v2.previousVersionId).toBe(v1.id);
      await index(v2.id, "ketamine dose is 0.75 mg per kg");
      await store.knowledge.softDeleteDocument(scope, v1.id, new Date());
      expect((await search("ketamine dose")).map((h) => h.documentId)).toEqual([v2.id]);
      const training = await store.knowledge.listChunksForTraining(scope);
      expect(training.map((c) => c.text).sort()).toEqual(["ketamine dose is 0.75 mg per kg", "ketamine dose was 0.5 mg per kg"]);
      expect(training.find((c) => c.documentId === v1.id)?.deletedAt).toBeInstanceOf(Date);
      // BM25 statistics count only live indexed chunks: v1's lexemes left with it.
      const stats = await termStats(store, scope.projectId);
      expect(stats.get("")).toBe(1);
      expect(stats.get("0.75")).toBe(1);
      expect(stats.get("0.5") ?? 0).toBe(0);
    });

    it("pending, rejected and still-indexing documents are never retrieved", async () => {
      const { store, scope, add, index, search } = await setup();
      const d = (await add("p.txt", "t")).document!;
      await index(d.id, "lithium interaction warning");
      for (const patch of [{ status: "pending" as const }, { status: "rejected" as const }, { status: "approved" as const, indexState: "indexing" as const }]) {
        await store.knowledge.updateDocument(scope, d.id, patch);
        expect(await search("lithium interaction")).toEqual([]);
      }
      await store.knowledge.updateDocument(scope, d.id, { status: "approved", indexState: "indexed" });
      expect(await search("lithium interaction")).toHaveLength(1);
    });

    it("replacing chunks is idempotent and a document of another tenant is invisible", async () => {
      const { store, scope, add } = await setup();
      const d = (await add("r.txt", "t")).document!;
      await store.knowledge.replaceChunks(scope, d.id, [{ text: "a", tokenCount: 1, position: 0 }, { text: "b", tokenCount: 1, position: 1 }]);
      await store.knowledge.replaceChunks(scope, d.id, [{ text: "a", tokenCount: 1, position: 0 }, { text: "b", tokenCount: 1, position: 1 }]);
      expect((await store.knowledge.listChunks(scope, d.id)).map((c) => c.text)).toEqual(["a", "b"]);
      const other = await store.tenancy.createOrganization({ slug: `x-${randomUUID().slice(0, 8)}`, name: "Other" });
      const otherScope = { organizationId: other.id, projectId: scope.projectId };
      expect(await store.knowledge.getDocument(otherScope, d.id)).toBeUndefined();
      expect(await store.knowledge.listChunks(otherScope, d.id)).toEqual([]);
      await expect(store.knowledge.replaceChunks(otherScope, d.id, [])).rejects.toThrow(/No such document/);
      const moved = await store.knowledge.transition(scope, d.id, ["processing"], { status: "pending" });
      expect(moved?.status).toBe("pending");
      expect(await store.knowledge.transition(scope, d.id, ["processing"], { status: "pending" })).toBeUndefined();
    });

    it("a second embedding space has its own vectors and backlog; the first keeps serving", async () => {
      const { store, scope, add, index, search } = await setup();
      const d = (await add("s.txt", "t")).document!;
      const chunk = await index(d.id, "naloxone is not a ketamine reversal agent");
      const second = await store.knowledge.ensureSpace("fake:bow-32", 32);
      expect(second.id).not.toBe((await store.knowledge.ensureSpace("fake:bow-16", 16)).id);
      expect((await store.knowledge.chunksMissingEmbedding(second.id, 10)).map((c) => c.id)).toContain(chunk.id);
      expect(await search("ketamine reversal")).toHaveLength(1);
      const e32 = new FakeEmbedder(32);
      await store.retrieval.upsert(second.id, [{ chunkId: chunk.id, documentId: d.id, ...scope, patientId: null, text: "", vector: (await e32.embedDocuments([chunk.text]))[0]! }]);
      expect((await store.knowledge.chunksMissingEmbedding(second.id, 10)).map((c) => c.id)).not.toContain(chunk.id);
      const hits = await store.retrieval.search({ scope, spaceId: second.id, text: "ketamine reversal", vector: await e32.embedQuery("ketamine reversal"), k: 5 });
      expect(hits[0]?.chunkId).toBe(chunk.id);
      await expect(store.retrieval.search({ scope, spaceId: second.id, text: "x", vector: [1, 0], k: 5 })).rejects.toThrow(/dimensions/);
    });
  });
}
