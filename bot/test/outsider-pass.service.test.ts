// What an outside clinic's IT person and clinician ran into on a fresh clone
// (docs/quality/outsider-passes.md, round 14), on both tiers through the HTTP API:
// - a session note's placeholders were numbered again in every turn, so the
//   sister's phone and the crisis line were both "[PHONE_1]";
// - a patient's "Okay. I agree to …" after the clinician's plan was written up
//   as "agreement not recorded" (since helper/notes15 such a proposal is left out of Plan);
// - listing the documents of a project the caller's organisation does not
//   hold (another clinic's, or a mistyped id) answered 200 with an empty list.
// Round 15: the audit log filtered by a patient of another clinic (or a
// mistyped id) answered "No audit entries match.", and `audit --patient` refused
// the patient's reference (MRN) that `ingest --patient` and `consent` accept;
// a patient pressing "I agree" on their own consent prompt was told "Unknown
// consent type" (the button names the patient, and a patient's first word was
// read as the type); a patient naming another patient in a question had the
// name silently dropped (an answer, no error).
import { type Actor, createApiKey, ingestFile, type NoteRecord, recordConsent } from "@rounds/core";
import { createApiServer, registeredRoutes } from "@rounds/core/api";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { parseAction } from "../src/conversation/parse.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";

const enc = (s: string) => new TextEncoder().encode(s);
// Written for this test: two different phone numbers in different turns, and the first one again later.
const TRANSCRIPT = `WEBVTT

00:00:05.000 --> 00:00:12.000
<v Clinician>How have things been since we last met?

00:00:13.000 --> 00:00:30.000
<v Client>Worse. Some nights I think everyone would be better off without me. My sister's number is +33 6 12 34 56 78 if you need her.

00:00:31.000 --> 00:00:45.000
<v Clinician>Let's make a safety plan today: you will call the crisis line on 0800 555 0199 if the urges rise, and we will meet again on Friday.

00:00:46.000 --> 00:00:55.000
<v Client>Okay. I agree to give my sister the tablets tonight.

00:00:56.000 --> 00:01:05.000
<v Client>Her number again is +33 6 12 34 56 78, she is usually home after six.
`;

afterAll(async () => cleanupTargets());

