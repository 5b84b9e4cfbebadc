/**
 * Files dropped into Teams channels and group chats, read through Microsoft
 * Graph with the bot's own app credentials.
 *
 * Teams gives bots no download link outside personal chat: the activity
 * carries `<attachment id="…">` tags and the file itself is a SharePoint (or,
 * in group chats, OneDrive) item. So:
 *
 * 1. a token for `https://graph.microsoft.com/.default` from Microsoft Entra
 *    (client-credentials flow, `@azure/msal-node`, the bot's app id + secret);
 * 2. `GET /teams/{group-id}/channels/{channel-id}/messages/{id}` (or
 *    `…/messages/{root}/replies/{id}`, or `/chats/{chat-id}/messages/{id}`)
 *    for the message's `reference` attachments and their `contentUrl`s —
 *    skipped when the activity already carries them;
 * 3. `GET /shares/u!{base64url(contentUrl)}/driveItem` for each file's name,
 *    size and `@microsoft.graph.downloadUrl` (pre-authenticated, short-lived);
 * 4. the bytes from that download URL, without the token (or, when Graph
 *    gives none, `…/driveItem/content`, whose redirect is followed without
 *    the token).
 *
 * The Graph token is only ever sent to the configured Graph origin, and never
 * across a redirect. Sizes are checked against `maxBytes` before anything is
 * downloaded and again while streaming. Failures become `RoundsError`s whose
 * message tells the user what is missing (which permission to ask the Teams
 * admin for). Logs carry ids, HTTP statuses and Graph error codes — never the
 * token, a file name or a URL.
 */
