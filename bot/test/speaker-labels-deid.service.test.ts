// A speaker's name in a transcript's label is an identifier like any other
// (outsider trial of 2026-12-07: a note showed "(Radka Novotná 00:00:07)"
// beside turns where her partner's name was a placeholder). With the real
// de-identification plugin: a labelled name becomes the same placeholder in
// the label and in the turns that name the speaker, role labels stay, and a
// session note (de-identified by the default policy) carries no speaker name.
import { type Actor, deidentifySections, generateNote, ingestFile, placeholderNumbering, recordConsent, reviewDocument } from "@rounds/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";

const SESSION = `WEBVTT

00:00:01.000 --> 00:00:06.000
<v Therapist>Good to see you again. How has the week been since we last met?

00:00:07.000 --> 00:00:15.000
<v Radka Novotná>Better. Radka is finally sleeping, as my mother says. I walked to the park with Tomasz on Sunday.

00:00:16.000 --> 00:00:22.000
<v Therapist>That sounds like progress. Shall we keep the walks as a goal for next week?

00:00:23.000 --> 00:00:28.000
<v Radka Novotná>Yes, I agree to walk three times next week.
`;

afterAll(async () => cleanupTargets());

describe("speaker labels are de-identified with the turns they label", () => {
  let app: RoundsApp;
  let admin: Actor;
  let projectId: string;
  let patientId: string;

  beforeAll(async () => {
    app = await startApp(await appTargets()[0]!.environment(), { notes: { riskEmbeddingClassifier: false } });
    const ws = await ensureWorkspace(app, { org: "speaker-label-clinic", project: "kat" });
    projectId = ws.project.id;
    admin = await localOperator(app, ws.organization.id);
    patientId = (await app.store.identity.createPatient({ organizationId: ws.organization.id, displayName: "Patient R", externalRef: "PR-7" })).id;
    for (const type of ["recording", "ai_analysis"] as const) await recordConsent(app, { actor: admin, patientId, type, action: "granted", method: "cli" });
  }, 120_000);
  afterAll(async () => app?.close());

  it("gives a named label the placeholder of the name in the turns, and leaves role labels", async () => {
    const deid = await app.host.get("deidentifiers", app.config.models.deidentifier);
    const turns = [
      { speaker: "Therapist", text: "How has the week been?" },
      { speaker: "Radka Novotná", text: "Radka is sleeping better, my mother says." },
      { speaker: "mo", text: "ok see u at 3" },
    ];
    const out = await deidentifySections(deid, turns, { operator: "placeholder", numbering: placeholderNumbering() });
    expect(out[0]!.speaker).toBe("Therapist");
    expect(out[1]!.speaker).toMatch(/^\[NAME_\d+\]/);
    expect(out[1]!.speaker).not.toMatch(/Radka|Novotn/);
    expect(out[1]!.text).not.toMatch(/Radka/);
    // The first name alone in the turn is the speaker's, found through the label: a placeholder, never the name.
    expect(out[1]!.text).toMatch(/^\[NAME_\d+\] is sleeping better/);
    expect(JSON.stringify(out)).not.toMatch(/Novotn|Radka/);
    // The input is not changed in place.
    expect(turns[1]!.speaker).toBe("Radka Novotná");
  });

  it("writes a session note whose citations and quotes carry no speaker name", async () => {
    const doc = (await ingestFile(app, { actor: admin, projectId, fileName: "session.vtt", bytes: new TextEncoder().encode(SESSION), patientId })).document;
    await waitForJobs(app);
    const listed = await app.store.knowledge.listDocuments({ organizationId: admin.organizationId, projectId });
    for (const d of listed) if (d.status === "pending" || d.status === "irrelevant") await reviewDocument(app, { actor: admin, projectId, documentId: d.id, action: "approve" });
    await waitForJobs(app);
    const note = await generateNote(app, admin, { projectId, documentId: doc.id });
    const text = JSON.stringify(note);
    expect(text).toMatch(/Therapist/); // role labels are kept: the note still says who spoke
    expect(text).not.toMatch(/Radka|Novotn|Tomasz/);
  }, 120_000);
});
