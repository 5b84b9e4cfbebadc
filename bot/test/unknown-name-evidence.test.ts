// An unknown name for a page's subject is told from an unknown subject (issue 17, refuse22):
// through the real ask path (answerQuestion on the embedded tier) over a small
// knowledge base written for this test (pages on skin, kidney, ear and eye conditions
// that share their general words: children, families, specialists, treatment).
// - A question that calls a condition by an eponym the pages never use, beside
//   the signs only one page holds together (blisters on the palms and soles
//   after friction, a keratin gene), is answered from that page although the
//   unknown-subject check alone would refuse it.
// - The same unknown name beside general words every page holds ("passed on in
//   families") singles out no page and is still refused, as is a question about
//   a condition the pages never treat, asked in their general words.
// The bars (`OTHER_NAME`, core/src/answer/unknown-name.ts) were tuned on the
// MedQuAD paraphrased packs, not on these questions; each must land on its side.
import { type Evidence, NOT_COMPUTED } from "@rounds/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PagesBase, startPagesBase } from "./support/pages-base.ts";
import { cleanupTargets } from "./support/test-app.ts";

const page = (name: string, what: string, signs: string, cause: string, care: string) => `# ${name}

## What is ${name}?
${name} is a rare condition ${what}. It usually starts in children, and the signs vary from person to person, even within families.

## Symptoms
${signs}

## Causes
${cause} It can be passed on in families.

## Treatment
There is no cure. ${care} Children are followed by a team of specialists.
`;

const pages: Record<string, string> = {
  "epidermolysis-bullosa-simplex.md": page("Epidermolysis bullosa simplex", "in which the skin is fragile",
    "Blisters form on the palms and soles after friction, rubbing or heat. The blisters heal without scars. Thickened skin and nail changes may follow.",
    "A change in a keratin gene weakens the cells of the outer layer of the skin.", "Soft shoes, cool feet and lancing large blisters help."),
  "alport-syndrome.md": page("Alport syndrome", "that affects the kidneys, ears and eyes",
    "Blood in the urine is often the first sign. Hearing loss starts in late childhood, and the lens of the eye may change shape.",
    "A change in a collagen gene weakens the filters of the kidneys.", "Blood pressure medicines slow kidney damage; hearing aids help."),
  "usher-syndrome.md": page("Usher syndrome", "that affects hearing, vision and balance",
    "Deafness from birth, night blindness and a narrowing field of vision from retinitis pigmentosa, and poor balance.",
    "A change in one of several genes of the inner ear and the retina.", "Hearing aids or cochlear implants and vision aids help."),
  "bartter-syndrome.md": page("Bartter syndrome", "in which the kidneys lose salt",
    "Thirst, passing a lot of urine, muscle cramps and weakness from low potassium, and slow growth.",
    "A change in a gene of a salt channel in the kidneys.", "Potassium and salt supplements and medicines that keep potassium in the body help."),
  "ichthyosis.md": page("Ichthyosis", "in which the skin is dry and scaly",
    "Thick, dry scales cover the skin, most on the legs. The skin may crack and itch in winter.",
    "A change in a gene that builds the skin barrier.", "Daily baths and creams that soften the scales help."),
  "keratoconus.md": page("Keratoconus", "in which the cornea of the eye thins and bulges",
    "Blurred and distorted vision that gets worse over years, and glare from lights at night.",
    "Weak collagen fibres in the cornea; eye rubbing makes it worse.", "Glasses, rigid contact lenses and cross-linking of the cornea help."),
};

let base: PagesBase;
const ask = (question: string) => base.ask(question);
/** The specifics figure, which `startPagesBase` asks to be computed (`fullEvidence`): a test fails if it is not. */
const computed = (s: Evidence["specifics"]) => {
  if (s === NOT_COMPUTED) throw new Error("the specifics were not computed");
  return s;
};

beforeAll(async () => {
  base = await startPagesBase(pages, { org: "othername", project: "clinic" });
}, 600_000);
afterAll(async () => {
  await base?.app.close();
  await cleanupTargets();
});

describe("an unknown name for a page's subject (small knowledge base written for the test)", () => {
  it("answers an eponym the pages never use when the question's other specifics single out one page", async () => {
    const r = await ask("Weber-Cockayne in my daughter: blisters on her palms and soles after friction - is a keratin gene changed?");
    // The unknown-subject check alone would refuse: the eponym is most of the subject's naming weight.
    expect(r.evidence.unknownSubject).toBeGreaterThan(0.35);
    expect(computed(r.evidence.specifics)?.share).toBeGreaterThanOrEqual(0.75);
    expect(computed(r.evidence.specifics)?.lead).toBeGreaterThanOrEqual(0.15);
    expect(r.kind).not.toBe("refusal");
    expect(r.first).toBe("Epidermolysis bullosa simplex");
  }, 120_000);

  it("refuses the same unknown name beside words every page holds", async () => {
    const r = await ask("Is Weber-Cockayne passed on in families?");
    expect(r.evidence.unknownSubject).toBeGreaterThan(0.35);
    expect(computed(r.evidence.specifics)?.lead ?? 0).toBeLessThan(0.15);
    expect(r.kind).toBe("refusal");
  }, 120_000);

  it("refuses a condition the pages never treat, asked in their general words", async () => {
    const r = await ask("Kawasaki disease in children: which specialists treat it?");
    expect(r.kind).toBe("refusal");
  }, 120_000);
});