for (const target of appTargets()) {
  describe(`outsider pass on the ${target.name} tier`, () => {
    let app: RoundsApp;
    let api: FastifyInstance;
    let admin: Actor;
    let projectId: string;
    let otherProjectId: string;
    let patientId: string;
    let documentId: string;
    let key: string;
    let otherKey: string;
    const auth = (k: string) => ({ authorization: `Bearer ${k}` });

    beforeAll(async () => {
      app = await startApp(await target.environment());
      api = await createApiServer(app);
      const ws = await ensureWorkspace(app, { org: "north-clinic", project: "ketamine" });
      const other = await ensureWorkspace(app, { org: "south-clinic", project: "anxiety" });
      projectId = ws.project.id;
      otherProjectId = other.project.id;
      admin = await localOperator(app, ws.organization.id);
      key = (await createApiKey(app, undefined, { organizationId: ws.organization.id, role: "admin", name: "north" })).key;
      otherKey = (await createApiKey(app, undefined, { organizationId: other.organization.id, role: "admin", name: "south" })).key;
      patientId = (await app.store.identity.createPatient({ organizationId: ws.organization.id, displayName: "Patient O", externalRef: "PO-1" })).id;
      for (const type of ["recording", "ai_analysis"] as const) await recordConsent(app, { actor: admin, patientId, type, action: "granted", method: "cli" });
      documentId = (await ingestFile(app, { actor: admin, projectId, fileName: "session-o.vtt", bytes: enc(TRANSCRIPT), patientId })).document.id;
      await waitForJobs(app);
    }, 120_000);
    afterAll(async () => {
      await api?.close();
      await app?.close();
    });

    async function note(): Promise<NoteRecord> {
      const created = await api.inject({ method: "POST", url: "/v1/notes", headers: auth(key), payload: { projectId, documentId } });
      expect(created.statusCode, created.body).toBe(201);
      return created.json<NoteRecord>();
    }

    it("numbers a note's placeholders once for the whole transcript: one phone, one number in every turn; another phone, another number", async () => {
      const n = await note();
      // Every quote of a turn, in any section (the risk flag quotes one sentence of a turn, the Subjective all of it).
      const quotes = new Map<number, string>();
      for (const c of n.sections.flatMap((s) => s.citations ?? [])) quotes.set(c.turn, `${quotes.get(c.turn) ?? ""} ${c.quote}`);
      const phones = (turn: number) => [...new Set(quotes.get(turn)?.match(/\[PHONE_\d+\]/g) ?? [])];
      expect(phones(1), quotes.get(1)).toHaveLength(1);
      expect(phones(2), quotes.get(2)).toHaveLength(1);
      expect(phones(4), quotes.get(4)).toHaveLength(1);
      expect(phones(2)[0], "the crisis line is not the sister's number").not.toBe(phones(1)[0]);
      expect(phones(4)[0], "the sister's number again").toBe(phones(1)[0]);
      expect(JSON.stringify(n)).not.toMatch(/12 34 56 78|555 0199/);
    });

    it("records the patient's \"Okay. I agree to …\" as agreement to the plan before it", async () => {
      const plan = (await note()).sections.find((s) => s.key === "plan")!;
      expect(plan.text).toContain("crisis line");
      // Plan quotes only what was agreed (helper/notes15), so the proposal is there only as agreed.
      expect(plan.text).toMatch(/^Agreed: "Let's make a safety plan today/);
    });

    it("answers 404 on every route under a project the caller's organisation does not hold, as for a mistyped id", async () => {
      const missing = "00000000-0000-4000-8000-000000000000";
      const routes = registeredRoutes(api).filter((r) => r.method === "GET" && /^\/v1\/projects\/:projectId(?:\/[a-z-]+)*$/.test(r.url));
      expect(routes.length).toBeGreaterThan(0);
      for (const r of routes) {
        for (const [k, p] of [[otherKey, projectId], [key, missing]] as const) {
          const res = await api.inject({ method: "GET", url: r.url.replace(":projectId", p), headers: auth(k) });
          expect(res.statusCode, `${r.url} ${res.body}`).toBe(404);
          expect(res.json()).toMatchObject({ code: "NOT_FOUND", detail: "No such project in your organisation." });
        }
        const own = await api.inject({ method: "GET", url: r.url.replace(":projectId", otherProjectId), headers: auth(otherKey) });
        expect(own.statusCode, r.url).toBe(200);
      }
    });

    it("refuses an audit filter naming a patient the organisation does not hold, and finds the patient by reference", async () => {
      const missing = "00000000-0000-4000-8000-000000000000";
      for (const [k, p] of [[otherKey, patientId], [key, missing]] as const) {
        for (const format of ["json", "csv"]) {
          const res = await api.inject({ method: "GET", url: `/v1/audit?patientId=${p}&format=${format}`, headers: auth(k) });
          expect(res.statusCode, res.body).toBe(404);
          expect(res.json()).toMatchObject({ code: "NOT_FOUND", detail: "No such patient in your organisation." });
        }
      }
      const other = await api.inject({ method: "POST", url: "/v1/commands/audit", headers: auth(otherKey), payload: { projectId: otherProjectId, args: `--patient ${patientId}` } });
      expect(other.statusCode, other.body).toBe(404);
      const byRef = await api.inject({ method: "POST", url: "/v1/commands/audit", headers: auth(key), payload: { projectId, args: "--patient PO-1 --action consent.granted" } });
      expect(byRef.statusCode, byRef.body).toBe(200);
      const rows = byRef.json<{ data: { rows: { patientId: string; action: string }[] } }>().data.rows;
      expect(rows.map((r) => [r.action, r.patientId])).toEqual([["consent.granted", patientId], ["consent.granted", patientId]]);
    });

    it("records a patient's press of \"I agree\" on their own consent prompt, and refuses it for another patient", async () => {
      const patientKey = async (id: string) => {
        const user = await app.store.identity.createUser({ organizationId: admin.organizationId, role: "patient", displayName: "Patient user", patientId: id });
        return (await createApiKey(app, undefined, { organizationId: admin.organizationId, role: "patient", name: "patient", userId: user.id })).key;
      };
      const own = await patientKey(patientId);
      const stranger = await patientKey((await app.store.identity.createPatient({ organizationId: admin.organizationId, displayName: "Patient Q" })).id);
      const command = (k: string, args: string) => api.inject({ method: "POST", url: "/v1/commands/consent", headers: auth(k), payload: { projectId, args } });
      const prompt = await command(key, `ask ${patientId} transcription`);
      const buttons = prompt.json<{ blocks: { type: string; buttons?: { actionId: string; value: string }[] }[] }>().blocks.find((b) => b.type === "actions")!.buttons!;
      const press = parseAction(buttons[0]!.actionId, buttons[0]!.value);
      expect(press.command).toBe("consent");
      const other = await command(stranger, press.args);
      expect(other.statusCode, other.body).toBe(404);
      const pressed = await command(own, press.args);
      expect(pressed.statusCode, pressed.body).toBe(200);
      expect(pressed.json()).toMatchObject({ data: { patientId, type: "transcription", action: "granted" } });
      const byRef = await command(own, "status PO-1");
      expect(byRef.statusCode, byRef.body).toBe(200);
      expect(byRef.json()).toMatchObject({ data: { transcription: "granted" } });
      expect((await command(own, "status")).json()).toMatchObject({ data: { transcription: "granted" } });
      expect((await command(own, "grant telepathy")).json()).toMatchObject({ code: "BAD_REQUEST", detail: expect.stringContaining("Unknown consent type \"telepathy\"") });
    });

    it("refuses a patient who names another patient in a question (404, as for staff naming another clinic's patient), and serves their own", async () => {
      const other = (await app.store.identity.createPatient({ organizationId: admin.organizationId, displayName: "Patient R" })).id;
      const user = await app.store.identity.createUser({ organizationId: admin.organizationId, role: "patient", displayName: "Patient R user", patientId: other });
      const otherKey = (await createApiKey(app, undefined, { organizationId: admin.organizationId, role: "patient", name: "patient R", userId: user.id })).key;
      const ask = (k: string, patientIds: string[]) => api.inject({ method: "POST", url: "/v1/ask", headers: auth(k), payload: { projectId, question: "How has my sleep been?", patientIds } });
      const named = await ask(otherKey, [patientId]);
      expect(named.statusCode, named.body).toBe(404);
      expect(named.json()).toMatchObject({ code: "NOT_FOUND", detail: "No such patient in your organisation." });
      const own = await ask(otherKey, [other]);
      expect(own.statusCode, own.body).toBe(200);
    });
  });
}
