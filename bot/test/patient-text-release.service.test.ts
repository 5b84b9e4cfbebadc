// Finding 4 of #15 on both tiers: every response that carries text derived
// from a patient (a stored answer drawing on their session, a session note)
// writes an audit row naming the patient and the reader; once the patient
// revokes AI analysis, those answers and notes are served to no one but an
// admin, whose reads are audited as made under revoked consent. An answer
// drawing on no patient stays readable. Over HTTP and through commands.
import { createApiKey, runCommand } from "@rounds/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildIsolationFixture, type IsolationFixture } from "./support/isolation-fixture.ts";
import { appTargets, cleanupTargets } from "./support/test-app.ts";

afterAll(() => cleanupTargets());

describe.each(appTargets())("patient-derived text is audited and follows consent ($name)", (target) => {
  let fx: IsolationFixture;
  let adminKey: string;
  const keyOf = (name: string) => fx.insidersAfterRevocation.find((p) => p.name.startsWith(name))!;
  const get = (url: string, key: string) => fx.api.inject({ method: "GET", url, headers: { authorization: `Bearer ${key}` } });
  const audit = (action: string) => fx.app.store.audit.query(fx.orgA, { action, limit: 100 });

  beforeAll(async () => {
    fx = await buildIsolationFixture(target);
    adminKey = (await createApiKey(fx.app, fx.adminA, { organizationId: fx.orgA, role: "admin", name: "admin", userId: fx.adminA.userId })).key;
  }, 120_000);
  afterAll(async () => fx?.close());

  // Refused questions (the admin's `refusals` list) are patient text too when asked about a patient or by one.
  const refusedIds: string[] = [];
  it("lists refused questions about a patient or by one only through the release gate, audited per patient", async () => {
    const projectId = fx.harvest.projects[0]!;
    const clinician = keyOf("A clinician").actor!;
    const patientOne = { userId: fx.harvest.users[1]!, organizationId: fx.orgA, role: "patient" as const, patientId: fx.patientOne };
    for (const [actor, args] of [[clinician, `--patient ${fx.patientOne} Which volcano erupted near Reykjavik last winter?`], [patientOne, "Which volcano erupted near Reykjavik last winter?"]] as const) {
      const asked = await runCommand(fx.app, "ask", { actor, projectId, args, visibility: "private" });
      expect((asked.data as { kind: string }).kind).toBe("refusal");
      refusedIds.push((asked.data as { answerId: string }).answerId);
    }
    const listed = await runCommand(fx.app, "refusals", { actor: fx.adminA, projectId, args: "", visibility: "private" });
    expect(JSON.stringify(listed.blocks).match(/volcano erupted/g)).toHaveLength(2);
    const rows = await audit("refusal.read");
    for (const id of refusedIds) expect(rows.filter((r) => r.targetId === id && r.patientId === fx.patientOne && r.actorUserId === fx.adminA.userId && !r.details)).toHaveLength(1);
  });

  it("audits each read of an answer or note by another clinician or an auditor, per patient", async () => {
    const [docAnswer, patientAnswer] = fx.harvest.answers as [string, string];
    const [noteId] = fx.harvest.notes as [string];
    const clinician = keyOf("A clinician");
    const auditor = keyOf("A auditor");

    const read = await get(`/v1/answers/${patientAnswer}`, auditor.key!);
    expect(read.statusCode).toBe(200);
    expect(read.body).toContain(fx.canaries.patientAnswer);
    const answerRows = await audit("answer.read");
    expect(answerRows.filter((r) => r.targetId === patientAnswer && r.patientId === fx.patientOne && r.actorUserId === auditor.actor!.userId)).toHaveLength(1);

    expect((await get(`/v1/answers/${docAnswer}`, clinician.key!)).statusCode).toBe(200);
    expect((await audit("answer.read")).filter((r) => r.targetId === docAnswer && r.patientId === null && r.actorUserId === clinician.actor!.userId)).toHaveLength(1);

    const listed = await get(`/v1/notes?patientId=${fx.patientOne}`, auditor.key!);
    expect(listed.json()).toMatchObject({ notes: [{ id: noteId }], withheld: 0 });
    expect((await audit("note.list")).filter((r) => r.targetId === noteId && r.patientId === fx.patientOne && r.actorUserId === auditor.actor!.userId)).toHaveLength(1);
    expect((await get(`/v1/notes/${noteId}`, clinician.key!)).statusCode).toBe(200);
    expect((await audit("note.read")).filter((r) => r.targetId === noteId && r.patientId === fx.patientOne && r.actorUserId === clinician.actor!.userId)).toHaveLength(1);

    await runCommand(fx.app, "sources", { actor: clinician.actor!, projectId: fx.harvest.projects[0]!, args: patientAnswer, visibility: "private" });
    expect((await audit("answer.read")).filter((r) => r.targetId === patientAnswer && r.actorUserId === clinician.actor!.userId)).toHaveLength(1);
  });

  // Found trying the README as an outsider: `rounds audit --patient <id>` left out the upload of the patient's
  // transcript and the note written from it (their rows named no patient), so a patient's trail missed both.
  it("puts the upload of a patient's transcript and the note generated from it in that patient's audit trail", async () => {
    const [, transcriptId] = fx.harvest.documents as [string, string];
    const [noteId] = fx.harvest.notes as [string];
    const trail = await fx.app.store.audit.query(fx.orgA, { patientId: fx.patientOne, limit: 500 });
    expect(trail.filter((r) => r.action === "document.upload" && r.targetId === transcriptId)).toHaveLength(1);
    expect(trail.filter((r) => r.action === "note.generate" && r.targetId === noteId)).toHaveLength(1);
    // Shared guidance names no patient.
    const [docId] = fx.harvest.documents as [string];
    expect((await audit("document.upload")).filter((r) => r.targetId === docId && r.patientId === null)).toHaveLength(1);
  });

  // The gate also refuses before a change: a note of another project is not there to edit, acknowledge or approve.
  it("an admin limited to another project can neither read nor change a note of this one, which stays as it was", async () => {
    const [noteId] = fx.harvest.notes as [string];
    const limited = fx.outsiders.find((p) => p.name === "A admin limited to project 2")!;
    const send = (method: "GET" | "PATCH" | "POST", url: string, payload?: Record<string, unknown>) =>
      fx.api.inject({ method, url, headers: { authorization: `Bearer ${limited.key!}` }, ...(payload && { payload }) });
    const before = await fx.app.store.notes.getNote({ organizationId: fx.orgA }, noteId);
    expect(before).toMatchObject({ id: noteId, status: "draft" });
    const tries = [
      await send("GET", `/v1/notes/${noteId}`),
      await send("PATCH", `/v1/notes/${noteId}`, { sections: [{ key: before!.sections[0]!.key, text: "overwritten" }] }),
      await send("POST", `/v1/notes/${noteId}/acknowledge-risk`),
      await send("POST", `/v1/notes/${noteId}/approve`),
    ];
    expect(tries.map((r) => r.statusCode)).toEqual([404, 404, 404, 404]);
    for (const command of ["show", "ack", "approve"]) {
      await expect(runCommand(fx.app, "notes", { actor: limited.actor!, projectId: limited.ownProject, args: `${command} ${noteId}`, visibility: "private" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    const after = await fx.app.store.notes.getNote({ organizationId: fx.orgA }, noteId);
    expect(after).toEqual(before);
  });

  it("after the patient revokes AI analysis, only an admin is served their answers and notes, under audit", async () => {
    const [docAnswer, patientAnswer] = fx.harvest.answers as [string, string];
    const [noteId] = fx.harvest.notes as [string];
    const clinician = keyOf("A clinician");
    const auditor = keyOf("A auditor");
    const projectId = fx.harvest.projects[0]!;
    const revoke = await fx.api.inject({ method: "POST", url: `/v1/patients/${fx.patientOne}/consent`, headers: { authorization: `Bearer ${adminKey}` }, payload: { type: "ai_analysis", action: "revoked" } });
    expect(revoke.statusCode).toBe(201);

    for (const who of [clinician, auditor]) {
      const answer = await get(`/v1/answers/${patientAnswer}`, who.key!);
      expect(answer.statusCode).toBe(403);
      expect(answer.json()).toMatchObject({ code: "CONSENT_REQUIRED" });
      expect(answer.body).not.toContain(fx.canaries.patientAnswer);
      expect((await get(`/v1/notes/${noteId}`, who.key!)).json()).toMatchObject({ status: 403, code: "CONSENT_REQUIRED" });
      const listed = await get(`/v1/notes?patientId=${fx.patientOne}`, who.key!);
      expect(listed.json()).toEqual({ notes: [], withheld: 1 });
      await expect(runCommand(fx.app, "sources", { actor: who.actor!, projectId, args: patientAnswer, visibility: "private" })).rejects.toMatchObject({ code: "CONSENT_REQUIRED" });
      await expect(runCommand(fx.app, "notes", { actor: who.actor!, projectId, args: `show ${noteId}`, visibility: "private" })).rejects.toMatchObject({ code: "CONSENT_REQUIRED" });
      const list = await runCommand(fx.app, "notes", { actor: who.actor!, projectId, args: "list", visibility: "private" });
      expect(JSON.stringify(list.blocks)).toMatch(/1 note is withheld: the patient withdrew consent/);
      // An answer that draws on no patient is unaffected.
      expect((await get(`/v1/answers/${docAnswer}`, who.key!)).statusCode).toBe(200);
    }
    // The clinician cannot approve the note either (that would serve it back).
    expect((await fx.api.inject({ method: "POST", url: `/v1/notes/${noteId}/approve`, headers: { authorization: `Bearer ${clinician.key}` } })).statusCode).toBe(403);

    const before = (await audit("answer.read")).length;
    const asAdmin = await get(`/v1/answers/${patientAnswer}`, adminKey);
    expect(asAdmin.statusCode).toBe(200);
    expect(asAdmin.body).toContain(fx.canaries.patientAnswer);
    const rows = await audit("answer.read");
    expect(rows.length).toBe(before + 1);
    expect(rows.find((r) => r.targetId === patientAnswer && r.actorRole === "admin")).toMatchObject({ patientId: fx.patientOne, details: { consent: "revoked" } });
    expect((await get(`/v1/notes/${noteId}`, adminKey)).statusCode).toBe(200);
    expect((await audit("note.read")).find((r) => r.actorRole === "admin")).toMatchObject({ targetId: noteId, patientId: fx.patientOne, details: { consent: "revoked" } });
  });

  it("after the revocation, refused questions about or by the patient are listed to an admin only under audit marked as such", async () => {
    expect(refusedIds).toHaveLength(2);
    const listed = await runCommand(fx.app, "refusals", { actor: fx.adminA, projectId: fx.harvest.projects[0]!, args: "", visibility: "private" });
    expect(JSON.stringify(listed.blocks).match(/volcano erupted/g)).toHaveLength(2);
    const rows = (await audit("refusal.read")).filter((r) => r.details);
    for (const id of refusedIds) expect(rows.filter((r) => r.targetId === id)).toMatchObject([{ patientId: fx.patientOne, details: { consent: "revoked" } }]);
  });
});
