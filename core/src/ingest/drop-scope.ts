/**
 * Whose material a file dropped in a chat is: the message posted with it may
 * name the patient (`patient: PG-7`, `--patient PG-7`, or the channel's own
 * command `ingest --patient PG-7`) and the visibility (`visibility: public`).
 * Parsed with the ingest command's own options, so a chat drop, the CLI and
 * the API name a patient the same way; a message that names none gives
 * no patient (a transcript is then refused unless the project shares
 * transcripts as teaching material).
 */
import type { AppContext } from "../app/app-context.ts";
import { patientOptions } from "./commands.ts";

export async function dropScope(app: AppContext, organizationId: string, comment: string | undefined): Promise<{ patientId?: string; visibility?: "public" | "private" }> {
  if (!comment?.trim()) return {};
  // "patient: X" and "visibility: Y" are the chat spelling of the command's --patient X and --visibility Y.
  const args = comment.replace(/^\s*\/?(?:rounds\s+)?ingest\b/i, " ").replace(/(^|\s)(patient|visibility)\s*[:=]\s*/gi, (_, sp: string, flag: string) => `${sp}--${flag.toLowerCase()} `);
  return (await patientOptions(app, organizationId, args)).options;
}
