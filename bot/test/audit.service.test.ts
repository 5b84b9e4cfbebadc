// The audit log on both tiers: answers that show a patient's passages are
// recorded per patient; admins and auditors query it (command and API) with
// filters and keyset paging; the CSV export streams every matching entry
// with correct quoting and formula-injection neutralised; other
// organisations and clinicians see nothing of it.
import { type Actor, answerQuestion, createApiKey, ingestFile, recordConsent, runCommand } from "@rounds/core";
import { createApiServer } from "@rounds/core/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const SESSION = `WEBVTT

00:00:00.000 --> 00:00:09.000
<v Therapist>How have the nights been since the infusion?

00:00:10.000 --> 00:00:19.000
<v Client>I dream about a red lighthouse every night and wake up calm.
`;

/** Minimal RFC 4180 parser for the checks (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(field); field = ""; }
    else if (c === "\r" && text[i + 1] === "\n") { row.push(field); rows.push(row); row = []; field = ""; i++; }
    else field += c;
  }
  return rows;
}

afterAll(async () => cleanupTargets());

for (const target of appTargets()) {
  describe(`audit log on the ${target.name} tier`, () => {
    let app: RoundsApp;
    let api: Awaited<ReturnType<typeof createApiServer>>;
    let admin: Actor;
    let projectId: string;
    let patientId: string;
    const keys = { admin: "", auditor: "", clinician: "", stranger: "" };
    const get = (who: keyof typeof keys, url: string, headers: Record<string, string> = {}) => api.inject({ method: "GET", url, headers: { authorization: `Bearer ${keys[who]}`, ...headers } });

    beforeAll(async () => {
      app = await startApp(await target.environment());
      const ws = await ensureWorkspace(app, { org: "audit-clinic", project: "kat" });
      projectId = ws.project.id;
      admin = await localOperator(app, ws.organization.id);
      patientId = (await app.store.identity.createPatient({ organizationId: ws.organization.id, displayName: "Patient L", externalRef: "PL-1" })).id;
      await recordConsent(app, { actor: admin, patientId, type: "recording", action: "granted", method: "cli" });
      await recordConsent(app, { actor: admin, patientId, type: "ai_analysis", action: "granted", method: "cli" });
      await ingestFile(app, { actor: admin, projectId, fileName: "session-l.vtt", bytes: enc(SESSION), patientId });
      await waitForJobs(app);
      const doc = (await app.store.knowledge.listDocuments({ organizationId: admin.organizationId, projectId }))[0]!;
      await runCommand(app, "docs", { actor: admin, projectId, args: `approve ${doc.id}`, visibility: "private" });
      await waitForJobs(app);
      for (const [role, name] of [["admin", "admin"], ["auditor", "auditor"], ["clinician", "clinician"]] as const) {
        keys[name] = (await createApiKey(app, admin, { organizationId: ws.organization.id, role, name })).key;
      }
      const other = await ensureWorkspace(app, { org: "other-audit-clinic", project: "kat" });
      keys.stranger = (await createApiKey(app, undefined, { organizationId: other.organization.id, role: "auditor", name: "s" })).key;
      // A hostile value as it could arrive from outside (e.g. a channel name): a spreadsheet must not run it.
      await app.store.audit.append([{ organizationId: admin.organizationId, actorUserId: admin.userId, actorRole: "admin", action: "channel.bind", targetType: "channel", targetId: null, patientId: null, channel: '=HYPERLINK("http://x","y")', details: { note: 'a "quoted", comma' } }]);
      api = await createApiServer(app);
    }, 120_000);
    afterAll(async () => {
      await api?.close();
      await app?.close();
    });

    it("records which answer showed which patient's passages", async () => {
      const answer = await answerQuestion(app, { actor: admin, projectId, question: "What does the client dream about?", visibility: "private", patientIds: [patientId], channel: "cli" });
      expect(answer.sources.length).toBeGreaterThan(0);
      const reads = await app.store.audit.query(admin.organizationId, { action: "answer.patient_read" });
      expect(reads).toHaveLength(1);
      expect(reads[0]).toMatchObject({ targetType: "answer", targetId: answer.answerId, patientId, actorUserId: admin.userId, channel: "cli", details: { passages: answer.sources.length } });
      // An answer from guidance alone (no patient scope) records no patient read.
      await answerQuestion(app, { actor: admin, projectId, question: "What does the client dream about?", visibility: "private" });
      expect(await app.store.audit.query(admin.organizationId, { action: "answer.patient_read" })).toHaveLength(1);
    });

    it("the audit command filters by action and patient", async () => {
      const r = await runCommand(app, "audit", { actor: admin, projectId, args: `--patient ${patientId}`, visibility: "private" });
      const rows = (r.data as { rows: Array<{ action: string; patientId: string }> }).rows;
      // The patient's trail: consents, the upload of their transcript, and the answer that read it.
      expect(new Set(rows.map((x) => x.action))).toEqual(new Set(["consent.granted", "document.upload", "answer.patient_read"]));
      expect(rows.every((x) => x.patientId === patientId)).toBe(true);
      expect((r.blocks[0] as { text: string }).text).toMatch(/answer\.patient_read answer [0-9a-f]{8} by admin via cli/);
      await expect(runCommand(app, "audit", { actor: admin, projectId, args: "--from yesterday", visibility: "private" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
      await expect(runCommand(app, "audit", { actor: { ...admin, role: "clinician" }, projectId, args: "", visibility: "private" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    });

    it("GET /v1/audit: filters, keyset paging, auditor allowed, clinician 403, other organisations see nothing", async () => {
      const all = (await get("auditor", "/v1/audit?limit=500")).json<{ entries: Array<{ seq: number; action: string }> }>();
      expect(all.entries.length).toBeGreaterThanOrEqual(6);
      expect(all.entries.map((e) => e.seq)).toEqual([...all.entries.map((e) => e.seq)].sort((a, b) => b - a));
      const first = (await get("auditor", "/v1/audit?limit=2")).json<{ entries: Array<{ seq: number }>; next: number }>();
      expect(first.entries).toHaveLength(2);
      const second = (await get("auditor", `/v1/audit?limit=2&before=${first.next}`)).json<{ entries: Array<{ seq: number }> }>();
      expect(second.entries.map((e) => e.seq)).toEqual(all.entries.slice(2, 4).map((e) => e.seq));
      const consents = (await get("admin", "/v1/audit?action=consent.granted")).json<{ entries: Array<{ action: string }> }>();
      expect(consents.entries.map((e) => e.action)).toEqual(["consent.granted", "consent.granted"]);
      expect((consents as unknown as { next: number | null }).next).toBeNull();
      const future = (await get("admin", `/v1/audit?from=${encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString())}`)).json<{ entries: unknown[] }>();
      expect(future.entries).toEqual([]);
      expect((await get("clinician", "/v1/audit")).statusCode).toBe(403);
      const theirs = ((await get("stranger", "/v1/audit?limit=500")).json<{ entries: Array<{ organizationId: string; action: string }> }>()).entries;
      expect(theirs.map((e) => e.action)).toEqual(["api_key.create"]); // only their own organisation's entry
      expect(theirs.every((e) => e.organizationId !== admin.organizationId)).toBe(true);
      expect((await get("stranger", `/v1/audit?patientId=${patientId}`)).statusCode).toBe(404); // not their patient: as for a mistyped id
      expect((await get("admin", "/v1/audit?patientId=not-a-uuid")).statusCode).toBe(422);
    });

    it("exports every matching entry as CSV, quoted, with formulas neutralised, and audits the export", async () => {
      const response = await get("auditor", "/v1/audit", { accept: "text/csv" });
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toMatch(/^text\/csv/);
      expect(response.headers["content-disposition"]).toMatch(/^attachment; filename="rounds-audit-\d{4}-\d{2}-\d{2}\.csv"$/);
      const rows = parseCsv(response.body);
      expect(rows[0]).toEqual(["seq", "at", "actor_user_id", "actor_role", "action", "target_type", "target_id", "patient_id", "channel", "details"]);
      const json = (await get("auditor", "/v1/audit?limit=500")).json<{ entries: Array<{ seq: number }> }>();
      // The export itself is audited after the CSV's query began, so it may or may not be in it.
      expect(rows.slice(1).map((r) => Number(r[0]))).toEqual(json.entries.map((e) => e.seq).filter((s) => rows.slice(1).some((r) => Number(r[0]) === s)));
      expect(rows.length - 1).toBeGreaterThanOrEqual(json.entries.length - 1);
      const hostile = rows.find((r) => r[4] === "channel.bind")!;
      expect(hostile[8]).toBe(`'=HYPERLINK("http://x","y")`);
      expect(JSON.parse(hostile[9]!)).toEqual({ note: 'a "quoted", comma' });
      const filtered = parseCsv((await get("admin", `/v1/audit?format=csv&patientId=${patientId}`)).body);
      expect(filtered.slice(1).every((r) => r[7] === patientId)).toBe(true);
      expect(filtered.length).toBe(5); // header + 2 consents + the transcript's upload + 1 patient read
      expect((await app.store.audit.query(admin.organizationId, { action: "audit.export" })).length).toBe(2);
      expect((await get("clinician", "/v1/audit?format=csv")).statusCode).toBe(403);
    });
  });
}
