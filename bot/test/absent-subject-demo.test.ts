// Refusing what the knowledge base does not cover, on the demo practice's
// small knowledge base (a few dozen chunks of ketamine-clinic guidance),
// through the real ask path (answerQuestion on the embedded tier).
// A question about a procedure, drug or condition the documents never name
// ("electroconvulsive therapy", "colonoscopy", "lithium") must be refused even
// when it shares the words that carry a ketamine rule ("fast", "blood
// pressure"); a question the documents do answer, asked in other words, must
// be answered. The set was written for this test (issue 17) before the fix
// (on main: 5/11 absent refused, 9/11 covered answered); no threshold is tuned
// on it: every question must land on its side.
import { readFileSync, readdirSync } from "node:fs";
import { type Actor, answerQuestion, ingestFile, reviewDocument } from "@rounds/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { demoCorpus } from "../src/cli/demo.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { cleanupTargets, startApp } from "./support/test-app.ts";

/** Subjects the demo documents never mention in any form, asked with words the documents use. */
const absent = [
  "How long should a patient fast before electroconvulsive therapy?",
  "What blood pressure is too high to go ahead with electroconvulsive therapy?",
  "How many hours without food are needed before a colonoscopy?",
  "How long must patients fast before surgery?",
  "What dose of lithium is used for bipolar depression?",
  "How often should blood pressure be checked during dialysis?",
  "Can patients drive home after cataract surgery?",
  "What are the contraindications to transcranial magnetic stimulation?",
  "How is nausea prevented during chemotherapy?",
  "Should clozapine be stopped before an infusion?",
  "How long should patients be observed after a lumbar puncture?",
];

/** Questions the demo documents answer, in words other than theirs. */
const covered = [
  "How many hours before the infusion must a patient stop eating?",
  "At what blood pressure reading should the session not be started?",
  "Which patients should never receive ketamine?",
  "How long do patients stay in the clinic after the esketamine spray?",
  "When may a patient drive again after an infusion?",
  "What should happen if systolic pressure stays above 180 after pausing the infusion?",
  "Does lamotrigine weaken the effect of ketamine?",
  "What is the highest ketamine dose allowed per infusion?",
  "How long is a patient watched after the infusion ends?",
];

/**
 * Covered questions in words the documents lack that the evidence check does
 * not yet bridge ("felt sick" for "nauseated"; "how soon … held" for the
 * Timing section): refused on main before this set was written, and still.
 */
const coveredButRefused = [
  "What can be given to patients who felt sick at an earlier session?",
  "How soon after a dosing session is the integration session held?",
];

let app: RoundsApp;
let actor: Actor;
let projectId: string;

beforeAll(async () => {
  app = await startApp({ tier: "embedded", database: { url: "memory://" }, dataDir: `/tmp/rounds-absent-${process.pid}` });
  const ws = await ensureWorkspace(app, { org: "absent", project: "kat", domain: "ketamine-assisted therapy" });
  actor = await localOperator(app, ws.organization.id);
  projectId = ws.project.id;
  const scope = { organizationId: ws.organization.id, projectId };
  // The demo corpus's session transcripts are synthetic teaching material.
  await app.store.tenancy.updateProjectPolicy(scope.organizationId, projectId, { sharedTranscripts: true });
  for (const file of readdirSync(demoCorpus)) {
    await ingestFile(app, { actor, projectId, fileName: file, bytes: new Uint8Array(readFileSync(`${demoCorpus}/${file}`)) });
  }
  await waitForJobs(app);
  for (const d of await app.store.knowledge.listDocuments(scope)) {
    if (d.status === "pending" || d.status === "irrelevant") await reviewDocument(app, { actor, projectId, documentId: d.id, action: "approve" });
  }
  await waitForJobs(app);
}, 600_000);
afterAll(async () => {
  await app?.close();
  await cleanupTargets();
});

describe("absent subjects on a small knowledge base (demo corpus)", () => {
  it("refuses every question whose subject the documents never name and answers every covered one", async () => {
    const kind = async (question: string) => (await answerQuestion(app, { actor, projectId, question, visibility: "private" })).kind;
    const answeredAbsent: string[] = [];
    for (const q of absent) if ((await kind(q)) !== "refusal") answeredAbsent.push(q);
    const refusedCovered: string[] = [];
    for (const q of covered) if ((await kind(q)) === "refusal") refusedCovered.push(q);
    console.log(`refused ${absent.length - answeredAbsent.length}/${absent.length} absent, answered ${covered.length - refusedCovered.length}/${covered.length} covered`, { answeredAbsent, refusedCovered });
    expect(answeredAbsent).toEqual([]);
    expect(refusedCovered).toEqual([]);
  }, 120_000);

  // Known gap, kept visible: when these are answered this test fails, and they move to `covered`.
  it.fails("answers covered questions asked in lay words the documents lack", async () => {
    for (const question of coveredButRefused) expect((await answerQuestion(app, { actor, projectId, question, visibility: "private" })).kind).not.toBe("refusal");
  }, 120_000);
});
