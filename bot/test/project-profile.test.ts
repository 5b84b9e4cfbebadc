// A project's domain profile and relevance threshold after `rounds init`,
// through the one command registry every channel uses (CLI, API, chat; the
// domain change goes through `POST /v1/commands/project`), on
// both tiers: the default profile assumes no specialty, the threshold is
// per project, and `project rejudge` moves undecided documents between
// pending and irrelevant under the new settings while an admin's decisions
// stand. The last two suites judge under the default profile: the public
// MedQuAD pack (skipped without it outside CI), then mental-health material.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { DEFAULT_DOMAIN, describeDomain, runCommand, type Actor } from "@rounds/core";
import { createApiServer } from "@rounds/core/api";
import { ProfileSimilarityClassifier } from "@rounds/plugin-lexical";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { demoCorpus } from "../src/cli/demo.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { makeOperatorApiKey } from "../src/cli/operator-api-key.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";

afterAll(cleanupTargets);

for (const target of appTargets()) {
  describe(`project profile and threshold (${target.name})`, () => {
    let app: RoundsApp;
    let actor: Actor;
    let projectId: string;
    const run = async (id: string, args: string) => runCommand(app, id, { actor, projectId, args, visibility: "private" });
    const statuses = async () => Object.fromEntries(((await run("docs", "list")).data as Array<{ title: string; status: string }>).map((d) => [d.title, d.status]));

    beforeAll(async () => {
      app = await startApp(await target.environment());
      const ws = await ensureWorkspace(app, { org: "profile", project: "general" });
      actor = await localOperator(app, ws.organization.id);
      projectId = ws.project.id;
    }, 120_000);
    afterAll(async () => app?.close());

    it("starts from a profile of no single specialty, with the classifier's default threshold", async () => {
      const shown = await run("project", "show");
      expect(shown.data).toMatchObject({ domain: DEFAULT_DOMAIN, description: describeDomain(DEFAULT_DOMAIN) });
      expect((shown.data as { relevanceThreshold?: number }).relevanceThreshold).toBeUndefined();
      expect(shown.blocks[0]).toMatchObject({ text: expect.stringContaining("Relevance threshold: the classifier's default") });
    });

    it("judges new documents with the project's threshold, and rejudges the undecided ones when it changes", async () => {
      expect((await run("project", "threshold 0.95")).data).toMatchObject({ relevanceThreshold: 0.95 });
      const ingested = await run("ingest", ["01-dosing.md", "04-consent.md", "parking-memo.html"].map((f) => join(demoCorpus, f)).join(" "));
      expect(ingested.documents).toHaveLength(3);
      await waitForJobs(app);
      const strict = await statuses();
      expect(Object.values(strict)).toEqual(["irrelevant", "irrelevant", "irrelevant"]);

      const reset = await run("project", "threshold default");
      expect((reset.data as { relevanceThreshold?: number }).relevanceThreshold).toBeUndefined();
      const rejudged = await run("project", "rejudge");
      expect(rejudged.data).toEqual({ judged: 3, nowRelevant: 2, nowIrrelevant: 0 });
      const relaxed = await statuses();
      expect(Object.values(relaxed).sort()).toEqual(["irrelevant", "pending", "pending"]);
      const memo = Object.keys(relaxed).find((t) => relaxed[t] === "irrelevant")!;
      expect(memo).toMatch(/parking/i);

      // An admin's decision stands: the approved guideline is not judged again; the pending one is.
      const pending = (await run("docs", "list pending")).data as Array<{ id: string; title: string }>;
      const approval = await run("docs", `approve ${pending[0]!.id}`);
      expect(approval.failed ?? false, JSON.stringify(approval.blocks)).toBe(false);
      await waitForJobs(app);
      expect(await statuses()).toMatchObject({ [pending[0]!.title]: "approved", [pending[1]!.title]: "pending" });
      await run("project", "threshold 0.95");
      expect((await run("project", "rejudge")).data).toEqual({ judged: 2, nowRelevant: 0, nowIrrelevant: 1 });
      const after = await statuses();
      expect(after[pending[0]!.title]).toBe("approved");
      expect(after[pending[1]!.title]).toBe("irrelevant");
    }, 180_000);

    it("changes the domain over the HTTP API and rejudges under it, in both directions", async () => {
      const api = await createApiServer(app);
      try {
        const ws = await ensureWorkspace(app, { org: "profile", project: "changing" });
        const key = (await makeOperatorApiKey(app, { name: "profile admin", org: "profile" })).key;
        const command = async (args: string) => {
          const res = await api.inject({ method: "POST", url: "/v1/commands/project", headers: { authorization: `Bearer ${key}` }, payload: { projectId: ws.project.id, args } });
          expect(res.statusCode, res.body).toBe(200);
          return res.json<{ data: unknown }>().data;
        };
        await runCommand(app, "ingest", { actor, projectId: ws.project.id, args: ["01-dosing.md", "04-consent.md"].map((f) => join(demoCorpus, f)).join(" "), visibility: "private" });
        await waitForJobs(app);
        const listed = async () => ((await runCommand(app, "docs", { actor, projectId: ws.project.id, args: "list", visibility: "private" })).data as Array<{ status: string }>).map((d) => d.status).sort();
        expect(await listed()).toEqual(["pending", "pending"]);

        expect(await command('domain "veterinary dentistry" "Tooth extraction in dogs and cats, periodontal disease, dental radiographs, feline tooth resorption"')).toMatchObject({ domain: "veterinary dentistry", description: expect.stringContaining("periodontal") });
        expect(await command("rejudge")).toEqual({ judged: 2, nowRelevant: 0, nowIrrelevant: 2 });
        expect(await listed()).toEqual(["irrelevant", "irrelevant"]);

        expect(await command('domain "ketamine-assisted therapy" "Ketamine and esketamine treatment: dosing, monitoring, consent"')).toMatchObject({ domain: "ketamine-assisted therapy" });
        expect(await command("rejudge")).toEqual({ judged: 2, nowRelevant: 2, nowIrrelevant: 0 });
        expect(await listed()).toEqual(["pending", "pending"]);
      } finally {
        await api.close();
      }
    }, 180_000);

    it("refuses a threshold that is not a number from 0 to 1, and changes nothing", async () => {
      const before = (await run("project", "show")).data;
      for (const bad of ["1.5", "abc", "-0.2", ""]) {
        await expect(run("project", `threshold ${bad}`)).rejects.toMatchObject({ code: "BAD_REQUEST" });
      }
      await expect(run("project", "frobnicate")).rejects.toMatchObject({ code: "BAD_REQUEST" });
      expect((await run("project", "show")).data).toEqual(before);
    });
  });
}

