// End-to-end canaries for de-identification (#16, and #15 finding 3): a
// discharge letter, a session transcript and a progress note, each carrying
// every Safe Harbor identifier type a text can hold (hyphenated record numbers
// such as MRN-778812 included), go through ingest and approval, then through
// the answer path to a cloud model (a local server speaking the OpenAI wire
// format records every prompt), then through the training export. No canary
// may appear in any prompt or in the exported JSONL. Runs on both tiers.
import { type Actor, answerQuestion, collect, ingestFile, reviewDocument, runCommand } from "@rounds/core";
import { qaPairs } from "@rounds/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "@rounds/plugin-openai/testing";
import type { RoundsApp } from "../src/app/create-app.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";

const LETTER = `# Discharge summary

Patient: Marisol Quenneville-Abara, MRN-778812, date of birth 03/07/1931, aged 94.
Admitted 2026-02-11 08:15 and discharged 19 February 2026 at 16:40.
Address: Kastanienallee 47, 10435 Berlin. Phone +49 30 2345 6789, fax (617) 555-0142, email m.quenneville@postbox.example.org.
SSN 219-09-9999. Medicare member ID 1EG4-TE5-MK72. Card 3782 822463 10005 on file. Her driver's licence number is D1234-56789-01234.
Vehicle plate 7ABC123, VIN 1HGBH41JXMN109186. Pacemaker serial number PJX4471902.
Portal https://portal.larkfield.example.org/p/778812 last opened from IP 198.51.100.23.

Discharge plan: continue apixaban 5 mg twice daily and recheck the kidney function in two weeks.`;

const TRANSCRIPT = `THERAPIST: How has the week been?
CLIENT: Hard. My brother tobias okonjo-whitfield came down from Aberystwyth on 14 March and stayed.
THERAPIST: Is your number still 07700 900983?
CLIENT: Yes. And the letter with MRN-778812 on it went to 3 Rue des Lilas, 75011 Paris by mistake.
THERAPIST: Let's keep practising the paced breathing exercise before each infusion.`;

const NOTE = `Progress note 2026-02-20 14:30
Seen by Dr Ingrid Solvang-Mbeki with Marisol Quenneville-Abara (hospital number RXH-0098321).
Lives at Flat 3, 12 Quayside Row, Whitby YO21 3PJ. Daughter Yevgenia, mobile 0041 79 555 12 34.
Plan: repeat the electrocardiogram in two weeks and keep the infusion rate unchanged.`;

/** Every identifier in the three texts, as it must never leave the machine. */
const CANARIES = [
  "Quenneville", "Abara", "778812", "03/07/1931", "aged 94", "2026-02-11", "08:15", "19 February", "16:40", "Kastanienallee", "10435",
  "Berlin", "2345 6789", "555-0142", "m.quenneville", "219-09-9999", "1EG4-TE5-MK72", "3782 822463 10005", "D1234-56789-01234", "7ABC123",
  "1HGBH41JXMN109186", "PJX4471902", "portal.larkfield", "198.51.100.23",
  "tobias", "okonjo", "whitfield", "Aberystwyth", "14 March", "07700 900983", "Rue des Lilas", "75011", "Paris",
  "2026-02-20", "14:30", "Ingrid", "Solvang", "Mbeki", "RXH-0098321", "0098321", "Quayside", "Whitby", "YO21 3PJ", "Yevgenia", "79 555 12 34",
];
/** Clinical words from each text that must still reach the model (the prompt is useful, not emptied). */
const KEPT = ["apixaban 5 mg twice daily", "paced breathing exercise", "repeat the electrocardiogram"];

const leaks = (text: string) => CANARIES.filter((c) => text.toLowerCase().includes(c.toLowerCase()));

for (const target of appTargets()) {
  describe(`de-identification canaries from ingest to cloud prompt to training export (${target.name})`, () => {
    let server: FakeOpenAI;
    let app: RoundsApp;
    let admin: Actor;
    let scope: { organizationId: string; projectId: string };

    beforeAll(async () => {
      server = await startFakeOpenAI();
      const env = await target.environment();
      const plugins = env.plugins ?? ["@rounds/plugin-blob-fs", "@rounds/plugin-parsers", "@rounds/plugin-lexical", "@rounds/plugin-deid"];
      app = await startApp(env, {
        plugins: [...plugins, "@rounds/plugin-openai"],
        pluginSettings: { "@rounds/plugin-openai": { baseURL: server.url, apiKey: "sk-local", embeddingDimensions: 64, maxRetries: 0 } },
        models: { answer: "openai" },
      });
      const ws = await ensureWorkspace(app, { org: "canary", project: "ward" });
      scope = { organizationId: ws.organization.id, projectId: ws.project.id };
      admin = await localOperator(app, ws.organization.id);
      for (const [fileName, text] of [["discharge-letter.md", LETTER], ["session-transcript.txt", TRANSCRIPT], ["progress-note.md", NOTE]] as const) {
        const doc = await ingestFile(app, { actor: admin, projectId: scope.projectId, fileName, bytes: new TextEncoder().encode(text) });
        await waitForJobs(app);
        await reviewDocument(app, { actor: admin, projectId: scope.projectId, documentId: doc.document.id, action: "approve" });
        await waitForJobs(app);
      }
      // A verified Q&A pair that names the patient and her record number, as clinicians write them.
      await app.database.db.insert(qaPairs).values({
        organizationId: scope.organizationId, projectId: scope.projectId,
        question: "What did we advise Marisol Quenneville-Abara (MRN-778812) about apixaban?",
        answer: "Continue apixaban 5 mg twice daily; Dr Ingrid Solvang-Mbeki reviews her on 14 March [1].",
      });
    }, 120_000);
    afterAll(async () => {
      await app?.close();
      await server?.close();
      await cleanupTargets();
    });

    it("no canary reaches the prompts sent to the cloud model, and each text's clinical content does", async () => {
      server.replies = ["Continue as planned [1]."];
      for (const question of [
        "What is Marisol Quenneville-Abara's (MRN-778812) discharge plan for apixaban?",
        "Which breathing exercise is practised before each infusion?",
        "When is the electrocardiogram repeated, and what about the infusion rate?",
      ]) {
        await answerQuestion(app, { actor: admin, projectId: scope.projectId, question, visibility: "private" });
      }
      const prompts = server.requests.filter((r) => r.path === "/v1/chat/completions").map((r) => JSON.stringify(r.json));
      expect(prompts).toHaveLength(3);
      const all = prompts.join("\n");
      expect(leaks(all)).toEqual([]);
      for (const phrase of KEPT) expect(all).toContain(phrase);
      expect(all).toMatch(/\[NAME_\d+\]/);
    }, 60_000);

    it("no canary reaches the exported training data", async () => {
      const result = await runCommand(app, "export", { actor: admin, projectId: scope.projectId, args: "", visibility: "private" });
      const { files, metadata } = result.data as { files: Array<{ name: string; blobKey: string }>; metadata: { counts: { exported: number } } };
      expect(metadata.counts.exported).toBeGreaterThanOrEqual(4);
      const exported = (await Promise.all(files.filter((f) => f.name.endsWith(".jsonl")).map(async (f) => new TextDecoder().decode(await collect(await app.blobs.get(f.blobKey)))))).join("\n");
      expect(exported).toContain("apixaban");
      expect(leaks(exported)).toEqual([]);
    }, 60_000);
  });
}
