// A name the question glosses in parentheses (issue 17, refuse23): through the real
// ask path (answerQuestion on the embedded tier) over a small knowledge base written
// for this test (pages on eye, ear, skin and kidney conditions that share their
// general words). A question that calls a page's subject by a name the pages never
// use and glosses it with the page's title ("Vandermoot-Ashby disease (keratoconus)")
// names that page (`titleNaming`, core/src/answer/subject-focus.ts); the gloss makes
// the unknown name part of that name (core/src/text/glosses.ts), so its words are
// excused as the name's own are, and the question is answered from that page. The
// same unknown name glossed with general words names no page and is refused, as is
// the page's title beside unknown words the gloss does not pair with it. No bar was
// tuned on these questions (the rule has none of its own: `NAMED_TITLE` and
// `answers.maxUnknownSubject` were tuned on the MedQuAD paraphrased packs).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PagesBase, startPagesBase } from "./support/pages-base.ts";
import { cleanupTargets } from "./support/test-app.ts";

const page = (name: string, what: string, signs: string, cause: string, care: string) => `# ${name}

## What is ${name}?
${name} is a condition ${what}. It often starts in young adults, and the signs vary from person to person.

## Symptoms
${signs}

## Causes
${cause} Some people have a parent or sibling with it.

## Treatment
${care} A specialist follows people with it every year.
`;

const pages: Record<string, string> = {
  "keratoconus.md": page("Keratoconus", "in which the cornea of the eye thins and bulges",
    "Blurred and distorted vision that gets worse over years, and glare from lights at night.",
    "Weak collagen fibres in the cornea; eye rubbing makes it worse.", "Glasses, rigid contact lenses and cross-linking of the cornea help."),
  "otosclerosis.md": page("Otosclerosis", "in which a small bone of the middle ear stiffens",
    "Hearing loss that slowly gets worse, ringing in the ears and sometimes dizziness.",
    "Abnormal bone growth around the stapes bone stops it from moving.", "Hearing aids help, and an operation can replace the stapes bone."),
  "psoriasis.md": page("Psoriasis", "in which skin cells build up into scaly patches",
    "Red, raised patches with silvery scales on the elbows, knees and scalp; nails may pit.",
    "The immune system speeds up the growth of skin cells.", "Creams, light therapy and medicines that calm the immune system help."),
  "polycystic-kidney-disease.md": page("Polycystic kidney disease", "in which cysts grow in the kidneys",
    "High blood pressure, pain in the back or side, and blood in the urine.",
    "A change in a gene passed down from a parent.", "Blood pressure medicines slow kidney damage; some people later need dialysis."),
  "blepharitis.md": page("Blepharitis", "in which the eyelids are inflamed",
    "Red, itchy and swollen eyelids with crusts on the lashes in the morning.",
    "Blocked oil glands at the base of the lashes, and bacteria on the skin.", "Warm compresses and cleaning the eyelids every day help."),
  "tinnitus.md": page("Tinnitus", "in which a person hears ringing or buzzing with no outside sound",
    "Ringing, buzzing or hissing in one or both ears, worse in quiet rooms.",
    "Hearing loss from noise or age, ear wax, or some medicines.", "Sound therapy and counselling help people cope."),
};

let base: PagesBase;
const ask = (question: string) => base.ask(question);

beforeAll(async () => {
  base = await startPagesBase(pages, { org: "glossed", project: "clinic" });
}, 600_000);
afterAll(async () => {
  await base?.app.close();
  await cleanupTargets();
});

describe("a name the question glosses with a page's title (small knowledge base written for the test)", () => {
  it("answers an unknown name glossed with a page's title from that page", async () => {
    const r = await ask("Does Vandermoot-Ashby disease (keratoconus) get better with rigid contact lenses?");
    // Without the gloss the unknown name is too much of the subject for the unknown-subject check.
    expect(r.evidence.unknownSubject).toBeGreaterThan(0.35);
    expect(r.evidence.titleNamed).toBeGreaterThanOrEqual(0.75);
    expect(r.evidence.unknownBesideName).toBeLessThanOrEqual(0.35);
    expect(r.kind).not.toBe("refusal");
    expect(r.first).toBe("Keratoconus");
  }, 120_000);

  it("refuses the same unknown name glossed with general words", async () => {
    const r = await ask("Does Vandermoot-Ashby disease (a rare condition in young adults) get better with treatment?");
    expect(r.evidence.unknownSubject).toBeGreaterThan(0.35);
    expect(r.kind).toBe("refusal");
  }, 120_000);

  it("refuses a page's title beside unknown words the gloss does not pair with it", async () => {
    const r = await ask("Keratoconus and Vandermoot-Ashby disease (a rare condition): which specialist?");
    expect(r.evidence.unknownSubject).toBeGreaterThan(0.35);
    expect(r.kind).toBe("refusal");
  }, 120_000);
});
