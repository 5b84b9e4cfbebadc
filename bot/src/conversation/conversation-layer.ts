/**
 * The channel-agnostic conversation layer. Every chat event, from any
 * channel, goes through `handle`: dedupe → who is this → which knowledge base
 * → what do they want (ask, a command, a file, a button) → run it through the
 * same command registry and role checks → reply with neutral blocks. Every
 * failure becomes a readable message; nothing is silent.
 */
import {
  inputErrorOf, mayUpload, RoundsError, uploadRefusal, runCommand, type Actor, type AppContext, type ChannelBinding, type ConversationHandler,
  type InboundEvent, type MessageBlock, type ReplyTarget,
} from "@rounds/core";
import type { ConversationServices } from "./conversation-services.ts";
import { parseCommandText, parseAction } from "./parse.ts";

const messages = {
  unknownUser: "I don't know you yet, so I can't share anything from the knowledge base. Ask a Rounds admin to link your chat account.",
  unbound: "This conversation isn't connected to a Rounds knowledge base yet. An admin can connect it in the admin page or with `rounds channels bind`.",
  notAdminChannel: "Files are only ingested from admin channels. Share it in your team's Rounds admin channel.",
  tooLarge: (mb: number) => `That file is larger than the ${mb} MB upload limit, so I did not store it.`,
  internal: (ref: string) => `Something went wrong on our side, and nothing was changed. Reference: ${ref}.`,
};

export class ConversationLayer implements ConversationHandler {
  constructor(private readonly app: AppContext, private readonly services: ConversationServices) {}

  async handle(event: InboundEvent, reply: ReplyTarget): Promise<void> {
    const key = `${event.identity.channel}:${event.identity.workspaceId}:${event.eventId}`;
    if (!(await this.services.firstDelivery(key))) return;
    try {
      await this.dispatch(event, reply);
    } catch (error) {
      await reply.send(this.errorMessage(error, event.eventId)).catch((e: unknown) => {
        this.app.logger.error({ err: e, channel: event.identity.channel }, "could not deliver an error message");
      });
    }
  }

  private async dispatch(event: InboundEvent, reply: ReplyTarget): Promise<void> {
    const actor = await this.services.resolveActor(event.identity);
    if (!actor) {
      await reply.send({ blocks: [{ type: "text", text: messages.unknownUser, tone: "warning" }], visibility: "ephemeral" });
      return;
    }
    const binding = await this.services.resolveBinding(event.identity, event.conversation);
    if (!binding || binding.organizationId !== actor.organizationId) {
      await reply.send({ blocks: [{ type: "text", text: messages.unbound, tone: "warning" }], visibility: "ephemeral" });
      return;
    }
    // Public channels see only what their policy allows; private material only in DMs/private replies.
    const visibility = event.conversation.kind === "public" || binding.visibility === "public" ? "public" : "private";

    switch (event.type) {
      case "message": {
        if (event.conversation.kind !== "dm" && !event.mentioned) return;
        const question = event.text.trim();
        if (!question) return;
        // "@Rounds docs list" runs a command; anything else is a question.
        const parsed = parseCommandText(question, this.app.host.commands().map((c) => c.id));
        if (parsed.command === "help") return this.help(actor, reply);
        if (parsed.known && parsed.command !== "ask") return this.run(event, actor, binding, parsed.command, parsed.args, visibility, reply);
        return this.run(event, actor, binding, "ask", parsed.command === "ask" ? parsed.args : question, visibility, reply);
      }
      case "command": {
        // Unknown names reach runCommand, which answers with the list of known commands.
        const parsed = parseCommandText(`${event.command} ${event.args}`.trim(), this.app.host.commands().map((c) => c.id));
        if (parsed.command === "help") return this.help(actor, reply);
        if (event.privateFirst && event.conversation.kind !== "dm") {
          // Only the asker sees the reply, so the binding's policy applies as in a DM; sharing it later is checked against the channel's.
          const own = binding.visibility === "public" ? "public" : "private";
          return this.run(event, actor, binding, parsed.command, parsed.args, own, reply, { privateFirst: true });
        }
        return this.run(event, actor, binding, parsed.command, parsed.args, visibility, reply);
      }
      case "action": {
        const { command, args } = parseAction(event.actionId, event.value);
        return this.run(event, actor, binding, command, args, visibility, reply);
      }
      case "file":
        return this.file(actor, binding, event, reply);
    }
  }

