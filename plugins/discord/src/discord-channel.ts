/**
 * Discord over its HTTP interactions endpoint (no gateway needed): every
 * interaction is verified (Ed25519, timestamp window), acknowledged at once
 * with a deferred response, and answered through the interaction webhook:
 * the first message edits the deferred "thinking" reply, later ones are
 * follow-ups, updates edit them in place.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { KeyObject } from "node:crypto";
import { InteractionResponseType, InteractionType, MessageFlags, REST, Routes } from "discord.js";
import { RoundsError, readBodyLimited, type Channel, type ConversationHandler, type Logger, type OutboundMessage, type ReplyTarget } from "@rounds/core";
import { registerCommands } from "./commands.ts";
import { DiscordGateway } from "./gateway.ts";
import { type DiscordInteraction, toInboundEvents } from "./inbound.ts";
import { ActionValueStore, renderMessage } from "./render.ts";
import { publicKeyFromHex, verifyInteraction } from "./verify.ts";

export interface DiscordChannelOptions {
  /** Application public key (hex), for signature checks. */
  publicKey: string;
  applicationId: string;
  /** Bot token: only needed to register the commands. */
  botToken?: string;
  port?: number;
  host?: string;
  path?: string;
  /** Discord REST base; override only to point at a test server. */
  apiUrl?: string;
  /** Origins attachments may be downloaded from, besides Discord's CDNs. */
  fileOrigins?: string[];
  /** Largest attachment downloaded (default 100 MB); the conversation layer applies its own upload limit first. */
  maxFileBytes?: number;
  maxSkewSeconds?: number;
  /** Register (overwrite) the application commands on start; in one guild when `guildId` is set. */
  registerCommands?: boolean;
  guildId?: string;
  /**
   * Channel ids where Rounds also reads messages, over the gateway (needs
   * `botToken` and the Message Content intent): a message mentioning the bot
   * there is a question, its attachments are files. Empty: no gateway.
   */
  messageChannels?: string[];
  logger: Logger;
}

const MAX_BODY = 1024 * 1024;
const DEFAULT_MAX_FILE_BYTES = 100 * 1024 * 1024;

export class DiscordChannel implements Channel {
  readonly specificationVersion = "v1" as const;
  readonly id = "discord";
  private server: Server | undefined;
  private readonly key: KeyObject;
  private readonly rest: REST;
  private readonly actions = new ActionValueStore();
  private readonly origins: Set<string>;
  private gateway: DiscordGateway | undefined;

  constructor(private readonly options: DiscordChannelOptions) {
    this.key = publicKeyFromHex(options.publicKey);
    if (!/^\d{5,25}$/.test(options.applicationId)) {
      throw new RoundsError("CONFIG_INVALID", "Setting plugins.@rounds/plugin-discord.applicationId must be the application's numeric id.", { details: { setting: "applicationId" } });
    }
    this.rest = new REST({ version: "10", ...(options.apiUrl ? { api: options.apiUrl } : {}) });
    if (options.botToken) this.rest.setToken(options.botToken);
    this.origins = new Set(["https://cdn.discordapp.com", "https://media.discordapp.net", ...(options.fileOrigins ?? [])]);
  }

  /**
   * Whether the application is in this guild, from Discord's own list of the
   * bot's guilds (`GET /users/@me/guilds`, needs `botToken`); `@me` (direct
   * messages with the application) is always its own.
   */
  async holdsWorkspace(workspaceId: string): Promise<boolean> {
    if (workspaceId === "@me") return true;
    if (!this.options.botToken || !/^\d{5,25}$/.test(workspaceId)) return false;
    let after = "0";
    for (;;) {
      const page = (await this.rest.get(Routes.userGuilds(), { query: new URLSearchParams({ limit: "200", after }) })) as Array<{ id: string }>;
      if (page.some((g) => g.id === workspaceId)) return true;
      if (page.length < 200) return false;
      after = page[page.length - 1]!.id;
    }
  }

  /** Where the receiver listens, once started. */
  get url(): string | undefined {
    const address = this.server?.address() as AddressInfo | null | undefined;
    return address ? `http://127.0.0.1:${address.port}${this.options.path ?? "/discord/interactions"}` : undefined;
  }

