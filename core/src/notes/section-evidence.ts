/**
 * The turns a section is written from, picked by what each turn does
 * (turn-function.ts), never by topic words: a generated section's model call
 * sees only these turns (and the flagged risk turns, in the section that
 * states risk), and a statement citing any other turn is not kept.
 */
import type { SectionSource } from "./note-formats.ts";
import type { RiskFlag } from "./risk/screen-transcript.ts";
import type { TranscriptTurn } from "./transcript-turns.ts";
import type { TurnFunction } from "./turn-function.ts";

export const INTERVENTION: readonly TurnFunction[] = ["reflection", "information", "proposal", "affirmation"];
const PATIENT_REPORT: readonly TurnFunction[] = ["self_report", "goal", "response", "commitment"];

export function sectionEvidence(source: SectionSource, turns: TranscriptTurn[], functions: TurnFunction[], agreed: Set<number>): TranscriptTurn[] {
  const fn = (t: TranscriptTurn) => functions[t.index]!;
  const patient = (t: TranscriptTurn) => t.role !== "clinician";
  const intervention = (t: TranscriptTurn | undefined) => !!t && t.role === "clinician" && INTERVENTION.includes(fn(t));
  switch (source) {
    case "patient_report": return turns.filter((t) => patient(t) && PATIENT_REPORT.includes(fn(t)));
    case "goals": return turns.filter((t) => patient(t) && (fn(t) === "goal" || fn(t) === "commitment"));
    case "interventions": return turns.filter((t) => intervention(t));
    // An intervention and the patient turn that answers it, so the model can say what the patient responded to.
    case "responses": return turns.filter((t, i) => (patient(t) && fn(t) !== "backchannel" && intervention(turns[i - 1])) || (intervention(t) && !!turns[i + 1] && patient(turns[i + 1]!) && fn(turns[i + 1]!) !== "backchannel"));
    case "assessment": return turns.filter((t) => t.role === "clinician" && fn(t) === "reflection");
    case "plan": return turns.filter((t, i) => (t.role === "clinician" && fn(t) === "proposal") || (patient(t) && (fn(t) === "commitment" || (fn(t) === "assent" && [...agreed].some((a) => a < i && i - a <= 2)))));
    case "data": return turns.filter((t) => (patient(t) && PATIENT_REPORT.includes(fn(t))) || intervention(t));
    case "session_facts": return [];
  }
}

/** What a section quotes of a flagged turn: its flagged sentences, once each, in the turn's order. */
export function flaggedQuote(turn: TranscriptTurn, flags: RiskFlag[]): string {
  const sentences = [...new Set(flags.filter((f) => f.verdict === "risk" && f.turn === turn.index).map((f) => f.quote))];
  return sentences.sort((a, b) => turn.text.indexOf(a) - turn.text.indexOf(b)).join(" ");
}
