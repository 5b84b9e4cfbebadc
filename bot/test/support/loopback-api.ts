import type { AddressInfo } from "node:net";
import { createApiKey } from "@rounds/core";
import { createApiServer } from "@rounds/core/api";
import type { FastifyInstance } from "fastify";
import type { RoundsApp } from "../../src/app/create-app.ts";
import { ensureWorkspace } from "../../src/cli/workspace.ts";

/** The real HTTP API of an app, listening on a loopback socket. */
export interface LoopbackApi {
  api: FastifyInstance;
  /** `http://127.0.0.1:<port>`, the API's origin. */
  base: string;
}

/** Starts the app's HTTP API on a free loopback port (close it with `api.close()`). */
export async function listenOnLoopback(app: RoundsApp): Promise<LoopbackApi> {
  const api = await createApiServer(app);
  await api.listen({ port: 0, host: "127.0.0.1" });
  return { api, base: `http://127.0.0.1:${(api.server.address() as AddressInfo).port}` };
}

/** A `kat` project in organisation `org`, an owner's admin API key (no user), and the API on loopback. */
export async function ownedWorkspaceOnLoopback(app: RoundsApp, org: string): Promise<LoopbackApi & { organizationId: string; projectId: string; ownerKey: string }> {
  const ws = await ensureWorkspace(app, { org, project: "kat" });
  const ownerKey = (await createApiKey(app, undefined, { organizationId: ws.organization.id, role: "admin", name: "owner" })).key;
  return { ...(await listenOnLoopback(app)), organizationId: ws.organization.id, projectId: ws.project.id, ownerKey };
}
