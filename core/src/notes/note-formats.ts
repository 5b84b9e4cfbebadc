/**
 * The note formats clinics use, each a list of sections and what each
 * section is written from. A project picks its format (`policy.noteFormat`,
 * default SOAP). Risk is never only a section: flags sit above every format.
 */

/** Where the extractive fallback takes a section's statements from. */
export type SectionSource = "patient_report" | "goals" | "interventions" | "responses" | "assessment" | "plan" | "session_facts" | "data";

export interface NoteSectionDef {
  key: string;
  title: string;
  /** What the section holds, for the model and for readers. */
  hint: string;
  source: SectionSource;
}

/** Sections several formats share, written once so a hint cannot differ between formats. */
const SHARED = {
  assessment: { key: "assessment", title: "Assessment", hint: "the clinician's formulation as stated in the session, and the risk screen result", source: "assessment" },
  agreedPlan: { key: "plan", title: "Plan", hint: "agreed next steps, homework, follow-up", source: "plan" },
  intervention: { key: "intervention", title: "Intervention", hint: "what the clinician did: reflections, information, techniques, proposals", source: "interventions" },
  response: { key: "response", title: "Response", hint: "how the patient responded to the interventions", source: "responses" },
} as const satisfies Record<string, NoteSectionDef>;

export const NOTE_FORMATS = {
  soap: [
    { key: "subjective", title: "Subjective", hint: "what the patient reported, in their words where possible", source: "patient_report" },
    { key: "objective", title: "Objective", hint: "observable facts of the session (a transcript has no observations of affect or appearance)", source: "session_facts" },
    SHARED.assessment,
    { key: "plan", title: "Plan", hint: "next steps the clinician proposed and the patient agreed, homework, follow-up", source: "plan" },
  ],
  dap: [
    { key: "data", title: "Data", hint: "what the patient reported and what the clinician did", source: "data" },
    SHARED.assessment,
    SHARED.agreedPlan,
  ],
  birp: [
    { key: "behavior", title: "Behavior", hint: "what the patient presented with and reported", source: "patient_report" },
    SHARED.intervention,
    SHARED.response,
    SHARED.agreedPlan,
  ],
  girp: [
    { key: "goals", title: "Goals", hint: "the goals and reasons for change the patient stated", source: "goals" },
    SHARED.intervention,
    SHARED.response,
    SHARED.agreedPlan,
  ],
} as const satisfies Record<string, readonly NoteSectionDef[]>;

export type NoteFormat = keyof typeof NOTE_FORMATS;
export const NOTE_FORMAT_IDS = Object.keys(NOTE_FORMATS) as NoteFormat[];
export const DEFAULT_NOTE_FORMAT: NoteFormat = "soap";

/** Every section key of every format (what an edit may name). */
export const ALL_SECTION_KEYS = [...new Set(Object.values(NOTE_FORMATS).flatMap((f) => f.map((s) => s.key)))];

export const isNoteFormat = (v: unknown): v is NoteFormat => typeof v === "string" && v in NOTE_FORMATS;

/**
 * The section of a format that states the session's risk: Assessment where the format has one (SOAP, DAP),
 * else what the patient presented with (BIRP's Behavior), else how the patient responded (GIRP's Response).
 * Flagged risk turns are quoted (extractive) or must be stated (generated) there, beside the flags on top.
 */
export function riskSectionKey(format: NoteFormat): string {
  const defs: readonly NoteSectionDef[] = NOTE_FORMATS[format];
  for (const source of ["assessment", "patient_report", "data", "responses"] as const) {
    const def = defs.find((d) => d.source === source);
    if (def) return def.key;
  }
  return defs[0]!.key;
}
