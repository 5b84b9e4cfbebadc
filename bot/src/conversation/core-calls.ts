/**
 * The core use cases the chat front door calls directly (everything else
 * goes through the command registry). Kept in one file so wiring changes in
 * one place.
 */
import { ingestFile } from "@rounds/core";
import type { RoundsApp } from "../app/create-app.ts";
import type { ConversationServices } from "./conversation-services.ts";

export async function chatIngest(app: RoundsApp, input: Parameters<ConversationServices["ingestFile"]>[0]): Promise<{ documentId: string; status: string; deduped?: boolean }> {
  input.onProgress("Checking the file", 0.2);
  const result = await ingestFile(app, { actor: input.actor, projectId: input.projectId, fileName: input.fileName, bytes: input.bytes, sourceChannel: input.sourceChannel });
  return { documentId: result.document.id, status: result.document.status, ...(result.deduplicated && { deduped: true }) };
}
