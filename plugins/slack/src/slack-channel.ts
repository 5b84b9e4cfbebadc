/**
 * The Slack channel: Bolt 5 with its HTTP receiver. Slack's signed requests
 * are verified by the receiver (bad or stale signatures get 401 and never
 * reach a listener); every request is acknowledged at once and the work runs
 * afterwards, so Slack's 3-second deadline holds whatever the handler does.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, type Receiver, type RespondArguments, type RespondFn } from "@slack/bolt";
import {
  RoundsError, type Channel, type ChannelConversation, type ChannelIdentity, type ConversationHandler,
  type InboundEvent, type Logger, type OutboundMessage, type ReplyTarget,
} from "@rounds/core";
import { renderMessage } from "./render-blocks.ts";
import { WorkQueue } from "./work-queue.ts";
import {
  actionOf, cleanMessageText, fileName, isHumanMessage, kindFromChannelId, kindFromChannelName, kindFromChannelType,
  parseSlashCommand, type ConversationKind, type SlackBlockActions, type SlackFile, type SlackFileSharedEvent,
  type SlackMessageEvent, type SlackSlashCommand,
} from "./translate.ts";

export interface SlackChannelOptions {
  /** Verifies the HTTP receiver's requests; not used in Socket Mode. */
  signingSecret: string;
  botToken: string;
  /**
   * Socket Mode: Rounds opens a WebSocket to Slack (`apps.connections.open`
   * with the app-level token) instead of receiving HTTPS requests, so no
   * public address is needed. Default false.
   */
  socketMode?: boolean;
  /** App-level token (`xapp-…`, scope `connections:write`), required for Socket Mode. */
  appToken?: string;
  /** Port of the HTTP receiver; 0 picks a free one. */
  port?: number;
  host?: string;
  /** Path Slack posts events, slash commands and interactions to. */
  path?: string;
  /** Slack Web API base URL (tests point it at a local server). */
  apiUrl?: string;
  /** The slash command whose first word is the Rounds command. */
  slashCommand?: string;
  /** How long a `file_shared` event waits for the message that carries the same file (and its text); 0 = none. Default 2000. */
  fileSharedGraceMs?: number;
  /** Extra origins the bot token may be sent to when downloading files. */
  fileOrigins?: string[];
  /**
   * How many deliveries are worked on at once (default 4); the rest wait
   * their turn, already acknowledged. Answering is CPU-bound on a small
   * machine, so more in parallel only delays the acknowledgements of new
   * requests past Slack's 3 seconds without answering any sooner.
   */
  maxConcurrentHandlers?: number;
  logger: Logger;
}

const DEFAULT_API_URL = "https://slack.com/api/";
/** How long a delivery id is remembered for dedupe; Slack retries within minutes. */
const DEDUPE_TTL_MS = 60 * 60 * 1000;
const DEDUPE_MAX = 10_000;
const DEFAULT_MAX_CONCURRENT = 4;

interface ReplyContext {
  channelId: string;
  userId: string;
  threadTs?: string;
  kind: ConversationKind;
  /** Bolt's `respond`, posting to the request's `response_url` (slash commands and clicks). */
  respond?: RespondFn;
  /** The click came from a message only the clicker sees. */
  fromEphemeral?: boolean;
}

/** Slack accepts a `response_url` up to five times within thirty minutes. */
const RESPONSE_URL_USES = 5;
const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;

interface ChatResult { ok?: boolean; ts?: string; channel?: string; message_ts?: string; file?: SlackFile }

/** A Bolt logger that forwards only warnings and errors, as fixed sentences with Bolt's note in a field. */
function boltLogger(logger: Logger) {
  let level = LogLevel.WARN;
  let name = "bolt";
  const note = (msg: unknown[]) => msg.map((m) => (m instanceof Error ? m.message : typeof m === "string" ? m : "")).join(" ").slice(0, 300);
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (...msg: unknown[]) => logger.warn({ source: name, note: note(msg) }, "slack sdk warning"),
    error: (...msg: unknown[]) => logger.error({ source: name, note: note(msg) }, "slack sdk error"),
    setLevel: (l: LogLevel) => { level = l; },
    getLevel: () => level,
    setName: (n: string) => { name = n; },
  };
}

