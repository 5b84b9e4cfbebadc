import { z } from "zod";
import { type AnyJobDefinition, defineJob } from "../jobs/job-definition.ts";

const scope = { organizationId: z.string().uuid(), projectId: z.string().uuid(), documentId: z.string().uuid() };

/** Parse (or transcribe) → de-identify → classify → pending / irrelevant / auto-approved. */
export const processDocumentJob = defineJob({
  name: "ingest.process",
  version: 1,
  payload: z.object(scope),
  attempts: 3,
  backoffMs: 2_000,
  handler: async () => (await import("./process-document.ts")).processDocumentHandler,
  onGiveUp: async (payload, failure) => (await import("./document-jobs-gave-up.ts")).documentJobGaveUp("process", payload, failure),
});

/** Chunk → embed → index an approved document; replaces its previous version. */
export const indexDocumentJob = defineJob({
  name: "ingest.index",
  version: 1,
  payload: z.object(scope),
  attempts: 5,
  backoffMs: 2_000,
  handler: async () => (await import("./index-document.ts")).indexDocumentHandler,
  onGiveUp: async (payload, failure) => (await import("./document-jobs-gave-up.ts")).documentJobGaveUp("index", payload, failure),
});

/** Embeds every indexed chunk into a new embedding space, then makes it the serving space. */
export const backfillSpaceJob = defineJob({
  name: "embeddings.backfill",
  version: 1,
  payload: z.object({ spaceId: z.string().uuid() }),
  attempts: 10,
  backoffMs: 5_000,
  handler: async () => (await import("./index-document.ts")).backfillSpaceHandler,
});

/** Job types of this domain; the composition root registers them with the queue. */
 
export const ingestJobs: AnyJobDefinition[] = [processDocumentJob, indexDocumentJob, backfillSpaceJob];
