// Relevance judged by a language model (@rounds/plugin-classifier-model) through ingest, on both tiers,
// against a local server speaking OpenAI's wire format (the real service cannot be reached from here):
// the request carries the JSON schema and only de-identified, bounded text (the organisation's patient
// names and identifiers removed); the model's verdict and reason are stored and shown by `docs show`;
// when the model fails, answers unsure or answers something unusable the offline profile classifier
// decides and the reason says so; `project rejudge` asks the model again. On the on-prem tier a cloud
// model is refused at start.
import { type Actor, type RoundsConfigInput, ingestFile, runCommand } from "@rounds/core";
import { type FakeOpenAI, startFakeOpenAI } from "@rounds/plugin-openai/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { defaultPlugins } from "../src/app/default-plugins.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";

const DOMAIN = "ketamine-assisted therapy: dosing, infusion monitoring, contraindications, consent and integration sessions";
const ON_TOPIC = [
  "# Ketamine infusion monitoring",
  "During ketamine-assisted therapy sessions, check blood pressure and heart rate every 15 minutes and pause the ketamine infusion above 180 mmHg systolic.",
  "Contraindications to ketamine dosing include uncontrolled hypertension and active psychosis. Integration sessions follow each dosing session.",
  "In the 2025 audit, Philippa Quarrington (MRN: 00482913, phone 617-555-0142) was the example patient.",
].join("\n\n");
const verdict = (v: string, reason: string, confidence = 0.9) => JSON.stringify({ verdict: v, confidence, reason });

let server: FakeOpenAI;
beforeAll(async () => {
  server = await startFakeOpenAI();
});
afterAll(async () => {
  await server?.close();
  await cleanupTargets();
});

const extra = (env: RoundsConfigInput, url: string): Partial<RoundsConfigInput> => ({
  plugins: [...(env.plugins ?? defaultPlugins), "@rounds/plugin-openai", "@rounds/plugin-classifier-model"],
  pluginSettings: {
    "@rounds/plugin-openai": { baseURL: url, apiKey: "sk-local", embeddingDimensions: 64, maxRetries: 0 },
    "@rounds/plugin-classifier-model": { model: "openai", maxChars: 2000 },
  },
  models: { classifier: "language-model" },
});

