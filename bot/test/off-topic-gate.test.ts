// Off-topic questions that borrow a medical word are refused, lay clinical
// questions are not (issue 17, offtopic22): through the real ask path
// (answerQuestion on the embedded tier) over a small knowledge base written for
// this test. The gate (core/src/answer/off-topic.ts) reads this knowledge base
// and WordNet, not a list of topics. OFF_TOPIC_SHARE was tuned on the OT
// development pack and blind3..blind9 (docs/quality/answers.md, "Off-topic
// gate"); none of these questions was used to choose it, and each must land on its side.
import { OFF_TOPIC_SHARE } from "@rounds/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PagesBase, startPagesBase } from "./support/pages-base.ts";
import { cleanupTargets } from "./support/test-app.ts";

const pages: Record<string, string> = {
  "night-blindness.md": `# Night blindness

## What is night blindness?
Night blindness (nyctalopia) is trouble seeing at night or in dim light. A child with night blindness may not see signs, steps or people in the dark, while daytime vision is normal.

## Causes
Night blindness may be caused by retinitis pigmentosa, vitamin A deficiency, or a stationary inherited disorder of the rod cells of the retina. In congenital stationary night blindness the vision does not get worse over time.

## Treatment
Vitamin A supplements treat night blindness caused by a deficiency. There is no cure for the inherited forms; good lighting helps.
`,
  "common-cold.md": `# Common cold

## What is the common cold?
The common cold is a viral infection of the nose and throat. Many different viruses cause colds, most often rhinoviruses. Symptoms include a runny nose, sneezing, sore throat and cough.

## Treatment
There is no cure for a cold. Rest, fluids and pain relievers ease symptoms. Antibiotics do not work against the virus that causes a cold.
`,
  "heart-failure.md": `# Heart failure

## What is heart failure?
Heart failure means the heart cannot pump enough blood to meet the body's needs. Symptoms include shortness of breath, tiredness and swollen ankles.

## Treatment
Treatment includes medicines such as diuretics and ACE inhibitors, a low-salt diet, and sometimes an operation to fit a device that helps the heart pump.
`,
  "knee-surgery.md": `# Knee replacement surgery

## What is knee replacement?
Knee replacement is an operation in which a damaged knee joint is replaced with a metal and plastic joint. The patient usually stays in hospital for a few days.

## Recovery
After the operation, physical therapy helps the patient walk again. Most people return to daily activities within six weeks; full recovery of the knee may take a year.
`,
};

let base: PagesBase;
const ask = (question: string) => base.ask(question);

beforeAll(async () => {
  // The gate refuses only where a project turns it on (`answers.offTopicShare`, off by default): here at the tuned share.
  base = await startPagesBase(pages, { org: "offtopic", project: "clinic" }, { answers: { offTopicShare: OFF_TOPIC_SHARE } });
}, 600_000);
afterAll(async () => {
  await base?.app.close();
  await cleanupTargets();
});

describe("the off-topic gate (small knowledge base written for the test)", () => {
  it.each([
    "Which restaurants are in the heart of the old town?",
    "Who may take over the operation of a forklift in the warehouse?",
  ])("refuses an everyday question that borrows a medical word: %s", async (question) => {
    const r = await ask(question);
    expect(r.evidence.offTopic).toBeGreaterThanOrEqual(OFF_TOPIC_SHARE);
    expect(r.kind).toBe("refusal");
  }, 120_000);

  // Known misses, written with the questions above before the first run and kept as they are: on this four-page
  // knowledge base the foreign share stays under the bar ("jar" and "drive" co-occur with another subject word
  // in a candidate passage). When the gate learns to catch them these fail and move up.
  it.fails.each([
    "How do I make a cold brew with ground beans in a jar?",
    "How do I get a virus off my laptop without wiping the drive?",
  ])("known miss, not yet refused by the gate: %s", async (question) => {
    const r = await ask(question);
    expect(r.evidence.offTopic).toBeGreaterThanOrEqual(OFF_TOPIC_SHARE);
  }, 120_000);

  it("does not take a clinical question in lay words for off-topic", async () => {
    const r = await ask("How long until my knee works again after the operation?");
    expect(r.evidence.offTopic).toBeLessThan(OFF_TOPIC_SHARE);
    expect(r.kind).not.toBe("refusal");
  }, 120_000);

  it("the gate does not refuse a lay description of a symptom", async () => {
    // Only the gate is asserted: on this four-page knowledge base the subject checks refuse it for other reasons (reported in docs/quality/answers.md).
    const r = await ask("My son cannot see road signs at night but his daytime vision is fine - why?");
    expect(r.evidence.offTopic).toBeLessThan(OFF_TOPIC_SHARE);
  }, 120_000);
});
