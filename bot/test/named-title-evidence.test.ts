// A question that names a page's title is about that page (issue 17, refuse21):
// through the real ask path (answerQuestion on the embedded tier) over a small
// knowledge base written for this test (pages on named syndromes, so that
// "syndrome" and "disorders" are common words and a rare title word names its page).
// - Another name of the condition the pages never use, written before the
//   title word ("Comel-Netherton"), is part of the name: the question is
//   answered from the named page although its first word is unknown.
// - A title word used as a modifier of a word the knowledge base never uses
//   ("diabetic ketoacidosis") does not name the page "Diabetes".
// - A named title excuses only its own name's unknown words: a question that
//   names "pleural" beside other subjects the pages never mention (asbestos,
//   mesothelioma) is still refused.
// No threshold is tuned on these questions; each must land on its side.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PagesBase, startPagesBase } from "./support/pages-base.ts";
import { cleanupTargets } from "./support/test-app.ts";

const syndrome = (name: string, organ: string, gene: string) => `# ${name}

## What is ${name}?
${name} is a rare genetic syndrome that mainly affects the ${organ}. People with ${name} may have problems that start in childhood. The signs of the syndrome vary from person to person, as in other inherited disorders.

## Inheritance
${name} is inherited in an autosomal recessive pattern. Both parents of a child with the syndrome are usually carriers of one altered copy of the ${gene} gene and show no signs of the syndrome themselves, as in most recessive disorders.

## Treatment
There is no cure for ${name}. Treatment of the syndrome is aimed at the ${organ} problems and is given by a team of specialists in rare disorders.
`;

const pages: Record<string, string> = {
  "netherton-syndrome.md": syndrome("Netherton syndrome", "skin, hair and immune system", "SPINK5"),
  "alport-syndrome.md": syndrome("Alport syndrome", "kidneys, ears and eyes", "COL4A5"),
  "noonan-syndrome.md": syndrome("Noonan syndrome", "heart and face", "PTPN11"),
  "bartter-syndrome.md": syndrome("Bartter syndrome", "kidneys and salt balance", "SLC12A1"),
  "usher-syndrome.md": syndrome("Usher syndrome", "hearing and vision", "MYO7A"),
  "joubert-syndrome.md": syndrome("Joubert syndrome", "brain and breathing", "AHI1"),
  "pleural-disorders.md": `# Pleural disorders

## What are pleural disorders?
The pleura is a thin lining that covers the lungs and the inside of the chest wall. Pleurisy is inflammation of this lining and causes sharp chest pain when breathing. A pleural effusion is fluid that builds up between the two layers of the pleura. Calcified plaques on the pleura may be seen on a chest X-ray.

## Treatment
Treatment depends on the cause. Fluid may be drained with a needle, and antibiotics treat pleurisy caused by bacteria.
`,
  "diabetes.md": `# Diabetes

## What is diabetes?
Diabetes is a disease in which blood glucose levels are too high. Insulin, a hormone made by the pancreas, helps glucose from food get into cells to be used for energy.

## Treatment
People with type 1 diabetes take insulin every day. A healthy diet, physical activity and medicines keep blood glucose in the target range in type 2 diabetes.
`,
};

let base: PagesBase;
const ask = (question: string) => base.ask(question);

beforeAll(async () => {
  base = await startPagesBase(pages, { org: "named", project: "genetics" });
}, 600_000);
afterAll(async () => {
  await base?.app.close();
  await cleanupTargets();
});

describe("a named title is evidence (small knowledge base written for the test)", () => {
  it("answers a question naming the page's title beside another name the pages never use", async () => {
    const r = await ask("Comel-Netherton disease in our baby - are we both carriers?");
    expect(r.evidence.titleNamed).toBeGreaterThanOrEqual(0.75);
    // "Comel" is unknown, but part of the name: it is excused, and what is left beside the name passes the usual bar.
    expect(r.evidence.unknownBesideName).toBeLessThan(r.evidence.unknownSubject);
    expect(r.evidence.unknownBesideName).toBeLessThanOrEqual(0.35);
    expect(r.kind).not.toBe("refusal");
    expect(r.first).toBe("Netherton syndrome");
  }, 120_000);

  it("a title word modifying a word the pages never use names nothing", async () => {
    const r = await ask("How is diabetic ketoacidosis managed with fluids?");
    expect(r.evidence.titleNamed).toBeLessThan(0.75);
    expect(r.evidence.unknownBesideName).toBeUndefined();
    expect(r.kind).toBe("refusal");
  }, 120_000);

  it("refuses a question naming a title beside subjects the pages never mention", async () => {
    const r = await ask("Dad worked with asbestos lagging and now has pleural plaques - what is his mesothelioma risk?");
    expect(r.evidence.titleNamed).toBeGreaterThanOrEqual(0.75);
    expect(r.evidence.unknownBesideName).toBeGreaterThan(0.35);
    expect(r.kind).toBe("refusal");
  }, 120_000);
});
