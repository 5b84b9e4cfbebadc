import type { BuiltinCommand } from "../commands/builtin-command.ts";
import { RoundsError } from "../errors/index.ts";
import type { MessageBlock } from "../ports/index.ts";
import { approveNote, generateNote, getNote, listNotes } from "./generate-note.ts";
import type { NoteRecord } from "./notes-repository.ts";

const USAGE = "notes <transcript-document-id> | notes list [patient-id] | notes show <note-id> | notes approve <note-id>";

/** A note as chat blocks: sections as text, `{{RED:...}}` risk statements as a warning. */
export function noteBlocks(note: NoteRecord, fallback?: string): MessageBlock[] {
  const label = note.modelId === "extractive"
    ? `quoted from the transcript, not generated${fallback ? ` (${fallback})` : ""}`
    : `written by ${note.modelId}`;
  const blocks: MessageBlock[] = [{ type: "text", text: `Session note ${note.id.slice(0, 8)} (${note.status}; ${label}). Review before use.`, tone: "muted" }];
  const risks = note.sections.flatMap((s) => s.risk);
  if (risks.length) blocks.push({ type: "text", tone: "warning", text: `⚠ Risk statements:\n${risks.map((r) => `• ${r}`).join("\n")}` });
  for (const s of note.sections) blocks.push({ type: "text", text: `*${s.title}*\n${s.text.replace(/\{\{RED:([\s\S]*?)\}\}/g, "⚠ $1")}` });
  if (note.status === "draft") blocks.push({ type: "actions", buttons: [{ actionId: "notes.approve", label: "Approve note", value: note.id, style: "primary" }] });
  return blocks;
}

export const notesCommand: BuiltinCommand = {
  contribution: {
    id: "notes", title: "Session notes", roles: ["admin", "clinician", "auditor"], usage: USAGE,
    description: "Writes a structured clinical note (presenting concerns, interventions, response, risk, plan) from a session transcript; clinicians review and approve it.",
  },
  create: (app) => ({
    async run({ actor, projectId, args, progress }) {
      const [first = "", second] = args.trim().split(/\s+/);
      if (first === "list") {
        const { notes, withheld } = await listNotes(app, actor, second ? { patientId: second } : {});
        const text = [
          notes.length ? notes.map((n) => `• ${n.id.slice(0, 8)} ${n.status} ${n.createdAt.toISOString().slice(0, 16).replace("T", " ")} (${n.modelId})`).join("\n") : "No session notes yet.",
          ...(withheld ? [`${withheld} note${withheld === 1 ? " is" : "s are"} withheld: the patient withdrew consent to AI analysis (an admin can open them, under audit).`] : []),
        ].join("\n");
        return { blocks: [{ type: "text", text }], data: notes };
      }
      if (first === "show" || first === "approve") {
        if (!second) throw new RoundsError("BAD_REQUEST", `Name the note. Usage: ${USAGE}`);
        const note = first === "show" ? await getNote(app, actor, await resolveId(second)) : await approveNote(app, actor, await resolveId(second));
        return { blocks: first === "approve" ? [{ type: "text", text: `Note ${note.id.slice(0, 8)} approved.` }] : noteBlocks(note), data: note };
      }
      if (!/^[0-9a-f-]{36}$/i.test(first)) throw new RoundsError("BAD_REQUEST", `Usage: ${USAGE}`);
      progress?.("Writing the session note", 0.2);
      const { note, fallback } = await generateNote(app, actor, { projectId, documentId: first });
      return { blocks: noteBlocks(note, fallback), data: note };

      /** Notes are shown by their first 8 characters; accept those too. */
      async function resolveId(ref: string): Promise<string> {
        if (/^[0-9a-f-]{36}$/i.test(ref)) return ref;
        const match = (await app.store.notes.listNotes(actor.organizationId, {})).filter((n) => n.id.startsWith(ref.toLowerCase()));
        if (match.length !== 1) throw new RoundsError("NOT_FOUND", "No such note.");
        return match[0]!.id;
      }
    },
  }),
};

/** Commands this domain contributes to every channel. */
export const notesCommands: BuiltinCommand[] = [notesCommand];
