// A patient's bare answer to the clinician's risk question, read with the question (outsider round 16, item 3: "No, no
// plan." answering "Do you have any plan to hurt yourself?" was not shown as a screened negative). Sentences written
// for this test.
import { describe, expect, it } from "vitest";
import type { TranscriptTurn } from "../transcript-turns.ts";
import { askedAbout, screenTranscript } from "./screen-transcript.ts";

const session = (...lines: Array<[TranscriptTurn["role"], string]>): TranscriptTurn[] =>
  lines.map(([role, text], index) => ({ index, role, text, speaker: role === "clinician" ? "Therapist" : "Client", startMs: index * 10_000 }));

describe("answers to the clinician's risk questions", () => {
  it("reads what a clinician's closing question asks about, risk or safety, and nothing else", () => {
    expect(askedAbout(session(["clinician", "Do you have any plan to hurt yourself?"])[0])).toMatchObject({ aboutRisk: true });
    expect(askedAbout(session(["clinician", "Thanks for telling me. Have you had thoughts of killing yourself?"])[0])).toEqual({ category: "suicidal_ideation", aboutRisk: true });
    expect(askedAbout(session(["clinician", "Do you feel safe at home?"])[0])).toEqual({ category: "abuse_safeguarding", aboutRisk: false });
    expect(askedAbout(session(["clinician", "How was the week?"])[0])).toBeUndefined();
    expect(askedAbout(session(["clinician", "Have you had thoughts of killing yourself? Let's come back to that."])[0])).toBeUndefined();
    expect(askedAbout(session(["patient", "Have I had thoughts of killing myself?"])[0])).toBeUndefined();
  });

  it("a bare no to a risk question is a screened negative citing the patient's turn; a bare yes is possible risk to review", () => {
    const no = screenTranscript(session(["clinician", "Do you have any plan to hurt yourself?"], ["patient", "No, no plan."]));
    expect(no).toEqual([{ category: expect.any(String), verdict: "denied", turn: 1, speaker: "Client", startMs: 10_000, quote: "No, no plan." }]);
    const yes = screenTranscript(session(["clinician", "Have you had thoughts of killing yourself?"], ["patient", "Yes, a few times. Mostly at night."]));
    expect(yes).toEqual([expect.objectContaining({ category: "suicidal_ideation", verdict: "review", turn: 1, quote: "Yes, a few times." })]);
  });

  it("turns the reading round for a question about safety", () => {
    expect(screenTranscript(session(["clinician", "Do you feel safe at home?"], ["patient", "No."]))).toMatchObject([{ category: "abuse_safeguarding", verdict: "review", turn: 1 }]);
    expect(screenTranscript(session(["clinician", "Do you feel safe at home?"], ["patient", "Yeah, I do."]))).toMatchObject([{ category: "abuse_safeguarding", verdict: "denied", turn: 1 }]);
  });

  it("leaves an answer alone when the question is not about risk, the answer is long, or the answer says more itself", () => {
    expect(screenTranscript(session(["clinician", "Would you like to keep going with the exercise?"], ["patient", "No, not today."]))).toEqual([]);
    expect(screenTranscript(session(["clinician", "Have you had thoughts of killing yourself?"], ["patient", "No I was thinking about the garden and the dog and the weekend away mostly."]))).toEqual([]);
    // The answer's own words are read as before: a denial it spells out, or risk it states, is not replaced.
    expect(screenTranscript(session(["clinician", "Have you had thoughts of killing yourself?"], ["patient", "Yes, I want to kill myself."]))).toMatchObject([{ verdict: "risk", turn: 1 }]);
    // Only the first sentence of the answer, only right after the question.
    expect(screenTranscript(session(["clinician", "Have you had thoughts of killing yourself?"], ["patient", "Well, it has been a hard month."], ["patient", "No."]))).toEqual([]);
  });
});
