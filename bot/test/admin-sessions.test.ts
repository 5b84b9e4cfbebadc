// Issue #15, finding 5, over the real HTTP API on a loopback socket, on both
// tiers: an admin-page session ends with the API key it was opened with
// (revoked key: the cookie is refused at once, not hours later), with a
// change of the user's role and with the user's removal; only admins and
// auditors can open one at all. Each step checks the cookie worked before.
import { createApiKey, type Role } from "@rounds/core";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { ownedWorkspaceOnLoopback } from "./support/loopback-api.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";

describe.each(appTargets())("admin-page sessions ($name)", (target) => {
  let app: RoundsApp;
  let api: FastifyInstance;
  let base: string;
  let organizationId: string;
  let projectId: string;
  let ownerKey: string;

  beforeAll(async () => {
    app = await startApp(await target.environment());
    ({ api, base, organizationId, projectId, ownerKey } = await ownedWorkspaceOnLoopback(app, "sessions"));
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await app?.close();
    await cleanupTargets();
  });

  /** A person with a key of their own. */
  async function person(role: Role, name: string) {
    const user = await app.store.identity.createUser({ organizationId, role, displayName: name });
    const { key, record } = await createApiKey(app, undefined, { organizationId, role, name, userId: user.id });
    return { userId: user.id, key, keyId: record.id };
  }
  async function login(apiKey: string) {
    const res = await fetch(`${base}/v1/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ apiKey }) });
    const body = (await res.json()) as { csrfToken?: string; code?: string; role?: string };
    return { status: res.status, body, cookie: res.headers.get("set-cookie")?.split(";")[0] };
  }
  const withCookie = async (cookie: string) => (await fetch(`${base}/v1/me`, { headers: { cookie } })).status;
  const asOwner = (id: string, args: string) => fetch(`${base}/v1/commands/${id}`, {
    method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${ownerKey}` }, body: JSON.stringify({ projectId, args }),
  });

  it("ends when the key it was opened with is revoked", async () => {
    const ada = await person("admin", "Ada");
    const { status, cookie } = await login(ada.key);
    expect(status).toBe(200);
    expect(await withCookie(cookie!)).toBe(200);
    const revoke = await fetch(`${base}/v1/api-keys/${ada.keyId}`, { method: "DELETE", headers: { authorization: `Bearer ${ownerKey}` } });
    expect(revoke.status).toBe(204);
    expect(await withCookie(cookie!)).toBe(401);
    // The ended session is gone, not merely refused.
    expect(await withCookie(cookie!)).toBe(401);
  });

  it("ends when the user's role changes", async () => {
    const bo = await person("admin", "Bo");
    const { cookie } = await login(bo.key);
    expect(await withCookie(cookie!)).toBe(200);
    expect((await asOwner("users", `role ${bo.userId} clinician`)).status).toBe(200);
    expect(await withCookie(cookie!)).toBe(401);
    // A clinician now, Bo cannot open a new one either.
    expect(await login(bo.key)).toMatchObject({ status: 403, body: { code: "FORBIDDEN", role: "clinician" } });
  });

  it("ends when the user is removed, and their key stops working", async () => {
    const cy = await person("auditor", "Cy");
    const { cookie } = await login(cy.key);
    expect(await withCookie(cookie!)).toBe(200);
    const removed = await asOwner("users", `remove ${cy.userId}`);
    expect(removed.status).toBe(200);
    expect(await withCookie(cookie!)).toBe(401);
    expect((await fetch(`${base}/v1/me`, { headers: { authorization: `Bearer ${cy.key}` } })).status).toBe(401);
    expect(await login(cy.key)).toMatchObject({ status: 401 });
  });

  it("opens only for admins and auditors", async () => {
    for (const role of ["clinician", "patient"] as const) {
      const who = role === "patient"
        ? await (async () => {
          const patient = await app.store.identity.createPatient({ organizationId, displayName: "P" });
          const user = await app.store.identity.createUser({ organizationId, role, displayName: "P", patientId: patient.id });
          return (await createApiKey(app, undefined, { organizationId, role, name: "p", userId: user.id })).key;
        })()
        : (await person(role, "Cleo")).key;
      const res = await login(who);
      expect(res).toMatchObject({ status: 403, body: { code: "FORBIDDEN", role } });
      expect(res.cookie).toBeUndefined();
    }
    expect((await login((await person("auditor", "Dee")).key)).status).toBe(200);
  });
});
