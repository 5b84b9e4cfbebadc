// API keys limited to one project (#15): `rounds api-key --project <slug>`
// or `POST /v1/api-keys {projectId}` makes a key that reaches that project
// only, through the same scope resolution every channel uses (runCommand for
// commands, the API's check of every `projectId`/`scope` field, the release
// gate for answers and notes). Another project of the organisation reads as
// one that does not exist; organisation-wide operations (people, the audit
// log, the organisation-wide model) are refused; keys it makes are limited
// the same way, and so is an admin-page session opened with it. The generated
// isolation suite probes every route and command with such keys too.
import { createApiServer } from "@rounds/core/api";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { runCommand } from "@rounds/core";
import { localOperator } from "../src/cli/local-operator.ts";
import { makeOperatorApiKey } from "../src/cli/operator-api-key.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";

afterAll(() => cleanupTargets());

describe.each(appTargets())("API keys limited to one project ($name)", (target) => {
  let app: RoundsApp;
  let api: FastifyInstance;
  let one: string;
  let two: string;
  let orgKey: string;
  let limitedAdmin: string;
  const call = (key: string, method: "GET" | "POST", url: string, payload?: unknown) =>
    api.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload !== undefined && { payload: payload as Record<string, unknown> }) });

  beforeAll(async () => {
    app = await startApp(await target.environment());
    api = await createApiServer(app);
    one = (await ensureWorkspace(app, { org: "clinic", project: "one" })).project.id;
    two = (await ensureWorkspace(app, { org: "clinic", project: "two" })).project.id;
    orgKey = (await makeOperatorApiKey(app, { name: "owner", org: "clinic" })).key;
    const organizationId = (await app.store.tenancy.findOrganizationBySlug("clinic"))!.id;
    const user = await app.store.identity.createUser({ organizationId, role: "admin", displayName: "Two Admin" });
    limitedAdmin = (await makeOperatorApiKey(app, { name: "two admin", org: "clinic", user: user.id, project: "two" })).key;
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await app?.close();
  });

  it("`rounds api-key --project` makes a key that names its project, and refuses an unknown one", async () => {
    const made = await makeOperatorApiKey(app, { name: "two clinician", org: "clinic", role: "clinician", project: "two" });
    expect(made.project).toBe("two");
    expect((await call(made.key, "GET", "/v1/me")).json()).toMatchObject({ role: "clinician", projectId: two });
    expect((await call(orgKey, "GET", "/v1/me")).json()).toMatchObject({ role: "admin", projectId: null });
    await expect(makeOperatorApiKey(app, { name: "x", org: "clinic", project: "nowhere" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("reaches its project only, over commands and routes; another project reads as missing", async () => {
    expect((await call(limitedAdmin, "GET", "/v1/projects")).json().map((p: { id: string }) => p.id)).toEqual([two]);
    expect((await call(orgKey, "GET", "/v1/projects")).json()).toHaveLength(2);
    expect((await call(limitedAdmin, "POST", "/v1/commands/docs", { projectId: two, args: "list" })).statusCode).toBe(200);
    expect((await call(limitedAdmin, "POST", "/v1/commands/docs", { projectId: one, args: "list" })).json()).toMatchObject({ status: 404, code: "NOT_FOUND" });
    expect((await call(limitedAdmin, "GET", `/v1/projects/${two}/documents`)).statusCode).toBe(200);
    expect((await call(limitedAdmin, "GET", `/v1/projects/${one}/documents`)).json()).toMatchObject({ status: 404, code: "NOT_FOUND" });
    expect((await call(limitedAdmin, "GET", `/v1/usage?projectId=${one}`)).statusCode).toBe(404);
    expect((await call(limitedAdmin, "GET", `/v1/training/models?scope=${one}`)).statusCode).toBe(404);
    // With no scope given, training pages show its own project, not the organisation's.
    expect((await call(limitedAdmin, "GET", "/v1/training/models")).json()).toMatchObject({ scope: { projectId: two } });
  });

  it("is refused organisation-wide operations: people, the audit log, the organisation-wide model", async () => {
    for (const [url, payload] of [["/v1/commands/users", { projectId: two, args: "list" }], ["/v1/commands/audit", { projectId: two, args: "" }], ["/v1/training/exports", { scope: "organization" }]] as const) {
      expect({ url, res: (await call(limitedAdmin, "POST", url, payload)).json() }).toMatchObject({ url, res: { status: 403, code: "FORBIDDEN" } });
    }
    expect((await call(limitedAdmin, "POST", "/v1/commands/train", { projectId: two, args: "--org --dry-run" })).statusCode).toBe(403);
    expect((await call(limitedAdmin, "GET", "/v1/audit")).statusCode).toBe(403);
    expect((await call(limitedAdmin, "GET", "/v1/training/models?scope=organization")).statusCode).toBe(403);
    expect((await call(orgKey, "GET", "/v1/audit")).statusCode).toBe(200);
  });

  it("cannot move a conversation bound to another project into its own", async () => {
    const orgId = (await app.store.tenancy.findOrganizationBySlug("clinic"))!.id;
    await runCommand(app, "channels", { actor: await localOperator(app, orgId), origin: "cli", projectId: one, args: "bind slack T9 C-ONE --private", visibility: "private" });
    const move = await call(limitedAdmin, "POST", "/v1/commands/channels", { projectId: two, args: "bind slack T9 C-ONE --admin" });
    expect(move.json()).toMatchObject({ status: 403, code: "FORBIDDEN" });
    expect(await app.store.tenancy.findChannelBinding("slack", "T9", "C-ONE")).toMatchObject({ projectId: one, adminChannel: false });
    // A conversation nobody bound yet, in a workspace its organisation holds, it may bind to its own project.
    expect((await call(limitedAdmin, "POST", "/v1/commands/channels", { projectId: two, args: "bind slack T9 C-TWO" })).statusCode).toBe(200);
    expect(await app.store.tenancy.findChannelBinding("slack", "T9", "C-TWO")).toMatchObject({ projectId: two });
  });

  it("makes only keys limited to its own project, and its admin-page session is limited too", async () => {
    const made = await call(limitedAdmin, "POST", "/v1/api-keys", { name: "helper", role: "clinician" });
    expect(made.statusCode).toBe(201);
    expect(made.json().projectId).toBe(two);
    expect((await call(made.json().key as string, "GET", "/v1/me")).json()).toMatchObject({ projectId: two });
    expect((await call(limitedAdmin, "POST", "/v1/api-keys", { name: "escape", role: "admin", projectId: one })).statusCode).toBe(404);
    // An organisation-wide key it cannot revoke either (it is not there for it).
    const orgWide = await call(orgKey, "POST", "/v1/api-keys", { name: "org-wide", role: "auditor" });
    expect((await api.inject({ method: "DELETE", url: `/v1/api-keys/${orgWide.json().id as string}`, headers: { authorization: `Bearer ${limitedAdmin}` } })).statusCode).toBe(404);

    const login = await api.inject({ method: "POST", url: "/v1/session", payload: { apiKey: limitedAdmin } });
    expect(login.statusCode).toBe(200);
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    const csrf = login.json().csrfToken as string;
    const asSession = (method: "GET" | "POST", url: string, payload?: unknown) => api.inject({ method, url, headers: { cookie, "x-csrf-token": csrf }, ...(payload !== undefined && { payload: payload as Record<string, unknown> }) });
    expect((await asSession("GET", "/v1/projects")).json().map((p: { id: string }) => p.id)).toEqual([two]);
    expect((await asSession("POST", "/v1/commands/docs", { projectId: one, args: "list" })).statusCode).toBe(404);
    expect((await asSession("GET", "/v1/audit")).statusCode).toBe(403);
  });
});