// The default profile on a public, general medical corpus: the share of its
// pages judged relevant. The floor was set from the `tune` half (94 of 97
// relevant, 0.97) with room below it, and is asserted on the other half
// (halves by a hash of the file name). Under the old default (one specialty)
// 6 of those 97 were relevant.
const packs = process.env.TEST_EVAL_DATA
  ? [resolve(process.env.TEST_EVAL_DATA, "medquad")]
  : ["../../../shared/eval-data/medquad", "../../../../shared/eval-data/medquad"].map((p) => resolve(import.meta.dirname, p));
const pack = packs.find((p) => existsSync(join(p, "corpus"))) ?? packs[0]!;
const present = existsSync(join(pack, "corpus"));
if (!present && (process.env.CI === "true" || process.env.CI === "1")) {
  throw new Error(`CI is set but the MedQuAD pack is not at ${pack}: set TEST_EVAL_DATA to the eval-data folder.`);
}
if (!present) console.warn(`project-profile: MedQuAD suite skipped, no pack at ${pack} (set TEST_EVAL_DATA).`);

describe.skipIf(!present)("the default profile on the MedQuAD pack (assert half)", () => {
  it("judges at least 90% of the pages relevant with the default classifier threshold", async () => {
    const classifier = new ProfileSimilarityClassifier();
    const profile = { name: DEFAULT_DOMAIN, description: describeDomain(DEFAULT_DOMAIN), seeds: [] };
    const files = readdirSync(join(pack, "corpus")).filter((f) => createHash("sha256").update(f).digest()[0]! % 2 === 1);
    expect(files.length).toBeGreaterThan(50);
    let relevant = 0;
    for (const f of files) {
      const verdict = await classifier.classify({ text: readFileSync(join(pack, "corpus", f), "utf8"), title: f, profile });
      if (verdict.verdict === "relevant") relevant += 1;
    }
    expect(relevant / files.length).toBeGreaterThanOrEqual(0.9);
  });
});

// Mental-health material under the default profile (outsider rounds 14–17: a
// trauma-focused therapy guide judged irrelevant). The profile named diseases
// and medicines but not mental health's own words, so a counselling or therapy
// document shared too few terms with it. Documents written for this test; the
// off-domain ones must stay out. Measured outside the repository on public
// mental-health FAQ pages (docs/quality/outsider-passes.md, round 17). Still
// open there: a trauma leaflet in plain words for clients shares 2 of its 34
// terms with the profile (0.16), a limit of vocabulary overlap, not of the profile.
describe("the default profile on mental-health material", () => {
  const classifier = new ProfileSimilarityClassifier();
  const profile = { name: DEFAULT_DOMAIN, description: describeDomain(DEFAULT_DOMAIN), seeds: [] };
  const judge = async (title: string, text: string) => (await classifier.classify({ title, text, profile })).verdict;

  it("judges therapy and counselling documents relevant", async () => {
    const documents: Record<string, string> = {
      "Low mood: a leaflet for clients":
        "Feeling down for weeks, losing interest in things you used to enjoy, and struggling to get out of bed are common "
        + "signs of depression. Talking therapies help many people. Your counsellor may suggest planning small pleasant "
        + "activities each day and noticing unhelpful thinking patterns.",
      "Sleep and worry group":
        "This six-week group is for adults whose anxiety keeps them awake. We look at bedtime routines, worry time, and "
        + "relaxation, and we keep a sleep diary. The group is run by two psychologists.",
    };
    for (const [title, text] of Object.entries(documents)) expect([title, await judge(title, text)]).toEqual([title, "relevant"]);
  });

  it("still judges everyday off-domain text irrelevant", async () => {
    const documents: Record<string, string> = {
      "Weekend football report":
        "The home side went ahead after ten minutes when the winger curled a free kick into the top corner. The visitors "
        + "equalised before half time from a corner, and a late header settled it in front of a crowd of eight thousand.",
      "Bleeding a radiator":
        "Turn the heating off and let the radiators cool. Put the radiator key on the valve at the top corner, hold a "
        + "cloth beneath it and turn anticlockwise until air hisses out. Close it when water appears, then check the "
        + "boiler pressure and top it up if it has dropped below one bar.",
    };
    for (const [title, text] of Object.entries(documents)) expect([title, await judge(title, text)]).toEqual([title, "irrelevant"]);
  });
});
