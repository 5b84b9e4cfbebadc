// Round 16 of the outsider pass (docs/quality/outsider-passes.md), on both tiers
// through the HTTP API:
// - a clinician's key uploaded documents through `POST …/documents` while the
//   `ingest` command and a chat drop were admin-only: who adds documents is
//   now one rule (`uploaderRoles`), the same at every front door;
// - an audit row written by an API caller (a patient listing documents
//   through `/v1/commands/documents`) had no channel;
// - a list (documents, notes) dropped a patient's material for a clinician
//   outside the care team and left no trace in the audit log, while the same
//   patient named in a question was refused and audited.
import { type Actor, createApiKey, ingestFile, recordConsent, reviewDocument, uploadRefusal } from "@rounds/core";
import { createApiServer } from "@rounds/core/api";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";

const enc = (s: string) => new TextEncoder().encode(s);
// Written for this pass: a session of a patient of "Fjordside Clinic", with a canary word.
const SESSION = "WEBVTT\n\n00:00:01.000 --> 00:00:07.000\n<v Therapist>What has helped since the last infusion?\n\n00:00:07.500 --> 00:00:19.000\n<v Client>Walking the dog past the quarry at Skelbrae every morning, that is what keeps me going.\n";
const POLICY = "# Fjordside infusion aftercare\n\nPatients rest for two hours after an infusion and do not drive until the next morning.\n";

afterAll(cleanupTargets);

for (const target of appTargets()) {
  describe(`outsider pass, round 16 (${target.name})`, () => {
    let app: RoundsApp;
    let api: FastifyInstance;
    let admin: Actor;
    let projectId: string;
    let patientId: string;
    const keys: Record<string, string> = {};
    const actors: Record<string, Actor> = {};
    const call = (who: string, method: "GET" | "POST" | "PUT", url: string, payload?: unknown, headers: Record<string, string> = {}) =>
      api.inject({ method, url, headers: { authorization: `Bearer ${keys[who]}`, ...headers }, ...(payload !== undefined && { payload: payload as string }) });
    const auditOf = async (who: string) => app.store.audit.query(admin.organizationId, { actorUserId: actors[who]!.userId, limit: 500 });

    beforeAll(async () => {
      app = await startApp(await target.environment());
      const ws = await ensureWorkspace(app, { org: "fjordside", project: "infusions" });
      projectId = ws.project.id;
      admin = await localOperator(app, ws.organization.id);
      patientId = (await app.store.identity.createPatient({ organizationId: admin.organizationId, displayName: "Patient F", externalRef: "FJ-77" })).id;
      for (const type of ["recording", "ai_analysis"] as const) await recordConsent(app, { actor: admin, patientId, type, action: "granted", method: "cli" });
      const session = await ingestFile(app, { actor: admin, projectId, fileName: "session-f.vtt", bytes: enc(SESSION), patientId });
      await waitForJobs(app);
      if ((await app.store.knowledge.getDocument({ organizationId: admin.organizationId, projectId }, session.document.id))?.status === "pending") {
        await reviewDocument(app, { actor: admin, projectId, documentId: session.document.id, action: "approve" });
        await waitForJobs(app);
      }
      const person = async (name: string, role: "admin" | "clinician" | "auditor" | "patient", patient?: string) => {
        const user = await app.store.identity.createUser({ organizationId: admin.organizationId, role, displayName: name, ...(patient && { patientId: patient }) });
        keys[name] = (await createApiKey(app, undefined, { organizationId: admin.organizationId, role, name, userId: user.id })).key;
        actors[name] = { userId: user.id, organizationId: admin.organizationId, role, ...(patient && { patientId: patient }) };
      };
      await person("admin", "admin");
      await person("clinician", "clinician");
      await person("auditor", "auditor");
      await person("patient", "patient", patientId);
      api = await createApiServer(app);
    }, 120_000);
    afterAll(async () => {
      await api?.close();
      await app?.close();
    });

    it("one rule for who adds documents: admins, at the upload route, the ingest command and ingestFile alike", async () => {
      const upload = (who: string, name: string) => call(who, "POST", `/v1/projects/${projectId}/documents?fileName=${name}`, POLICY.replace("two hours", `two hours (${name})`), { "content-type": "application/octet-stream" });
      for (const who of ["clinician", "auditor", "patient"]) {
        const refused = await upload(who, `${who}.md`);
        expect(refused.statusCode, who).toBe(403);
        expect(refused.json().code).toBe("FORBIDDEN");
        const command = await call(who, "POST", "/v1/commands/ingest", { projectId, args: "aftercare.md" });
        expect(command.statusCode, who).toBe(403);
        await expect(ingestFile(app, { actor: actors[who]!, projectId, fileName: `${who}-direct.md`, bytes: enc(POLICY) })).rejects.toMatchObject({ code: "FORBIDDEN", message: uploadRefusal });
      }
      const titles = (await app.store.knowledge.listDocuments({ organizationId: admin.organizationId, projectId }, { limit: 100 })).map((d) => d.fileName);
      expect(titles.filter((t) => /clinician|auditor|patient/.test(t))).toEqual([]);
      expect((await upload("admin", "admin.md")).statusCode).toBe(202);
    });

    it("writes the channel on every audit row of an API caller (a patient's documents list included)", async () => {
      const listed = await call("patient", "POST", "/v1/commands/documents", { projectId, args: "" });
      expect(listed.statusCode).toBe(200);
      const rows = (await auditOf("patient")).filter((r) => r.action === "documents.list");
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.map((r) => r.channel)).toEqual(rows.map(() => "api"));
      expect((await call("admin", "GET", `/v1/notes?patientId=${patientId}`)).statusCode).toBe(200);
      expect((await call("admin", "POST", "/v1/commands/documents", { projectId, args: "" })).statusCode).toBe(200);
      const adminRows = await auditOf("admin");
      expect(adminRows.length).toBeGreaterThan(0);
      expect(adminRows.filter((r) => r.channel === null)).toEqual([]);
    });

    it("audits what a list leaves out for the care team, as it audits a refused request", async () => {
      const listed = await call("clinician", "POST", "/v1/commands/documents", { projectId, args: "" });
      expect(listed.statusCode).toBe(200);
      expect(listed.body).not.toContain("session-f");
      const refused = (await auditOf("clinician")).filter((r) => r.action === "care_team.refused");
      expect(refused).toEqual([expect.objectContaining({ patientId, targetType: "list", targetId: "documents.list", channel: "api" })]);
      // Once on the care team, the same list shows the session and audits no refusal.
      expect((await call("admin", "PUT", `/v1/patients/${patientId}/care-team/${actors.clinician!.userId}`)).statusCode).toBe(201);
      const again = await call("clinician", "POST", "/v1/commands/documents", { projectId, args: "" });
      expect(again.body).toContain("session-f");
      expect((await auditOf("clinician")).filter((r) => r.action === "care_team.refused")).toHaveLength(1);
    });
  });
}