export class SlackChannel implements Channel {
  readonly specificationVersion = "v1" as const;
  readonly id = "slack";
  private app: App | undefined;
  private server: Server | undefined;
  private handler: ConversationHandler | undefined;
  private readonly seen = new Map<string, number>();
  private readonly inflight = new Set<Promise<void>>();
  private readonly kinds = new Map<string, ConversationKind>();
  private readonly work: WorkQueue;
  private readonly apiUrl: string;
  private readonly logger: Logger;
  private ownTeam: Promise<string> | undefined;

  constructor(private readonly options: SlackChannelOptions) {
    if (options.socketMode) {
      if (!options.appToken) throw new RoundsError("CONFIG_INVALID", "Slack Socket Mode needs an app-level token (SLACK_APP_TOKEN, xapp-…).");
    } else if (!options.signingSecret) {
      throw new RoundsError("CONFIG_INVALID", "Slack needs a signing secret (SLACK_SIGNING_SECRET), or Socket Mode with an app-level token.");
    }
    if (!options.botToken) throw new RoundsError("CONFIG_INVALID", "Slack needs a bot token (SLACK_BOT_TOKEN).");
    this.apiUrl = options.apiUrl ?? DEFAULT_API_URL;
    this.logger = options.logger;
    this.work = new WorkQueue(options.maxConcurrentHandlers ?? DEFAULT_MAX_CONCURRENT);
  }