for (const target of appTargets()) {
  describe(`relevance by a language model (${target.name})`, () => {
    let app: RoundsApp;
    let actor: Actor;
    let scope: { organizationId: string; projectId: string };
    const chatRequests = () => server.requests.filter((r) => r.path === "/v1/chat/completions");
    const ingest = async (fileName: string, text: string) => {
      const before = chatRequests().length;
      const { document } = await ingestFile(app, { actor, projectId: scope.projectId, fileName, bytes: new TextEncoder().encode(text) });
      await waitForJobs(app);
      const doc = (await app.store.knowledge.getDocument(scope, document.id))!;
      return { doc, sent: chatRequests().slice(before) };
    };

    beforeAll(async () => {
      const env = await target.environment();
      app = await startApp(env, extra(env, server.url));
      const ws = await ensureWorkspace(app, { org: `relevance-${target.name}`, project: "kat", domain: DOMAIN });
      actor = await localOperator(app, ws.organization.id);
      scope = { organizationId: ws.organization.id, projectId: ws.project.id };
      await app.store.identity.createPatient({ organizationId: ws.organization.id, displayName: "Philippa Quarrington" });
    }, 120_000);
    afterAll(async () => app?.close());

    it("sends de-identified, bounded text with the verdict schema; stores and shows the model's verdict and reason", async () => {
      // The model overrules the offline classifier, which would call this on-topic guideline relevant.
      server.replies = [verdict("irrelevant", "It is an audit report, not clinical guidance.", 0.7)];
      const { doc, sent } = await ingest("monitoring.md", `${ON_TOPIC}\n\n${"Appendix line about infusion pumps. ".repeat(400)}`);
      expect(doc).toMatchObject({ status: "irrelevant", classifierVerdict: "irrelevant", classifierScore: 0.15, classifierReason: "Language model (gpt-4o-mini): It is an audit report, not clinical guidance." });
      expect(sent).toHaveLength(1);
      const request = sent[0]!;
      expect(request.headers.authorization).toBe("Bearer sk-local");
      expect(request.json).toMatchObject({
        model: "gpt-4o-mini", temperature: 0,
        response_format: { type: "json_schema", json_schema: { name: "relevance_verdict", schema: { required: ["verdict", "confidence", "reason"], properties: { verdict: { enum: ["relevant", "irrelevant", "unsure"] } } } } },
      });
      const messages = request.json!.messages as Array<{ role: string; content: string }>;
      expect(messages.map((m) => m.role)).toEqual(["system", "user"]);
      const user = messages[1]!.content;
      expect(user).toContain("pause the ketamine infusion above 180 mmHg systolic");
      expect(user).toContain(`Domain: ${DOMAIN}`);
      for (const phi of ["Philippa", "Quarrington", "00482913", "617-555-0142"]) expect(JSON.stringify(request.json)).not.toContain(phi);
      expect(user).toMatch(/\[NAME_\d+\]/);
      // Bounded: the 14 kB appendix is cut (maxChars 2000 for the document, plus the profile).
      expect(user.length).toBeLessThan(3000);

      const shown = await runCommand(app, "docs", { actor, projectId: scope.projectId, args: `show ${doc.id}`, visibility: "private" });
      expect(JSON.stringify(shown.blocks)).toContain("Relevance: Language model (gpt-4o-mini): It is an audit report, not clinical guidance.");
    }, 120_000);

    it("a relevant verdict makes the document pending with the model's reason", async () => {
      server.replies = [verdict("relevant", "Ketamine session monitoring guidance.", 1)];
      const { doc, sent } = await ingest("dosing.md", ON_TOPIC);
      expect(sent).toHaveLength(1);
      expect(doc).toMatchObject({ status: "pending", classifierVerdict: "relevant", classifierScore: 1, classifierReason: "Language model (gpt-4o-mini): Ketamine session monitoring guidance." });
    }, 120_000);

    it("falls back to the offline profile classifier when the model fails, is unsure or answers something unusable", async () => {
      server.failNext(500);
      const failed = await ingest("failed.md", `${ON_TOPIC}\n\nReviewed in March.`);
      expect(failed.sent).toHaveLength(1);
      expect(failed.doc.status).toBe("pending");
      expect(failed.doc.classifierReason).toMatch(/^\d+ of \d+ distinct terms belong to the ".+" profile .* \(the language model failed \(UPSTREAM_FAILED\); judged offline\)$/);
      expect(failed.doc.classifierReason).not.toContain("fake failure");

      server.replies = [verdict("unsure", "Too little text to tell.")];
      const unsure = await ingest("unsure.md", "Parking permits for the staff car park are renewed every quarter at the front desk.");
      expect(unsure.sent).toHaveLength(1);
      expect(unsure.doc).toMatchObject({ status: "irrelevant", classifierVerdict: "irrelevant" });
      expect(unsure.doc.classifierReason).toContain("(the language model was unsure (Too little text to tell.); judged offline)");

      server.replies = ["I think this is relevant."];
      const unusable = await ingest("unusable.md", `${ON_TOPIC}\n\nReviewed in June.`);
      expect(unusable.sent).toHaveLength(1);
      expect(unusable.doc).toMatchObject({ status: "pending", classifierVerdict: "relevant" });
      expect(unusable.doc.classifierReason).toContain("(the language model's reply was unusable (its reply was not JSON); judged offline)");
    }, 180_000);

    it("`project rejudge` asks the model again, with the organisation's names removed, and moves documents by its verdict", async () => {
      const undecided = (await app.store.knowledge.listDocuments(scope, { status: "pending", limit: 100 })).length
        + (await app.store.knowledge.listDocuments(scope, { status: "irrelevant", limit: 100 })).length;
      server.replies = [verdict("irrelevant", "Not within this domain.", 0.8)];
      const before = chatRequests().length;
      const rejudged = await runCommand(app, "project", { actor, projectId: scope.projectId, args: "rejudge", visibility: "private" });
      const sent = chatRequests().slice(before);
      expect(sent).toHaveLength(undecided);
      for (const r of sent) expect(JSON.stringify(r.json)).not.toContain("Quarrington");
      expect(rejudged.data).toMatchObject({ judged: undecided, nowRelevant: 0 });
      expect((rejudged.data as { nowIrrelevant: number }).nowIrrelevant).toBeGreaterThan(0);
      const pending = await app.store.knowledge.listDocuments(scope, { status: "pending", limit: 100 });
      expect(pending).toHaveLength(0);
    }, 180_000);
  });
}

describe("relevance by a language model on the on-prem tier", () => {
  it("refuses a cloud model at start", async () => {
    const env: RoundsConfigInput = { tier: "on-prem", database: { url: "memory://" }, dataDir: `/tmp/rounds-relevance-onprem-${process.pid}` };
    await expect(startApp(env, extra(env, server.url))).rejects.toMatchObject({ code: "PLUGIN_EGRESS_REFUSED" });
  });
});
