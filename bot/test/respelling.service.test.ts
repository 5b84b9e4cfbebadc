// A misspelled rare name (a word neither the knowledge base nor WordNet knows,
// one edit from one the knowledge base uses) is respelled from the index's own
// vocabulary and searched again; a dictionary word the knowledge base lacks is
// not respelled. Through answerQuestion on both tiers.
import { type Actor, answerQuestion, ingestFile, respellings, subjectOf, subjectStatistics } from "@rounds/core";
import { afterAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { approveIngested } from "./support/approve-ingested.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";

const documents: Record<string, string> = {
  "brandtmeier.md": "# Brandtmeier syndrome\n\n## Causes\n\nBrandtmeier syndrome is caused by changes in a gene that builds the lining of small blood vessels. Brandtmeier syndrome is inherited in an autosomal recessive pattern.\n\n## Treatment\n\nTreatment of Brandtmeier syndrome manages the bleeding episodes with iron and, when needed, laser treatment of the vessels.\n",
  "asthma.md": "# Asthma\n\n## Treatment\n\nAsthma is treated with inhaled corticosteroids and short-acting bronchodilators for attacks.\n",
  "gout.md": "# Gout\n\n## Causes\n\nGout is caused by uric acid crystals in the joints, often after rich meals or alcohol.\n",
};

afterAll(cleanupTargets);

describe.each(appTargets())("respelling misspelled names ($name)", (target) => {
  let app: RoundsApp;
  afterAll(async () => app?.close());

  it("answers a question naming the condition one letter off, from its page; a dictionary word the knowledge base lacks is not respelled", async () => {
    app = await startApp(await target.environment());
    const ws = await ensureWorkspace(app, { org: "r", project: "vascular", domain: "vascular medicine" });
    const actor: Actor = await localOperator(app, ws.organization.id);
    for (const [name, text] of Object.entries(documents)) await ingestFile(app, { actor, projectId: ws.project.id, fileName: name, bytes: new TextEncoder().encode(text) });
    // The relevance check may hold pages back for review: all three are knowledge here.
    await approveIngested(app, actor, ws.project.id);
    const scope = { organizationId: ws.organization.id, projectId: ws.project.id };
    expect((await subjectStatistics(app, scope, { subject: ["brandtmeier"], alternatives: [] })).frequencies.get("brandtmeier")).toBeGreaterThan(0);

    const misspelled = await subjectOf("What causes Brandtmeir syndrome?");
    const vocabulary = await subjectStatistics(app, scope, misspelled);
    expect(vocabulary.frequencies.get("brandtmeir")).toBe(0);
    const respelled = await respellings(app, scope, misspelled.subject, vocabulary);
    expect(respelled.alternatives).toEqual([{ words: ["brandtmeier"], for: ["brandtmeir"] }]);
    expect(respelled.vocabulary.frequencies.get("brandtmeier")).toBeGreaterThan(0);

    const answer = await answerQuestion(app, { actor, projectId: ws.project.id, question: "What causes Brandtmeir syndrome?", visibility: "private" });
    expect(answer.kind).toBe("extractive");
    expect(answer.sources[0]?.title).toBe("Brandtmeier syndrome");

    // "scurvy" is an English word: absent from this knowledge base, it stays unknown.
    const absent = await subjectOf("What causes scurvy?");
    const absentVocabulary = await subjectStatistics(app, scope, absent);
    expect(absentVocabulary.frequencies.get("scurvy")).toBe(0);
    expect((await respellings(app, scope, absent.subject, absentVocabulary)).alternatives).toEqual([]);
  }, 120_000);
});
