import type { BuiltinCommand } from "../commands/builtin-command.ts";
import { RoundsError } from "../errors/index.ts";
import { resolveDocumentId } from "../ingest/resolve-document-id.ts";
import type { MessageBlock } from "../ports/index.ts";
import { acknowledgeRisk, approveNote, breakGlassNote, canWriteNotes, generateNote, getNote, listNotes, visibleNotes } from "./generate-note.ts";
import { isNoteFormat, NOTE_FORMAT_IDS, type NoteFormat } from "./note-formats.ts";
import type { NoteRecord, NotKeptReason } from "./notes-repository.ts";
import { RISK_CATEGORY_TITLES } from "./risk/risk-patterns.ts";
import { flagsToAcknowledge } from "./risk/screen-transcript.ts";
import { citeLabel } from "./transcript-turns.ts";

const USAGE = `notes <transcript-document-id> [--format ${NOTE_FORMAT_IDS.join("|")}] [--psychotherapy] | notes list [patient-id] | notes show|ack|approve <note-id> | notes break-glass <note-id> <reason> | notes format <${NOTE_FORMAT_IDS.join("|")}>`;

const NOT_KEPT: Record<NotKeptReason, string> = {
  no_citation: "cites no turn",
  unknown_turn: "cites a turn the transcript does not have",
  not_given: "cites a turn this section was not written from",
  not_supported: "the cited turn does not say this",
  over_limit: "over the section's word limit",
  contradicts_negation: "negates what the cited turn says, or affirms what it negates",
  contradicts_number: "a number, dose or frequency the cited turn does not give",
  contradicts_speaker: "attributes to one speaker what only the other said",
  contradicts_certainty: "states as certain what the cited turn hedges",
};

/** A note as chat blocks: risk flags first (each citing its turn), then the sections, then acknowledge or approve. */
export function noteBlocks(note: NoteRecord, fallback?: string): MessageBlock[] {
  const label = note.modelId === "extractive"
    ? `quoted from the transcript, not generated${fallback ? ` (${fallback})` : ""}`
    : `written by ${note.modelId} section by section, each statement checked against its cited turn`;
  const kind = note.kind === "psychotherapy" ? "psychotherapy note, yours only" : note.format === "legacy" ? "session note" : `${note.format.toUpperCase()} note`;
  const blocks: MessageBlock[] = [{ type: "text", text: `${kind} ${note.id.slice(0, 8)} (${note.status}; ${label}). Review before use.`, tone: "muted" }];
  const flags = note.riskFlags.filter((f) => f.verdict === "risk");
  const review = note.riskFlags.filter((f) => f.verdict === "review");
  const denied = note.riskFlags.filter((f) => f.verdict === "denied");
  const toAcknowledge = flagsToAcknowledge(note.riskFlags).total;
  const line = (f: (typeof note.riskFlags)[number]) => `• ${RISK_CATEGORY_TITLES[f.category]}${f.tier === "review" ? " (concept match)" : ""}: "${f.quote}" (${citeLabel(f)})`;
  const ack = note.riskAcknowledgedAt ? `acknowledged ${note.riskAcknowledgedAt.toISOString().slice(0, 16).replace("T", " ")}` : "acknowledge before approving";
  if (flags.length) {
    blocks.push({ type: "text", tone: "warning", text: `Risk flags (${flags.length}, ${ack}):\n${flags.map(line).join("\n")}` });
  } else {
    blocks.push({ type: "text", tone: "muted", text: "Risk screen: no risk statements found. The screen is not a risk assessment." });
  }
  if (review.length) {
    blocks.push({ type: "text", tone: "warning", text: `Possible risk — review (${review.length}, ${ack}; a recall-first net: dismiss what is not risk):\n${review.map(line).join("\n")}` });
  }
  if (denied.length) blocks.push({ type: "text", tone: "muted", text: `Screened negatives:\n${denied.map(line).join("\n")}` });
  const omitted = note.sections.flatMap((s) => (s.check?.riskOmitted?.length ? [`${s.check.riskOmitted.length} in ${s.title}`] : []));
  if (omitted.length) blocks.push({ type: "text", tone: "error", text: `✖ The model's note left out flagged risk (${omitted.join(", ")}): the check quoted it from the flags. Acknowledge the risk before approving.` });
  for (const s of note.sections) {
    blocks.push({ type: "text", text: `*${s.title}*${s.check?.failure ? ` _(quoted from the transcript: ${s.check.failure})_` : ""}\n${s.text.replace(/\{\{RED:([\s\S]*?)\}\}/g, "⚠ $1")}` });
    const notKept = s.check?.notKept ?? [];
    if (notKept.length) blocks.push({ type: "text", tone: "muted", text: `Not kept in ${s.title} (${notKept.length}; the check found no supporting turn):\n${notKept.map((x) => `• "${x.text}" [${x.turns.length ? x.turns.map((t) => `T${t}`).join(", ") : "no turn cited"}: ${NOT_KEPT[x.reason]}]`).join("\n")}` });
  }
  if (note.status === "draft") {
    blocks.push({ type: "actions", buttons: toAcknowledge && !note.riskAcknowledgedAt
      ? [{ actionId: "notes.ack", label: `Acknowledge ${toAcknowledge} risk flag(s)`, value: note.id, style: "danger" }]
      : [{ actionId: "notes.approve", label: "Approve note", value: note.id, style: "primary" }] });
  }
  return blocks;
}

