/**
 * The extractive fallback: a note in the project's format made only of
 * quoted transcript turns, picked by what each turn does (turn-function.ts),
 * never by topic keywords. Every statement cites its turn. What it cannot do:
 * paraphrase, summarise, observe affect or appearance, or judge what a turn
 * means clinically; it says so in the note.
 */
import { splitSentences } from "../ingest/chunker.ts";
import { NOTE_FORMATS, riskSectionKey, type NoteFormat, type SectionSource } from "./note-formats.ts";
import type { NoteSection } from "./notes-repository.ts";
import { RISK_CATEGORY_TITLES } from "./risk/risk-patterns.ts";
import type { RiskFlag } from "./risk/screen-transcript.ts";
import { flaggedQuote, sectionQuoted, withoutFlaggedSentences } from "./section-evidence.ts";
import { EMPTY_SECTION } from "./section-text.ts";
import { citeLabel, clock, type TranscriptTurn, type TurnCitation } from "./transcript-turns.ts";
import { turnFunctions } from "./turn-function.ts";

const MAX_QUOTE_WORDS = 40;
/** The Plan of a session in which no next step was agreed: said, not filled with proposals nobody took up or questions. */
/** The Goals of a session in which the patient stated no goal or commitment. */
export const NO_STATED_GOAL = "No goal or commitment of the patient's is stated in this transcript; the clinician should record the goals.";
export const NO_AGREED_PLAN = "No next step was agreed in this transcript (no proposal the patient agreed to, no commitment of the patient's); the clinician should record the plan.";
const wordCount = (t: string) => t.split(/\s+/).filter(Boolean).length;

/** Whole sentences of a turn up to the quote length; a single over-long sentence is cut with "…". */
export function quoteOf(text: string): string {
  const out: string[] = [];
  let n = 0;
  for (const s of splitSentences(text)) {
    const w = wordCount(s);
    if (n + w > MAX_QUOTE_WORDS) {
      if (out.length === 0) out.push(`${s.split(/\s+/).slice(0, MAX_QUOTE_WORDS).join(" ")}…`);
      break;
    }
    out.push(s);
    n += w;
  }
  return out.join(" ");
}

interface Statement { text: string; citations: TurnCitation[] }

const cite = (t: TranscriptTurn, quote: string): TurnCitation => ({ turn: t.index, quote, ...(t.speaker ? { speaker: t.speaker } : {}), ...(t.startMs !== undefined ? { startMs: t.startMs } : {}) });

/** The longest turns first (they carry most), then back in session order, within the word budget; a turn `render` leaves out is skipped. */
function pickWithin(turns: TranscriptTurn[], budget: number, render: (t: TranscriptTurn) => Statement | undefined): Statement[] {
  const chosen: Array<{ t: TranscriptTurn; s: Statement }> = [];
  let used = 0;
  for (const t of [...turns].sort((a, b) => wordCount(b.text) - wordCount(a.text) || a.index - b.index)) {
    const s = render(t);
    if (!s) continue;
    const w = wordCount(s.text);
    if (used + w > budget) continue;
    chosen.push({ t, s });
    used += w;
  }
  return chosen.sort((a, b) => a.t.index - b.t.index).map((c) => c.s);
}

export interface ExtractiveInput {
  turns: TranscriptTurn[];
  flags: RiskFlag[];
  format: NoteFormat;
  wordLimit: number;
}