import { Agent, request as httpsRequest, type AgentOptions } from "node:https";
import { AuthError, ConfidentialClientApplication, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from "@azure/msal-node";
import { RoundsError, readBodyLimited, silentLogger, type Logger } from "@rounds/core";
import { mediaTypeFor, type MessageLocation, type ReferenceAttachment, type SharedFileRef } from "./inbound.ts";

export const defaultGraphUrl = "https://graph.microsoft.com/v1.0";
export const defaultAuthorityHost = "https://login.microsoftonline.com";
/** The Graph resource is the same whatever `graphUrl` points at (a test server speaks for it). */
export const graphScope = "https://graph.microsoft.com/.default";
/** At most this many files are read from one message. */
const maxFilesPerMessage = 10;

export interface GraphFilesOptions {
  /** The bot's Microsoft App ID (the Entra application's client id). */
  clientId?: string;
  clientSecret?: string;
  /** The bot's tenant (single-tenant bot). Without it, the tenant of each activity is used. */
  tenantId?: string;
  graphUrl?: string;
  authorityHost?: string;
  /** TLS options for the calls to Microsoft Entra (tests: the fake token server's certificate). */
  authorityAgentOptions?: AgentOptions;
  /** When false, channel files are refused with a message saying so (no Graph calls). */
  enabled?: boolean;
  /** Timeout of one Graph call. Default 30 s. */
  timeoutMs?: number;
  /** Timeout of one file download (headers and body). Default 5 minutes. */
  downloadTimeoutMs?: number;
  logger?: Logger;
}

/** A file found in a message: what the `file` event shows, and where Graph finds it again. */
export interface GraphFile {
  name: string;
  size: number;
  mediaType?: string;
  /** `u!{base64url(contentUrl)}`: the driveItem through Graph's shares API. */
  shareId: string;
}

interface DriveItem {
  name?: unknown;
  size?: unknown;
  file?: { mimeType?: unknown };
  folder?: unknown;
  "@microsoft.graph.downloadUrl"?: unknown;
}

const messagePermissions = {
  channel: "ChannelMessage.Read.Group (resource-specific consent in the Teams app manifest) or the Microsoft Graph application permission ChannelMessage.Read.All",
  chat: "ChatMessage.Read.Chat (resource-specific consent in the Teams app manifest) or the Microsoft Graph application permission Chat.Read.All",
} as const;
const filePermissions = "the Microsoft Graph application permission Files.Read.All (or Sites.Read.All)";

/** Graph's sharing-URL encoding: `u!` + unpadded base64url of the URL. */
export function shareIdFor(contentUrl: string): string {
  return `u!${Buffer.from(contentUrl, "utf8").toString("base64url")}`;
}

export class GraphFiles {
  private readonly clientId: string;
  private readonly clientSecret: string;
  private readonly tenantId: string | undefined;
  private readonly graphUrl: string;
  private readonly graphOrigin: string;
  private readonly authorityHost: string;
  private readonly agentOptions: AgentOptions | undefined;
  private readonly enabled: boolean;
  private readonly timeoutMs: number;
  private readonly downloadTimeoutMs: number;
  private readonly logger: Logger;
  private readonly clients = new Map<string, ConfidentialClientApplication>();

  constructor(options: GraphFilesOptions = {}) {
    this.clientId = options.clientId?.trim() ?? "";
    this.clientSecret = options.clientSecret ?? "";
    this.tenantId = options.tenantId?.trim() || undefined;
    this.graphUrl = (options.graphUrl ?? defaultGraphUrl).replace(/\/+$/, "");
    this.graphOrigin = new URL(this.graphUrl).origin;
    this.authorityHost = (options.authorityHost ?? defaultAuthorityHost).replace(/\/+$/, "");
    this.agentOptions = options.authorityAgentOptions;
    this.enabled = options.enabled ?? true;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.downloadTimeoutMs = options.downloadTimeoutMs ?? 5 * 60_000;
    this.logger = options.logger ?? silentLogger();
  }

  get hasCredentials(): boolean {
    return this.clientId !== "" && this.clientSecret !== "";
  }

  /**
   * The MSAL client for a tenant (one per tenant, so its token cache is reused).
   * The Teams channel gets its Bot Connector tokens from the same clients (`appToken`).
   */
  clientApplication(tenant: string): ConfidentialClientApplication {
    const key = tenant.toLowerCase();
    let client = this.clients.get(key);
    if (!client) {
      client = new ConfidentialClientApplication({
        auth: {
          clientId: this.clientId,
          clientSecret: this.clientSecret,
          authority: `${this.authorityHost}/${encodeURIComponent(tenant)}`,
          // A known authority: MSAL reads its OpenID metadata from it and skips instance discovery.
          knownAuthorities: [new URL(this.authorityHost).host],
        },
        system: {
          ...(this.agentOptions ? { networkClient: agentNetworkClient(this.agentOptions) } : {}),
          loggerOptions: { piiLoggingEnabled: false, loggerCallback: () => undefined },
        },
      });
      this.clients.set(key, client);
    }
    return client;
  }

  /**
   * An app-only token for another resource (the Bot Connector's `https://api.botframework.com/.default`),
   * from the same MSAL client (and cache) as the Graph tokens. MSAL's error is passed on.
   */
  async appToken(tenant: string, scope: string): Promise<string> {
    const result = await this.clientApplication(tenant).acquireTokenByClientCredential({ scopes: [scope] });
    if (!result?.accessToken) throw new RoundsError("UNAUTHENTICATED", "Microsoft Entra returned no access token for the bot.");
    return result.accessToken;
  }

  /**
   * The files of a message: name, size and media type from Graph. Throws a
   * RoundsError that says what is missing when the bot cannot read them.
   * `groupIdOf` looks the team's group id up when the activity did not carry it.
   */
  async listFiles(ref: SharedFileRef, activityTenant: string, groupIdOf: () => Promise<string | undefined>): Promise<GraphFile[]> {
    this.assertUsable(ref.location);
    const tenant = this.tenantFor(activityTenant);
    const token = await this.token(tenant);
    let references = ref.references;
    if (references.length === 0) references = await this.messageReferences(ref, token, groupIdOf);
    const files: GraphFile[] = [];
    for (const reference of references.slice(0, maxFilesPerMessage)) {
      const shareId = shareIdFor(reference.contentUrl);
      const item = await this.driveItem(shareId, token);
      if (item.folder !== undefined && item.file === undefined) continue;
      const name = typeof item.name === "string" && item.name ? item.name : (reference.name ?? "file");
      const extension = /\.([^.]+)$/.exec(name)?.[1];
      const mimeType = typeof item.file?.mimeType === "string" ? item.file.mimeType : undefined;
      const mediaType = extension && mediaTypeFor(extension) !== "application/octet-stream" ? mediaTypeFor(extension) : mimeType;
      files.push({ name, size: typeof item.size === "number" ? item.size : 0, shareId, ...(mediaType ? { mediaType } : {}) });
    }
    return files;
  }

  /** The bytes of a file found by `listFiles`; refuses more than `maxBytes` (before downloading when Graph knows the size). */
  async download(file: GraphFile, activityTenant: string, maxBytes: number): Promise<Uint8Array> {
    const tenant = this.tenantFor(activityTenant);
    const token = await this.token(tenant);
    const item = await this.driveItem(file.shareId, token);
    const size = typeof item.size === "number" ? item.size : undefined;
    if (size !== undefined && size > maxBytes) throw tooLarge(size, maxBytes);
    const downloadUrl = item["@microsoft.graph.downloadUrl"];
    if (typeof downloadUrl === "string" && /^https?:\/\//i.test(downloadUrl)) {
      // Pre-authenticated: it gets no Authorization header.
      return readLimited(await this.fetchWithTimeout(downloadUrl, {}, this.downloadTimeoutMs), maxBytes, "SharePoint");
    }
    // No download URL in the metadata: ask Graph for the content and follow its redirect without the token.
    const response = await this.graphRequest(`/shares/${file.shareId}/driveItem/content`, token);
    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get("location");
      await response.body?.cancel();
      if (!location) throw new RoundsError("UPSTREAM_FAILED", "Microsoft Graph redirected the file download without a location.");
      return readLimited(await this.fetchWithTimeout(new URL(location, this.graphUrl).toString(), {}, this.downloadTimeoutMs), maxBytes, "SharePoint");
    }
    await this.assertOk(response, "file");
    return readLimited(response, maxBytes, "Microsoft Graph");
  }

  private assertUsable(location: MessageLocation): void {
    const where = location.kind === "channel" ? "Teams channels" : "Teams group chats";
    if (!this.enabled) {
      throw new RoundsError("FORBIDDEN", `Reading files posted in ${where} is turned off for this Rounds (setting channelFiles). Send the file to Rounds in a personal chat instead.`);
    }
    if (!this.hasCredentials) {
      throw new RoundsError(
        "FORBIDDEN",
        `Rounds can't read files posted in ${where}: the bot has no Microsoft app credentials. Ask your Teams admin to configure TEAMS_APP_ID, TEAMS_APP_PASSWORD and TEAMS_TENANT_ID and to grant the bot ${messagePermissions[location.kind]}, and ${filePermissions}. Meanwhile, send the file to Rounds in a personal chat.`,
      );
    }
  }

  private tenantFor(activityTenant: string): string {
    const tenant = this.tenantId ?? activityTenant;
    if (!tenant) throw new RoundsError("FORBIDDEN", "Rounds can't read this file: the Teams tenant is unknown. Ask your Teams admin to set TEAMS_TENANT_ID.");
    return tenant;
  }

  private async token(tenant: string): Promise<string> {
    try {
      const result = await this.clientApplication(tenant).acquireTokenByClientCredential({ scopes: [graphScope] });
      if (!result?.accessToken) throw new Error("no access token in the response");
      return result.accessToken;
    } catch (error) {
      const { code, aadsts } = entraError(error);
      this.logger.warn({ errorCode: code, aadsts }, "teams graph token request failed");
      const answer = aadsts ?? code;
      if (!answer) {
        throw new RoundsError("UNAUTHENTICATED", `Rounds could not sign in to Microsoft Graph as the bot (Microsoft Entra could not be reached), so it can't read files posted in Teams. Try again in a few minutes; if it keeps failing, ask your Teams admin to check that this server can reach ${this.authorityHost}.`);
      }
      if (code && /^(server_error|temporarily_unavailable)$/.test(code)) {
        throw new RoundsError("UNAUTHENTICATED", `Rounds could not sign in to Microsoft Graph as the bot (Microsoft Entra answered ${answer}, a temporary error), so it can't read files posted in Teams right now. Try again in a few minutes.`);
      }
      throw new RoundsError(
        "UNAUTHENTICATED",
        `Rounds could not sign in to Microsoft Graph as the bot (Microsoft Entra answered ${answer}), so it can't read files posted in Teams. Ask your Teams admin to check the bot's app id, client secret and tenant (TEAMS_APP_ID, TEAMS_APP_PASSWORD, TEAMS_TENANT_ID).`,
      );
    }
  }

  /** The `reference` attachments of the message, matched to its `<attachment id>` tags. */
  private async messageReferences(ref: SharedFileRef, token: string, groupIdOf: () => Promise<string | undefined>): Promise<ReferenceAttachment[]> {
    const location = ref.location;
    let path: string;
    if (location.kind === "channel") {
      const groupId = location.groupId ?? (await groupIdOf().catch((error: unknown) => {
        this.logger.warn({ err: error instanceof Error ? { name: error.name } : undefined }, "teams team details lookup failed");
        return undefined;
      }));
      if (!groupId) throw new RoundsError("UPSTREAM_FAILED", "Rounds could not find which Microsoft 365 group this team belongs to, so it can't read the file.");
      const base = `/teams/${encodeURIComponent(groupId)}/channels/${encodeURIComponent(location.channelId)}/messages`;
      path = location.rootId === location.messageId
        ? `${base}/${encodeURIComponent(location.messageId)}`
        : `${base}/${encodeURIComponent(location.rootId)}/replies/${encodeURIComponent(location.messageId)}`;
    } else {
      path = `/chats/${encodeURIComponent(location.chatId)}/messages/${encodeURIComponent(location.messageId)}`;
    }
    const response = await this.graphRequest(path, token);
    await this.assertOk(response, location.kind);
    const message = (await response.json()) as { attachments?: Array<{ id?: unknown; contentType?: unknown; contentUrl?: unknown; name?: unknown }> };
    const wanted = new Set(ref.attachmentIds.map((id) => normalizeId(id)));
    const references: ReferenceAttachment[] = [];
    for (const a of message.attachments ?? []) {
      if (a.contentType !== "reference" || typeof a.contentUrl !== "string" || !/^https?:\/\//i.test(a.contentUrl)) continue;
      if (wanted.size > 0 && !(typeof a.id === "string" && wanted.has(normalizeId(a.id)))) continue;
      references.push({ contentUrl: a.contentUrl, ...(typeof a.name === "string" ? { name: a.name } : {}), ...(typeof a.id === "string" ? { id: a.id } : {}) });
    }
    return references;
  }

  private async driveItem(shareId: string, token: string): Promise<DriveItem> {
    const response = await this.graphRequest(`/shares/${shareId}/driveItem`, token);
    await this.assertOk(response, "file");
    return (await response.json()) as DriveItem;
  }

  /** A Graph call with the token: only to the configured Graph origin, and never following a redirect. */
  private async graphRequest(path: string, token: string): Promise<Response> {
    const url = new URL(`${this.graphUrl}${path}`);
    if (url.origin !== this.graphOrigin) throw new RoundsError("INTERNAL", "Refusing to send the Graph token outside the Graph origin.");
    return this.fetchWithTimeout(url.toString(), { headers: { authorization: `Bearer ${token}`, accept: "application/json" }, redirect: "manual" });
  }

  private async fetchWithTimeout(url: string, init: RequestInit, timeoutMs = this.timeoutMs): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      this.logger.warn({ err: error instanceof Error ? { name: error.name } : undefined }, "teams graph request failed");
      throw new RoundsError("UPSTREAM_FAILED", "Rounds could not reach Microsoft Graph to read the file. Try again in a minute.");
    }
  }

  /** Turns a failed Graph answer into a message that names what is missing. */
  private async assertOk(response: Response, what: "channel" | "chat" | "file"): Promise<void> {
    if (response.ok) return;
    const status = response.status;
    let graphCode: string | undefined;
    try {
      const body = (await response.json()) as { error?: { code?: unknown } };
      if (typeof body.error?.code === "string") graphCode = body.error.code;
    } catch {
      // Not JSON: the status says enough.
    }
    this.logger.warn({ status, graphCode, step: what === "file" ? "driveItem" : "message" }, "teams graph request refused");
    const place = what === "file" ? "the file in SharePoint/OneDrive" : what === "channel" ? "this channel message" : "this group chat message";
    if (status === 401 || status === 403) {
      const permission = what === "file" ? filePermissions : messagePermissions[what];
      throw new RoundsError("FORBIDDEN", `Microsoft Graph refused to let Rounds read ${place} (HTTP ${status}). Ask your Teams admin to grant the bot ${permission}.`, { details: { status, ...(graphCode ? { graphCode } : {}) } });
    }
    if (status === 404) {
      throw new RoundsError("NOT_FOUND", `Microsoft Graph could not find ${place} (HTTP 404); it may have been deleted or moved.`, { details: { status } });
    }
    if (status === 429) throw new RoundsError("RATE_LIMITED", "Microsoft Graph is busy (HTTP 429). Try sending the file again in a minute.", { details: { status } });
    throw new RoundsError("UPSTREAM_FAILED", `Microsoft Graph failed with HTTP ${status} while reading ${place}.`, { details: { status } });
  }
}

