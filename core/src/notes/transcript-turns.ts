/**
 * A transcript as numbered speaker turns, each with its own speaker, role
 * and start time: the unit every note statement and risk flag cites.
 * Roles come from the speaker labels ("Therapist", "Dr. Lee", "Client");
 * when labels are names, the one of two speakers who asks most questions is
 * taken as the clinician, and when that cannot be told the role stays
 * `unknown` (the risk screen then treats the turn as the patient's).
 */
import type { ParsedSection } from "../ports/index.ts";
import type { SpeakerRole } from "./risk/screen-risk.ts";

export interface TranscriptTurn {
  /** 0-based position in the transcript. */
  index: number;
  speaker?: string;
  role: SpeakerRole;
  startMs?: number;
  endMs?: number;
  text: string;
}

/** Where a statement came from: its turn, speaker and the turn's own time. */
export interface TurnCitation {
  turn: number;
  speaker?: string;
  startMs?: number;
  /** The words quoted from that turn. */
  quote: string;
}

const CLINICIAN = /\b(therapist|clinician|counsel+or|psychiatrist|psychologist|doctor|dr|nurse|facilitator|provider|interviewer|interviewer|clinician|social worker|np|pa|md|lcsw|lpc|mft)\b/i;
const PATIENT = /\b(client|patient|pt|member|participant|interviewee|consumer|resident)\b/i;

export const clock = (ms: number): string => {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 3600)).padStart(2, "0")}:${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
};

/** "Client 00:04:12" — the label a citation shows; an unlabelled turn says so. */
export function citeLabel(c: { speaker?: string | undefined; startMs?: number | undefined; turn?: number }): string {
  const who = c.speaker ?? "unlabelled speaker";
  return c.startMs !== undefined ? `${who} ${clock(c.startMs)}` : c.turn !== undefined ? `${who}, turn ${c.turn + 1}` : who;
}

export function transcriptTurns(sections: ParsedSection[]): TranscriptTurn[] {
  const turns: TranscriptTurn[] = sections.filter((s) => s.text.trim()).map((s, index) => ({
    index, text: s.text.trim(), role: "unknown",
    ...(s.speaker ? { speaker: s.speaker } : {}), ...(s.startMs !== undefined ? { startMs: s.startMs } : {}), ...(s.endMs !== undefined ? { endMs: s.endMs } : {}),
  }));
  const labels = [...new Set(turns.map((t) => t.speaker).filter((s): s is string => !!s))];
  const roles = new Map<string, SpeakerRole>();
  for (const l of labels) roles.set(l, CLINICIAN.test(l) ? "clinician" : PATIENT.test(l) ? "patient" : "unknown");
  const known = [...roles.values()];
  if (labels.length === 2 && known.includes("clinician") !== known.includes("patient")) {
    // One label says its role: the other speaker has the other role.
    const [a, b] = labels as [string, string];
    const role = known.includes("clinician") ? "patient" : "clinician";
    if (roles.get(a) === "unknown") roles.set(a, role);
    if (roles.get(b) === "unknown") roles.set(b, role);
  } else if (labels.length === 2 && known.every((r) => r === "unknown")) {
    const questionShare = (l: string) => {
      const own = turns.filter((t) => t.speaker === l);
      return own.filter((t) => t.text.includes("?")).length / Math.max(1, own.length);
    };
    const [a, b] = labels as [string, string];
    const qa = questionShare(a), qb = questionShare(b);
    if (Math.abs(qa - qb) >= 0.15) {
      roles.set(a, qa > qb ? "clinician" : "patient");
      roles.set(b, qa > qb ? "patient" : "clinician");
    }
  }
  for (const t of turns) if (t.speaker) t.role = roles.get(t.speaker) ?? "unknown";
  return turns;
}
