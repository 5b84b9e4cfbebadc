/**
 * Microsoft Teams channel on the Microsoft 365 Agents SDK
 * (`@microsoft/agents-hosting`, the successor of the Bot Framework SDK),
 * served by a small `node:http` receiver on `/api/messages`.
 *
 * Inbound: with an app id configured, every POST is authenticated by the
 * SDK's JWT validation (`CloudAdapter.authorizeRequest`: signature against
 * the issuer's published keys, audience = app id, issuer, expiry), and the
 * token's `serviceurl` claim must equal the activity's `serviceUrl`; anything
 * that fails is answered 401 and never reaches the handler. The activity is
 * parsed by the SDK (`Activity.fromObject`), mapped to neutral events, and
 * the request is acknowledged at once; the handler runs after the ack and
 * answers proactively (`CloudAdapter.continueConversation`), so slow answers
 * never hit the connector's 15 s timeout (which would make Teams redeliver).
 * (`CloudAdapter.process` is not used: it fetches an outbound token before
 * running the turn, so an Entra outage would fail the ack itself.)
 *
 * Outbound: blocks are rendered as an Adaptive Card and posted to the
 * conversation's `serviceUrl` (or `apiUrl` when set) through the SDK's
 * connector client: POST /v3/conversations/:id/activities to send, PUT
 * …/activities/:activityId to update. Teams has no ephemeral messages for
 * bots in channels, so an ephemeral reply in a channel or group chat goes to
 * the asker's 1:1 chat. The Bot Connector tokens come from the same MSAL
 * client as the Graph tokens (`graph-files.ts`), so `authorityHost` applies
 * to both.
 *
 * Files: in personal chat Teams gives the bot a pre-authenticated
 * `downloadUrl`; in channels and group chats it gives none, so the files are
 * read through Microsoft Graph with the bot's own credentials (see
 * `graph-files.ts`) before the `file` events reach the handler.
 *
 * Logs carry ids only (activity, conversation, tenant), never message text,
 * file names or tokens.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AgentOptions } from "node:https";
import type { AddressInfo } from "node:net";
import { Activity, type ChannelAccount, type ConversationParameters, type ConversationReference } from "@microsoft/agents-activity";
import {
  CloudAdapter, type AuthConfiguration, type AuthProvider, type Connections, type Request as AgentsRequest, type TurnContext,
  type WebResponse,
} from "@microsoft/agents-hosting";
import { TeamsInfo } from "@microsoft/agents-hosting-extensions-teams";
import {
  RoundsError, silentLogger, type Channel, type ConversationHandler, type InboundEvent, type Logger, type OutboundMessage,
  type ReplyTarget,
} from "@rounds/core";
import { GraphFiles, defaultAuthorityHost, defaultGraphUrl, readLimited } from "./graph-files.ts";
import { defaultCommandWords, isSharedFileRef, mapActivity, type DownloadFileRef, type MappedEvent, type SharedFileRef } from "./inbound.ts";
import { adaptiveCardContentType, fallbackText, renderCard } from "./render.ts";

/** The Bot Connector's token audience (what the bot asks Entra for when it calls the connector). */
const connectorScope = "https://api.botframework.com/.default";

export interface TeamsChannelOptions {
  /** Microsoft App ID of the Azure Bot. Empty disables authentication (local tests only). */
  appId?: string;
  appPassword?: string;
  /** Entra tenant of a single-tenant bot (the default kind for new bots). */
  tenantId?: string;
  /** HTTP receiver port (0 picks a free one). Default 3978. */
  port?: number;
  /** Bind address. Default 0.0.0.0 with credentials, 127.0.0.1 without. */
  host?: string;
  /** Messaging endpoint path. Default `/api/messages`. */
  path?: string;
  /** Sends every outgoing Bot Connector call here instead of the activity's `serviceUrl` (tests, proxies). */
  apiUrl?: string;
  /** Words that start a command without a leading `/`. */
  commandWords?: string[];
  /** Largest file `fetch()` downloads. Default 50 MiB. */
  maxFileBytes?: number;
  /** Read files dropped into channels and group chats through Microsoft Graph. Default true (needs credentials). */
  channelFiles?: boolean;
  /** Microsoft Graph base URL. Default `https://graph.microsoft.com/v1.0` (override only for test servers). */
  graphUrl?: string;
  /** Microsoft Entra host the app's tokens come from. Default `https://login.microsoftonline.com` (override only for test servers). */
  authorityHost?: string;
  /** TLS options for the calls to Microsoft Entra, e.g. `{ ca }` for a test server's certificate. Not a plugin setting. */
  authorityAgentOptions?: AgentOptions;
  /** Largest request body accepted. Default 1 MiB. */
  maxBodyBytes?: number;
  /**
   * Where the signing keys of tokens issued by Microsoft Entra for the bot are published: the SDK reads
   * `{tokenAuthority}/{tenantId}/discovery/v2.0/keys`. Default `https://login.microsoftonline.com`
   * (sovereign clouds, tests). Tokens issued by `https://api.botframework.com` are always checked
   * against the Bot Framework's own keys (fixed in the SDK). Not a plugin setting.
   */
  tokenAuthority?: string;
  /** The issuer accepted for the bot's inbound tokens, besides Microsoft's first-party ones (sovereign clouds, tests). */
  tokenIssuer?: string;
  logger?: Logger;
}

