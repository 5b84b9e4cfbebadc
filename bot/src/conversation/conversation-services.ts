import type { Actor, ChannelBinding, ChannelConversation, ChannelIdentity } from "@rounds/core";

/**
 * What the conversation layer needs from the rest of Rounds. The real
 * implementation (`create-conversation-services.ts`) calls core's use cases;
 * tests may pass their own.
 */
export interface ConversationServices {
  /** The Rounds user behind a chat account, or `undefined` for strangers. */
  resolveActor(identity: ChannelIdentity): Promise<Actor | undefined>;
  /** Which project this conversation answers from, and its visibility policy. */
  resolveBinding(identity: ChannelIdentity, conversation: ChannelConversation): Promise<ChannelBinding | undefined>;
  /** Records a delivery; `false` when it was seen before (retries, resends). */
  firstDelivery(key: string): Promise<boolean>;
  /** Ingests a file dropped into an admin channel. */
  ingestFile(input: {
    actor: Actor; projectId: string; fileName: string; bytes: Uint8Array; sourceChannel: string;
    /** The message posted with the file, which may name the patient (`patient: <id|reference>`). */
    comment?: string;
    onProgress(label: string, fraction?: number): void;
  }): Promise<{ documentId: string; status: string; deduped?: boolean }>;
  /** Largest file accepted from chat, in bytes. */
  maxUploadBytes: number;
}
