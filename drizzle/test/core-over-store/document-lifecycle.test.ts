import { randomUUID } from "node:crypto";
import { createTestStore, type TestStore } from "../../src/testing.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allowedMoves, documentMoves, documentState, moveDocument } from "@rounds/core";

let ts: TestStore;
beforeAll(async () => { ts = await createTestStore(); });
afterAll(async () => ts?.close());

describe("document lifecycle", () => {
  it("names the state of every status and index state", () => {
    expect(documentState({ status: "approved", indexState: "none" })).toBe("queued");
    expect(documentState({ status: "approved", indexState: "indexing" })).toBe("indexing");
    expect(documentState({ status: "approved", indexState: "indexed" })).toBe("indexed");
    expect(documentState({ status: "failed", indexState: "none" })).toBe("failed");
    expect(documentState({ status: "pending", indexState: "none" })).toBe("pending");
  });

  it("offers an admin retry and reject from failed, and nothing but delete from an indexed document", () => {
    expect(allowedMoves({ status: "failed", indexState: "none" }, "admin").sort()).toEqual(["reject", "retry"]);
    expect(allowedMoves({ status: "approved", indexState: "indexed" }, "admin")).toEqual([]);
    expect(allowedMoves({ status: "pending", indexState: "none" }, "admin").sort()).toEqual(["approve", "reject", "rejudged"]);
    // Every state a worker can fail a document from has a way back for the admin.
    for (const state of documentMoves.processFailed.to) expect(documentMoves.retry.from).toContain(state);
    for (const state of documentMoves.indexFailed.to) expect(documentMoves.retry.from).toContain(state);
  });

  it("moves a document only from the move's own states (compare-and-set on the real store)", async () => {
    const { store } = ts;
    const org = await store.tenancy.createOrganization({ slug: `o-${randomUUID().slice(0, 8)}`, name: "Clinic" });
    const project = await store.tenancy.createProject({ organizationId: org.id, slug: "kat", name: "KAT", profile: { domain: "ketamine-assisted therapy", description: "", seeds: [] } });
    const scope = { organizationId: org.id, projectId: project.id };
    const { document } = await store.knowledge.createDocument({ ...scope, kind: "document", title: "t", fileName: "t.md", mediaType: "text/markdown", sizeBytes: 1, contentHash: randomUUID(), blobKey: "k" });
    const app = { store };
    expect(await moveDocument(app, scope, document!.id, "indexStarted", "indexing")).toBeUndefined();
    expect(await moveDocument(app, scope, document!.id, "classified", "queued")).toMatchObject({ status: "approved", indexState: "none" });
    expect(await moveDocument(app, scope, document!.id, "indexStarted", "indexing")).toMatchObject({ status: "approved", indexState: "indexing" });
    // A second run after a crash may start again; a failure names its step and clears nothing else.
    expect(await moveDocument(app, scope, document!.id, "indexStarted", "indexing")).toMatchObject({ indexState: "indexing" });
    expect(await moveDocument(app, scope, document!.id, "indexFailed", "failed", { failedStep: "index", failureReason: "gave up" })).toMatchObject({ status: "failed", indexState: "none", failedStep: "index" });
    expect(await moveDocument(app, scope, document!.id, "indexed", "indexed")).toBeUndefined();
    expect(await moveDocument(app, scope, document!.id, "retry", "queued")).toMatchObject({ status: "approved", indexState: "none", failedStep: null, failureReason: null });
    await expect(moveDocument(app, scope, document!.id, "retry", "indexed")).rejects.toThrow(/cannot end in indexed/);
    // Another organisation's scope moves nothing.
    expect(await moveDocument(app, { organizationId: randomUUID(), projectId: project.id }, document!.id, "indexStarted", "indexing")).toBeUndefined();
  });
});
