/**
 * Microsoft Teams channel on botbuilder's CloudAdapter, served by a small
 * `node:http` receiver on `/api/messages`.
 *
 * Inbound: every POST is authenticated by botbuilder's Bot Framework auth
 * (the JWT signed by the Bot Connector: signature, issuer, audience = app id,
 * expiry and the `serviceurl` claim); anything that fails is answered 401 and
 * never reaches the handler. The activity is then run through
 * `CloudAdapter.processActivityDirect`, mapped to neutral events, and the
 * request is acknowledged at once; the handler runs after the ack and
 * answers proactively (`continueConversationAsync`), so slow answers never hit
 * the connector's 15 s timeout (which would make Teams redeliver).
 *
 * Outbound: blocks are rendered as an Adaptive Card and posted to the
 * conversation's `serviceUrl` (or `apiUrl` when set): POST
 * /v3/conversations/:id/activities to send, PUT …/activities/:activityId to
 * update. Teams has no ephemeral messages for bots in channels, so an
 * ephemeral reply in a channel or group chat goes to the asker's 1:1 chat.
 *
 * Files: in personal chat Teams gives the bot a pre-authenticated
 * `downloadUrl`; in channels and group chats it gives none, so the files are
 * read through Microsoft Graph with the bot's own credentials (see
 * `graph-files.ts`) before the `file` events reach the handler. When a single
 * tenant is configured, the same MSAL client also gets the Bot Connector
 * tokens, so `authorityHost` applies to both.
 *
 * Logs carry ids only (activity, conversation, tenant), never message text,
 * file names or tokens.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AgentOptions } from "node:https";
import type { AddressInfo } from "node:net";
import botbuilder from "botbuilder";
import connector from "botframework-connector";
import type { Activity, ConversationReference, TurnContext as TurnContextT } from "botbuilder";
import type {
  AuthenticateRequestResult, BotFrameworkAuthentication as BotFrameworkAuthenticationT, ClaimsIdentity, ConnectorClient,
  ConnectorFactory, ServiceClientCredentialsFactory, UserTokenClient,
} from "botframework-connector";
import {
  RoundsError, silentLogger, type Channel, type ConversationHandler, type InboundEvent, type Logger, type OutboundMessage,
  type ReplyTarget,
} from "@rounds/core";
import { GraphFiles, defaultAuthorityHost, defaultGraphUrl, readLimited } from "./graph-files.ts";
import { defaultCommandWords, isSharedFileRef, mapActivity, type DownloadFileRef, type MappedEvent, type SharedFileRef } from "./inbound.ts";
import { adaptiveCardContentType, fallbackText, renderCard } from "./render.ts";

const { CloudAdapter, ConfigurationBotFrameworkAuthentication, TeamsInfo, TurnContext } = botbuilder;
const { AuthenticationConstants, BotFrameworkAuthentication, MsalServiceClientCredentialsFactory } = connector;

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
  /** Where the Bot Connector's signing keys are published (sovereign clouds, tests). */
  openIdMetadataUrl?: string;
  /** Issuer of the Bot Connector's tokens (sovereign clouds, tests). */
  tokenIssuer?: string;
  logger?: Logger;
}

/** Delegates to botbuilder's auth, but points outgoing connector clients at `apiUrl` when set. */
class RoutedAuthentication extends BotFrameworkAuthentication {
  constructor(private readonly inner: BotFrameworkAuthenticationT, private readonly apiUrl: string | undefined) {
    super();
  }
  private route(factory: ConnectorFactory): ConnectorFactory {
    const apiUrl = this.apiUrl;
    if (!apiUrl) return factory;
    return { create: (_serviceUrl: string, audience?: string): Promise<ConnectorClient> => factory.create(apiUrl, audience) };
  }
  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await this.inner.authenticateRequest(activity, authHeader);
    return { ...result, ...(result.connectorFactory ? { connectorFactory: this.route(result.connectorFactory) } : {}) };
  }
  override async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
  }
  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.route(this.inner.createConnectorFactory(claimsIdentity));
  }
  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.inner.createUserTokenClient(claimsIdentity);
  }
  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }
  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }
}

