import { type Actor, createApiKey, recordConsent } from "@rounds/core";
import { createApiServer } from "@rounds/core/api";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import type { RoundsApp } from "../../src/app/create-app.ts";
import { localOperator } from "../../src/cli/local-operator.ts";
import { waitForJobs } from "../../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../../src/cli/workspace.ts";
import { type AppTarget, startApp } from "./test-app.ts";

/** A clinic that takes session recordings over the HTTP API, transcribed by one speech-to-text plugin. */
export interface AudioClinic {
  app: RoundsApp;
  api: FastifyInstance;
  admin: Actor;
  projectId: string;
  /** The patient whose sessions are uploaded (no consent recorded yet). */
  patientId: string;
  /** An admin API key of `admin`. */
  key: string;
  /** Uploads a recording of the patient's session through `POST /v1/projects/:id/documents`. */
  upload(bytes: Uint8Array, fileName: string): Promise<LightMyRequestResponse>;
  /** A document of the project, as the store has it. */
  document(id: string): ReturnType<RoundsApp["store"]["knowledge"]["getDocument"]>;
  /** Approves a document through the API (expects 200) and waits for its indexing. */
  approve(id: string): Promise<void>;
  /**
   * Uploading without consent: refused (403 `CONSENT_REQUIRED`) naming recording consent; with
   * recording consent recorded, refused again naming transcription consent; nothing stored.
   * Returns the second refusal. The caller checks the vendor heard nothing.
   */
  expectConsentRefused(recording: Uint8Array, fileName: string): Promise<LightMyRequestResponse>;
  /**
   * Uploading while the vendor keeps failing (the caller queues the failures): the document
   * ends failed with a reason matching `reason` and never `hidden` (the vendor's or the
   * session's text); `POST …/retry` (200) then completes it (pending). Returns its id.
   */
  expectFailedThenRetried(bytes: Uint8Array, fileName: string, reason: RegExp, hidden: RegExp): Promise<string>;
  close(): Promise<void>;
}

export interface AudioClinicOptions {
  /** The speech-to-text plugin, its settings and its transcriber id. */
  plugin: string;
  settings: Record<string, unknown>;
  transcriber: string;
  org: string;
  keyName: string;
  patient: { displayName: string; externalRef: string };
}

/**
 * The set-up every recorded-session suite shares, on one tier: an app with
 * the default plugins plus the speech-to-text plugin, a ketamine-assisted
 * therapy project, its operator with an admin key, one patient and the API.
 */
export async function startAudioClinic(target: AppTarget, options: AudioClinicOptions): Promise<AudioClinic> {
  const env = await target.environment();
  const app = await startApp(env, {
    plugins: [...(env.plugins ?? ["@rounds/plugin-blob-fs", "@rounds/plugin-parsers", "@rounds/plugin-lexical", "@rounds/plugin-deid"]), options.plugin],
    pluginSettings: { [options.plugin]: options.settings },
    models: { transcriber: options.transcriber },
  });
  const ws = await ensureWorkspace(app, { org: options.org, project: "kat", domain: "ketamine-assisted therapy" });
  const projectId = ws.project.id;
  const admin = await localOperator(app, ws.organization.id);
  const key = (await createApiKey(app, admin, { organizationId: ws.organization.id, role: "admin", name: options.keyName, userId: admin.userId })).key;
  const patientId = (await app.store.identity.createPatient({ organizationId: ws.organization.id, ...options.patient })).id;
  const api = await createApiServer(app);
  const scope = { organizationId: ws.organization.id, projectId };
  const upload = (bytes: Uint8Array, fileName: string) => api.inject({
    method: "POST", url: `/v1/projects/${projectId}/documents?fileName=${encodeURIComponent(fileName)}&patientId=${patientId}`,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/octet-stream" }, payload: Buffer.from(bytes),
  });
  const document = (id: string) => app.store.knowledge.getDocument(scope, id);
  const post = (id: string, action: "approve" | "retry") => api.inject({ method: "POST", url: `/v1/projects/${projectId}/documents/${id}/${action}`, headers: { authorization: `Bearer ${key}` } });
  return {
    app, api, admin, projectId, patientId, key, upload, document,
    async approve(id) {
      expect((await post(id, "approve")).statusCode).toBe(200);
      await waitForJobs(app);
    },
    async expectConsentRefused(recording, fileName) {
      const none = await upload(recording, fileName);
      expect(none.statusCode).toBe(403);
      expect(none.json()).toMatchObject({ code: "CONSENT_REQUIRED", detail: expect.stringMatching(/recording/) });
      await recordConsent(app, { actor: admin, patientId, type: "recording", action: "granted", method: "cli" });
      const half = await upload(recording, fileName);
      expect(half.statusCode).toBe(403);
      expect(half.json()).toMatchObject({ code: "CONSENT_REQUIRED", detail: expect.stringMatching(/transcription/) });
      expect(await app.store.knowledge.listDocuments(scope, {})).toEqual([]);
      return half;
    },
    async expectFailedThenRetried(bytes, fileName, reason, hidden) {
      const up = await upload(bytes, fileName);
      expect(up.statusCode).toBe(202);
      const id = up.json<{ document: { id: string } }>().document.id;
      await waitForJobs(app);
      const failed = await document(id);
      expect(failed).toMatchObject({ status: "failed" });
      expect(failed!.failureReason).toMatch(reason);
      expect(failed!.failureReason).not.toMatch(hidden);
      expect((await post(id, "retry")).statusCode).toBe(200);
      await waitForJobs(app);
      expect(await document(id)).toMatchObject({ status: "pending" });
      return id;
    },
    async close() {
      await api.close();
      await app.close();
    },
  };
}
