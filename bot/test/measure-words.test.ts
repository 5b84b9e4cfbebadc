// A question that says how long in other numbers and units than the document
// ("after four months" for a PDF's "after eighteen weeks") is still about the
// document's subject (outsider pass 15, docs/quality/outsider-passes.md: the
// clozapine question was refused as weak evidence, because on a small
// knowledge base "four" and "months", unknown to it, counted as names of what
// the question is about). Through the real ask path (answerQuestion on the
// embedded tier), with a PDF ingested as a clinic would; the quote leaves out
// the page's title line that the PDF's text runs into the first sentence. The material is
// written for this test; nothing is tuned on it.
import { type Actor, answerQuestion, ingestFile } from "@rounds/core";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { approveIngested } from "./support/approve-ingested.ts";
import { cleanupTargets, startApp } from "./support/test-app.ts";

async function pdf(pages: string[][]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = doc.addPage([595, 842]);
    lines.forEach((line, i) => page.drawText(line, { x: 50, y: 780 - i * 20, size: 11, font }));
  }
  return doc.save();
}

let app: RoundsApp;
let actor: Actor;
let projectId: string;

beforeAll(async () => {
  app = await startApp({ tier: "embedded", database: { url: "memory://" }, dataDir: `/tmp/rounds-measure-${process.pid}` });
  const ws = await ensureWorkspace(app, { org: "measure", project: "mh", domain: "adult community mental health" });
  actor = await localOperator(app, ws.organization.id);
  projectId = ws.project.id;
  const files: Array<[string, Uint8Array]> = [
    ["clozapine-bloods.pdf", await pdf([
      ["Clozapine blood monitoring", "The full blood count is checked every week for the first eighteen weeks of treatment.", "After eighteen weeks the blood count is checked every two weeks until the end of the first year."],
      ["Clozapine and the bowel", "Ask every patient taking clozapine about their bowels at each visit.", "Report constipation of more than three days to the prescriber on the same day."],
    ])],
    ["lithium.md", new TextEncoder().encode("# Lithium levels\n\n## Monitoring\n\nLevels are taken 12 hours after the last dose, weekly until stable, then every three months in the first year.\n")],
    ["groups.md", new TextEncoder().encode("# Skills groups\n\n## Attendance\n\nClients come to one group each week. Two missed groups in a row lead to a review with the care coordinator.\n")],
  ];
  for (const [fileName, bytes] of files) await ingestFile(app, { actor, projectId, fileName, bytes });
  await approveIngested(app, actor, projectId);
}, 180_000);
afterAll(async () => {
  await app?.close();
  await cleanupTargets();
});

describe("durations and amounts in other units than the document's", () => {
  it("answers from the PDF when the question says 'four months' and the page 'eighteen weeks'", async () => {
    const r = await answerQuestion(app, { actor, projectId, question: "How often is the blood count checked on clozapine after four months?", visibility: "private" });
    expect(r.kind).toBe("extractive");
    expect(r.text).toContain("every two weeks");
    // The page's title line, which the PDF's text runs into the first sentence, is not quoted (outsider pass 15, item 1).
    expect(r.text).toMatch(/^> The full blood count is checked every week/m);
  }, 120_000);

  it("still refuses the same question about a drug the documents never name", async () => {
    const r = await answerQuestion(app, { actor, projectId, question: "How often is the blood count checked on carbamazepine after four months?", visibility: "private" });
    expect(r.kind).toBe("refusal");
  }, 120_000);
});
