import { readFileSync } from "node:fs";
import { createTestStore, type TestStore } from "../../src/testing.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppContext, collect, type DatasetFormat, exportDataset, silentLogger, splitOf } from "@rounds/core";
import { FakeDeidentifier, MemoryBlobStore } from "@rounds/core/testing";

const ORG = "10000000-0000-0000-0000-000000000001";
const PROJECT = "20000000-0000-0000-0000-000000000001";
const PAT_OK = "30000000-0000-0000-0000-000000000001";
const PAT_NO = "30000000-0000-0000-0000-000000000002";
const DOC = "40000000-0000-0000-0000-000000000001";
const SESSION_DOC = "40000000-0000-0000-0000-000000000002";

let ts: TestStore;
let app: AppContext;
let blobs: MemoryBlobStore;

beforeAll(async () => {
  ts = await createTestStore();
  blobs = new MemoryBlobStore();
  app = { store: ts.store, blobs, logger: silentLogger(), now: () => new Date("2026-11-23T00:00:00Z") } as unknown as AppContext;
  await ts.handle.exec(`
    insert into organizations (id, slug, name) values ('${ORG}', 'exp', 'Exp');
    insert into projects (id, organization_id, slug, name, profile) values ('${PROJECT}', '${ORG}', 'k', 'K', '{"domain":"d","description":"d","seeds":[]}');
    insert into patients (id, organization_id, display_name) values ('${PAT_OK}', '${ORG}', 'Ann Example'), ('${PAT_NO}', '${ORG}', 'Bob Example');
    insert into documents (id, organization_id, project_id, title, file_name, media_type, size_bytes, content_hash, blob_key, status)
      values ('${DOC}', '${ORG}', '${PROJECT}', 'Monitoring guide', 'm.md', 'text/markdown', 10, 'h1', 'k1', 'approved'),
             ('${SESSION_DOC}', '${ORG}', '${PROJECT}', 'Session 1', 's.vtt', 'text/vtt', 10, 'h2', 'k2', 'approved');
    update documents set patient_id = '${PAT_NO}' where id = '${SESSION_DOC}';
    insert into chunks (id, document_id, organization_id, project_id, patient_id, document_version, position, text, token_count, headings, deleted_at) values
      ('50000000-0000-0000-0000-000000000001', '${DOC}', '${ORG}', '${PROJECT}', null, 1, 0, 'Check blood pressure every 15 minutes.', 8, '["Vital signs"]', null),
      ('50000000-0000-0000-0000-000000000002', '${DOC}', '${ORG}', '${PROJECT}', null, 1, 1, 'Older version text about monitoring.', 6, null, now()),
      ('50000000-0000-0000-0000-000000000003', '${DOC}', '${ORG}', '${PROJECT}', null, 1, 2, 'Call the on-call doctor at 555-123-4567.', 9, null, null),
      ('50000000-0000-0000-0000-000000000004', '${SESSION_DOC}', '${ORG}', '${PROJECT}', '${PAT_NO}', 1, 0, 'Patient said the session helped.', 6, null, null);
    insert into qa_pairs (id, organization_id, project_id, question, answer) values
      ('60000000-0000-0000-0000-000000000001', '${ORG}', '${PROJECT}', 'How long is an infusion?', 'About 40 minutes.'),
      ('60000000-0000-0000-0000-000000000002', '${ORG}', '${PROJECT}', 'How long is an infusion?', 'About 40 minutes.');
    insert into qa_pairs (id, organization_id, project_id, question, answer, held_out) values
      ('60000000-0000-0000-0000-000000000003', '${ORG}', '${PROJECT}', 'Held out?', 'Never exported.', true);
    insert into answers (id, organization_id, project_id, user_id, question, text, kind) values
      ('70000000-0000-0000-0000-000000000001', '${ORG}', '${PROJECT}', '${ORG}', 'When to stop?', 'Stop if distressed [1].', 'generated'),
      ('70000000-0000-0000-0000-000000000002', '${ORG}', '${PROJECT}', '${ORG}', 'when to stop?', 'Never stop.', 'generated');
    insert into feedback (id, answer_id, organization_id, user_id, rating) values
      ('80000000-0000-0000-0000-000000000001', '70000000-0000-0000-0000-000000000001', '${ORG}', '${ORG}', 'up'),
      ('80000000-0000-0000-0000-000000000002', '70000000-0000-0000-0000-000000000002', '${ORG}', '${ORG}', 'down');
  `);
});
afterAll(async () => ts?.close());

