// Consent and patient scope end to end, on both tiers: session material needs
// recorded consent; answers draw on a patient's sessions only with
// ai_analysis; revocation takes effect at once; other patients and tenants
// see nothing; the ledger keeps every record.
import { type Actor, type RoundsConfigInput, answerQuestion, ingestFile, recordConsent, reviewDocument, runCommand } from "@rounds/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";

afterAll(cleanupTargets);
const enc = (s: string) => new TextEncoder().encode(s);
const SESSION = "WEBVTT\n\n00:00:01.000 --> 00:00:08.000\n<v Therapist>How was the week after the infusion?\n\n00:00:08.500 --> 00:00:20.000\n<v Client>I keep dreaming about the lighthouse at Marrowby where my grandfather worked.\n";

for (const target of appTargets()) {
  describe(`consent and patient scope (${target.name})`, () => {
    let env: RoundsConfigInput;
    let app: RoundsApp;
    let admin: Actor;
    let projectId: string;
    let patientA: string;
    let patientB: string;
    let patientActorB: Actor;

    beforeAll(async () => {
      env = await target.environment();
      app = await startApp(env);
      const ws = await ensureWorkspace(app, { org: "consent-clinic", project: "kat" });
      projectId = ws.project.id;
      admin = await localOperator(app, ws.organization.id);
      patientA = (await app.store.identity.createPatient({ organizationId: ws.organization.id, displayName: "Patient A", externalRef: "PA-1" })).id;
      patientB = (await app.store.identity.createPatient({ organizationId: ws.organization.id, displayName: "Patient B", externalRef: "PB-2" })).id;
      const userB = await app.store.identity.createUser({ organizationId: ws.organization.id, role: "patient", displayName: "B", patientId: patientB });
      patientActorB = { userId: userB.id, organizationId: ws.organization.id, role: "patient", patientId: patientB };
    }, 60_000);
    afterAll(async () => app?.close());

    const ask = (actor: Actor, patientIds?: string[]) =>
      answerQuestion(app, { actor, projectId, question: "What does the client dream about the lighthouse?", visibility: "private", ...(patientIds && { patientIds }) });

    it("refuses a session upload without consent and stores nothing", async () => {
      await expect(ingestFile(app, { actor: admin, projectId, fileName: "session-a.vtt", bytes: enc(SESSION), patientId: patientA })).rejects.toMatchObject({ code: "CONSENT_REQUIRED" });
      expect(await app.store.knowledge.listDocuments({ organizationId: admin.organizationId, projectId })).toEqual([]);
    });

    it("answers from a patient's session only with ai_analysis, and stops at once on revocation", async () => {
      await recordConsent(app, { actor: admin, patientId: patientA, type: "recording", action: "granted", method: "cli" });
      const up = await ingestFile(app, { actor: admin, projectId, fileName: "session-a.vtt", bytes: enc(SESSION), patientId: patientA });
      await waitForJobs(app);
      await reviewDocument(app, { actor: admin, projectId, documentId: up.document.id, action: "approve" });
      await waitForJobs(app);

      // General questions never see session material.
      const general = await ask(admin);
      expect(general.sources.every((s) => s.documentId !== up.document.id)).toBe(true);
      await expect(ask(admin, [patientA])).rejects.toMatchObject({ code: "CONSENT_REQUIRED" });

      await recordConsent(app, { actor: admin, patientId: patientA, type: "ai_analysis", action: "granted", method: "cli" });
      const withConsent = await ask(admin, [patientA]);
      expect(withConsent.kind).toBe("extractive");
      expect(withConsent.sources[0]!.documentId).toBe(up.document.id);
      expect(withConsent.sources[0]!.locator).toMatch(/Client/);

      await recordConsent(app, { actor: admin, patientId: patientA, type: "ai_analysis", action: "revoked", method: "cli" });
      await expect(ask(admin, [patientA])).rejects.toMatchObject({ code: "CONSENT_REQUIRED" });
      expect((await app.store.consent.history(admin.organizationId, patientA)).map((e) => `${e.type}:${e.action}`))
        .toEqual(["recording:granted", "ai_analysis:granted", "ai_analysis:revoked"]);
    }, 60_000);

    it("another patient reaches none of it, even with their own consent", async () => {
      await recordConsent(app, { actor: patientActorB, patientId: patientB, type: "ai_analysis", action: "granted", method: "chat" });
      await recordConsent(app, { actor: admin, patientId: patientA, type: "ai_analysis", action: "granted", method: "cli" });
      const b = await ask(patientActorB);
      expect(b.kind).toBe("refusal");
      expect(b.sources.every((s) => s.title !== "session-a")).toBe(true);
      await expect(recordConsent(app, { actor: patientActorB, patientId: patientA, type: "ai_analysis", action: "revoked", method: "chat" })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(runCommand(app, "consent", { actor: patientActorB, projectId, args: "history", visibility: "private" })).resolves.toMatchObject({ data: [expect.objectContaining({ patientId: patientB })] });
    }, 60_000);

    it("consent commands: status by external reference, prompt buttons, unknown type", async () => {
      const status = await runCommand(app, "consent", { actor: admin, projectId, args: "status PA-1", visibility: "private" });
      expect(status.data).toMatchObject({ recording: "granted", ai_analysis: "granted", transcription: "never asked" });
      const prompt = await runCommand(app, "consent", { actor: admin, projectId, args: "ask PA-1 transcription", visibility: "private" });
      expect(prompt.blocks.find((b) => b.type === "actions")).toMatchObject({ buttons: [{ actionId: "consent.grant", value: `${patientA} transcription` }, { actionId: "consent.revoke" }] });
      await expect(runCommand(app, "consent", { actor: admin, projectId, args: "grant PA-1 telepathy", visibility: "private" })).rejects.toThrow(/Unknown consent type/);
      const other = await ensureWorkspace(app, { org: "elsewhere", project: "kat" });
      const stranger = await localOperator(app, other.organization.id);
      await expect(runCommand(app, "consent", { actor: stranger, projectId: other.project.id, args: `status ${patientA}`, visibility: "private" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    });
  });
}