export const notesCommand: BuiltinCommand = {
  contribution: {
    id: "notes", title: "Session notes", roles: ["admin", "clinician", "auditor"], usage: USAGE,
    description: "Writes a clinical note (SOAP, DAP, BIRP or GIRP) from a session transcript, with risk flags on top citing their turns; clinicians acknowledge flags and approve. Ids may be shortened to their first 8 characters.",
  },
  create: (app) => ({
    async run({ actor, projectId, args, progress }) {
      const words = args.trim().split(/\s+/).filter(Boolean);
      const [first = "", second] = words;
      if (first === "list") {
        const { notes, withheld } = await listNotes(app, actor, second ? { patientId: second } : {});
        const text = [
          notes.length ? notes.map((n) => `• ${n.id.slice(0, 8)} ${n.status} ${n.createdAt.toISOString().slice(0, 16).replace("T", " ")} ${n.format} ${n.kind} (${n.modelId})${n.riskFlags.some((f) => f.verdict === "risk") ? " ⚠" : n.riskFlags.some((f) => f.verdict === "review") ? " (review)" : ""}`).join("\n") : "No session notes yet.",
          ...(withheld ? [`${withheld} note${withheld === 1 ? " is" : "s are"} withheld: the patient withdrew consent to AI analysis (an admin can open them, under audit).`] : []),
        ].join("\n");
        return { blocks: [{ type: "text", text }], data: notes };
      }
      if (first === "format") {
        if (actor.role !== "admin") throw new RoundsError("FORBIDDEN", "Only admins set the project's note format.");
        if (!isNoteFormat(second)) throw new RoundsError("BAD_REQUEST", `Name a format: ${NOTE_FORMAT_IDS.join(", ")}.`);
        await app.store.tenancy.updateProjectPolicy(actor.organizationId, projectId, { noteFormat: second });
        return { blocks: [{ type: "text", text: `New notes in this project use ${second.toUpperCase()}.` }], data: { noteFormat: second } };
      }
      if (first === "break-glass") {
        // An admin opens another clinician's psychotherapy note for a stated reason (audited); its full id, since it is in no list of theirs.
        if (!second || !/^[0-9a-f-]{36}$/i.test(second)) throw new RoundsError("BAD_REQUEST", `Name the psychotherapy note by its full id. Usage: ${USAGE}`);
        const note = await breakGlassNote(app, actor, second, words.slice(2).join(" "));
        return { blocks: [{ type: "text", tone: "warning", text: `Break-glass read of another clinician's psychotherapy note, audited with your reason.` }, ...noteBlocks(note).filter((b) => b.type !== "actions")], data: note };
      }
      if (first === "show" || first === "approve" || first === "ack") {
        if (!second) throw new RoundsError("BAD_REQUEST", `Name the note. Usage: ${USAGE}`);
        const id = await resolveId(second);
        if (first === "show") {
          const note = await getNote(app, actor, id);
          return { blocks: noteBlocks(note), data: note };
        }
        if (first === "ack") {
          const note = await acknowledgeRisk(app, actor, id);
          return { blocks: noteBlocks(note), data: note };
        }
        const note = await approveNote(app, actor, id);
        return { blocks: [{ type: "text", text: `Note ${note.id.slice(0, 8)} approved.` }], data: note };
      }
      // The transcript by its whole id or its first 8+ characters (as `docs list` and notes show it). Not fewer: a
      // clinician cannot list documents, and a 4-character prefix could be found by guessing (65,536 tries).
      if (!/^[0-9a-f-]{8,36}$/i.test(first)) throw new RoundsError("BAD_REQUEST", `Usage: ${USAGE}`);
      let format: NoteFormat | undefined;
      let psychotherapy = false;
      for (let i = 1; i < words.length; i++) {
        const w = words[i]!;
        if (w === "--psychotherapy") psychotherapy = true;
        else if (w === "--format" && isNoteFormat(words[i + 1])) format = words[++i] as NoteFormat;
        else throw new RoundsError("BAD_REQUEST", `Unknown option "${w.slice(0, 30)}". Usage: ${USAGE}`);
      }
      progress?.("Writing the session note", 0.2);
      // A short id is resolved as `docs` resolves it (this project, restricted transcripts only for their custodian), and only
      // for those who may write notes: anyone else is refused by generateNote before any document is looked for.
      const documentId = canWriteNotes(actor) ? await resolveDocumentId(app, { organizationId: actor.organizationId, projectId, reader: { userId: actor.userId } }, first) : first;
      const { note, fallback } = await generateNote(app, actor, { projectId, documentId, ...(format ? { format } : {}), ...(psychotherapy ? { kind: "psychotherapy" as const } : {}) });
      return { blocks: noteBlocks(note, fallback), data: note };

      /** Notes are shown by their first 8 characters; accept those too. */
      async function resolveId(ref: string): Promise<string> {
        if (/^[0-9a-f-]{36}$/i.test(ref)) return ref;
        const match = (await visibleNotes(app, actor, {})).filter((n) => n.id.startsWith(ref.toLowerCase()));
        if (match.length !== 1) throw new RoundsError("NOT_FOUND", "No such note.");
        return match[0]!.id;
      }
    },
  }),
};

/** Commands this domain contributes to every channel. */
export const notesCommands: BuiltinCommand[] = [notesCommand];
