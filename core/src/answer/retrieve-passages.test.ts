import { describe, expect, it } from "vitest";
import { sectionOrder } from "./retrieve-passages.ts";

interface Hit { id: string; documentId: string; context: string }
const hit = (id: string, documentId: string, section: string): Hit => ({ id, documentId, context: `${documentId} › ${section}` });
const order = (question: string, hits: Hit[]) => sectionOrder(question, hits, (h) => h.context).map((h) => h.id);

describe("sectionOrder", () => {
  it("puts a document's section that answers the question in the first place that document holds", () => {
    const hits = [hit("a1", "A", "Information"), hit("b1", "B", "Information"), hit("a2", "A", "Treatment"), hit("a3", "A", "Inheritance")];
    expect(order("Can my kids inherit it from me?", hits)).toEqual(["a3", "b1", "a1", "a2"]);
  });

  it("never moves a document: each keeps the places it held", () => {
    const hits = [hit("a1", "A", "Information"), hit("b1", "B", "Information"), hit("b2", "B", "Symptoms"), hit("a2", "A", "Symptoms")];
    const ordered = sectionOrder("What are the warning signs?", hits, (h) => h.context);
    expect(ordered.map((h) => h.documentId)).toEqual(hits.map((h) => h.documentId));
    expect(ordered.map((h) => h.id)).toEqual(["a2", "b2", "b1", "a1"]);
  });

  it("promotes one answering section per document; the others keep the fused order, and all of it when no section answers", () => {
    const hits = [hit("a1", "A", "Information"), hit("a2", "A", "Treatment"), hit("a3", "A", "Exams and tests"), hit("a4", "A", "Treatment (2)"), hit("a5", "A", "Causes")];
    // A second Treatment section does not push the tests section retrieval ranked third down (were the intent misread, it would be the answer).
    expect(order("How is it treated?", hits)).toEqual(["a2", "a1", "a3", "a4", "a5"]);
    expect(order("How is it treated?", [hits[0]!, hits[4]!])).toEqual(["a1", "a5"]);
    expect(order("How is it treated?", [])).toEqual([]);
  });

  it("reads the section heading, not the document title", () => {
    const hits = [hit("a1", "Hereditary treatment-resistant X", "Information"), hit("a2", "Hereditary treatment-resistant X", "Inheritance")];
    expect(order("How is it inherited?", hits)).toEqual(["a2", "a1"]);
    expect(order("How is it treated?", hits)).toEqual(["a1", "a2"]);
  });
});
