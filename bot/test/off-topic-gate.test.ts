// The off-topic gate on a small knowledge base (issue 17, offtopic22; absent23): through the real ask path
// (answerQuestion on the embedded tier) over four pages written for this test, with the gate turned on at its tuned
// share (`answers.offTopicShare` = OFF_TOPIC_SHARE, tuned on MedQuAD packs, docs/quality/answers.md, "Off-topic gate";
// off by default since the blind12 read). Four pages rarely hold two of a question's words together, so an everyday word found beside no
// other is weak evidence here: the gate's share counts in proportion to the knowledge base's size (off-topic.ts), stays
// far under the bar, and a lay clinical question is answered. What the gate refuses on a knowledge base of full size
// is asserted in core/src/answer/off-topic.test.ts. None of these questions was used to choose a threshold.
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
  base = await startPagesBase(pages, { org: "offtopic", project: "clinic" }, { answers: { offTopicShare: OFF_TOPIC_SHARE } });
}, 600_000);
afterAll(async () => {
  await base?.app.close();
  await cleanupTargets();
});

describe("the off-topic gate on a small knowledge base (written for the test; the gate on at its tuned share)", () => {
  it.each([
    "Which restaurants are in the heart of the old town?",
    "Who may take over the operation of a forklift in the warehouse?",
    "How do I make a cold brew with ground beans in a jar?",
    "How do I get a virus off my laptop without wiping the drive?",
  ])("measures an everyday question that borrows a medical word, as weak evidence: %s", async (question) => {
    const r = await ask(question);
    // Foreign words are found (the share is measured), but a four-page knowledge base weighs them at its size.
    expect(r.evidence.offTopic).toBeGreaterThan(0);
    expect(r.evidence.offTopic).toBeLessThan(OFF_TOPIC_SHARE / 10);
  }, 120_000);

  it("answers a clinical question in lay words", async () => {
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
