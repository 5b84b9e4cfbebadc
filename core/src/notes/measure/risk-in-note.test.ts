import { describe, expect, it } from "vitest";
import { screenTranscript } from "../risk/screen-transcript.ts";
import { transcriptTurns } from "../transcript-turns.ts";
import { loadRiskSet, parseRiskSet } from "../risk/risk-set.ts";
import { addRiskInNote, emptyRiskInNote, labelledRiskInNote, riskTurnsInNote, stridedSessions, writtenRiskSessions } from "./risk-in-note.ts";

const session = transcriptTurns([
  ["Therapist", "How have the evenings been?"],
  ["Client", "Some nights I think everyone would be better off without me. There is a gun in my closet."],
  ["Therapist", "Thank you for telling me. Have you had thoughts of ending your life?"],
  ["Client", "No, I am not going to kill myself."],
].map(([speaker, text], i) => ({ speaker: speaker!, text: text!, startMs: i * 15_000 })));

describe("risk turns that reach the note", () => {
  it("finds every flagged turn in the risk block and the risk section with its own speaker and time, and fails a flag whose label is not its turn's", () => {
    const flags = screenTranscript(session);
    const got = riskTurnsInNote(session, undefined, 150, flags);
    expect(got).toMatchObject({ riskTurns: 1, inBlock: 1, inSection: 1, deniedTurns: 1, deniedInBlock: 1 });
    // Control: the same flag carrying another time is listed under a label that is not its turn's, so it does not count.
    const moved = flags.map((f) => (f.verdict === "risk" ? { ...f, startMs: 99_000 } : f));
    expect(riskTurnsInNote(session, undefined, 150, moved)).toMatchObject({ riskTurns: 1, inBlock: 0 });
  });

  // The committed written splits, laid out as sessions: a regression check on how flags reach the note (no threshold
  // is tuned here; every flagged turn must reach it).
  it.each(["heldout8", "heldout9"] as const)("every turn the screen flags in %s's sessions is in the note's risk block and risk section in all four formats", (split) => {
    let total = emptyRiskInNote();
    for (const turns of writtenRiskSessions(split)) total = addRiskInNote(total, riskTurnsInNote(turns));
    expect(total.riskTurns).toBeGreaterThan(50);
    expect(total.inBlock).toBe(total.riskTurns);
    expect(total.inSection).toBe(total.riskTurns);
    expect(total.reviewInBlock).toBe(total.reviewTurns);
    expect(total.deniedInBlock).toBe(total.deniedTurns);
  });

  // helper/notes16: labelled risk statements (not the screen's own flags) followed into the note.
  it("counts a labelled risk statement the screen does not flag as missed, and one it flags as reaching the note", () => {
    const set = parseRiskSet([
      "risk|suicidal_passive|client|Some nights I think everyone would be better off without me.",
      "risk|other|client|The garden looked lovely this morning.", // labelled risk on purpose: the screen cannot flag it
      "none|other|therapist|How was the weekend?",
      "none|other|client|Quiet, we watched a film.",
    ].join("\n"), "written here");
    const got = labelledRiskInNote(set, undefined, 150, 4);
    expect(got).toMatchObject({ riskTurns: 2, flagged: 1, flaggedInSection: 1, missed: 1, reached: 1 });
    expect(got.missedTexts).toEqual(["The garden looked lovely this morning."]);
    // Sessions mix the file's labels: utterance k goes to session k mod (number of sessions).
    expect(stridedSessions(set, 2).map((s) => s.utterances.map((u) => u.label))).toEqual([["risk", "none"], ["risk", "none"]]);
  });

  // heldout11 (written blind by helper/riskset15, never tuned on; nothing in the notes was chosen on it) as sessions of
  // 8: first read 2026-12-07 by helper/notes16, 135/170 = 0.794 reach the note (113 flagged, 21 review only, 1 quoted
  // by a section only). The floor sits just under it; the share is bounded by the screen's recall on the set, and the
  // note loses none of what the screen finds (every flagged turn is quoted by the risk section, every review flag listed).
  it("carries at least 0.78 of heldout11's labelled risk statements into the note, and every one the screen finds", () => {
    const set = loadRiskSet("heldout11");
    const got = labelledRiskInNote(set);
    expect(got.riskTurns).toBe(170);
    expect(got.reached / got.riskTurns).toBeGreaterThanOrEqual(0.78);
    // What the screen raises on the labelled risk turns, counted from its flags alone: the note shows all of it.
    let screened = 0, reviewed = 0;
    for (const { turns, utterances } of stridedSessions(set)) {
      const flags = screenTranscript(turns);
      utterances.forEach((u, i) => {
        if (u.label !== "risk") return;
        if (flags.some((f) => f.turn === i && f.verdict === "risk")) screened++;
        else if (flags.some((f) => f.turn === i && f.verdict === "review")) reviewed++;
      });
    }
    expect(got.flagged).toBe(screened);
    expect(got.flaggedInSection).toBe(screened);
    expect(got.review).toBe(reviewed);
  }, 120_000);
});
