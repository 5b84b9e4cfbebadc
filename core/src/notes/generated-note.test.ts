import { describe, expect, it } from "vitest";
import { FakeLanguageModel } from "../testing/fakes/index.ts";
import { extractiveNote, NO_STATED_GOAL } from "./extractive-note.ts";
import { generatedNote } from "./generated-note.ts";
import { supports } from "./support-check.ts";
import { screenTranscript } from "./risk/screen-transcript.ts";
import { transcriptTurns } from "./transcript-turns.ts";

const turns = transcriptTurns([
  ["Counsellor", "How have the cravings been since we started the new dose?"],
  ["Client", "Worse at night, I lie awake and cannot settle."],
  ["Counsellor", "It sounds like the nights are when the pull is strongest."],
  ["Client", "Some nights I think everyone would be better off without me."],
  ["Counsellor", "I'd like to start you on Suboxone this week and give you a Narcan kit to keep at home."],
  ["Client", "Okay, that works for me."],
].map(([speaker, text], i) => ({ speaker: speaker!, text: text!, startMs: i * 15_000 })));
const flags = screenTranscript(turns);
const input = (limit = 120) => ({ turns, modelTurns: turns, flags, format: "girp" as const, limit, extractive: extractiveNote({ turns, flags, format: "girp", wordLimit: limit }) });
/** Answers each section's call by the title in its prompt. */
const scripted = (bySection: Record<string, unknown>) => new FakeLanguageModel((o) => {
  const title = /Section: (\w+)/.exec(JSON.stringify(o.prompt))?.[1] ?? "";
  const reply = bySection[title];
  return typeof reply === "string" ? reply : JSON.stringify({ statements: reply ?? [] });
});

