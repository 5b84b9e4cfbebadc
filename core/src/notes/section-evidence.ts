/**
 * Which turns each section of a note is written from, picked by what each
 * turn does (turn-function.ts), never by topic words, in one table
 * (`SECTION_TURNS`): per section source, the turns a generated section's model
 * call is given as evidence (a statement citing any other turn is not kept)
 * and the turns the extractive fallback quotes. The two differ on purpose,
 * and each difference is said beside its row.
 */
import { splitSentences } from "../ingest/chunker.ts";
import type { SectionSource } from "./note-formats.ts";
import type { RiskFlag } from "./risk/screen-transcript.ts";
import type { TranscriptTurn } from "./transcript-turns.ts";
import type { TurnFunction } from "./turn-function.ts";

export const INTERVENTION: readonly TurnFunction[] = ["reflection", "information", "proposal", "affirmation"];
/** Everything a patient turn can do except a backchannel ("mm", "right"). */
const PATIENT_SPEECH: readonly TurnFunction[] = ["self_report", "response", "goal", "commitment", "assent"];
const PATIENT_REPORT: readonly TurnFunction[] = ["self_report", "goal", "response", "commitment"];
const PATIENT_OWN_WORDS: readonly TurnFunction[] = ["self_report", "goal", "response"];

/**
 * Where a turn must stand for a selector to take it: `answers_intervention`, a turn right after a clinician's
 * intervention; `answered`, an intervention the next turn answers (a patient turn that is not a backchannel);
 * `agrees_to_proposal`, within two turns after a clinician proposal the patient agreed to; `agreed`, a proposal the
 * patient agreed to (an assent or commitment in the next patient turn).
 */
export type TurnContext = "answers_intervention" | "answered" | "agrees_to_proposal" | "agreed";

/** Turns of one role doing one of these things (`patient`: any turn not the clinician's). */
export interface TurnSelector {
  role: "clinician" | "patient";
  functions: readonly TurnFunction[];
  context?: TurnContext;
}

export interface SectionTurns {
  /** What a generated section's model call is given. */
  evidence: readonly TurnSelector[];
  /** What the extractive fallback quotes (extractive-note.ts lays them out: budget, order, labels). */
  quoted: readonly TurnSelector[];
}

const patient = (functions: readonly TurnFunction[], context?: TurnContext): TurnSelector => ({ role: "patient", functions, ...(context ? { context } : {}) });
const clinician = (functions: readonly TurnFunction[], context?: TurnContext): TurnSelector => ({ role: "clinician", functions, ...(context ? { context } : {}) });

export const SECTION_TURNS: Record<SectionSource, SectionTurns> = {
  // The model may report a commitment among what the patient said; the quotes leave commitments to Plan and Goals.
  patient_report: { evidence: [patient(PATIENT_REPORT)], quoted: [patient(PATIENT_OWN_WORDS)] },
  goals: { evidence: [patient(["goal", "commitment"])], quoted: [patient(["goal", "commitment"])] },
  interventions: { evidence: [clinician(INTERVENTION)], quoted: [clinician(INTERVENTION)] },
  // The model is given each intervention with the patient turn that answers it, so it can say what the patient
  // responded to; the quotes are the patient's answers only, and only those that respond, commit or state a goal.
  responses: {
    evidence: [patient(PATIENT_SPEECH, "answers_intervention"), clinician(INTERVENTION, "answered")],
    quoted: [patient(["response", "commitment", "goal"], "answers_intervention")],
  },
  assessment: { evidence: [clinician(["reflection"])], quoted: [clinician(["reflection"])] },
  // The model also sees the assents that agree to a proposal (so it can tell a plan from a suggestion) and the
  // proposals nobody agreed to (so it can say one was offered); the quotes are only what was agreed — a proposal the
  // patient agreed to, marked so instead of quoting the "okay", and the patient's own commitments (helper/notes15).
  plan: {
    evidence: [clinician(["proposal"]), patient(["commitment"]), patient(["assent"], "agrees_to_proposal")],
    quoted: [clinician(["proposal"], "agreed"), patient(["commitment"])],
  },
  // As Subjective and Intervention together (the quotes split the word budget between the two roles).
  data: { evidence: [patient(PATIENT_REPORT), clinician(INTERVENTION)], quoted: [patient(PATIENT_OWN_WORDS), clinician(INTERVENTION)] },
  session_facts: { evidence: [], quoted: [] },
};