export function extractiveNote({ turns, flags, format, wordLimit }: ExtractiveInput): NoteSection[] {
  const { functions, agreed } = turnFunctions(turns);
  // Sections quote turns without their flagged sentences (section-evidence.ts): risk is quoted in the risk section only.
  const plain = withoutFlaggedSentences(turns, flags);
  const quoted = (t: TranscriptTurn, prefix = ""): Statement | undefined => {
    const q = quoteOf(plain[t.index]!.text);
    return q ? { text: `${prefix}"${q}" (${citeLabel({ speaker: t.speaker, startMs: t.startMs, turn: t.index })})`, citations: [cite(t, q)] } : undefined;
  };
  const pick = (candidates: TranscriptTurn[], budget: number, render: (t: TranscriptTurn) => Statement | undefined = (t) => quoted(t)): Statement[] => pickWithin(candidates, budget, render);

  const riskKey = riskSectionKey(format);
  const risk = flags.filter((f) => f.verdict === "risk");
  const denied = flags.filter((f) => f.verdict === "denied");
  const riskSummary = (): Statement => {
    if (!risk.length && !denied.length) return { text: "Risk screen: no risk statements found; the screen is not a risk assessment, so the clinician must record one.", citations: [] };
    const cats = [...new Set(risk.map((f) => RISK_CATEGORY_TITLES[f.category].toLowerCase()))];
    const parts = [
      risk.length ? `${risk.length} risk statement(s) flagged (${cats.join(", ")})${riskKey === "assessment" ? "" : ", listed above with their turns"}` : "no risk statements flagged",
      denied.length ? `${denied.length} screened negative(s) (denials)` : "",
    ].filter(Boolean);
    return { text: `Risk screen: ${parts.join("; ")}.`, citations: [] };
  };
  // Flagged risk is quoted in the section that states risk (beside the flags above every format): one statement
  // per flagged turn, its flagged sentences in the turn's order, so a section of the note cites every flagged turn.
  const riskQuotes = (): Statement[] => [...new Set(risk.map((f) => f.turn))].sort((a, b) => a - b).map((turn) => {
    const t = turns[turn]!;
    const quote = flaggedQuote(t, risk);
    return { text: `{{RED:"${quote}"}} (${citeLabel({ speaker: t.speaker, startMs: t.startMs, turn: t.index })}).`, citations: [cite(t, quote)] };
  });

  const build = (source: SectionSource, budget: number): Statement[] => {
    // Which turns a section quotes is the section table's (section-evidence.ts); how they are laid out is said here.
    const quotable = sectionQuoted(source, turns, functions, agreed);
    switch (source) {
      case "patient_report": case "interventions": case "responses": return pick(quotable, budget);
      case "goals": {
        const goals = pick(quotable, budget);
        return goals.length ? goals : [{ text: NO_STATED_GOAL, citations: [] }];
      }
      case "assessment": {
        const summary = riskSummary();
        return [summary, ...pick(quotable, budget - wordCount(summary.text))];
      }
      // Only what was agreed: proposals the patient agreed to and the patient's own commitments. A session that agreed
      // nothing gets a Plan that says so, not the proposals nobody took up (helper/notes15).
      case "plan": {
        const agreedSteps = pick(quotable, budget, (t) => quoted(t, t.role === "clinician" ? "Agreed: " : "Patient committed: "));
        return agreedSteps.length ? agreedSteps : [{ text: NO_AGREED_PLAN, citations: [] }];
      }
      case "session_facts": {
        const timed = turns.filter((t) => t.startMs !== undefined);
        const span = timed.length ? (timed.at(-1)!.endMs ?? timed.at(-1)!.startMs!) - timed[0]!.startMs! : undefined;
        const clinician = turns.filter((t) => t.role === "clinician").length;
        const unknown = turns.filter((t) => t.role === "unknown").length;
        return [{ text: `Transcript of ${turns.length} turns${span !== undefined ? ` over ${clock(span)}` : ""}: ${clinician} clinician, ${turns.length - clinician - unknown} patient${unknown ? `, ${unknown} of unknown role` : ""}. A transcript holds no observations of appearance, affect or behaviour; add them before signing.`, citations: [] }];
      }
      case "data": {
        // Half the budget for the patient's words, half for the clinician's interventions.
        const half = Math.floor(budget / 2);
        return [...pick(quotable.filter((t) => t.role !== "clinician"), half), ...pick(quotable.filter((t) => t.role === "clinician"), budget - half)]
          .sort((x, y) => x.citations[0]!.turn - y.citations[0]!.turn);
      }
    }
  };

  return NOTE_FORMATS[format].map((def) => {
    const quotes = def.key === riskKey ? riskQuotes() : [];
    const quotedTurns = new Set(quotes.map((q) => q.citations[0]!.turn));
    const rest = build(def.source, wordLimit - quotes.reduce((n, q) => n + wordCount(q.text), 0)).filter((s) => !s.citations.some((c) => quotedTurns.has(c.turn)));
    // Assessment opens with the risk screen's result, then the quotes; any other risk section opens with the quotes.
    const statements = def.source === "assessment" ? [...rest.slice(0, 1), ...quotes, ...rest.slice(1)] : [...quotes, ...rest];
    const text = statements.length ? statements.map((s) => s.text).join(" ") : EMPTY_SECTION;
    return { key: def.key, title: def.title, text, risk: [], citations: statements.flatMap((s) => s.citations) };
  });
}