function normalizeId(id: string): string {
  return id.replace(/[{}-]/g, "").toLowerCase();
}

/** 52428800 → "50 MB", 1500 → "1.5 KB", 10 → "10 bytes". */
function formatBytes(n: number): string {
  const units: Array<[number, string]> = [[1024 ** 3, "GB"], [1024 ** 2, "MB"], [1024, "KB"]];
  for (const [size, unit] of units) {
    if (n >= size) return `${Number((n / size).toFixed(1))} ${unit}`;
  }
  return `${n} bytes`;
}

function tooLarge(size: number | undefined, maxBytes: number): RoundsError {
  const what = size === undefined ? "The file is" : `The file is ${formatBytes(size)},`;
  return new RoundsError("PAYLOAD_TOO_LARGE", `${what} larger than the ${formatBytes(maxBytes)} limit for files from Teams (setting maxFileBytes), so Rounds did not download it.`, {
    details: { ...(size === undefined ? {} : { size }), maxBytes },
  });
}

/** Reads a response body, refusing (and aborting the transfer) past `maxBytes`. */
export async function readLimited(response: Response, maxBytes: number, from: string): Promise<Uint8Array> {
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new RoundsError("UPSTREAM_FAILED", `The file download from ${from} failed with HTTP ${response.status}.`, { details: { status: response.status } });
  }
  return readBodyLimited(response, maxBytes, (declared) => tooLarge(declared, maxBytes));
}

