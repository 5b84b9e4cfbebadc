// The export streams: 100k examples go through in bounded memory (issue:
// RSS under 300 MB). A memory bound, not a timing assertion. On PostgreSQL
// (CI) the whole process must stay under 300 MB; on embedded PGlite the
// database itself lives in this process's memory, so there the export's own
// growth over the loaded database is what is bounded.
import { createTestStore, databaseTargets, type TestStore } from "../../src/testing.ts";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type AppContext, type BlobStore, exportDataset, silentLogger } from "@rounds/core";
import { FakeDeidentifier, MemoryBlobStore, syntheticQaSeedSql } from "@rounds/core/testing";

const ORG = "11000000-0000-0000-0000-000000000001";
const PROJECT = "21000000-0000-0000-0000-000000000001";
let ts: TestStore;
const target = databaseTargets().at(-1)!;

beforeAll(async () => {
  ts = await createTestStore((await target.open()).url);
  await ts.handle.exec(syntheticQaSeedSql({ organizationId: ORG, projectId: PROJECT }, 100_000));
}, 120_000);
afterAll(async () => ts?.close());

it(`exports 100k examples with peak RSS under 300 MB (${target.name})`, async () => {
  // Count bytes instead of keeping them: the blob store is not what is measured.
  const sizes = new Map<string, number>();
  const counting: BlobStore = Object.assign(new MemoryBlobStore(), {
    async put(key: string, body: Uint8Array | AsyncIterable<Uint8Array>) {
      let n = 0;
      if (body instanceof Uint8Array) n = body.byteLength;
      else for await (const c of body) n += c.byteLength;
      sizes.set(key, n);
      return { key, size: n, sha256: "", contentType: "application/jsonl" };
    },
  });
  const app = { store: ts.store, blobs: counting, logger: silentLogger(), now: () => new Date() } as unknown as AppContext;
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 25);
  try {
    const { metadata } = await exportDataset(app, {
      scope: { organizationId: ORG, projectId: PROJECT }, format: "openai-chat", deidentifier: new FakeDeidentifier(),
      patientsWithTrainingConsent: async () => new Set(),
    });
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(metadata.counts.exported).toBe(100_000);
    expect(metadata.counts.train + metadata.counts.validation).toBe(100_000);
    expect([...sizes.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(20_000_000);
  } finally {
    clearInterval(timer);
  }
  console.log(`export of 100k examples: peak RSS ${(peak / 2 ** 20).toFixed(0)} MB (baseline ${(baseline / 2 ** 20).toFixed(0)} MB)`);
  expect(target.name === "postgres" ? peak : peak - baseline).toBeLessThan(300 * 2 ** 20);
}, 300_000);