/**
 * The SDK's view of the bot's credentials: one connection, for JWT validation. Given explicitly, so the
 * SDK reads no `Connections__*`/`clientId` variables from the environment (Rounds' settings are the
 * plugin's own).
 */
function authConfiguration(options: TeamsChannelOptions): AuthConfiguration {
  const appId = options.appId?.trim() || undefined;
  const connection: AuthConfiguration = {
    clientId: appId,
    tenantId: options.tenantId?.trim() || undefined,
    authorityEndpoint: (options.tokenAuthority ?? defaultAuthorityHost).replace(/\/+$/, ""),
    // Off by default in the SDK: without it any issuer whose keys verify the signature would do.
    validateIssuer: true,
    issuers: options.tokenIssuer ? [options.tokenIssuer] : undefined,
  };
  return { ...connection, connections: new Map([["serviceConnection", connection]]), connectionsMap: [{ serviceUrl: "*", connection: "serviceConnection" }] };
}

/**
 * The SDK's token provider for outgoing Bot Connector calls: the bot's MSAL client (client credentials,
 * the single tenant, or `botframework.com` for a multi-tenant bot), shared with the Graph calls.
 * Without credentials (local tests) the calls carry no token.
 */
class BotTokenProvider implements AuthProvider, Connections {
  constructor(private readonly graph: GraphFiles, private readonly tenant: string, private readonly enabled: boolean) {}

  async getAccessToken(authConfigOrScope: AuthConfiguration | string, scope?: string): Promise<string> {
    if (!this.enabled) return "";
    const wanted = typeof authConfigOrScope === "string" ? authConfigOrScope : (scope ?? connectorScope);
    return this.graph.appToken(this.tenant, wanted.endsWith("/.default") ? wanted : `${wanted.replace(/\/+$/, "")}/.default`);
  }
  getAgenticApplicationToken(): Promise<string> {
    return Promise.reject(new RoundsError("INTERNAL", "Agentic identities are not used by Rounds."));
  }
  getAgenticInstanceToken(): Promise<string> {
    return this.getAgenticApplicationToken();
  }
  getAgenticUserToken(): Promise<string> {
    return this.getAgenticApplicationToken();
  }
  acquireTokenOnBehalfOf(): Promise<string> {
    return Promise.reject(new RoundsError("INTERNAL", "Rounds does not sign users in through Teams."));
  }
  // Connections: every connection is this one.
  getConnection = (): AuthProvider => this;
  getDefaultConnection = (): AuthProvider => this;
  getTokenProvider = (): AuthProvider => this;
  getTokenProviderFromActivity = (): AuthProvider => this;
  getDefaultConnectionConfiguration = (): AuthConfiguration => ({});
}

/** What the SDK's JWT middleware answered, collected instead of written (the receiver answers itself). */
class CollectedResponse implements WebResponse {
  statusCode = 200;
  headersSent = false;
  writableEnded = false;
  status(code: number): this {
    this.statusCode = code;
    return this;
  }
  setHeader(): this {
    return this;
  }
  send(): this {
    this.headersSent = true;
    return this;
  }
  end(): this {
    this.writableEnded = true;
    return this;
  }
}

/** Where a conversation's messages go (no `activityId`: replies start a new message, not a reply to one). */
type Reference = Omit<ConversationReference, "activityId">;
type Identity = Parameters<CloudAdapter["continueConversation"]>[0];

type HttpResult = { status: number; body?: unknown };

