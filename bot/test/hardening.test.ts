// Issue #15, finding 8 (the low ones), over the real HTTP API on a loopback
// socket, on both tiers: X-Forwarded-For is not believed without a trustProxy
// setting (the consent ledger records the real peer), wrong logins meet a
// limit, a patient rates only answers given to them, a NUL byte or malformed
// id is a 400 (not a 500), /v1 responses carry Cache-Control: no-store, /docs
// has a Content-Security-Policy, and `rounds api-key` makes a key for a user
// in an organisation with two projects. (Slack's future-dated signatures:
// plugins/slack/test/slack-channel.test.ts.)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { actorForApiKey, createApiKey } from "@rounds/core";
import { migratedPgliteCopy } from "@rounds/db/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { cliInProcess } from "./support/cli-in-process.ts";
import { listenOnLoopback } from "./support/loopback-api.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";

describe.each(appTargets())("hardening ($name)", (target) => {
  let app: RoundsApp;
  let api: FastifyInstance;
  let base: string;
  let organizationId: string;
  let projectId: string;
  let adminKey: string;
  let clinicianKey: string;
  let patientKey: string;
  let patientId: string;

  beforeAll(async () => {
    app = await startApp(await target.environment());
    const ws = await ensureWorkspace(app, { org: "harden", project: "kat" });
    await ensureWorkspace(app, { org: "harden", project: "second" });
    organizationId = ws.organization.id;
    projectId = ws.project.id;
    adminKey = (await createApiKey(app, undefined, { organizationId, role: "admin", name: "admin" })).key;
    clinicianKey = (await createApiKey(app, undefined, { organizationId, role: "clinician", name: "clinician" })).key;
    const patient = await app.store.identity.createPatient({ organizationId, displayName: "Pat" });
    patientId = patient.id;
    const patientUser = await app.store.identity.createUser({ organizationId, role: "patient", displayName: "Pat", patientId });
    patientKey = (await createApiKey(app, undefined, { organizationId, role: "patient", name: "patient", userId: patientUser.id })).key;
    ({ api, base } = await listenOnLoopback(app));
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await app?.close();
    await cleanupTargets();
  });

  const call = (key: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => fetch(`${base}${path}`, {
    method, headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const ask = async (key: string) => ((await (await call(key, "POST", "/v1/ask", { projectId, question: "How long is observation after a dose?" })).json()) as { answerId: string }).answerId;

  it("records the socket's address with consent, not a forged X-Forwarded-For", async () => {
    const res = await call(clinicianKey, "POST", `/v1/patients/${patientId}/consent`, { type: "ai_analysis", action: "granted" }, { "x-forwarded-for": "203.0.113.77" });
    expect(res.status).toBe(201);
    const history = await app.store.consent.history(organizationId, patientId);
    expect(history.map((e) => e.ip)).toEqual(["127.0.0.1"]);
  });

  it("lets a patient rate only answers given to them", async () => {
    const clinicians = await ask(clinicianKey);
    const own = await ask(patientKey);
    expect((await call(patientKey, "POST", `/v1/answers/${clinicians}/feedback`, { rating: "down" })).status).toBe(404);
    const viaCommand = await call(patientKey, "POST", "/v1/commands/feedback", { projectId, args: `down ${clinicians}` });
    expect(viaCommand.status).toBe(404);
    expect((await call(patientKey, "POST", `/v1/answers/${own}/feedback`, { rating: "up" })).status).toBe(204);
    expect((await call(clinicianKey, "POST", `/v1/answers/${clinicians}/feedback`, { rating: "up" })).status).toBe(204);
    const usage = (await (await call(adminKey, "GET", "/v1/usage?days=1")).json()) as { feedback: { up: number; down: number } };
    expect(usage.feedback).toEqual({ up: 2, down: 0 });
  });

  it("answers a NUL byte or a malformed id with 400, not 500", async () => {
    for (const args of ["show not-a-uuid", "approve 1234", `show ${"\u0000"}`, "retry 00000000-0000-0000-0000-00000000000g"]) {
      const res = await call(adminKey, "POST", "/v1/commands/docs", { projectId, args });
      expect({ args, status: res.status }).toEqual({ args, status: expect.toBeOneOf([400, 404]) });
    }
    const named = await call(adminKey, "POST", "/v1/commands/users", { projectId, args: "add Ann\u0000Other --role clinician" });
    expect(named.status).toBe(400);
    expect(((await named.json()) as { detail: string }).detail).not.toContain("Ann");
    expect((await call(adminKey, "POST", "/v1/commands/feedback", { projectId, args: "up not-an-id" })).status).toBe(404);
  });

  it("marks /v1 responses no-store and gives /docs a Content-Security-Policy", async () => {
    const answerId = await ask(clinicianKey);
    for (const path of [`/v1/answers/${answerId}`, `/v1/patients/${patientId}/consent`, "/v1/me"]) {
      const res = await call(clinicianKey, "GET", path);
      expect({ path, status: res.status, cache: res.headers.get("cache-control") }).toEqual({ path, status: 200, cache: "no-store" });
    }
    const docs = await fetch(`${base}/docs/static/index.html`);
    expect(docs.status).toBe(200);
    expect(docs.headers.get("content-security-policy")).toMatch(/default-src 'self'/);
  });

  it("limits wrong logins per client address, whatever X-Forwarded-For claims", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await fetch(`${base}/v1/session`, {
        method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": `198.51.100.${i}` },
        body: JSON.stringify({ apiKey: `rk_wrong-key-${i}-xxxxxxxxxxxxxxxxxxxxxxx` }),
      });
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    expect(statuses).toEqual([...Array(10).fill(401), 429, 429]);
    // Over the limit even the right key waits: guessing gains nothing.
    const right = await fetch(`${base}/v1/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ apiKey: adminKey }) });
    expect(right.status).toBe(429);
  });

  it("rounds api-key makes a key for a user, in an organisation with two projects", async () => {
    if (target.name !== "embedded") return; // the CLI keeps its own embedded data folder here; the key check is tier-independent
    const dir = mkdtempSync(join(tmpdir(), "rounds-api-key-"));
    await migratedPgliteCopy(dir); // then `init` as an operator runs it (creating a database is cli-bin's and the demo's case)
    const rounds = cliInProcess(["-d", dir]);
    const lines = rounds.stdout;
    const cli = async (...args: string[]) => (await rounds.run(...args)).code;
    try {
      expect(await cli("init", "--org", "two", "--project", "first")).toBe(0);
      expect(await cli("init", "--org", "two", "--project", "second")).toBe(0);
      lines.length = 0;
      expect(await cli("users", "add", "Ada", "--role", "auditor", "--project", "first", "--json")).toBe(0);
      const ada = JSON.parse(lines.join("\n")) as { id: string };
      lines.length = 0;
      expect(await cli("api-key", "ada's key", "--user", ada.id)).toBe(0);
      const key = lines.join("\n").split("\n")[0]!.trim();
      expect(lines.join("\n")).toMatch(/auditor key "ada's key" acting as Ada for two/);
      expect(await cli("api-key", "service key", "--role", "clinician")).toBe(0);
      expect(await cli("api-key", "x", "--user", ada.id, "--role", "admin")).toBe(2);
      const other = await startApp({ tier: "embedded", dataDir: dir });
      try {
        expect(await actorForApiKey(other, key)).toMatchObject({ userId: ada.id, role: "auditor" });
      } finally {
        await other.close();
      }
    } finally {
      rounds.restore();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
