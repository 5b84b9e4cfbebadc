// A title word that only modifies what the question asks about is not evidence that the page is about the question
// (issue 17, absent23): through the real ask path (answerQuestion on the embedded tier) over a small knowledge base
// written for this test.
// - An adjective written before another word modifies it ("diabetic nerve pain" is about the pain): it does not name
//   the page "Diabetes", although the next word is one the pages use (refuse21's guard needed an unknown one).
// - A family's name with a member's letter ("vitamin K") names one member, not the page on the whole family.
// - The noun itself, or the family's name alone, still names its page and is answered.
// Written before the first run; no threshold is tuned on these questions, each must land on its side.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PagesBase, startPagesBase } from "./support/pages-base.ts";
import { cleanupTargets } from "./support/test-app.ts";

const pages: Record<string, string> = {
  "diabetes.md": `# Diabetes

## What is diabetes?
Diabetes is a disease in which blood glucose levels are too high. Insulin, a hormone made by the pancreas, helps glucose from food get into cells to be used for energy.

## Treatment
People with type 1 diabetes take insulin every day. A healthy diet, physical activity and medicines keep blood glucose in the target range in type 2 diabetes.
`,
  "vitamins.md": `# Vitamins

## What are vitamins?
Vitamins are substances the body needs in small amounts to grow and work normally. There are thirteen: vitamins A, C, D, E and K and the B vitamins.

## Getting enough
Most people get enough vitamins from a varied diet with fruit, vegetables, whole grains and dairy. Some people need supplements, such as older adults or people who eat no animal foods.
`,
  "back-pain.md": `# Back pain

## What is back pain?
Back pain is pain felt in the back, most often the lower back. It may come from a strained muscle, a slipped disc or a pinched nerve.

## Treatment
Most back pain gets better with rest, heat and pain relievers. Physical therapy strengthens the muscles that support the spine.
`,
  "bleeding-disorders.md": `# Bleeding disorders

## What are bleeding disorders?
Bleeding disorders are conditions in which the blood does not clot normally, so a cut or an injury bleeds for longer. Newborn babies and people who take blood thinners may bleed easily.

## Treatment
Treatment depends on the cause and may include clotting factor replacement or stopping a medicine that thins the blood.
`,
};

let base: PagesBase;
const ask = (question: string) => base.ask(question);

beforeAll(async () => {
  base = await startPagesBase(pages, { org: "modifier", project: "clinic" });
}, 600_000);
afterAll(async () => {
  await base?.app.close();
  await cleanupTargets();
});

describe("a title word that only modifies the subject names nothing (small knowledge base written for the test)", () => {
  it.each([
    "How is diabetic nerve pain treated?",
    "Do newborn babies need a vitamin K shot to stop bleeding?",
  ])("a modifier of the subject does not name a page: %s", async (question) => {
    const r = await ask(question);
    expect(r.evidence.titleNamed).toBeLessThan(0.75);
  }, 120_000);

  it.each([
    ["What is diabetes and how is it treated?", "Diabetes"],
    ["Which vitamins does the body need?", "Vitamins"],
  ])("the subject's own word names its page and is answered: %s", async (question, title) => {
    const r = await ask(question);
    expect(r.evidence.titleNamed).toBeGreaterThanOrEqual(0.75);
    expect(r.kind).not.toBe("refusal");
    expect(r.first).toBe(title);
  }, 120_000);
});
