import { describe, expect, it } from "vitest";
import { extractiveNote, NO_AGREED_PLAN, NO_STATED_GOAL } from "./extractive-note.ts";
import { riskSectionKey } from "./note-formats.ts";
import { screenTranscript } from "./risk/screen-transcript.ts";
import { transcriptTurns } from "./transcript-turns.ts";
import { turnFunctions } from "./turn-function.ts";

const session = (speakers: [string, string]) => transcriptTurns([
  [0, "How have the cravings been since we started the new dose?"],
  [1, "Worse at night, I keep thinking about using when I can't sleep."],
  [0, "It sounds like the nights are when the pull is strongest."],
  [1, "Yes, and being alone makes it harder to hold on."],
  [0, "I'd like to start you on Suboxone this week and give you a Narcan kit to keep at home."],
  [1, "Okay, that works for me."],
  [0, "What time do you usually go to bed?"],
  [1, "Around two in the morning most nights, which is too late."],
].map(([who, text], i) => ({ speaker: speakers[who as 0 | 1], text: text as string, startMs: i * 15_000 })));

describe("extractive note by turn function", () => {
  it("puts the offered treatment under Intervention and Plan, never a question under Plan, and cites every statement's own turn", () => {
    const turns = session(["Counsellor", "Client"]);
    const note = extractiveNote({ turns, flags: screenTranscript(turns), format: "birp", wordLimit: 120 });
    const by = Object.fromEntries(note.map((s) => [s.key, s]));
    expect(by.intervention!.text).toMatch(/Suboxone.*Narcan.*\(Counsellor 00:01:00\)/);
    expect(by.plan!.text).toMatch(/^Agreed: "I'd like to start you on Suboxone/);
    expect(by.plan!.text).not.toMatch(/\?/);
    expect(by.response!.text).toMatch(/"Yes, and being alone makes it harder to hold on\." \(Client 00:00:45\)/);
    for (const s of note) for (const c of s.citations ?? []) expect(turns[c.turn]!.text).toContain(c.quote);
  });

  it("quotes every flagged risk turn at the head of the format's risk section, citing its own turn, in every format", () => {
    const turns = transcriptTurns([
      ["Counsellor", "How have the evenings been?"],
      ["Client", "Hard. Some nights I think everyone would be better off without me."],
      ["Counsellor", "It sounds like the nights are the hardest part."],
      ["Client", "Yes, and being alone makes it harder to hold on."],
    ].map(([speaker, text], i) => ({ speaker: speaker!, text: text!, startMs: i * 15_000 })));
    const flags = screenTranscript(turns);
    expect(flags.filter((f) => f.verdict === "risk").map((f) => f.turn)).toEqual([1]);
    for (const [format, key] of [["soap", "assessment"], ["dap", "assessment"], ["birp", "behavior"], ["girp", "response"]] as const) {
      const section = extractiveNote({ turns, flags, format, wordLimit: 120 }).find((s) => s.key === key)!;
      // Assessment opens with the screen's result, then the quote; Behavior and Response open with the quote.
      expect(section.text, format).toMatch(new RegExp(`^${key === "assessment" ? "Risk screen: 1 risk statement\\(s\\) flagged \\(suicidal ideation\\)\\. " : ""}\\{\\{RED:"Some nights I think everyone would be better off without me\\."\\}\\} \\(Client 00:00:15\\)\\.`));
      expect(section.citations!.find((c) => c.turn === 1), format).toEqual({ turn: 1, speaker: "Client", startMs: 15_000, quote: "Some nights I think everyone would be better off without me." });
      // Quoted once: the section's own picks leave the flagged turn out.
      expect(section.citations!.filter((c) => c.turn === 1), format).toHaveLength(1);
    }
  });

  it("infers roles from two speakers' names by who asks the questions", () => {
    const turns = session(["Sam", "Alex"]);
    expect(turns.map((t) => t.role)).toEqual(["clinician", "patient", "clinician", "patient", "clinician", "patient", "clinician", "patient"]);
    const { functions, agreed } = turnFunctions(turns);
    expect(functions.slice(0, 6)).toEqual(["question", "self_report", "reflection", "response", "proposal", "assent"]);
    expect([...agreed]).toEqual([4]);
  });

  it("leaves roles unknown rather than guessing when nothing tells them apart", () => {
    const turns = transcriptTurns([{ speaker: "Sam", text: "I went for a walk." }, { speaker: "Alex", text: "I did too." }]);
    expect(turns.map((t) => t.role)).toEqual(["unknown", "unknown"]);
  });

  // helper/notes15: Plan is what was agreed; a session that agreed nothing (or stated no goal) says so.
  it("leaves a proposal nobody agreed to out of Plan and says no next step was agreed; Goals says none was stated", () => {
    const turns = transcriptTurns([
      ["Counsellor", "How have the evenings been?"],
      ["Client", "Long. I sit up watching television until two most nights."],
      ["Counsellor", "Would you be willing to try switching the screen off at midnight this week?"],
      ["Client", "Not really, the evenings are the only time I get to myself."],
    ].map(([speaker, text], i) => ({ speaker: speaker!, text: text!, startMs: i * 15_000 })));
    const note = extractiveNote({ turns, flags: screenTranscript(turns), format: "girp", wordLimit: 120 });
    const by = Object.fromEntries(note.map((s) => [s.key, s]));
    expect(by.plan!.text).toBe(NO_AGREED_PLAN);
    expect(by.plan!.citations).toEqual([]);
    expect(by.goals!.text).toBe(NO_STATED_GOAL);
    // The same proposal agreed to is the Plan, citing its turn.
    const agreedTurns = transcriptTurns([...turns.slice(0, 3).map((t) => ({ speaker: t.speaker!, text: t.text, startMs: t.startMs! })), { speaker: "Client", text: "Okay, I can do that.", startMs: 45_000 }]);
    const plan = extractiveNote({ turns: agreedTurns, flags: [], format: "girp", wordLimit: 120 }).find((s) => s.key === "plan")!;
    expect(plan.text).toMatch(/^Agreed: "Would you be willing to try switching the screen off/);
    expect(plan.citations!.map((c) => c.turn)).toEqual([2]);
  });

  // Outsider round 16, item 4 (sentences written for this test): a commitment turn that also says ideation.
  it("quotes a flagged sentence in the risk section only: the Plan quotes the commitment, not the ideation said with it", () => {
    const turns = transcriptTurns([
      ["Therapist", "Shall we keep going with the exposure work on the accident memory next week?"],
      ["Client", "Yes, I agree to keep going with it next week. Sometimes I still think my kids would be better off without me."],
    ].map(([speaker, text], i) => ({ speaker: speaker!, text: text!, startMs: i * 15_000 })));
    const flags = screenTranscript(turns);
    expect(flags.filter((f) => f.verdict === "risk").map((f) => f.quote)).toEqual(["Sometimes I still think my kids would be better off without me."]);
    for (const format of ["soap", "dap", "birp", "girp"] as const) {
      const note = extractiveNote({ turns, flags, format, wordLimit: 120 });
      const plan = note.find((s) => s.key === "plan")!;
      expect(plan.text, format).toContain("I agree to keep going with it next week.");
      for (const s of note.filter((x) => x.key !== riskSectionKey(format))) {
        expect(s.text, `${format} ${s.key}`).not.toMatch(/better off without me/);
        for (const c of s.citations ?? []) expect(c.quote, `${format} ${s.key}`).not.toMatch(/better off without me/);
      }
      // The risk section still quotes it, citing the turn.
      expect(note.find((s) => s.key === riskSectionKey(format))!.text, format).toMatch(/\{\{RED:"Sometimes I still think my kids would be better off without me\."\}\} \(Client 00:00:15\)/);
    }
  });
});