describe("a note generated section by section, then checked", () => {
  it("checks support lexically: shared content words with the cited turns", () => {
    expect(flags.filter((f) => f.verdict === "risk").map((f) => f.turn)).toEqual([3]);
    expect(supports("The client lies awake at night", [turns[1]!])).toBe(true);
    expect(supports("The client plays tennis on Sundays", [turns[1]!])).toBe(false);
  });

  it("gives each section only its turns, keeps what a given turn supports, lists the rest with the reason, and stops at the word limit", async () => {
    const model = scripted({
      Goals: [],
      Intervention: [
        { text: "The counsellor offered Suboxone this week and a Narcan kit for home", turns: [5] },
        { text: "The counsellor reflected that the pull is strongest at night", turns: [3] },
        { text: "The counsellor asked about cravings since the new dose", turns: [1] },
      ],
      Response: [{ text: "{{RED:The client said everyone would be better off without them}}", turns: [4] }, { text: "The client agreed to start Suboxone", turns: [0] }],
      Plan: [{ text: "Suboxone will start this week with a Narcan kit at home", turns: [5] }],
    });
    const out = await generatedNote(model, input(15));
    expect("failure" in out).toBe(false);
    const by = Object.fromEntries(out.sections.map((s) => [s.key, s]));
    // Goals: no goal or commitment turn in this session, so no call at all.
    expect(model.calls.map((c) => /Section: (\w+)/.exec(JSON.stringify(c.prompt))![1])).toEqual(["Intervention", "Response", "Plan"]);
    expect(by.goals!.text).toBe(NO_STATED_GOAL);
    expect(by.intervention!.text).toBe("The counsellor offered Suboxone this week and a Narcan kit for home (Counsellor 00:01:00).");
    expect(by.intervention!.check!.notKept).toEqual([
      { text: "The counsellor reflected that the pull is strongest at night", turns: [3], reason: "over_limit" },
      { text: "The counsellor asked about cravings since the new dose", turns: [1], reason: "not_given" },
    ]);
    // Response (GIRP's risk section) was given the flagged turn marked RISK; the statement citing it is marked as risk.
    expect(JSON.stringify(model.calls[1]!.prompt)).toContain("[T4 Client 00:00:45 RISK]");
    expect(by.response!.text).toBe("{{RED:The client said everyone would be better off without them}} (Client 00:00:45).");
    expect(by.response!.check!.notKept).toEqual([{ text: "The client agreed to start Suboxone", turns: [0], reason: "unknown_turn" }]);
    expect(out.summary).toMatchObject({ modelSections: 3, fallbackSections: 0, statements: 6, kept: 3, riskOmitted: 0 });
  });

  it("a section whose answer is not JSON, or none of whose statements survive, is quoted instead, saying why; a flagged turn no section cites is quoted from its flag and marked", async () => {
    const out = await generatedNote(scripted({
      Intervention: "not json",
      Response: [{ text: "The client agreed", turns: [6] }],
      Plan: [{ text: "Suboxone will start this week with a Narcan kit at home", turns: [5] }],
    }), input());
    const by = Object.fromEntries(out.sections.map((s) => [s.key, s]));
    expect(by.intervention!.check).toMatchObject({ origin: "extractive", failure: "the model's answer was not valid JSON" });
    expect(by.intervention!.text).toContain("Suboxone");
    // The Response call's one statement failed the check: the extractive Response (which quotes the flagged turn) is written, the statement listed.
    expect(by.response!.check).toMatchObject({ origin: "extractive", failure: expect.stringMatching(/^none of the model's 1 statement/), notKept: [{ text: "The client agreed", turns: [6], reason: "not_supported" }] });
    expect(by.response!.text).toMatch(/^\{\{RED:"Some nights I think everyone would be better off without me\."\}\} \(Client 00:00:45\)\./);
    expect(out.summary.riskOmitted).toBe(0);

    const omitted = await generatedNote(scripted({ Response: [{ text: "The client said that works for them", turns: [6] }], Plan: [{ text: "Suboxone will start this week with a Narcan kit at home", turns: [5] }] }), input());
    const response = omitted.sections.find((s) => s.key === "response")!;
    expect(response.check!.riskOmitted).toEqual([3]);
    expect(response.text).toBe("Left out by the model, quoted from the risk flag: {{RED:\"Some nights I think everyone would be better off without me.\"}} (Client 00:00:45). The client said that works for them (Client 00:01:15).");
    expect(omitted.summary.riskOmitted).toBe(1);
  });

  it("a model that throws is not asked for the remaining sections; with nothing written the note is a failure carrying the quoted sections", async () => {
    const model = new FakeLanguageModel(() => { throw new Error("connection refused"); });
    const out = await generatedNote(model, input());
    expect(model.calls).toHaveLength(1);
    expect(out).toMatchObject({ failure: "the model failed", summary: { modelSections: 0, fallbackSections: 3 } });
    expect(out.sections.map((s) => s.check?.origin)).toEqual(["extractive", "extractive", "extractive", "extractive"]);
  });

  it("a statement that reuses its turn's words but contradicts it (negation, number, speaker) is not kept, with the reason", async () => {
    const out = await generatedNote(scripted({
      Intervention: [
        { text: "The client offered to start Suboxone this week with a Narcan kit at home", turns: [5] },
        { text: "The counsellor offered Suboxone this week and a Narcan kit for home", turns: [5] },
      ],
      Response: [{ text: "The counsellor reflected that the pull is not strongest at night", turns: [3] }, { text: "The client said some nights everyone would be better off without them", turns: [4] }],
      Plan: [{ text: "Suboxone starts in three weeks with a Narcan kit at home", turns: [5] }, { text: "Suboxone starts this week with a Narcan kit at home", turns: [5] }],
    }), input());
    const by = Object.fromEntries(out.sections.map((s) => [s.key, s]));
    expect(by.intervention!.check!.notKept).toEqual([{ text: "The client offered to start Suboxone this week with a Narcan kit at home", turns: [5], reason: "contradicts_speaker" }]);
    expect(by.response!.check!.notKept).toEqual([{ text: "The counsellor reflected that the pull is not strongest at night", turns: [3], reason: "contradicts_negation" }]);
    expect(by.plan!.check!.notKept).toEqual([{ text: "Suboxone starts in three weeks with a Narcan kit at home", turns: [5], reason: "contradicts_number" }]);
    expect(out.summary).toMatchObject({ statements: 6, kept: 3 });
  });

  // Outsider round 16, item 4 (written for this test): a generated Plan must not present ideation as the plan.
  it("gives sections other than the risk section the turns without their flagged sentences, and checks them against that", async () => {
    const mixed = transcriptTurns([
      ["Therapist", "Shall we keep going with the exposure work on the accident memory next week?"],
      ["Client", "Yes, I agree to keep going with it next week. Sometimes I still think my kids would be better off without me."],
    ].map(([speaker, text], i) => ({ speaker: speaker!, text: text!, startMs: i * 15_000 })));
    const mixedFlags = screenTranscript(mixed);
    expect(mixedFlags.filter((f) => f.verdict === "risk").map((f) => f.turn)).toEqual([1]);
    const model = scripted({
      Plan: [
        { text: "The client agreed to keep going with the exposure work next week", turns: [2] },
        { text: "The client thinks the kids would be better off without them", turns: [2] },
      ],
      Response: [{ text: "The client said the kids would be better off without them", turns: [2] }],
    });
    const out = await generatedNote(model, { turns: mixed, modelTurns: mixed, flags: mixedFlags, format: "girp", limit: 120, extractive: extractiveNote({ turns: mixed, flags: mixedFlags, format: "girp", wordLimit: 120 }) });
    const prompts = Object.fromEntries(model.calls.map((c) => [/Section: (\w+)/.exec(JSON.stringify(c.prompt))![1]!, JSON.stringify(c.prompt)]));
    expect(prompts.Plan).toContain("I agree to keep going with it next week.");
    expect(prompts.Plan).not.toContain("better off without me");
    // The risk section (GIRP's Response) is given the whole turn, marked RISK.
    expect(prompts.Response).toContain("better off without me");
    const plan = out.sections.find((s) => s.key === "plan")!;
    expect(plan.text).toBe("The client agreed to keep going with the exposure work next week (Client 00:00:15).");
    expect(plan.check!.notKept).toEqual([{ text: "The client thinks the kids would be better off without them", turns: [2], reason: "not_supported" }]);
  });
});
