import { describe, expect, it } from "vitest";
import { FakeLanguageModel } from "../testing/fakes/index.ts";
import { extractiveNote } from "./extractive-note.ts";
import { generatedNote } from "./generated-note.ts";
import { screenTranscript } from "./risk/screen-transcript.ts";
import { citedStatements, sectionTrainingExamples } from "./section-training.ts";
import { transcriptTurns } from "./transcript-turns.ts";

const turns = transcriptTurns([
  ["Counsellor", "How have the cravings been since we started the new dose?"],
  ["Client", "Worse at night, I lie awake and cannot settle."],
  ["Counsellor", "It sounds like the nights are when the pull is strongest."],
  ["Client", "Some nights I think everyone would be better off without me."],
  ["Counsellor", "I'd like to start you on Suboxone this week and give you a Narcan kit to keep at home."],
  ["Client", "Okay, that works for me."],
  ["Client", "I want to get back to work by the summer."],
].map(([speaker, text], i) => ({ speaker: speaker!, text: text!, startMs: i * 15_000 })));
const flags = screenTranscript(turns);
const sectionOf = (prompt: unknown) => /Section: (\w+)/.exec(JSON.stringify(prompt))?.[1] ?? "";

describe("an approved note as training examples, one per section, as the product asks each section", () => {
  it("gives each section exactly the call the generator makes, and the approved section as the statements JSON that call expects", async () => {
    const replies: Record<string, Array<{ text: string; turns: number[] }>> = {
      Goals: [{ text: "The client wants to get back to work by the summer", turns: [7] }],
      Intervention: [{ text: "The counsellor offered Suboxone this week and a Narcan kit for home", turns: [5] }],
      Response: [{ text: "The client said everyone would be better off without them", turns: [4] }, { text: "The client said that works for them", turns: [6] }],
      Plan: [{ text: "Suboxone starts this week with a Narcan kit at home", turns: [5, 6] }],
    };
    const model = new FakeLanguageModel((o) => JSON.stringify({ statements: replies[sectionOf(o.prompt)] ?? [] }));
    const out = await generatedNote(model, { turns, modelTurns: turns, flags, format: "girp", limit: 120, extractive: extractiveNote({ turns, flags, format: "girp", wordLimit: 120 }) });
    expect(out.summary).toMatchObject({ modelSections: 4, kept: 5, riskOmitted: 0 });

    const { examples, skipped } = sectionTrainingExamples({ turns, flags, format: "girp", limit: 120, sections: out.sections });
    expect(skipped).toEqual([]);
    expect(examples.map((e) => e.section)).toEqual(["goals", "intervention", "response", "plan"]);
    for (const [i, e] of examples.entries()) {
      const call = model.calls[i]!.prompt as Array<{ role: string; content: string | Array<{ text: string }> }>;
      // The same system prompt and the same evidence message, byte for byte.
      expect(e.messages[0]).toEqual({ role: "system", content: call[0]!.content });
      expect(e.messages[1]).toEqual({ role: "user", content: (call[1]!.content as Array<{ text: string }>)[0]!.text });
      // The target is what the model answered for the section, as the clinician approved it (turn numbers as the model writes them).
      expect(JSON.parse(e.messages[2]!.content)).toEqual({ statements: replies[sectionOf(call)] });
    }
    // The risk section (GIRP's Response) is given the flagged turn, marked RISK, and told to state it.
    expect(examples[2]!.messages[1]!.content).toContain("[T4 Client 00:00:45 RISK]");
    expect(examples[2]!.messages[0]!.content).toContain("Turns marked RISK");
    expect(examples[0]!.messages[1]!.content).not.toContain("RISK");
  });

  it("reads an extractive or edited section's statements by their citation labels, keeps only those citing turns given to the section, and skips what asks no model", () => {
    const sections = extractiveNote({ turns, flags, format: "soap", wordLimit: 150 });
    const assessment = sections.find((s) => s.key === "assessment")!;
    // The risk screen's summary cites no turn: not a statement a section's call may write.
    expect(assessment.text).toMatch(/^Risk screen: /);
    expect(citedStatements(assessment.text, turns, assessment.citations)).toEqual([
      { text: "\"Some nights I think everyone would be better off without me.\"", turns: [3] },
      { text: "\"It sounds like the nights are when the pull is strongest.\"", turns: [2] },
    ]);
    const edited = [
      ...sections.filter((s) => s.key !== "subjective"),
      // A clinician's edit: one statement cites a turn Subjective is given, one a clinician's turn it is not, one nothing.
      { key: "subjective", text: "Cravings are worse at night and the client cannot settle (Client 00:00:15). The counsellor asked about the new dose (Counsellor 00:00:00). Sleep is poor (no label here).", citations: [] },
    ];
    const { examples, skipped } = sectionTrainingExamples({ turns, flags, format: "soap", limit: 150, sections: edited });
    expect(skipped).toEqual([{ section: "objective", reason: "asks_no_model" }]);
    const by = Object.fromEntries(examples.map((e) => [e.section, JSON.parse(e.messages[2]!.content) as { statements: Array<{ text: string; turns: number[] }> }]));
    expect(by.subjective).toEqual({ statements: [{ text: "Cravings are worse at night and the client cannot settle", turns: [2] }] });
    expect(by.assessment!.statements.map((s) => s.turns)).toEqual([[4], [3]]);
    expect(by.plan!.statements).toEqual([{ text: "Agreed: \"I'd like to start you on Suboxone this week and give you a Narcan kit to keep at home.\"", turns: [5] }]);

    // A section whose approved text cites no turn it is given is no example, and says so.
    const uncited = sectionTrainingExamples({ turns, flags, format: "soap", limit: 150, sections: [{ key: "subjective", text: "The client seemed tired (Counsellor 00:00:30)." }] });
    expect(uncited).toEqual({ examples: [], skipped: [{ section: "subjective", reason: "no_cited_statement" }] });
  });

  it("strips the check's lead-in from flagged risk the model left out, keeping the quoted turn as the statement", () => {
    const text = "Left out by the model, quoted from the risk flag: {{RED:\"Some nights I think everyone would be better off without me.\"}} (Client 00:00:45). The client agreed to the plan (Client 00:01:15).";
    expect(citedStatements(text, turns)).toEqual([
      { text: "\"Some nights I think everyone would be better off without me.\"", turns: [3] },
      { text: "The client agreed to the plan", turns: [5] },
    ]);
  });
});