export class TeamsChannel implements Channel {
  readonly specificationVersion = "v1" as const;
  readonly id = "teams";
  private readonly options: TeamsChannelOptions;
  private readonly logger: Logger;
  private readonly appId: string;
  private readonly path: string;
  private readonly commandWords: string[];
  private readonly maxFileBytes: number;
  private readonly maxBodyBytes: number;
  private readonly graph: GraphFiles;
  private adapter: CloudAdapter | undefined;
  private server: Server | undefined;
  private handler: ConversationHandler | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  /** Recently seen deliveries (key → time), so a redelivered activity is handled once. */
  private readonly seen = new Map<string, number>();
  /** Where each posted message lives, so `update` edits it in the right conversation. */
  private readonly posted = new Map<string, Reference>();

  constructor(options: TeamsChannelOptions = {}) {
    this.options = options;
    this.logger = options.logger ?? silentLogger();
    this.appId = options.appId?.trim() ?? "";
    this.path = options.path ?? "/api/messages";
    this.commandWords = (options.commandWords ?? defaultCommandWords).map((w) => w.toLowerCase());
    this.maxFileBytes = options.maxFileBytes ?? 50 * 1024 * 1024;
    this.maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
    this.graph = new GraphFiles({
      clientId: this.appId, clientSecret: options.appPassword ?? "", tenantId: options.tenantId,
      graphUrl: options.graphUrl ?? defaultGraphUrl, authorityHost: options.authorityHost ?? defaultAuthorityHost,
      enabled: options.channelFiles ?? true, logger: this.logger,
      ...(options.authorityAgentOptions ? { authorityAgentOptions: options.authorityAgentOptions } : {}),
    });
  }

  /** Whether this is the bot's own tenant: the configured `tenantId` (a multi-tenant bot, without one, vouches for none). */
  async holdsWorkspace(workspaceId: string): Promise<boolean> {
    return Boolean(this.options.tenantId) && this.options.tenantId === workspaceId;
  }

  /** The receiver's URL once started, e.g. `http://127.0.0.1:3978/api/messages`. */
  get url(): string {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error("Teams channel is not started");
    const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
    return `http://${host === "0.0.0.0" || host === "[::]" ? "127.0.0.1" : host}:${address.port}${this.path}`;
  }

  async start(handler: ConversationHandler): Promise<void> {
    if (this.server) throw new Error("Teams channel already started");
    if (this.appId && !this.options.appPassword) {
      throw new RoundsError("CONFIG_INVALID", "The Teams channel settings are incomplete: appId (TEAMS_APP_ID) needs appPassword (TEAMS_APP_PASSWORD).");
    }
    let adapter: CloudAdapter;
    try {
      adapter = new CloudAdapter(authConfiguration(this.options), undefined, undefined, { validateServiceUrl: true });
    } catch (cause) {
      // The SDK refuses to run without an app id when NODE_ENV=production.
      const message = this.appId
        ? "The Microsoft 365 Agents SDK refused the Teams channel settings (appId, tenantId)."
        : "The Teams channel needs appId (TEAMS_APP_ID) in production: without it nothing authenticates the requests.";
      throw new RoundsError("CONFIG_INVALID", message, { cause });
    }
    const tokens = new BotTokenProvider(this.graph, this.options.tenantId?.trim() || "botframework.com", Boolean(this.appId));
    adapter.connectionManager = tokens;
    // The SDK's default answers the user with "The agent encountered an error" and swallows the error;
    // Rounds' outgoing calls must fail where they are made (see `continueConversation`).
    adapter.onTurnError = async (_context, error) => {
      throw error;
    };
    this.adapter = adapter;
    this.handler = handler;
    if (!this.appId) this.logger.warn({}, "teams channel has no appId: inbound requests are not authenticated (local testing only)");
    const server = createServer((req, res) => {
      this.onRequest(req, res).catch((error: unknown) => {
        this.logger.error({ err: error }, "teams request failed");
        if (!res.headersSent) respond(res, { status: 500 });
      });
    });
    const host = this.options.host ?? (this.appId ? "0.0.0.0" : "127.0.0.1");
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.options.port ?? 3978, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    this.server = server;
    this.logger.info({ port: (server.address() as AddressInfo).port, path: this.path }, "teams channel listening");
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
    await this.idle(10_000);
    this.handler = undefined;
  }