/** A de-identifier that misses phone numbers: what the residual PII check is there to catch. */
class LeakyDeidentifier extends FakeDeidentifier {
  override async deidentify(text: string, options: Parameters<FakeDeidentifier["deidentify"]>[1] = {}) {
    const phones: string[] = [];
    const masked = text.replace(/\d{3}-\d{3}-\d{4}/g, (m) => `PHONETOKEN${phones.push(m) - 1}X`);
    const r = await super.deidentify(masked, options);
    return { text: r.text.replace(/PHONETOKEN(\d+)X/g, (_, i: string) => phones[Number(i)]!), spans: r.spans };
  }
}

const base = (format: DatasetFormat, extra: Record<string, unknown> = {}) => ({
  scope: { organizationId: ORG, projectId: PROJECT }, format, validationFraction: 0, systemPrompt: "You answer from the clinic's guidance.",
  deidentifier: new LeakyDeidentifier(), gazetteer: ["Ann Example", "Bob Example"],
  patientsWithTrainingConsent: async (ids: string[]) => new Set(ids.filter((id) => id === PAT_OK)),
  ...extra,
});

async function text(key: string): Promise<string> {
  return Buffer.from(await collect(await blobs.get(key))).toString("utf8");
}

describe("training-data export", () => {
  for (const format of ["openai-chat", "vertex", "dpo"] as const) {
    it(`writes the golden ${format} JSONL`, async () => {
      const { dataset, metadata } = await exportDataset(app, base(format));
      if (process.env.UPDATE_GOLDEN === "1") (await import("node:fs")).writeFileSync(new URL(`./fixtures/export-${format}.jsonl`, import.meta.url), await text(dataset.blobKeys.train));
      const golden = readFileSync(new URL(`./fixtures/export-${format}.jsonl`, import.meta.url), "utf8");
      expect(await text(dataset.blobKeys.train)).toBe(golden);
      expect(metadata.files["train.jsonl"]!.lines).toBe(golden.trim().split("\n").length);
    });
  }

  it("reports exclusions: no consent, duplicate, PII, low rating; never the held-out set", async () => {
    const { dataset, metadata } = await exportDataset(app, base("openai-chat"));
    expect(metadata.exclusions).toEqual({ no_consent: 1, duplicate: 1, pii_detected: 1, low_rating: 1 });
    const all = await text(dataset.blobKeys.train);
    expect(all).not.toContain("Never exported");
    expect(all).not.toContain("session helped");
    expect(all).not.toContain("Older version");
    const meta = JSON.parse(await text(dataset.blobKeys.metadata)) as { files: Record<string, { sha256: string }> };
    expect(meta.files["train.jsonl"]!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("includes earlier versions' soft-deleted chunks when asked", async () => {
    const { dataset } = await exportDataset(app, base("openai-chat", { includeDeleted: true }));
    expect(await text(dataset.blobKeys.train)).toContain("Older version text");
  });

  it("splits deterministically and disjointly", async () => {
    const keys = Array.from({ length: 2000 }, (_, i) => `k${i}`);
    const a = keys.map((k) => splitOf("seed-1", k, 0.1));
    const b = keys.map((k) => splitOf("seed-1", k, 0.1));
    expect(a).toEqual(b);
    const share = a.filter((s) => s === "validation").length / keys.length;
    expect(share).toBeGreaterThan(0.07);
    expect(share).toBeLessThan(0.13);
    expect(keys.map((k) => splitOf("seed-2", k, 0.1))).not.toEqual(a);
    const { dataset, metadata } = await exportDataset(app, base("openai-chat", { validationFraction: 0.5, includeDeleted: true }));
    const train = new Set((await text(dataset.blobKeys.train)).trim().split("\n"));
    const validation = dataset.blobKeys.validation ? (await text(dataset.blobKeys.validation)).trim().split("\n") : [];
    expect(validation.every((l) => !train.has(l))).toBe(true);
    expect(metadata.counts.train + metadata.counts.validation).toBe(metadata.counts.exported);
  });
});