  /** Where the receiver listens, once started (for tests and logs). */
  get url(): string | undefined {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) return undefined;
    const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}${this.options.path ?? "/slack/events"}`;
  }

  async start(handler: ConversationHandler): Promise<void> {
    if (this.app) throw new RoundsError("NOT_READY", "The Slack channel is already started.");
    this.handler = handler;
    const logger = boltLogger(this.logger);
    const receiver: Receiver = this.options.socketMode
      ? new SocketModeReceiver({
        appToken: this.options.appToken ?? "",
        logger,
        // apps.connections.open goes to the same Web API base as every other call.
        installerOptions: { clientOptions: { slackApiUrl: this.apiUrl } },
      })
      : futureRequestsRefused(new HTTPReceiver({
        signingSecret: this.options.signingSecret,
        endpoints: this.options.path ?? "/slack/events",
        logger,
        processBeforeResponse: false,
      }));
    const app = new App({
      token: this.options.botToken,
      receiver,
      logger,
      deferInitialization: true,
      convoStore: false,
      clientOptions: { slackApiUrl: this.apiUrl, retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2000 } },
    });
    this.listen(app);
    try {
      await app.init();
    } catch (cause) {
      throw new RoundsError("UPSTREAM_FAILED", "Slack did not accept the bot token (auth.test failed).", { cause });
    }
    if (this.options.socketMode) {
      try {
        await app.start();
      } catch (cause) {
        throw new RoundsError("UPSTREAM_FAILED", "Slack did not open a Socket Mode connection (is the app-level token valid, with connections:write?).", { cause });
      }
      this.app = app;
      this.logger.info({ channel: this.id, mode: "socket" }, "slack channel connected");
      return;
    }
    const server = await app.start({ port: this.options.port ?? 3000, host: this.options.host ?? "0.0.0.0" });
    this.app = app;
    this.server = server;
    this.logger.info({ channel: this.id, port: (this.server.address() as AddressInfo | null)?.port }, "slack channel listening");
  }

  /**
   * Whether the configured bot token belongs to this Slack workspace, as
   * Slack's `auth.test` reports it (the team id of the token's own install).
   * Asked again until Slack answers; a token of another workspace says no.
   */
  async holdsWorkspace(workspaceId: string): Promise<boolean> {
    this.ownTeam ??= fetch(new URL("auth.test", this.apiUrl), {
      method: "POST", headers: { authorization: `Bearer ${this.options.botToken}` }, signal: AbortSignal.timeout(10_000),
    }).then(async (res) => {
      const body = (await res.json()) as { ok?: boolean; team_id?: string; enterprise_id?: string };
      if (!body.ok || !body.team_id) throw new RoundsError("UPSTREAM_FAILED", "Slack did not accept the bot token (auth.test failed).");
      return body.team_id;
    });
    try {
      return (await this.ownTeam) === workspaceId;
    } catch (error) {
      this.ownTeam = undefined;
      throw error;
    }
  }

  async stop(): Promise<void> {
    const app = this.app;
    this.app = undefined;
    this.server = undefined;
    if (app) await app.stop();
    await Promise.allSettled([...this.inflight]);
    this.handler = undefined;
  }

  // ---------------------------------------------------------------- inbound

  private listen(app: App): void {
    app.event("app_mention", async ({ body, event, context }) => {
      await this.onMessage(body, event, context.botUserId);
    });
    app.event("message", async ({ body, event, context }) => {
      await this.onMessage(body, event as unknown as SlackMessageEvent, context.botUserId);
    });
    app.event("file_shared", async ({ body, event, context }) => {
      this.onFileShared(body, event, context.botUserId);
    });
    app.command(/.*/, async ({ ack, body, respond }) => {
      await ack();
      this.onCommand(body, respond);
    });
    app.action(/.*/, async ({ ack, body, respond }) => {
      await ack();
      if ((body as { type?: string }).type === "block_actions") this.onAction(body as unknown as SlackBlockActions, respond);
    });
  }

  private async onMessage(body: EventEnvelope, event: SlackMessageEvent, botUserId: string | undefined): Promise<void> {
    if (!isHumanMessage(event, botUserId) || !event.user) return;
    const mention = event.type === "app_mention";
    const typeKind = kindFromChannelType(event.channel_type);
    if (typeKind) this.kinds.set(event.channel, typeKind);
    // Channel messages arrive twice when the bot is mentioned (app_mention + message.channels):
    // only mentions and DMs are messages; elsewhere only attached files are taken.
    const kind = typeKind ?? (await this.kindOf(event.channel));
    const workspaceId = body.team_id ?? "";
    const identity: ChannelIdentity = { channel: this.id, workspaceId, userId: event.user };
    const threadTs = event.thread_ts ?? (kind === "dm" ? undefined : event.ts);
    const conversation: ChannelConversation = { id: event.channel, kind, ...(event.thread_ts ? { threadId: event.thread_ts } : {}) };
    const ctx: ReplyContext = { channelId: event.channel, userId: event.user, kind, ...(threadTs ? { threadTs } : {}) };

    const text = cleanMessageText(event.text, botUserId);
    if (event.files?.length) {
      // The message posted with a file is about the file (it may name the patient: "patient: PG-7"), not a question.
      for (const file of event.files) {
        if (!this.firstTime(`file:${workspaceId}:${event.channel}:${file.id}`)) continue;
        await this.dispatchFile(`${body.event_id}:${file.id}`, identity, conversation, ctx, file, text || undefined);
      }
      return;
    }
    if (event.type === "message" && kind !== "dm") return;
    if (!text) return;
    this.dispatch({ type: "message", eventId: body.event_id, identity, conversation, text, mentioned: mention || kind === "dm" }, ctx);
  }

  private onFileShared(body: EventEnvelope, event: SlackFileSharedEvent, botUserId: string | undefined): void {
    if (event.user_id === botUserId) return;
    const workspaceId = body.team_id ?? "";
    // A file posted with a message arrives twice (file_shared and the message with files), in either order; only the
    // message carries the text that may name the patient, so file_shared waits a moment (acknowledged already) and yields to it.
    const grace = this.options.fileSharedGraceMs ?? 2000;
    const run = async () => {
      if (grace > 0) await new Promise((r) => setTimeout(r, grace));
      if (!this.firstTime(`file:${workspaceId}:${event.channel_id}:${event.file_id}`)) return;
      const kind = await this.kindOf(event.channel_id);
      const identity: ChannelIdentity = { channel: this.id, workspaceId, userId: event.user_id };
      const conversation: ChannelConversation = { id: event.channel_id, kind };
      await this.dispatchFile(body.event_id, identity, conversation, { channelId: event.channel_id, userId: event.user_id, kind }, { id: event.file_id });
    };
    this.track(run());
  }

  private onCommand(body: SlackSlashCommand, respond: RespondFn): void {
    const kind = kindFromChannelName(body.channel_id, body.channel_name) ?? this.kinds.get(body.channel_id);
    const { command, args } = parseSlashCommand(this.options.slashCommand ?? "/rounds", body.command, body.text);
    const run = async () => {
      const identity: ChannelIdentity = {
        channel: this.id, workspaceId: body.team_id, userId: body.user_id, ...(body.user_name ? { displayName: body.user_name } : {}),
      };
      const k = kind ?? (await this.kindOf(body.channel_id));
      // Slash command replies in channels go to the invoker first (Slack's convention), with "Share with channel" on answers.
      this.dispatch(
        {
          type: "command", eventId: `cmd:${body.trigger_id}`, identity, conversation: { id: body.channel_id, kind: k }, command, args,
          ...(k === "dm" ? {} : { privateFirst: true }),
        },
        { channelId: body.channel_id, userId: body.user_id, kind: k, ...(body.response_url ? { respond } : {}) },
      );
    };
    this.track(run());
  }

  private onAction(body: SlackBlockActions, respond: RespondFn): void {
    const action = actionOf(body);
    const channelId = body.channel?.id ?? body.container?.channel_id;
    if (!action || !channelId) return;
    const threadTs = body.message?.thread_ts ?? body.container?.thread_ts;
    const run = async () => {
      const kind = kindFromChannelName(channelId, body.channel?.name) ?? (await this.kindOf(channelId));
      const name = body.user.name ?? body.user.username;
      const identity: ChannelIdentity = {
        channel: this.id, workspaceId: body.team?.id ?? body.user.team_id ?? "", userId: body.user.id, ...(name ? { displayName: name } : {}),
      };
      this.dispatch(
        {
          type: "action", eventId: `act:${body.trigger_id}`, identity,
          conversation: { id: channelId, kind, ...(threadTs ? { threadId: threadTs } : {}) },
          actionId: action.actionId, value: action.value,
        },
        {
          channelId, userId: body.user.id, kind, ...(threadTs ? { threadTs } : {}),
          ...(body.response_url ? { respond, fromEphemeral: body.container?.is_ephemeral === true } : {}),
        },
      );
    };
    this.track(run());
  }

  private async dispatchFile(
    eventId: string, identity: ChannelIdentity, conversation: ChannelConversation, ctx: ReplyContext, given: SlackFile, comment?: string,
  ): Promise<void> {
    let file = given;
    if (!file.url_private || file.size === undefined || !file.name || file.file_access === "check_file_info") {
      try {
        file = (await this.call("files.info", { file: given.id })).file ?? given;
      } catch (error) {
        this.logger.warn({ err: error, fileId: given.id, eventId }, "slack file info could not be read");
        return;
      }
    }
    const url = file.url_private_download ?? file.url_private;
    this.dispatch({
      type: "file", eventId, identity, conversation,
      file: {
        name: fileName(file),
        size: file.size ?? 0,
        ...(file.mimetype ? { mediaType: file.mimetype } : {}),
        fetch: () => this.download(file.id, url, file.mimetype),
      },
      ...(comment ? { comment } : {}),
    }, ctx);
  }

  /** Runs the handler after the delivery was acknowledged, once per delivery id. */
  private dispatch(event: InboundEvent, ctx: ReplyContext): void {
    const handler = this.handler;
    if (!handler) return;
    if (!this.firstTime(`event:${event.identity.workspaceId}:${event.eventId}`)) {
      this.logger.debug({ channel: this.id, eventId: event.eventId }, "duplicate slack delivery ignored");
      return;
    }
    this.logger.debug({ channel: this.id, eventId: event.eventId, type: event.type, conversationId: event.conversation.id }, "slack event received");
    this.track(this.work.run(() => handler.handle(event, this.replyTarget(ctx))).catch((error: unknown) => {
      this.logger.error({ err: error, channel: this.id, eventId: event.eventId }, "slack event handler failed");
    }));
  }

  private track(p: Promise<void>): void {
    const tracked = p.catch((error: unknown) => {
      this.logger.error({ err: error, channel: this.id }, "slack event processing failed");
    }).finally(() => this.inflight.delete(tracked));
    this.inflight.add(tracked);
  }

  private firstTime(key: string): boolean {
    const now = Date.now();
    const until = this.seen.get(key);
    if (until !== undefined && until > now) return false;
    this.seen.set(key, now + DEDUPE_TTL_MS);
    if (this.seen.size > DEDUPE_MAX) {
      for (const [k, exp] of this.seen) {
        if (exp <= now || this.seen.size > DEDUPE_MAX) this.seen.delete(k);
        else break;
      }
    }
    return true;
  }

  /** dm, private or public; asks Slack once per channel, and assumes private when it cannot tell. */
  private async kindOf(channelId: string): Promise<ConversationKind> {
    const known = this.kinds.get(channelId);
    if (known) return known;
    let kind: ConversationKind;
    try {
      const info = (await this.call("conversations.info", { channel: channelId })) as { channel?: { is_im?: boolean; is_mpim?: boolean; is_private?: boolean } };
      const c = info.channel;
      kind = !c ? kindFromChannelId(channelId) : c.is_im ? "dm" : c.is_mpim || c.is_private ? "private" : "public";
    } catch {
      kind = kindFromChannelId(channelId);
    }
    this.kinds.set(channelId, kind);
    return kind;
  }

  // --------------------------------------------------------------- outbound

  private async call(method: string, args: Record<string, unknown>): Promise<ChatResult> {
    const app = this.app;
    if (!app) throw new RoundsError("NOT_READY", "The Slack channel is not started.");
    try {
      return (await app.client.apiCall(method, args));
    } catch (cause) {
      const code = (cause as { data?: { error?: string } }).data?.error;
      throw new RoundsError("UPSTREAM_FAILED", `Slack ${method} failed${code ? `: ${code}` : ""}.`, { cause, details: { method, ...(code ? { slackError: code } : {}) } });
    }
  }

  /**
   * Message ids are `<channel>:<ts>` for normal messages and
   * `eph:<channel>:<ts>` for ephemeral ones. Slack cannot edit ephemeral
   * messages through the Web API, so updating one posts a replacement when
   * the new content is final and drops transient progress and drafts.
   */
  private replyTarget(ctx: ReplyContext): ReplyTarget {
    const replaced = new Map<string, string>();
    // The response_url reaches the asker even where the bot is not a member; after its five uses or thirty minutes, the Web API takes over.
    let responses = 0;
    const respondUntil = Date.now() + RESPONSE_URL_TTL_MS;
    const canRespond = (uses: number) => ctx.respond !== undefined && responses + uses <= RESPONSE_URL_USES && Date.now() < respondUntil;
    const respond = async (args: RespondArguments) => {
      responses += 1;
      try {
        await ctx.respond!(args);
      } catch (cause) {
        throw new RoundsError("UPSTREAM_FAILED", "Slack did not accept the reply to its response_url.", { cause });
      }
    };
    const post = async (message: OutboundMessage): Promise<string> => {
      const rendered = renderMessage(message);
      const thread = ctx.threadTs ? { thread_ts: ctx.threadTs } : {};
      // In a DM only the asker sees the bot's messages anyway, and normal messages can be edited.
      if (message.visibility === "ephemeral" && ctx.kind !== "dm") {
        if (canRespond(1)) {
          await respond({ response_type: "ephemeral", replace_original: false, ...rendered });
          return `eph:${ctx.channelId}:resp-${responses}`;
        }
        const r = await this.call("chat.postEphemeral", { channel: ctx.channelId, user: ctx.userId, ...thread, ...rendered });
        return `eph:${ctx.channelId}:${r.message_ts ?? ""}`;
      }
      if (message.replacesOrigin && ctx.fromEphemeral && canRespond(2)) {
        // A shared answer: posted to the channel, and the private copy with its button removed.
        await respond({ response_type: "in_channel", replace_original: false, ...rendered });
        await respond({ delete_original: true });
        return `${ctx.channelId}:resp-${responses}`;
      }
      const r = await this.call("chat.postMessage", { channel: ctx.channelId, ...thread, ...rendered });
      this.logger.debug({ channel: this.id, conversationId: r.channel ?? ctx.channelId, ts: r.ts }, "slack message posted");
      return `${r.channel ?? ctx.channelId}:${r.ts ?? ""}`;
    };
    return {
      send: async (message) => ({ messageId: await post(message) }),
      update: async (messageId, message) => {
        const id = replaced.get(messageId) ?? messageId;
        if (id.startsWith("eph:")) {
          if (message.visibility === "ephemeral" && isTransient(message)) return;
          replaced.set(messageId, await post(message));
          return;
        }
        // Sent through the response_url: Slack gave no ts to edit it by.
        if (id.includes(":resp-")) {
          replaced.set(messageId, await post(message));
          return;
        }
        const cut = id.lastIndexOf(":");
        if (cut <= 0) throw new RoundsError("VALIDATION_FAILED", "Not a Slack message id.", { details: { messageId } });
        await this.call("chat.update", { channel: id.slice(0, cut), ts: id.slice(cut + 1), ...renderMessage(message) });
      },
    };
  }

  /** Downloads a file with the bot token, sent only to Slack's file host (or a configured test host). */
  private async download(fileId: string, url: string | undefined, mediaType: string | undefined): Promise<Uint8Array> {
    if (!url) throw new RoundsError("UPSTREAM_FAILED", "Slack gave no download address for the file.", { details: { fileId } });
    const allowed = new Set(["https://files.slack.com", new URL(this.apiUrl).origin, ...(this.options.fileOrigins ?? [])]);
    const origin = new URL(url).origin;
    if (!allowed.has(origin)) {
      throw new RoundsError("UPSTREAM_FAILED", "Slack file address is not on Slack's file host.", { details: { fileId } });
    }
    const res = await fetch(url, { headers: { authorization: `Bearer ${this.options.botToken}` }, redirect: "follow" });
    // Without access Slack answers 200 with its HTML sign-in page instead of the file.
    const html = (res.headers.get("content-type") ?? "").startsWith("text/html") && mediaType !== "text/html";
    if (!res.ok || html) {
      throw new RoundsError("UPSTREAM_FAILED", "Slack did not hand over the file (is the files:read scope granted?).", { details: { fileId, status: res.status } });
    }
    const bytes = new Uint8Array(await res.arrayBuffer());
    this.logger.debug({ channel: this.id, fileId, bytes: bytes.byteLength }, "slack file downloaded");
    return bytes;
  }
}

interface EventEnvelope { team_id?: string; event_id: string }

function isTransient(message: OutboundMessage): boolean {
  return message.blocks.every((b) => b.type === "progress" || (b.type === "text" && b.tone === "muted"));
}

/**
 * Bolt refuses signatures older than five minutes but not ones dated in the
 * future, which would let a captured request be replayed until that date.
 * This refuses those too (401, like Bolt's own stale check), before Bolt reads the body.
 */
function futureRequestsRefused(receiver: HTTPReceiver): HTTPReceiver {
  const inner = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    const timestamp = Number(req.headers["x-slack-request-timestamp"]);
    if (Number.isFinite(timestamp) && timestamp > Date.now() / 1000 + MAX_SIGNATURE_SKEW_SECONDS) {
      res.writeHead(401, { "content-type": "text/plain" }).end("Request timestamp is in the future.");
      return;
    }
    inner(req, res);
  };
  return receiver;
}

/** How far a request's signed timestamp may be ahead of this clock (Slack's own window is five minutes either way). */
const MAX_SIGNATURE_SKEW_SECONDS = 300;