function buildAuthentication(options: TeamsChannelOptions, graph: GraphFiles): BotFrameworkAuthenticationT {
  const appId = options.appId?.trim() ?? "";
  const config: ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[0] & Record<string, unknown> = {};
  if (appId) {
    config.MicrosoftAppId = appId;
    config.MicrosoftAppPassword = options.appPassword ?? "";
    if (options.tenantId) config.MicrosoftAppTenantId = options.tenantId;
    config.MicrosoftAppType = options.tenantId ? "SingleTenant" : "MultiTenant";
  }
  if (options.openIdMetadataUrl || options.tokenIssuer) {
    // botbuilder takes these only as a complete set.
    Object.assign(config, {
      ValidateAuthority: true,
      ToChannelFromBotLoginUrl: options.tenantId ? `https://login.microsoftonline.com/${options.tenantId}` : AuthenticationConstants.ToChannelFromBotLoginUrl,
      ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
      ToBotFromChannelTokenIssuer: options.tokenIssuer ?? AuthenticationConstants.ToBotFromChannelTokenIssuer,
      OAuthUrl: AuthenticationConstants.OAuthUrl,
      ToBotFromChannelOpenIdMetadataUrl: options.openIdMetadataUrl ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
      ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
      CallerId: "urn:botframework:azure",
    });
  }
  // A single-tenant bot gets its Bot Connector tokens from the same MSAL client as its Graph tokens
  // (same app, same tenant authority, as botbuilder would use; `authorityHost` applies to both).
  try {
    const credentials: ServiceClientCredentialsFactory | undefined = appId && options.tenantId && options.appPassword
      ? new MsalServiceClientCredentialsFactory(appId, graph.clientApplication(options.tenantId))
      : undefined;
    return new RoutedAuthentication(new ConfigurationBotFrameworkAuthentication(config, credentials), options.apiUrl);
  } catch (cause) {
    throw new RoundsError("CONFIG_INVALID", "The Teams channel settings are incomplete: appId needs appPassword (and tenantId for a single-tenant bot).", { cause });
  }
}

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
  private auth: BotFrameworkAuthenticationT | undefined;
  private adapter: InstanceType<typeof CloudAdapter> | undefined;
  private server: Server | undefined;
  private handler: ConversationHandler | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  /** Recently seen deliveries (key → time), so a redelivered activity is handled once. */
  private readonly seen = new Map<string, number>();
  /** Where each posted message lives, so `update` edits it in the right conversation. */
  private readonly posted = new Map<string, Partial<ConversationReference>>();

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
    this.auth = buildAuthentication(this.options, this.graph);
    const adapter = new CloudAdapter(this.auth);
    adapter.onTurnError = async (context, error) => {
      this.logger.error({ err: error, activityId: context.activity.id }, "teams turn failed");
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
    let activity: Activity;
    try {
      activity = JSON.parse(raw.toString("utf8")) as Activity;
    } catch {
      return respond(res, { status: 400 });
    }
    if (typeof activity !== "object" || activity === null || typeof activity.type !== "string") return respond(res, { status: 400 });

    const authHeader = headerValue(req.headers.authorization);
    let authResult: AuthenticateRequestResult;
    try {
      authResult = await this.auth!.authenticateRequest(activity, authHeader);
    } catch (error) {
      // Bad signature, wrong issuer/audience, expired, missing header, serviceUrl mismatch: all 401.
      this.logger.warn({ activityId: activity.id, reason: error instanceof Error ? error.name : "unknown" }, "teams request rejected: authentication failed");
      return respond(res, { status: 401 });
    }

    let result: HttpResult = { status: 200 };
    await this.adapter!.processActivityDirect(authResult, activity, async (context) => {
      result = this.onTurn(context);
    });
    respond(res, result);
  }

  /** Runs inside the SDK's turn: maps, dedupes and schedules the handler; returns the HTTP answer (the ack). */
  private onTurn(context: TurnContextT): HttpResult {
    const activity = context.activity;
    const handler = this.handler;
    const events = handler ? mapActivity(activity, { commandWords: this.commandWords }) : [];
    const { activityId: _activityId, ...reference } = TurnContext.getConversationReference(activity);
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
    if (activity.type === "invoke") {
      if (activity.name === "adaptiveCard/action") {
        return { status: 200, body: { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: "Received" } };
      }
      return { status: 501 };
    }
    return { status: 200 };
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
  private async sharedFileEvents(event: MappedEvent & { type: "file"; file: SharedFileRef }, reference: Partial<ConversationReference>): Promise<InboundEvent[]> {
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
  private async teamGroupId(reference: Partial<ConversationReference>, ref: SharedFileRef): Promise<string | undefined> {
    if (ref.location.kind !== "channel" || !ref.location.teamThreadId) return undefined;
    const teamId = ref.location.teamThreadId;
    let groupId: string | undefined;
    await this.adapter!.continueConversationAsync(this.appId, reference, async (ctx) => {
      groupId = (await TeamsInfo.getTeamDetails(ctx, teamId)).aadGroupId;
    });
    return groupId;
  }

  private replyTarget(reference: Partial<ConversationReference>, activity: Activity): ReplyTarget {
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
        await this.adapter!.continueConversationAsync(this.appId, reference, async (ctx) => {
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
        await this.adapter!.continueConversationAsync(this.appId, where, async (ctx) => {
          await ctx.updateActivity({ ...toActivity(message), id: messageId });
        });
        this.logger.debug({ messageId }, "teams message updated");
      },
    };
  }

  /** Teams has no ephemeral bot messages in channels: post to the asker's 1:1 chat instead. */
  private async sendPrivately(reference: Partial<ConversationReference>, userId: string, tenantId: string | undefined, outgoing: Partial<Activity>): Promise<string> {
    let messageId = "";
    let privateRef: Partial<ConversationReference> | undefined;
    await this.adapter!.createConversationAsync(
      this.appId, reference.channelId ?? "msteams", reference.serviceUrl ?? "", AuthenticationConstants.ToChannelFromBotOAuthScope,
      {
        isGroup: false,
        bot: reference.bot ?? { id: this.appId, name: "Rounds" },
        members: [{ id: userId, name: "" }],
        ...(tenantId ? { tenantId } : {}),
        channelData: tenantId ? { tenant: { id: tenantId } } : {},
      },
      async (ctx) => {
        const { activityId: _a, ...ref } = TurnContext.getConversationReference(ctx.activity);
        privateRef = ref;
        const response = await ctx.sendActivity(outgoing);
        messageId = response?.id ?? "";
      },
    );
    if (!messageId || !privateRef) throw new RoundsError("UPSTREAM_FAILED", "Teams did not return an id for the private message.");
    this.remember(messageId, privateRef);
    this.logger.debug({ messageId }, "teams private message sent");
    return messageId;
  }

  private remember(messageId: string, reference: Partial<ConversationReference>): void {
    this.posted.set(messageId, reference);
    if (this.posted.size > 2000) {
      const oldest = this.posted.keys().next().value;
      if (oldest !== undefined) this.posted.delete(oldest);
    }
  }
}

function toActivity(message: OutboundMessage): Partial<Activity> {
  return {
    type: "message",
    summary: fallbackText(message),
    attachments: [{ contentType: adaptiveCardContentType, content: renderCard(message) }],
  };
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
