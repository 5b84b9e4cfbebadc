/**
 * Messages in configured channels, over Discord's gateway (a WebSocket the
 * bot keeps open, through discord.js `Client`). Interactions keep arriving
 * over HTTP; this adds what Discord delivers only on the gateway: ordinary
 * messages. In a configured channel, a message that mentions the bot is a
 * question (the mention removed) and its attachments are files; messages
 * elsewhere are not read. Answers are replies to the message; ephemeral
 * replies, which plain messages cannot be, go to the asker's DMs.
 */
import { Client, Events, GatewayIntentBits, Routes, type Message } from "discord.js";
import { RoundsError, type ConversationHandler, type InboundEvent, type Logger, type OutboundMessage, type ReplyTarget } from "@rounds/core";
import type { FileFetcher } from "./inbound.ts";
import { renderMessage, type ActionValueStore } from "./render.ts";

export interface DiscordGatewayOptions {
  botToken: string;
  /** Channel ids whose messages Rounds reads (threads inside them included). */
  channels: string[];
  /** Discord REST base (the gateway URL comes from `GET /gateway/bot` there). */
  apiUrl?: string;
  actions: ActionValueStore;
  fetchFile: FileFetcher;
  logger: Logger;
  /** How long to wait for the gateway's READY (default 30 s). */
  readyTimeoutMs?: number;
}

export class DiscordGateway {
  private client: Client | undefined;
  private readonly channels: Set<string>;

  constructor(private readonly options: DiscordGatewayOptions) {
    this.channels = new Set(options.channels);
  }

  async start(handler: ConversationHandler): Promise<void> {
    const client = new Client({
      // MessageContent is a privileged intent: turn it on under Bot › Privileged Gateway Intents.
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
      ...(this.options.apiUrl ? { rest: { api: this.options.apiUrl } } : {}),
    });
    client.on(Events.MessageCreate, (message) => {
      void this.onMessage(client, message, handler).catch((error: unknown) => {
        this.options.logger.error({ channel: "discord", eventId: message.id, err: RoundsError.isInstance(error) ? error.message : "handler error" }, "discord message failed");
      });
    });
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new RoundsError("UPSTREAM_FAILED", "Discord's gateway did not become ready in time.")), this.options.readyTimeoutMs ?? 30_000);
      client.once(Events.ClientReady, () => {
        clearTimeout(timer);
        resolve();
      });
    });
    try {
      await client.login(this.options.botToken);
      await ready;
    } catch (cause) {
      await client.destroy();
      if (RoundsError.isInstance(cause)) throw cause;
      throw new RoundsError("UPSTREAM_FAILED", "Discord did not accept the bot's gateway connection (is the bot token right, and the Message Content intent on?).", { cause });
    }
    this.client = client;
    this.options.logger.info({ channel: "discord", channels: this.channels.size }, "discord gateway connected");
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.destroy();
  }

  private async onMessage(client: Client, message: Message, handler: ConversationHandler): Promise<void> {
    if (message.author.bot || message.system || !message.inGuild()) return;
    const parent = message.channel.isThread() ? message.channel.parentId : undefined;
    if (!this.channels.has(message.channelId) && !(parent && this.channels.has(parent))) return;
    const botId = client.user?.id;
    const mentioned = botId !== undefined && message.mentions.users.has(botId);
    const identity = {
      channel: "discord", workspaceId: message.guildId, userId: message.author.id,
      ...(message.member?.nickname ?? message.author.globalName ?? message.author.username ? { displayName: message.member?.nickname ?? message.author.globalName ?? message.author.username } : {}),
    };
    const conversation = { id: message.channelId, kind: "public" as const };
    const text = message.content.replace(/<@!?\d+>/g, (m) => (botId && m.includes(botId) ? " " : m)).replace(/\s+/g, " ").trim();
    // The message posted with files is about them (it may name the patient: "patient: PD-4"), not a question.
    const events: InboundEvent[] = [...message.attachments.values()].map((a) => ({
      type: "file" as const, eventId: `${message.id}:${a.id}`, identity, conversation, ...(text ? { comment: text } : {}),
      file: { name: a.name, size: a.size, ...(a.contentType ? { mediaType: a.contentType } : {}), fetch: () => this.options.fetchFile(a.url, a.size) },
    }));
    if (text && events.length === 0) events.push({ type: "message", eventId: message.id, identity, conversation, text, mentioned });
    this.options.logger.debug({ channel: "discord", eventId: message.id, conversationId: message.channelId, events: events.length }, "discord message");
    if (!mentioned) return; // only questions put to Rounds (and the files that come with them)
    const reply = this.replyTarget(client, message);
    for (const event of events) await handler.handle(event, reply);
  }

  /** Message ids are `<channel id>:<message id>`. */
  private replyTarget(client: Client, source: Message): ReplyTarget {
    let dmChannel: Promise<string> | undefined;
    const channelFor = (message: OutboundMessage): Promise<string> => {
      if (message.visibility !== "ephemeral") return Promise.resolve(source.channelId);
      dmChannel ??= client.rest.post(Routes.userChannels(), { body: { recipient_id: source.author.id } }).then((c) => (c as { id: string }).id);
      return dmChannel;
    };
    const aliases = new Map<string, string>();
    const target: ReplyTarget = {
      send: async (message) => {
        const channelId = await channelFor(message);
        const { flags: _none, ...body } = renderMessage(message, this.options.actions);
        const reference = channelId === source.channelId ? { message_reference: { message_id: source.id, fail_if_not_exists: false } } : {};
        const posted = (await client.rest.post(Routes.channelMessages(channelId), { body: { ...body, ...reference } })) as { id: string };
        return { messageId: `${channelId}:${posted.id}` };
      },
      update: async (messageId, message) => {
        const [channelId = "", id = ""] = (aliases.get(messageId) ?? messageId).split(":");
        if (channelId !== (await channelFor(message))) {
          // A private draft (in the DM) becoming a public answer: post it where it belongs, drop the draft.
          aliases.set(messageId, (await target.send(message)).messageId);
          await client.rest.delete(Routes.channelMessage(channelId, id)).catch(() => undefined);
          return;
        }
        const { flags: _none, ...body } = renderMessage(message, this.options.actions);
        await client.rest.patch(Routes.channelMessage(channelId, id), { body });
      },
    };
    return target;
  }
}