  /** Resolves when every handler started so far has finished (or after `timeoutMs`). */
  async idle(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.inFlight.size > 0 && Date.now() < deadline) {
      await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now())))]);
    }
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    if (pathname !== this.path) return respond(res, { status: 404 });
    if (req.method !== "POST") return respond(res, { status: 405 });
    let raw: Buffer;
    try {
      raw = await readBody(req, this.maxBodyBytes);
    } catch {
      return respond(res, { status: 413 });
    }
    let body: { type?: unknown; id?: unknown; serviceUrl?: unknown } | null;
    try {
      body = JSON.parse(raw.toString("utf8")) as typeof body;
    } catch {
      return respond(res, { status: 400 });
    }
    if (typeof body !== "object" || body === null || typeof body.type !== "string") return respond(res, { status: 400 });

    if (this.appId && !(await this.authenticate(req, body))) return respond(res, { status: 401 });
    let activity: Activity;
    try {
      // The SDK's schema check: an activity it cannot read is a bad request, not a server error.
      activity = Activity.fromObject(body);
    } catch {
      this.logger.warn({ activityId: typeof body.id === "string" ? body.id : undefined }, "teams request rejected: not a valid activity");
      return respond(res, { status: 400 });
    }
    respond(res, this.onActivity(activity));
  }

  /**
   * The SDK's JWT validation (signature, audience, issuer, expiry), then the `serviceurl` claim against
   * the activity, as the Bot Framework requires. Failures are logged by reason class only.
   */
  private async authenticate(req: IncomingMessage, activity: { id?: unknown; serviceUrl?: unknown }): Promise<boolean> {
    const request: AgentsRequest = { method: "POST", headers: { authorization: headerValue(req.headers.authorization) } };
    const response = new CollectedResponse();
    let passed = false;
    await this.adapter!.authorizeRequest(request, response, () => {
      passed = true;
    });
    const activityId = typeof activity.id === "string" ? activity.id : undefined;
    if (!passed) {
      this.logger.warn({ activityId, status: response.statusCode }, "teams request rejected: authentication failed");
      return false;
    }
    const claim = (request.user as { serviceurl?: unknown } | undefined)?.serviceurl;
    if (typeof claim !== "string" || claim !== activity.serviceUrl) {
      this.logger.warn({ activityId }, "teams request rejected: serviceurl claim does not match the activity");
      return false;
    }
    return true;
  }

  /** Maps, dedupes and schedules the handler; returns the HTTP answer (the ack). */
  private onActivity(activity: Activity): HttpResult {
    const handler = this.handler;
    const events = handler ? mapActivity(activity, { commandWords: this.commandWords }) : [];
    if (events.length === 0) return ack(activity);
    let reference: Reference;
    try {
      reference = this.referenceOf(activity);
    } catch {
      // No recipient, conversation or channel id: nowhere to answer.
      this.logger.warn({ activityId: activity.id }, "teams request rejected: the activity has no conversation reference");
      return { status: 400 };
    }
    for (const mapped of events) {
      if (this.isDuplicate(mapped)) {
        this.logger.info({ eventId: mapped.eventId }, "teams duplicate delivery ignored");
        continue;
      }
      const reply = this.replyTarget(reference, activity);
      this.logger.debug({ eventId: mapped.eventId, type: mapped.type, conversationId: mapped.conversation.id }, "teams event received");
      const task: Promise<void> = Promise.resolve()
        .then(async () => {
          // Channel and group chat files are looked up through Graph first (name, size), then handled one by one.
          const events = mapped.type === "file" && isSharedFileRef(mapped.file)
            ? await this.sharedFileEvents(mapped as MappedEvent & { type: "file"; file: SharedFileRef }, reference)
            : [this.withFetch(mapped)];
          for (const event of events) {
            await Promise.resolve()
              .then(() => handler!.handle(event, reply))
              .catch((error: unknown) => this.logger.error({ err: error, eventId: event.eventId }, "teams handler failed"));
          }
        })
        .catch((error: unknown) => this.logger.error({ err: error, eventId: mapped.eventId }, "teams handler failed"))
        .finally(() => this.inFlight.delete(task));
      this.inFlight.add(task);
    }
    return ack(activity);
  }

  /** Where replies to this activity go (outgoing calls to `apiUrl` when set). */
  private referenceOf(activity: Activity): Reference {
    const { activityId: _activityId, ...reference } = activity.getConversationReference();
    return this.options.apiUrl ? { ...reference, serviceUrl: this.options.apiUrl } : reference;
  }

  /** The bot's identity for outgoing calls (none without an app id: local tests, no token). */
  private identity(): Identity {
    return this.appId ? CloudAdapter.createIdentity(this.appId) : {};
  }

  private async continueConversation(reference: Reference, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    try {
      await this.adapter!.continueConversation(this.identity(), reference, logic);
    } catch (error) {
      throw upstreamError(error);
    }
  }

  private isDuplicate(event: MappedEvent): boolean {
    const now = Date.now();
    const key = `${event.identity.workspaceId}:${event.conversation.id}:${event.eventId}`;
    if (this.seen.has(key)) return true;
    this.seen.set(key, now);
    if (this.seen.size > 5000) {
      for (const [k, at] of this.seen) {
        if (now - at < 15 * 60_000 && this.seen.size <= 5000) break;
        this.seen.delete(k);
      }
    }
    return false;
  }

  private withFetch(event: MappedEvent): InboundEvent {
    if (event.type !== "file") return event;
    const ref = event.file as DownloadFileRef;
    const maxBytes = this.maxFileBytes;
    return {
      ...event,
      file: {
        name: ref.name,
        size: ref.size,
        ...(ref.mediaType ? { mediaType: ref.mediaType } : {}),
        fetch: () => download(ref.downloadUrl, maxBytes),
      },
    };
  }

  /**
   * The `file` events of a channel or group chat message, read through Graph.
   * When Graph cannot be used (no credentials, a permission missing, Entra
   * refusing the secret), one `file` event still goes to the handler, whose
   * `fetch()` fails with the reason: the handler's usual checks (admin
   * channel, admin role) come first, and the admin is told what to ask for.
   */
  private async sharedFileEvents(event: MappedEvent & { type: "file"; file: SharedFileRef }, reference: Reference): Promise<InboundEvent[]> {
    const ref = event.file;
    const { file: _file, comment: _comment, ...base } = event;
    const tenant = event.identity.workspaceId;
    const maxBytes = this.maxFileBytes;
    try {
      const files = await this.graph.listFiles(ref, tenant, () => this.teamGroupId(reference, ref));
      this.logger.debug({ eventId: event.eventId, files: files.length }, "teams channel files found");
      if (files.length === 0) {
        // The attachments were not files (cards, links): what remains is a question.
        return [{ ...base, type: "message", text: ref.text, mentioned: true }];
      }
      return files.map((file, i) => ({
        ...base,
        eventId: files.length === 1 ? event.eventId : `${event.eventId}#${i + 1}`,
        type: "file" as const,
        ...(event.comment ? { comment: event.comment } : {}),
        file: {
          name: file.name, size: file.size, ...(file.mediaType ? { mediaType: file.mediaType } : {}),
          fetch: () => this.graph.download(file, tenant, maxBytes),
        },
      }));
    } catch (error) {
      const code = RoundsError.isInstance(error) ? error.code : "INTERNAL";
      this.logger.warn({ eventId: event.eventId, code }, "teams channel files could not be read");
      const failure = RoundsError.isInstance(error) ? error : new RoundsError("UPSTREAM_FAILED", "Rounds could not read the file from Teams.", { cause: error });
      const names = ref.references.map((r) => r.name).filter((n): n is string => Boolean(n));
      return [{ ...base, type: "file", ...(event.comment ? { comment: event.comment } : {}), file: { name: names.length === 1 ? names[0]! : "the attached file", size: 0, fetch: () => Promise.reject(failure) } }];
    }
  }

  /** The team's Microsoft 365 group id, from the Bot Connector (`GET /v3/teams/{id}`) when the activity did not carry it. */
  private async teamGroupId(reference: Reference, ref: SharedFileRef): Promise<string | undefined> {
    if (ref.location.kind !== "channel" || !ref.location.teamThreadId) return undefined;
    const teamId = ref.location.teamThreadId;
    let groupId: string | undefined;
    await this.continueConversation(reference, async (ctx) => {
      groupId = (await TeamsInfo.getTeamDetails(ctx, teamId)).aadGroupId;
    });
    return groupId;
  }

  private replyTarget(reference: Reference, activity: Activity): ReplyTarget {
    const conversationType = activity.conversation?.conversationType;
    const inDm = conversationType === "personal" || (!conversationType && !activity.conversation?.isGroup);
    const userId = activity.from?.id;
    const tenantId = activity.conversation?.tenantId ?? (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
    return {
      send: async (message) => {
        const outgoing = toActivity(message);
        if (message.visibility === "ephemeral" && !inDm && userId) {
          return { messageId: await this.sendPrivately(reference, userId, tenantId, outgoing) };
        }
        let messageId = "";
        await this.continueConversation(reference, async (ctx) => {
          const response = await ctx.sendActivity(outgoing);
          messageId = response?.id ?? "";
        });
        if (!messageId) throw new RoundsError("UPSTREAM_FAILED", "Teams did not return an id for the posted message.");
        this.remember(messageId, reference);
        this.logger.debug({ messageId, conversationId: reference.conversation?.id }, "teams message sent");
        return { messageId };
      },
      update: async (messageId, message) => {
        const where = this.posted.get(messageId) ?? reference;
        await this.continueConversation(where, async (ctx) => {
          const updated = toActivity(message);
          updated.id = messageId;
          await ctx.updateActivity(updated);
        });
        this.logger.debug({ messageId }, "teams message updated");
      },
    };
  }

  /** Teams has no ephemeral bot messages in channels: post to the asker's 1:1 chat instead. */
  private async sendPrivately(reference: Reference, userId: string, tenantId: string | undefined, outgoing: Activity): Promise<string> {
    let messageId = "";
    let privateRef: Reference | undefined;
    const agent = reference.agent ?? { id: this.appId, name: "Rounds" };
    await this.adapter!.createConversationAsync(
      this.appId, reference.channelId ?? "msteams", reference.serviceUrl ?? "", connectorScope.replace(/\/\.default$/, ""),
      {
        isGroup: false,
        agent,
        // The Bot Connector's wire name for the bot (the SDK sends these parameters as they are).
        bot: agent,
        members: [{ id: userId, name: "" }],
        ...(tenantId ? { tenantId } : {}),
        channelData: tenantId ? { tenant: { id: tenantId } } : {},
        // No first activity: the message is sent in the new conversation's turn, to learn its id.
      } satisfies Omit<ConversationParameters, "activity"> & { bot: ChannelAccount } as Omit<ConversationParameters, "activity"> as ConversationParameters,
      async (ctx) => {
        privateRef = this.referenceOf(ctx.activity);
        const response = await ctx.sendActivity(outgoing);
        messageId = response?.id ?? "";
      },
    ).catch((error: unknown) => {
      throw upstreamError(error);
    });
    if (!messageId || !privateRef) throw new RoundsError("UPSTREAM_FAILED", "Teams did not return an id for the private message.");
    this.remember(messageId, privateRef);
    this.logger.debug({ messageId }, "teams private message sent");
    return messageId;
  }

  private remember(messageId: string, reference: Reference): void {
    this.posted.set(messageId, reference);
    if (this.posted.size > 2000) {
      const oldest = this.posted.keys().next().value;
      if (oldest !== undefined) this.posted.delete(oldest);
    }
  }
}