  private async run(
    event: InboundEvent, actor: Actor, binding: ChannelBinding, command: string, args: string, visibility: "public" | "private", reply: ReplyTarget,
    options: { privateFirst?: boolean } = {},
  ): Promise<void> {
    let progressId: string | undefined;
    // Streaming: the draft is posted once and edited at most about once a second; the checked answer replaces it.
    let draftId: Promise<string> | undefined;
    let lastDraftAt = 0;
    const draft = (text: string) => {
      const now = Date.now();
      if (now - lastDraftAt < 1000) return;
      lastDraftAt = now;
      const msg = { blocks: [{ type: "text" as const, text: `${text} …`, tone: "muted" as const }], visibility: "ephemeral" as const };
      if (!draftId) draftId = reply.send(msg).then((r) => r.messageId);
      else void draftId.then((id) => reply.update(id, msg)).catch(() => undefined);
    };
    const result = await runCommand(this.app, command, {
      actor, origin: "chat", projectId: binding.projectId, args, visibility,
      conversation: { channel: event.identity.channel, id: event.conversation.threadId ?? event.conversation.id },
      draft,
      progress: (label, fraction) => {
        const msg = { blocks: [{ type: "progress" as const, label, ...(fraction === undefined ? {} : { fraction }) }], visibility: "ephemeral" as const };
        void (progressId ? reply.update(progressId, msg) : reply.send(msg).then((r) => { progressId = r.messageId; })).catch(() => undefined);
      },
    });
    // Answers drawing on private material are shown only to the asker in public channels.
    const ephemeral = options.privateFirst === true || (visibility === "public" && (result.data as { private?: boolean } | undefined)?.private === true);
    const blocks = options.privateFirst ? withShareButton(result.blocks, result.data) : result.blocks;
    const shared = (result.data as { shared?: boolean } | undefined)?.shared === true;
    const final = {
      blocks, visibility: ephemeral ? "ephemeral" as const : "public" as const, fallbackText: fallback(result.blocks),
      ...(shared && event.type === "action" ? { replacesOrigin: true } : {}),
    };
    const pendingDraft = draftId ? await draftId.catch(() => undefined) : undefined;
    if (pendingDraft && !ephemeral) await reply.update(pendingDraft, final);
    else await reply.send(final);
  }

  private async help(actor: Actor, reply: ReplyTarget): Promise<void> {
    const lines = this.app.host.commands()
      .filter((c) => (c.roles as string[]).includes(actor.role))
      .map((c) => `• ${c.usage ?? c.id} — ${c.title}`);
    await reply.send({ blocks: [{ type: "text", text: `What I can do for you:\n${lines.join("\n")}` }], visibility: "ephemeral" });
  }

  private async file(actor: Actor, binding: ChannelBinding, event: Extract<InboundEvent, { type: "file" }>, reply: ReplyTarget): Promise<void> {
    if (!binding.adminChannel) {
      await reply.send({ blocks: [{ type: "text", text: messages.notAdminChannel, tone: "warning" }], visibility: "ephemeral" });
      return;
    }
    if (!mayUpload(actor)) {
      await reply.send({ blocks: [{ type: "text", text: uploadRefusal, tone: "warning" }], visibility: "ephemeral" });
      return;
    }
    if (event.file.size > this.services.maxUploadBytes) {
      await reply.send({ blocks: [{ type: "text", text: messages.tooLarge(Math.round(this.services.maxUploadBytes / 1048576)), tone: "error" }] });
      return;
    }
    const { messageId } = await reply.send({ blocks: [{ type: "progress", label: `Receiving ${event.file.name}`, fraction: 0 }] });
    let result: Awaited<ReturnType<ConversationServices["ingestFile"]>>;
    try {
      const bytes = await event.file.fetch();
      result = await this.services.ingestFile({
        actor, projectId: binding.projectId, fileName: event.file.name, bytes, sourceChannel: event.identity.channel, ...(event.comment ? { comment: event.comment } : {}),
        onProgress: (label, fraction) => void reply.update(messageId, { blocks: [{ type: "progress", label, ...(fraction === undefined ? {} : { fraction }) }] }).catch(() => undefined),
      });
    } catch (error) {
      // The progress message must not stay at "Receiving …": it says the file was not taken; why goes to the sender (the error reply).
      await reply.update(messageId, { blocks: [{ type: "text", text: `Not received: ${event.file.name}. The reason was sent to you.`, tone: "warning" }] }).catch(() => undefined);
      throw error;
    }
    const text = result.deduped
      ? `${event.file.name} is already in the knowledge base; nothing new was stored.`
      : `${event.file.name} was received and is being processed (status: ${result.status}). I'll post here when it needs approval.`;
    await reply.update(messageId, { blocks: [{ type: "text", text }] });
  }

  private errorMessage(thrown: unknown, ref: string) {
    const error = inputErrorOf(thrown) ?? thrown;
    if (RoundsError.isInstance(error) && error.status < 500) {
      const tone: "warning" | "error" = error.code === "RATE_LIMITED" || error.code === "CONSENT_REQUIRED" ? "warning" : "error";
      return { blocks: [{ type: "text" as const, text: error.message, tone }], visibility: "ephemeral" as const };
    }
    this.app.logger.error({ err: error, ref }, "conversation event failed");
    return { blocks: [{ type: "text" as const, text: messages.internal(ref.slice(0, 24)), tone: "error" as const }], visibility: "ephemeral" as const };
  }
}

/** An answer shown to its asker alone gets a "Share with channel" button (`share channel <answer-id>`); refusals and other results do not. */
function withShareButton(blocks: MessageBlock[], data: unknown): MessageBlock[] {
  const answer = data as { answerId?: unknown; kind?: unknown } | undefined;
  if (typeof answer?.answerId !== "string" || answer.kind === "refusal") return blocks;
  const share = { actionId: "share.channel", label: "Share with channel", value: answer.answerId };
  const at = blocks.findIndex((b) => b.type === "actions");
  if (at < 0) return [...blocks, { type: "actions", buttons: [share] }];
  return blocks.map((b, i) => (i === at && b.type === "actions" ? { ...b, buttons: [...b.buttons, share] } : b));
}

function fallback(blocks: MessageBlock[]): string {
  const first = blocks.find((b) => b.type === "text");
  return first && first.type === "text" ? first.text.slice(0, 200) : "Rounds";
}
