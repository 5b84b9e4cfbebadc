import { type Actor, createApiKey } from "@rounds/core";
import { createApiServer } from "@rounds/core/api";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import type { RoundsApp } from "../../src/app/create-app.ts";
import { localOperator } from "../../src/cli/local-operator.ts";
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
  return {
    app, api, admin, projectId, patientId, key,
    upload: (bytes, fileName) => api.inject({
      method: "POST", url: `/v1/projects/${projectId}/documents?fileName=${encodeURIComponent(fileName)}&patientId=${patientId}`,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/octet-stream" }, payload: Buffer.from(bytes),
    }),
    async close() {
      await api.close();
      await app.close();
    },
  };
}
