import { describe, expect, it } from "vitest";
import { screenTranscript } from "../risk/screen-transcript.ts";
import { transcriptTurns } from "../transcript-turns.ts";
import { addRiskInNote, emptyRiskInNote, riskTurnsInNote, writtenRiskSessions } from "./risk-in-note.ts";

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
});
