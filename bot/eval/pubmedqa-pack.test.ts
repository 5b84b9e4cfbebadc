import { describe, expect, it } from "vitest";
import { abstractMarkdown, buildPack, CONCLUSION_HEADING, headingsOf, isHeldOut, parsePubmedQa } from "./pubmedqa-pack.ts";
import { inSplit } from "./split.ts";

// A tiny synthetic record set in the shape of PubMedQA's ori_pqal.json, written here (no text of the real set).
const record = (question: string, labels: string[], extra: Record<string, unknown> = {}) => ({
  QUESTION: question, CONTEXTS: labels.map((l, i) => `Paragraph ${i + 1} under ${l}.`), LABELS: labels,
  MESHES: [], YEAR: "2001", final_decision: "yes", LONG_ANSWER: `The conclusion of: ${question}`, ...extra,
});

describe("parsePubmedQa", () => {
  it("reads records into labelled contexts and a conclusion", () => {
    const items = parsePubmedQa({ 101: record("Does tea help sleep?", ["BACKGROUND", "METHODS", "RESULTS"]) });
    expect(items).toEqual([{
      id: "101", question: "Does tea help sleep?", conclusion: "The conclusion of: Does tea help sleep?",
      contexts: [{ label: "BACKGROUND", text: "Paragraph 1 under BACKGROUND." }, { label: "METHODS", text: "Paragraph 2 under METHODS." }, { label: "RESULTS", text: "Paragraph 3 under RESULTS." }],
    }]);
  });

  it("names the bad record and field", () => {
    expect(() => parsePubmedQa([])).toThrow(/object of PMID/);
    expect(() => parsePubmedQa({})).toThrow(/no records/);
    expect(() => parsePubmedQa({ abc: record("Q?", ["RESULTS"]) })).toThrow(/"abc".*not a PMID/);
    expect(() => parsePubmedQa({ 7: record("Q?", ["RESULTS"], { LONG_ANSWER: " " }) })).toThrow(/record 7: LONG_ANSWER/);
    expect(() => parsePubmedQa({ 7: record("Q?", ["RESULTS"], { LABELS: ["A", "B"] }) })).toThrow(/record 7: LABELS/);
    expect(() => parsePubmedQa({ 7: record("Q?", ["RESULTS"], { CONTEXTS: [] }) })).toThrow(/record 7: CONTEXTS/);
    expect(() => parsePubmedQa({ 7: record("", ["RESULTS"]) })).toThrow(/record 7: QUESTION/);
  });
});

describe("abstractMarkdown", () => {
  it("writes each context under its label's heading, then the conclusion, titled by PMID unless asked for the question", () => {
    const [item] = parsePubmedQa({ 5: record("Is X safe?", ["MATERIALS AND METHODS", "RESULTS", "RESULTS", "UNLABELLED"]) });
    expect(headingsOf(item!)).toEqual(["Materials and methods", "Results", "Results (2)", "Abstract", CONCLUSION_HEADING]);
    const md = abstractMarkdown(item!);
    expect(md.startsWith("# PubMed 5\n\n## Materials and methods\n\nParagraph 1 under MATERIALS AND METHODS.\n")).toBe(true);
    expect(md).toContain("## Results (2)\n\nParagraph 3 under RESULTS.\n");
    expect(md.endsWith("## Conclusions\n\nThe conclusion of: Is X safe?\n")).toBe(true);
    expect(md).not.toContain("# Is X safe?");
    expect(abstractMarkdown(item!, { title: "question" }).startsWith("# Is X safe?\n")).toBe(true);
  });
});

describe("buildPack", () => {
  // 60 records with distinct title words, and one whose title repeats another's words.
  const raw: Record<string, unknown> = {};
  for (let i = 0; i < 60; i++) raw[String(1000 + i)] = record(`Does compound${i} reduce outcome${i} in cohort${i}?`, ["BACKGROUND", "RESULTS"]);
  const items = parsePubmedQa(raw);

  it("holds out abstracts by hash (absent questions without a document), keeps the rest answerable with both gold forms", () => {
    const pack = buildPack(items, { absentShare: 0.1, offtopic: [{ id: "a", question: "Who painted it?" }, { id: "b", question: "who painted it? " }] });
    const held = items.filter((i) => isHeldOut(i.id, 0.1));
    expect(held.length).toBeGreaterThan(0);
    expect(held.length).toBeLessThan(20);
    expect(pack.documents.size).toBe(60 - held.length);
    for (const h of held) expect(pack.documents.has(`pubmedqa-${h.id}.md`)).toBe(false);
    const answerable = pack.questions.filter((q) => q.kind === "answerable");
    expect(answerable).toHaveLength(pack.documents.size);
    expect(answerable.every((q) => q.gold_section === CONCLUSION_HEADING && pack.documents.has(q.gold_file!))).toBe(true);
    expect(pack.questions.filter((q) => q.kind === "absent").map((q) => q.id).sort()).toEqual(held.map((h) => `pqa-absent-${h.id}`).sort());
    expect(pack.questions.filter((q) => q.kind === "offtopic")).toEqual([{ id: "pqa-off-a", question: "Who painted it?", kind: "offtopic" }]);
    const whole = pack.questionsAbstract.find((q) => q.id === answerable[0]!.id)!;
    expect(whole.gold_sections).toEqual(["Background", "Results", "Conclusions"]);
    // Both halves get questions, deterministically.
    expect(pack.questions.filter((q) => inSplit(q, "tune")).length).toBeGreaterThan(0);
    expect(pack.questions.filter((q) => inSplit(q, "assert")).length).toBeGreaterThan(0);
    expect(buildPack(items, { absentShare: 0.1 }).questions.map((q) => q.id)).toEqual(buildPack([...items].reverse(), { absentShare: 0.1 }).questions.map((q) => q.id));
  });

  it("drops a held-out question whose title words nearly repeat a kept abstract's", () => {
    const held = items.find((i) => isHeldOut(i.id, 0.1))!;
    const kept = items.find((i) => !isHeldOut(i.id, 0.1))!;
    const twin = { ...held, question: `${kept.question.replace("?", "")} today?` };
    const pack = buildPack(items.map((i) => (i.id === held.id ? twin : i)), { absentShare: 0.1 });
    expect(pack.nearDuplicatesDropped).toBe(1);
    expect(pack.questions.some((q) => q.id === `pqa-absent-${held.id}`)).toBe(false);
  });
});