/** The Entra error code (`invalid_client`) and AADSTS number of an MSAL error, for logs and the user's message. */
function entraError(error: unknown): { code?: string; aadsts?: string } {
  const e = error as { errorCode?: unknown; errorMessage?: unknown; message?: unknown };
  const code = typeof e?.errorCode === "string" && /^[a-z_]+$/i.test(e.errorCode) ? e.errorCode : undefined;
  const text = typeof e?.errorMessage === "string" ? e.errorMessage : typeof e?.message === "string" ? e.message : "";
  const aadsts = /AADSTS\d{4,8}/.exec(text)?.[0];
  // MSAL reports transport failures as codes like "network_error"; those are not Entra's answer.
  if (!aadsts && code && /network|endpoints?_resolution|openid_config|unknown/i.test(code)) return {};
  return { ...(code ? { code } : {}), ...(aadsts ? { aadsts } : {}) };
}

/**
 * MSAL's network calls over `node:https` with the given TLS options (MSAL's own client uses `fetch`,
 * which takes no CA): only when `authorityAgentOptions` is set, e.g. a test server's certificate.
 * Failures to connect are MSAL's `network_error`, as with its own client.
 */
function agentNetworkClient(options: AgentOptions, timeoutMs = 30_000): INetworkModule {
  const agent = new Agent(options);
  const send = <T>(method: "GET" | "POST", url: string, init: NetworkRequestOptions = {}, timeout = timeoutMs): Promise<NetworkResponse<T>> =>
    new Promise((resolve, reject) => {
      const req = httpsRequest(url, { method, agent, headers: init.headers ?? {}, timeout }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", (error) => reject(new AuthError("network_error", `Network request failed: ${error.name}`)));
        res.on("end", () => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
          try {
            resolve({ headers, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as T, status: res.statusCode ?? 0 });
          } catch {
            reject(new AuthError("token_parsing_error", "Failed to parse the response from Microsoft Entra."));
          }
        });
      });
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", (error) => reject(new AuthError("network_error", `Network request failed: ${error.name}`)));
      req.end(method === "POST" ? (init.body ?? "") : undefined);
    });
  return {
    sendGetRequestAsync: <T>(url: string, init?: NetworkRequestOptions, timeout?: number) => send<T>("GET", url, init, timeout),
    sendPostRequestAsync: <T>(url: string, init?: NetworkRequestOptions) => send<T>("POST", url, init),
  };
}