/** The turns any of the selectors take, in session order. */
export function selectTurns(selectors: readonly TurnSelector[], turns: TranscriptTurn[], functions: TurnFunction[], agreed: Set<number>): TranscriptTurn[] {
  const fn = (t: TranscriptTurn) => functions[t.index]!;
  const isPatient = (t: TranscriptTurn | undefined) => !!t && t.role !== "clinician";
  const intervention = (t: TranscriptTurn | undefined) => !!t && t.role === "clinician" && INTERVENTION.includes(fn(t));
  const inContext = (t: TranscriptTurn, i: number, context: TurnContext | undefined): boolean => {
    switch (context) {
      case undefined: return true;
      case "answers_intervention": return intervention(turns[i - 1]);
      case "answered": return isPatient(turns[i + 1]) && fn(turns[i + 1]!) !== "backchannel";
      case "agrees_to_proposal": return [...agreed].some((a) => a < i && i - a <= 2);
      case "agreed": return agreed.has(i);
    }
  };
  return turns.filter((t, i) => selectors.some((s) => (s.role === "patient" ? isPatient(t) : t.role === "clinician") && s.functions.includes(fn(t)) && inContext(t, i, s.context)));
}

/** The turns a section is written from (a generated section's evidence). */
export function sectionEvidence(source: SectionSource, turns: TranscriptTurn[], functions: TurnFunction[], agreed: Set<number>): TranscriptTurn[] {
  return selectTurns(SECTION_TURNS[source].evidence, turns, functions, agreed);
}

/** The turns the extractive fallback quotes for a section. */
export function sectionQuoted(source: SectionSource, turns: TranscriptTurn[], functions: TurnFunction[], agreed: Set<number>): TranscriptTurn[] {
  return selectTurns(SECTION_TURNS[source].quoted, turns, functions, agreed);
}

/** What a section quotes of a flagged turn: its flagged sentences, once each, in the turn's order. */
export function flaggedQuote(turn: TranscriptTurn, flags: RiskFlag[]): string {
  const sentences = [...new Set(flags.filter((f) => f.verdict === "risk" && f.turn === turn.index).map((f) => f.quote))];
  return sentences.sort((a, b) => turn.text.indexOf(a) - turn.text.indexOf(b)).join(" ");
}

/**
 * The turns as every section but the risk section quotes them or is written from them: each turn without the
 * sentences the risk screen flagged as risk (flag tier). Risk is shown in the note's risk block and its risk section,
 * never presented as something else: in "Yes, I agree to keep going. Sometimes I think my kids would be
 * better off without me." only the first sentence is a commitment for the Plan. A turn left with no sentence has empty
 * text (nothing to quote or give). `shown`: the same turns as a model is shown them (de-identified), cut at the same
 * sentence positions; a turn whose two versions split into different sentences is left out whole. Review flags
 * ("possible risk", about half of them false alarms) stay quotable: they are listed at the top, and taking an ordinary
 * sentence out of the note for a false alarm would lose what the session said.
 */
export function withoutFlaggedSentences(turns: TranscriptTurn[], flags: RiskFlag[], shown: TranscriptTurn[] = turns): TranscriptTurn[] {
  const flagged = new Map<number, Set<string>>();
  for (const f of flags) if (f.verdict === "risk") flagged.set(f.turn, (flagged.get(f.turn) ?? new Set<string>()).add(f.quote));
  return shown.map((t, i) => {
    const out = flagged.get(turns[i]!.index);
    if (!out) return t;
    const source = splitSentences(turns[i]!.text), view = splitSentences(t.text);
    if (source.length !== view.length) return { ...t, text: "" };
    return { ...t, text: view.filter((_, k) => !out.has(source[k]!.trim())).map((x) => x.trim()).join(" ") };
  });
}
