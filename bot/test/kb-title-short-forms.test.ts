// A short form no retrieved page spells out (issue 17, retrieve24): through the real ask
// path (answerQuestion on the embedded tier) over a small knowledge base written for this
// test. A question that names its subject by initials alone ("FEVR") shares no word with
// that subject's page, so the page is not among the candidates retrieval returns
// (`answers.candidates` is set to 5 here, the schema's least, so that the pages on other
// conditions' gene changes fill them as forty candidates do in a large knowledge base).
// The short form is then read against the titles of all the pages the reader may draw on
// (`knowledgeBaseShortForms`, core/src/text/title-short-forms.ts) and the question is
// searched again with the long form. A short form that abbreviates two different pages'
// titles names neither of them and is still refused, as is one no title spells out. No
// bar was tuned on these questions; the rule has none of its own.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PagesBase, startPagesBase } from "./support/pages-base.ts";
import { cleanupTargets } from "./support/test-app.ts";

const page = (name: string, what: string, signs: string, cause: string, care: string) => `# ${name}

## What is ${name}?
${name} is a condition ${what}. The signs vary from person to person.

## Symptoms
${signs}

## Causes
${cause}

## Treatment
${care}
`;

const geneChange = (gene: string, what: string) => `A change in the ${gene} gene causes it. This gene change ${what}; the gene change is passed down from a parent.`;

const pages: Record<string, string> = {
  "familial-exudative-vitreoretinopathy.md": page("Familial exudative vitreoretinopathy", "in which the blood vessels at the edge of the retina do not grow fully",
    "Poor vision in one or both eyes, a squint, and in some people a detached retina.",
    "Faulty instructions for the blood vessels of the retina run in families.", "Laser treatment of the retina and surgery for a detached retina."),
  "parkinson-disease.md": page("Parkinson disease", "in which the nerve cells that control movement are lost",
    "Shaking of the hands, stiff muscles and slow movement.", "Loss of the nerve cells that make dopamine.", "Medicines that replace dopamine."),
  "pompe-disease.md": page("Pompe disease", "in which a sugar builds up in the muscles",
    "Weak muscles, a large heart and trouble breathing.", "A missing enzyme lets the sugar build up in muscle cells.", "Enzyme replacement given into a vein."),
  "marfan-syndrome.md": page("Marfan syndrome", "that affects the body's connective tissue",
    "Long arms and fingers, a curved spine and a weak aorta.", geneChange("FBN1", "weakens the fibres of connective tissue"), "Heart checks every year and medicines that protect the aorta."),
  "cystic-fibrosis.md": page("Cystic fibrosis", "that clogs the lungs with thick mucus",
    "Coughing, chest infections and poor growth.", geneChange("CFTR", "makes the mucus thick and sticky"), "Airway clearance every day and medicines that thin the mucus."),
  "hemophilia.md": page("Hemophilia", "in which the blood does not clot well",
    "Bleeding that lasts a long time and swollen, painful joints.", geneChange("F8", "leaves too little of a clotting factor"), "The missing clotting factor is given into a vein."),
  "sickle-cell-disease.md": page("Sickle cell disease", "in which red blood cells bend into a sickle shape",
    "Attacks of pain, tiredness and infections.", geneChange("HBB", "changes the hemoglobin in red cells"), "Hydroxyurea, blood transfusions and pain relief."),
  "huntington-disease.md": page("Huntington disease", "in which nerve cells of the brain slowly break down",
    "Jerky movements, changes in mood and trouble thinking.", geneChange("HTT", "makes a harmful protein in brain cells"), "Medicines for the movements and for mood."),
  "tay-sachs-disease.md": page("Tay-Sachs disease", "in which a fatty substance builds up in the brain",
    "Weakness in a baby, seizures and loss of sight.", geneChange("HEXA", "leaves an enzyme missing"), "Care that keeps the child comfortable."),
};

let base: PagesBase;

beforeAll(async () => {
  base = await startPagesBase(pages, { org: "kbshort", project: "clinic" }, { answers: { candidates: 5 } });
}, 600_000);
afterAll(async () => {
  await base?.app.close();
  await cleanupTargets();
});

describe("a short form that only a page outside the candidates spells out (small knowledge base written for the test)", () => {
  it("answers from the page whose title the short form abbreviates", async () => {
    const r = await base.ask("Which gene change causes FEVR?");
    expect(r.kind).not.toBe("refusal");
    expect(r.first).toBe("Familial exudative vitreoretinopathy");
  }, 120_000);

  it("refuses a short form that abbreviates two pages' titles with different long forms", async () => {
    // "PD" spells out both "Parkinson disease" and "Pompe disease": neither is meant for sure.
    const r = await base.ask("Which gene change causes PD?");
    expect(r.kind).toBe("refusal");
  }, 120_000);

  it("refuses a short form no title spells out", async () => {
    const r = await base.ask("Which gene change causes QZV?");
    expect(r.kind).toBe("refusal");
  }, 120_000);
});