function toActivity(message: OutboundMessage): Activity {
  return Activity.fromObject({
    type: "message",
    summary: fallbackText(message),
    attachments: [{ contentType: adaptiveCardContentType, content: renderCard(message) }],
  });
}

/**
 * A failed outgoing call as a RoundsError: the Bot Connector's HTTP status, never the SDK's message
 * (which carries the request's activity, i.e. what the bot was answering).
 */
function upstreamError(error: unknown): RoundsError {
  if (RoundsError.isInstance(error)) return error;
  const status = typeof (error as { status?: unknown })?.status === "number" ? (error as { status: number }).status : undefined;
  return new RoundsError(
    "UPSTREAM_FAILED",
    status ? `Microsoft Teams refused the bot's message (the Bot Connector answered HTTP ${status}).` : "Rounds could not reach Microsoft Teams (the Bot Connector or Microsoft Entra).",
    { cause: error, ...(status ? { details: { status } } : {}) },
  );
}

/** The HTTP answer to an activity: 200, or for a card's `adaptiveCard/action` invoke the invoke response Teams expects. */
function ack(activity: Activity): HttpResult {
  if (activity.type !== "invoke") return { status: 200 };
  if (activity.name === "adaptiveCard/action") {
    return { status: 200, body: { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: "Received" } };
  }
  return { status: 501 };
}

function respond(res: ServerResponse, result: HttpResult): void {
  if (result.body === undefined) {
    res.writeHead(result.status).end();
    return;
  }
  res.writeHead(result.status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(result.body));
}

function headerValue(value: string | string[] | undefined): string {
  return Array.isArray(value) ? (value[0] ?? "") : (value ?? "");
}

async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    total += buf.length;
    if (total > maxBytes) throw new Error("body too large");
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** Downloads a Teams file from its pre-authenticated `downloadUrl`, refusing more than `maxBytes`. */
async function download(url: string, maxBytes: number): Promise<Uint8Array> {
  return readLimited(await fetch(url), maxBytes, "Teams");
}
