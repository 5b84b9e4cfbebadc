/**
 * The core use cases the chat front door calls directly (everything else
 * goes through the command registry). Kept in one file so wiring changes in
 * one place.
 */
import { dropScope, ingestFile, RoundsError } from "@rounds/core";
import type { RoundsApp } from "../app/create-app.ts";
import type { ConversationServices } from "./conversation-services.ts";

export async function chatIngest(app: RoundsApp, input: Parameters<ConversationServices["ingestFile"]>[0]): Promise<{ documentId: string; status: string; deduped?: boolean }> {
  input.onProgress("Checking the file", 0.2);
  // The message posted with the file may name the patient: then it is that patient's material (private unless it says otherwise).
  const scope = await dropScope(app, input.actor.organizationId, input.comment);
  const result = await ingestFile(app, { actor: input.actor, projectId: input.projectId, fileName: input.fileName, bytes: input.bytes, sourceChannel: input.sourceChannel, ...scope }).catch((error: unknown) => {
    if (RoundsError.isInstance(error) && (error.details as { reason?: string } | undefined)?.reason === "patient_required") {
      throw new RoundsError("BAD_REQUEST", `${input.fileName} is a session transcript: drop it again with the message "patient: <id or reference>" so it is stored as that patient's private material. A project whose transcripts are shared teaching material says so in its policy (sharedTranscripts).`, { details: { reason: "patient_required" } });
    }
    throw error;
  });
  return { documentId: result.document.id, status: result.document.status, ...(result.deduplicated && { deduped: true }) };
}
