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
import { RoundsError, type Channel, type ConversationHandler, type Logger, type OutboundMessage, type ReplyTarget } from "@rounds/core";
import { registerCommands } from "./commands.ts";
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
  maxFileBytes?: number;
  maxSkewSeconds?: number;
  /** Register (overwrite) the application commands on start; in one guild when `guildId` is set. */
  registerCommands?: boolean;
  guildId?: string;
  logger: Logger;
}

const MAX_BODY = 1024 * 1024;

export class DiscordChannel implements Channel {
  readonly specificationVersion = "v1" as const;
  readonly id = "discord";
  private server: Server | undefined;
  private readonly key: KeyObject;
  private readonly rest: REST;
  private readonly actions = new ActionValueStore();
  private readonly origins: Set<string>;

  constructor(private readonly options: DiscordChannelOptions) {
    this.key = publicKeyFromHex(options.publicKey);
    if (!/^\d{5,25}$/.test(options.applicationId)) {
      throw new RoundsError("CONFIG_INVALID", "Setting plugins.@rounds/plugin-discord.applicationId must be the application's numeric id.", { details: { setting: "applicationId" } });
    }
    this.rest = new REST({ version: "10", ...(options.apiUrl ? { api: options.apiUrl } : {}) });
    if (options.botToken) this.rest.setToken(options.botToken);
    this.origins = new Set(["https://cdn.discordapp.com", "https://media.discordapp.net", ...(options.fileOrigins ?? [])]);
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
    await new Promise<void>((resolve) => server.listen(this.options.port ?? 3002, this.options.host ?? "0.0.0.0", resolve));
    this.server = server;
    this.options.logger.info({ channel: this.id, port: (server.address() as AddressInfo).port }, "discord channel listening");
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
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

    const events = toInboundEvents(interaction, { fetchFile: (url) => this.download(url), actions: this.actions });
    if (events.length === 0) {
      return { status: 200, body: { type: InteractionResponseType.ChannelMessageWithSource, data: { content: "Rounds does not handle this kind of interaction.", flags: MessageFlags.Ephemeral } } };
    }
    const component = interaction.type === InteractionType.MessageComponent;
    // Answer within Discord's 3 seconds; the work continues below and replies through the webhook.
    const reply = this.replyTarget(interaction, component);
    setImmediate(() => {
      void (async () => {
        for (const event of events) {
          await handler.handle(event, reply).catch((error: unknown) => {
            this.options.logger.error({ channel: this.id, err: RoundsError.isInstance(error) ? error.message : "handler error" }, "discord event failed");
          });
        }
      })();
    });
    return {
      status: 200,
      body: component
        ? { type: InteractionResponseType.DeferredMessageUpdate }
        : { type: InteractionResponseType.DeferredChannelMessageWithSource, data: interaction.guild_id ? { flags: MessageFlags.Ephemeral } : {} },
    };
  }

  /** The first message of a command fills the deferred reply; the rest are follow-ups. */
  private replyTarget(interaction: DiscordInteraction, component: boolean): ReplyTarget {
    const app = this.options.applicationId;
    const token = interaction.token;
    let originalUsed = component; // a button's deferred update has no new message to fill
    return {
      send: async (message: OutboundMessage) => {
        const body = renderMessage(message, this.actions);
        if (!originalUsed) {
          originalUsed = true;
          await this.rest.patch(Routes.webhookMessage(app, token, "@original"), { body, auth: false });
          return { messageId: "@original" };
        }
        const posted = (await this.rest.post(Routes.webhook(app, token), { body, auth: false, query: new URLSearchParams({ wait: "true" }) })) as { id: string };
        return { messageId: posted.id };
      },
      update: async (messageId: string, message: OutboundMessage) => {
        await this.rest.patch(Routes.webhookMessage(app, token, messageId), { body: renderMessage(message, this.actions), auth: false });
      },
    };
  }

  private async download(url: string): Promise<Uint8Array> {
    let origin: string;
    try {
      origin = new URL(url).origin;
    } catch {
      throw new RoundsError("BAD_REQUEST", "The attachment link is not a valid URL.");
    }
    if (!this.origins.has(origin)) throw new RoundsError("FORBIDDEN", "Attachments are only downloaded from Discord's file servers.");
    const response = await fetch(url);
    if (!response.ok) throw new RoundsError("UPSTREAM_FAILED", `Discord did not return the attachment (${response.status}).`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (this.options.maxFileBytes && bytes.length > this.options.maxFileBytes) throw new RoundsError("PAYLOAD_TOO_LARGE", "The attachment is larger than allowed.");
    return bytes;
  }
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};
