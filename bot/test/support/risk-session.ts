const TURNS: Array<[string, string]> = [
  ["Therapist", "How have the evenings been since we last met?"],
  ["Client", "The evenings are hard, the anxiety builds and I barely sleep."],
  ["Therapist", "It sounds like the nights are when the worry gets loudest."],
  ["Client", "Honestly some nights I want to kill myself. Call me on 617-555-0143 if anything changes."],
  ["Therapist", "Thank you for telling me. Let's write a safety plan together today."],
  ["Client", "Okay, I can do that with you."],
];
const clock = (s: number) => `00:00:${String(s).padStart(2, "0")}`;

/**
 * A six-turn session transcript (WebVTT with voices, turn n starting at
 * 9·(n−1) s) in which the client discloses suicidal ideation and a phone
 * number at T4 (00:00:27) and a safety plan follows at T5: the session the
 * generated-note suites write notes of, whatever the model's vendor.
 */
export const RISK_SESSION_VTT = `WEBVTT\n\n${TURNS.map(([s, t], i) => `${clock(i * 9)}.000 --> ${clock(i * 9 + 8)}.000\n<v ${s}>${t}\n`).join("\n")}`;