  async start(handler: ConversationHandler): Promise<void> {
    if (this.options.registerCommands) {
      if (!this.options.botToken) throw new RoundsError("CONFIG_INVALID", "Registering Discord commands needs plugins.@rounds/plugin-discord.botToken.", { details: { setting: "botToken" } });
      await registerCommands(this.rest, this.options.applicationId, this.options.guildId);
    }
    const server = createServer((req, res) => {
      void this.receive(req, handler).then(({ status, body }) => {
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      }, (error: unknown) => {
        this.options.logger.error({ err: RoundsError.isInstance(error) ? error.message : "receiver error" }, "discord interaction failed");
        res.writeHead(500, { "content-type": "application/json" }).end('{"error":"internal"}');
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", (error: NodeJS.ErrnoException) => reject(new RoundsError("CONFIG_INVALID", `The Discord interactions endpoint cannot listen on port ${this.options.port ?? 3002} (${error.code ?? "error"}).`, { details: { setting: "port" } })));
      server.listen(this.options.port ?? 3002, this.options.host ?? "0.0.0.0", () => resolve());
    });
    this.server = server;
    this.options.logger.info({ channel: this.id, port: (server.address() as AddressInfo).port }, "discord channel listening");
    if (this.options.messageChannels?.length) {
      if (!this.options.botToken) throw new RoundsError("CONFIG_INVALID", "Reading messages in Discord channels needs plugins.@rounds/plugin-discord.botToken.", { details: { setting: "botToken" } });
      const gateway = new DiscordGateway({
        botToken: this.options.botToken, channels: this.options.messageChannels, actions: this.actions, logger: this.options.logger,
        fetchFile: (url, size) => this.download(url, size), ...(this.options.apiUrl ? { apiUrl: this.options.apiUrl } : {}),
      });
      try {
        await gateway.start(handler);
      } catch (error) {
        await this.stop();
        throw error;
      }
      this.gateway = gateway;
    }
  }

  async stop(): Promise<void> {
    const gateway = this.gateway;
    this.gateway = undefined;
    await gateway?.stop();
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await closed;
  }

  private async receive(req: IncomingMessage, handler: ConversationHandler): Promise<{ status: number; body: unknown }> {
    if (req.method !== "POST" || (req.url ?? "").split("?")[0] !== (this.options.path ?? "/discord/interactions")) return { status: 404, body: { error: "not found" } };
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY) return { status: 413, body: { error: "too large" } };
      chunks.push(chunk as Buffer);
    }
    const raw = Buffer.concat(chunks);
    const verdict = verifyInteraction(this.key, {
      signature: header(req, "x-signature-ed25519"), timestamp: header(req, "x-signature-timestamp"),
    }, raw, { maxSkewSeconds: this.options.maxSkewSeconds ?? 300 });
    if (!verdict.ok) {
      this.options.logger.warn({ channel: this.id, reason: verdict.reason }, "discord request rejected");
      return { status: 401, body: { error: "invalid request signature" } };
    }
    let interaction: DiscordInteraction;
    try {
      interaction = JSON.parse(raw.toString("utf8")) as DiscordInteraction;
    } catch {
      return { status: 400, body: { error: "invalid JSON" } };
    }
    if (interaction.type === InteractionType.Ping) return { status: 200, body: { type: InteractionResponseType.Pong } };
    if (interaction.type === InteractionType.ApplicationCommandAutocomplete) {
      return { status: 200, body: { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } } };
    }

