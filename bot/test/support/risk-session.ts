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

type Statement = { text: string; turns: Array<number | string> };
const answer = (statements: Statement[]) => JSON.stringify({ statements });

/**
 * A model's answers for the SOAP note of RISK_SESSION_VTT, one per section call in order (Objective
 * makes no call): Subjective (given T2, T4, T6), Assessment (T3 and the flagged T4, marked RISK), Plan (T5).
 * Subjective also holds a claim T2 does not support (tennis) and a turn that does not exist (T40);
 * Assessment a sentence citing nothing. Override a section with a string (sent as is) or statements.
 */
export function riskSessionReplies(over: { subjective?: Statement[] | string; assessment?: Statement[] | string; plan?: Statement[] | string } = {}): string[] {
  const pick = (v: Statement[] | string | undefined, d: Statement[]) => (typeof v === "string" ? v : answer(v ?? d));
  return [
    pick(over.subjective, [
      { text: "The client reported hard evenings with anxiety and little sleep.", turns: [2] },
      { text: "The client plays tennis every Sunday morning.", turns: [2] },
      { text: "The client said the medication was stopped.", turns: [40] },
    ]),
    pick(over.assessment, [
      { text: "{{RED:The client reported wanting to kill himself on some nights}}", turns: [4] },
      { text: "Worry is loudest at night.", turns: ["T3"] },
      { text: "Anxiety is building in the evenings.", turns: [] },
    ]),
    pick(over.plan, [{ text: "A safety plan will be written together today.", turns: [5] }]),
  ];
}