    const events = toInboundEvents(interaction, { fetchFile: (url, size) => this.download(url, size), actions: this.actions });
    this.options.logger.debug({ channel: this.id, eventId: interaction.id, type: interaction.type, events: events.length }, "discord interaction");
    if (events.length === 0) {
      const content = interaction.type === InteractionType.MessageComponent
        ? "This button has expired; ask again to get a fresh one."
        : "Rounds does not handle this kind of interaction.";
      return { status: 200, body: { type: InteractionResponseType.ChannelMessageWithSource, data: { content, flags: MessageFlags.Ephemeral } } };
    }
    const component = interaction.type === InteractionType.MessageComponent;
    // In servers the deferred reply is ephemeral, so warnings and drafts reach only the asker;
    // public answers are posted as follow-ups (see replyTarget).
    const deferredEphemeral = !component && interaction.guild_id !== undefined;
    const reply = this.replyTarget(interaction, component, deferredEphemeral);
    // Answer within Discord's 3 seconds; the work continues below and replies through the webhook.
    setImmediate(() => {
      void (async () => {
        for (const event of events) {
          await handler.handle(event, reply).catch((error: unknown) => {
            this.options.logger.error({ channel: this.id, eventId: event.eventId, err: RoundsError.isInstance(error) ? error.message : "handler error" }, "discord event failed");
          });
        }
      })();
    });
    return {
      status: 200,
      body: component
        ? { type: InteractionResponseType.DeferredMessageUpdate }
        : { type: InteractionResponseType.DeferredChannelMessageWithSource, data: deferredEphemeral ? { flags: MessageFlags.Ephemeral } : {} },
    };
  }

  /**
   * Replies through the interaction webhook. Whether the deferred reply
   * (`@original`) is ephemeral was fixed when it was acknowledged, and the
   * first follow-up inherits it, so:
   * - a message that matches it fills `@original`;
   * - a public message while `@original` is ephemeral is posted as a public
   *   follow-up, and the ephemeral placeholder or draft it replaces is deleted;
   * - later messages are follow-ups with their own visibility; updates edit in place.
   * Button presses were acknowledged with a deferred update: every reply is a follow-up.
   */
  private replyTarget(interaction: DiscordInteraction, component: boolean, deferredEphemeral: boolean): ReplyTarget {
    const app = this.options.applicationId;
    const token = interaction.token;
    const log = this.options.logger;
    const ephemeral = new Map<string, boolean>();
    const aliases = new Map<string, string>();
    let originalFilled = component;
    const edit = async (id: string, message: OutboundMessage) => {
      const { flags: _ignored, ...body } = renderMessage(message, this.actions);
      await this.rest.patch(Routes.webhookMessage(app, token, id), { body, auth: false });
    };
    const followUp = async (message: OutboundMessage): Promise<string> => {
      const body = renderMessage(message, this.actions);
      const posted = (await this.rest.post(Routes.webhook(app, token), { body, auth: false, query: new URLSearchParams({ wait: "true" }) })) as { id: string };
      ephemeral.set(posted.id, message.visibility === "ephemeral");
      return posted.id;
    };
    const remove = (id: string) => this.rest.delete(Routes.webhookMessage(app, token, id), { auth: false }).catch((error: unknown) => {
      log.warn({ channel: this.id, eventId: interaction.id, err: RoundsError.isInstance(error) ? error.message : String((error as { status?: number }).status ?? "error") }, "could not delete a superseded discord message");
    });
    return {
      send: async (message: OutboundMessage) => {
        const wantsPublic = message.visibility !== "ephemeral";
        if (!originalFilled) {
          originalFilled = true;
          if (!(deferredEphemeral && wantsPublic)) {
            await edit("@original", message);
            ephemeral.set("@original", deferredEphemeral);
            return { messageId: "@original" };
          }
          // The first follow-up would inherit the ephemeral flag: fill the placeholder first, then drop it.
          await edit("@original", { blocks: [{ type: "text", text: "Posted in the channel.", tone: "muted" }] });
          const id = await followUp(message);
          await remove("@original");
          return { messageId: id };
        }
        return { messageId: await followUp(message) };
      },
      update: async (messageId: string, message: OutboundMessage) => {
        const id = aliases.get(messageId) ?? messageId;
        if (ephemeral.get(id) === true && message.visibility !== "ephemeral") {
          // An ephemeral draft cannot become public: post the public message and delete the draft.
          const replacement = await followUp(message);
          aliases.set(messageId, replacement);
          await remove(id);
          return;
        }
        await edit(id, message);
      },
    };
  }

  private async download(url: string, declaredSize: number): Promise<Uint8Array> {
    let origin: string;
    try {
      origin = new URL(url).origin;
    } catch {
      throw new RoundsError("BAD_REQUEST", "The attachment link is not a valid URL.");
    }
    if (!this.origins.has(origin)) throw new RoundsError("FORBIDDEN", "Attachments are only downloaded from Discord's file servers.");
    const max = this.options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    const tooLarge = () => new RoundsError("PAYLOAD_TOO_LARGE", `The attachment is larger than the ${Math.floor(max / (1024 * 1024))} MB the Discord channel accepts.`);
    if (declaredSize > max) throw tooLarge();
    const response = await fetch(url, { redirect: "error", signal: AbortSignal.timeout(120_000) });
    if (!response.ok || !response.body) throw new RoundsError("UPSTREAM_FAILED", `Discord did not return the attachment (${response.status}).`);
    return readBodyLimited(response, max, tooLarge);
  }
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};
