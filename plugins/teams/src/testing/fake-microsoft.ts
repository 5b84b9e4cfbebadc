/**
 * Local stand-ins for the Microsoft services a Teams bot reads channel files
 * from, speaking their wire formats:
 *
 * - **Microsoft Entra** (HTTPS, with the test certificate in `fixtures/`, since
 *   MSAL only talks to https authorities): the tenant's OpenID configuration
 *   (`GET /{tenant}/v2.0/.well-known/openid-configuration`) and the token
 *   endpoint (`POST /{tenant}/oauth2/v2.0/token`, a form-encoded
 *   client-credentials request → `{token_type, expires_in, access_token}`, or
 *   Entra's error body, e.g. `invalid_client` / AADSTS7000215).
 * - **Microsoft Graph** (`/v1.0`): channel messages and replies
 *   (`/teams/{group-id}/channels/{channel-id}/messages/{id}[/replies/{id}]`),
 *   chat messages (`/chats/{chat-id}/messages/{id}`) as `chatMessage`
 *   resources with `reference` attachments, and the shares API
 *   (`/shares/u!{base64url(url)}/driveItem[/content]`). Every call must carry a
 *   Bearer token this Entra issued for `https://graph.microsoft.com/.default`;
 *   the app's granted permissions decide 403s, with Graph's error body.
 * - **SharePoint** (another origin): the files at their `contentUrl` (which,
 *   as in SharePoint, needs authentication) and at the pre-authenticated
 *   `@microsoft.graph.downloadUrl` (`…/download.aspx?UniqueId=…&tempauth=…`).
 *
 * Every request is recorded (path, Authorization header) so tests can check
 * which origin saw which token.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";

/** node:http does not await its listener: a failure answers 500 here instead of becoming an unhandled rejection. */
function answering(handle: (req: IncomingMessage, res: ServerResponse) => Promise<unknown>): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(error instanceof Error ? error.message : String(error));
    });
  };
}

const certificate = readFileSync(new URL("./fixtures/fake-entra.crt", import.meta.url), "utf8");
const privateKey = readFileSync(new URL("./fixtures/fake-entra.key", import.meta.url), "utf8");

export const graphScope = "https://graph.microsoft.com/.default";
export const connectorScope = "https://api.botframework.com/.default";

export interface RecordedRequest {
  method: string;
  path: string;
  authorization?: string;
}

export interface FakeFile {
  /** The attachment id: the GUID of the driveItem's eTag, as Teams uses it in `<attachment id>`. */
  id: string;
  name: string;
  bytes: Uint8Array;
  /** The SharePoint URL Teams puts in the attachment's `contentUrl`. */
  contentUrl: string;
  /** The size Graph reports (defaults to the real size). */
  reportedSize?: number;
  /** Graph gives no `@microsoft.graph.downloadUrl` (the bot must use `/driveItem/content`). */
  omitDownloadUrl?: boolean;
  /** SharePoint streams the bytes in chunks without a Content-Length. */
  chunked?: boolean;
}

export interface StreamRecord {
  fileId: string;
  total: number;
  written: number;
  /** The client went away before every byte was written. */
  aborted: boolean;
}

export interface FakeMicrosoftOptions {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Application permissions (and resource-specific consents) the app holds. */
  granted?: string[];
}

export interface FakeMicrosoft {
  authorityHost: string;
  graphUrl: string;
  sharePointUrl: string;
  /** The fake Entra's certificate, for `authorityAgentOptions: { ca }`. */
  ca: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  granted: Set<string>;
  /** When set, the token endpoint answers with this error. */
  tokenFailure: "invalid_client" | "server_error" | undefined;
  tokenRequests: Array<{ tenant: string; form: Record<string, string> }>;
  entraRequests: RecordedRequest[];
  graphRequests: RecordedRequest[];
  sharePointRequests: RecordedRequest[];
  streams: StreamRecord[];
  /** Access tokens issued, with their scope. */
  issued: Map<string, string>;
  addFile(name: string, bytes: Uint8Array, options?: Partial<Pick<FakeFile, "reportedSize" | "omitDownloadUrl" | "chunked">>): FakeFile;
  addChannelMessage(m: { groupId: string; channelId: string; messageId: string; rootId?: string; files: FakeFile[]; html?: string }): void;
  addChatMessage(m: { chatId: string; messageId: string; files: FakeFile[] }): void;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function json(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers }).end(JSON.stringify(payload));
}

function graphError(res: ServerResponse, status: number, code: string, message: string): void {
  const id = randomUUID();
  json(res, status, { error: { code, message, innerError: { date: new Date().toISOString().slice(0, 19), "request-id": id, "client-request-id": id } } }, { "request-id": id });
}

function record(list: RecordedRequest[], req: IncomingMessage): void {
  const authorization = req.headers.authorization;
  list.push({ method: req.method ?? "GET", path: req.url ?? "/", ...(authorization ? { authorization } : {}) });
}

export async function startFakeMicrosoft(options: FakeMicrosoftOptions): Promise<FakeMicrosoft> {
  const granted = new Set(options.granted ?? ["ChannelMessage.Read.Group", "ChatMessage.Read.Chat", "Files.Read.All"]);
  const issued = new Map<string, string>();
  const roles = new Map<string, Set<string>>();
  const tokenRequests: FakeMicrosoft["tokenRequests"] = [];
  const entraRequests: RecordedRequest[] = [];
  const graphRequests: RecordedRequest[] = [];
  const sharePointRequests: RecordedRequest[] = [];
  const streams: StreamRecord[] = [];
  const files = new Map<string, FakeFile>(); // by contentUrl
  const tempauth = new Map<string, FakeFile>(); // download token → file
  const messages = new Map<string, Json>(); // Graph path → chatMessage
  let entraBase = "";
  let graphBase = "";
  let sharePointBase = "";

  const fake: FakeMicrosoft = {
    authorityHost: "", graphUrl: "", sharePointUrl: "", ca: certificate,
    tenantId: options.tenantId, clientId: options.clientId, clientSecret: options.clientSecret,
    granted, tokenFailure: undefined, tokenRequests, entraRequests, graphRequests, sharePointRequests, streams, issued,
    addFile(name, bytes, extra = {}) {
      const id = randomUUID();
      const file: FakeFile = { id, name, bytes, contentUrl: `${sharePointBase}/sites/Clinic/Shared%20Documents/General/${encodeURIComponent(name)}`, ...extra };
      files.set(file.contentUrl, file);
      return file;
    },
    addChannelMessage(m) {
      const root = m.rootId ?? m.messageId;
      const path = root === m.messageId
        ? `/v1.0/teams/${m.groupId}/channels/${m.channelId}/messages/${m.messageId}`
        : `/v1.0/teams/${m.groupId}/channels/${m.channelId}/messages/${root}/replies/${m.messageId}`;
      messages.set(path, chatMessage(m.messageId, root === m.messageId ? null : root, m.files, { channelIdentity: { teamId: m.groupId, channelId: m.channelId }, chatId: null }, m.html));
    },
    addChatMessage(m) {
      messages.set(`/v1.0/chats/${m.chatId}/messages/${m.messageId}`, chatMessage(m.messageId, null, m.files, { channelIdentity: null, chatId: m.chatId }));
    },
    async close() {
      await Promise.all([entra, graph, sharePoint].map((s) => new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeAllConnections();
      })));
    },
  };

  function chatMessage(id: string, replyToId: string | null, attached: FakeFile[], where: Json, html?: string): Json {
    const now = new Date().toISOString();
    return {
      "@odata.context": `${graphBase}/$metadata#chatMessage/$entity`,
      id, replyToId, etag: id, messageType: "message", createdDateTime: now, lastModifiedDateTime: now, lastEditedDateTime: null,
      deletedDateTime: null, subject: null, summary: null, importance: "normal", locale: "en-us", webUrl: null, policyViolation: null, eventDetail: null,
      from: { application: null, device: null, user: { "@odata.type": "#microsoft.graph.teamworkUserIdentity", id: "aad-ada", displayName: "Ada Admin", userIdentityType: "aadUser", tenantId: options.tenantId } },
      body: { contentType: "html", content: html ?? `<div><div><at id="0">Rounds</at>&nbsp;new documents</div>${attached.map((f) => `<attachment id="${f.id}"></attachment>`).join("")}</div>` },
      ...where,
      attachments: attached.map((f) => ({ id: f.id, contentType: "reference", contentUrl: f.contentUrl, content: null, name: f.name, thumbnailUrl: null, teamsAppId: null })),
      mentions: [{ id: 0, mentionText: "Rounds", mentioned: { application: { "@odata.type": "#microsoft.graph.teamworkApplicationIdentity", id: options.clientId, displayName: "Rounds", applicationIdentityType: "bot" }, device: null, conversation: null, user: null, tag: null } }],
      reactions: [], messageHistory: [],
    };
  }

  // ---- Microsoft Entra (HTTPS) ----
  const entra = createHttpsServer({ key: privateKey, cert: certificate }, answering(async (req, res) => {
    record(entraRequests, req);
    const url = new URL(req.url ?? "/", "https://localhost");
    const [tenant = "", ...rest] = url.pathname.split("/").filter(Boolean);
    const path = `/${rest.join("/")}`;
    const known = tenant.toLowerCase() === options.tenantId.toLowerCase();
    if (req.method === "GET" && path === "/v2.0/.well-known/openid-configuration") {
      if (!known) return json(res, 400, { error: "invalid_tenant", error_description: `AADSTS90002: Tenant '${tenant}' not found.`, error_codes: [90002] });
      const t = `${entraBase}/${tenant}`;
      return json(res, 200, {
        token_endpoint: `${t}/oauth2/v2.0/token`,
        token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
        jwks_uri: `${t}/discovery/v2.0/keys`,
        response_modes_supported: ["query", "fragment", "form_post"],
        subject_types_supported: ["pairwise"],
        id_token_signing_alg_values_supported: ["RS256"],
        response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
        scopes_supported: ["openid", "profile", "email", "offline_access"],
        issuer: `${t}/v2.0`,
        request_uri_parameter_supported: false,
        userinfo_endpoint: `${graphBase}/oidc/userinfo`,
        authorization_endpoint: `${t}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${t}/oauth2/v2.0/devicecode`,
        http_logout_supported: true,
        frontchannel_logout_supported: true,
        end_session_endpoint: `${t}/oauth2/v2.0/logout`,
        claims_supported: ["sub", "iss", "aud", "exp", "iat", "tid", "roles"],
        kerberos_endpoint: `${t}/kerberos`,
        tenant_region_scope: "EU",
        cloud_instance_name: "microsoftonline.com",
        cloud_graph_host_name: "graph.windows.net",
        msgraph_host: "graph.microsoft.com",
        rbac_url: "https://pas.windows.net",
      });
    }
    if (req.method === "POST" && path === "/oauth2/v2.0/token") {
      const form = Object.fromEntries(new URLSearchParams(await body(req)));
      tokenRequests.push({ tenant, form });
      const error = (status: number, code: string, aadsts: number, description: string) => {
        const trace = randomUUID();
        json(res, status, {
          error: code,
          error_description: `AADSTS${aadsts}: ${description} Trace ID: ${trace} Correlation ID: ${randomUUID()} Timestamp: ${new Date().toISOString()}`,
          error_codes: [aadsts], timestamp: new Date().toISOString(), trace_id: trace, correlation_id: randomUUID(),
          error_uri: `${entraBase}/error?code=${aadsts}`,
        });
      };
      if (fake.tokenFailure === "server_error") return error(500, "server_error", 90033, "A transient error has occurred. Please try again.");
      if (!known) return error(400, "invalid_request", 90002, `Tenant '${tenant}' not found.`);
      if (form.grant_type !== "client_credentials") return error(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.");
      if (form.client_id !== options.clientId) return error(400, "unauthorized_client", 700016, `Application with identifier '${form.client_id}' was not found in the directory.`);
      if (fake.tokenFailure === "invalid_client" || form.client_secret !== options.clientSecret) {
        return error(401, "invalid_client", 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${options.clientId}'.`);
      }
      const scope = form.scope ?? "";
      if (scope !== graphScope && scope !== connectorScope) return error(400, "invalid_scope", 1002012, `The provided value for scope ${scope} is not valid.`);
      const token = `eyJ0eXAiOiJKV1Qi.${randomBytes(24).toString("base64url")}.${randomBytes(16).toString("base64url")}`;
      issued.set(token, scope);
      roles.set(token, new Set(granted));
      return json(res, 200, { token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599, access_token: token });
    }
    json(res, 404, { error: "not_found" });
  }));

  // ---- Microsoft Graph ----
  const graph = createHttpServer(answering(async (req, res) => {
    record(graphRequests, req);
    const url = new URL(req.url ?? "/", "http://localhost");
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (!token || issued.get(token) !== graphScope) {
      return graphError(res, 401, "InvalidAuthenticationToken", token ? "Access token validation failure. Invalid audience." : "Access token is empty.");
    }
    const held = roles.get(token)!;
    const needs = (any: string[]) => any.some((r) => held.has(r));
    const path = decodeURIComponent(url.pathname);
    if (req.method !== "GET") return graphError(res, 405, "Request_BadRequest", "Method not allowed.");

    if (/^\/v1\.0\/(teams|chats)\//.test(path)) {
      const channel = path.startsWith("/v1.0/teams/");
      const required = channel
        ? ["ChannelMessage.Read.All", "ChannelMessage.Read.Group", "Group.Read.All", "Group.ReadWrite.All"]
        : ["Chat.Read.All", "Chat.ReadWrite.All", "ChatMessage.Read.Chat"];
      if (!needs(required)) {
        return graphError(res, 403, "Forbidden", `Missing role permissions on the request. API requires one of '${required.join(", ")}'. Roles on the request '${[...held].join(", ")}'.`);
      }
      const message = messages.get(path);
      if (!message) return graphError(res, 404, "NotFound", "Message not found.");
      return json(res, 200, message);
    }
    const share = /^\/v1\.0\/shares\/([^/]+)\/driveItem(\/content)?$/.exec(path);
    if (share) {
      if (!needs(["Files.Read.All", "Files.ReadWrite.All", "Sites.Read.All", "Sites.ReadWrite.All"])) {
        return graphError(res, 403, "accessDenied", "Access denied");
      }
      const shareId = share[1]!;
      if (!shareId.startsWith("u!")) return graphError(res, 400, "invalidRequest", "Invalid shares id.");
      const file = files.get(Buffer.from(shareId.slice(2), "base64url").toString("utf8"));
      if (!file) return graphError(res, 404, "itemNotFound", "The resource could not be found.");
      const download = `${sharePointBase}/sites/Clinic/_layouts/15/download.aspx?UniqueId=${file.id}&Translate=false&tempauth=${issueTempauth(file)}&ApiVersion=2.0`;
      if (share[2]) {
        // As Graph does: a 302 to the pre-authenticated download URL.
        res.writeHead(302, { location: download }).end();
        return;
      }
      const now = new Date().toISOString();
      return json(res, 200, {
        "@odata.context": `${graphBase}/v1.0/$metadata#driveItem`,
        ...(file.omitDownloadUrl ? {} : { "@microsoft.graph.downloadUrl": download }),
        createdDateTime: now, eTag: `"{${file.id.toUpperCase()}},1"`, id: `01${file.id.replace(/-/g, "").slice(0, 32).toUpperCase()}`,
        lastModifiedDateTime: now, name: file.name, webUrl: file.contentUrl, cTag: `"c:{${file.id.toUpperCase()}},1"`,
        size: file.reportedSize ?? file.bytes.byteLength,
        createdBy: { user: { email: "ada@clinic.example", id: "aad-ada", displayName: "Ada Admin" } },
        parentReference: { driveType: "documentLibrary", driveId: "b!fake-drive", id: "01PARENT", name: "General", path: "/drives/b!fake-drive/root:/General", siteId: "fake-site" },
        file: { mimeType: mimeOf(file.name), hashes: { quickXorHash: "AAAAAAAAAAAAAAAAAAAAAAAAAAA=" } },
        fileSystemInfo: { createdDateTime: now, lastModifiedDateTime: now },
        shared: { scope: "users" },
      });
    }
    graphError(res, 400, "BadRequest", `Resource not found for the segment '${path.split("/")[2] ?? ""}'.`);
  }));

  function issueTempauth(file: FakeFile): string {
    const t = randomBytes(18).toString("base64url");
    tempauth.set(t, file);
    return t;
  }

  // ---- SharePoint ----
  const sharePoint = createHttpServer(answering(async (req, res) => {
    record(sharePointRequests, req);
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname.endsWith("/_layouts/15/download.aspx")) {
      const file = tempauth.get(url.searchParams.get("tempauth") ?? "");
      if (!file || file.id !== url.searchParams.get("UniqueId")) return json(res, 401, { error_description: "Invalid audience Uri 'https://sharepoint'." });
      if (!file.chunked) {
        res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(file.bytes.byteLength) }).end(Buffer.from(file.bytes));
        return;
      }
      const stream: StreamRecord = { fileId: file.id, total: file.bytes.byteLength, written: 0, aborted: false };
      streams.push(stream);
      res.on("close", () => {
        if (stream.written < stream.total) stream.aborted = true;
      });
      res.writeHead(200, { "content-type": "application/octet-stream" });
      const chunk = 16 * 1024;
      while (stream.written < stream.total && !res.destroyed) {
        const piece = file.bytes.subarray(stream.written, stream.written + chunk);
        const ok = res.write(Buffer.from(piece));
        stream.written += piece.byteLength;
        if (!ok) await new Promise<void>((resolve) => { res.once("drain", resolve); res.once("close", resolve); });
        await new Promise((r) => setTimeout(r, 2));
      }
      if (!res.destroyed) res.end();
      return;
    }
    // The file's own URL needs a SharePoint session or token: bots can't use it directly.
    json(res, 401, { "odata.error": { code: "-2147024891, System.UnauthorizedAccessException", message: { lang: "en-US", value: "Access denied." } } });
  }));

  const [entraPort, graphPort, sharePointPort] = await Promise.all([listen(entra), listen(graph), listen(sharePoint)]);
  entraBase = `https://127.0.0.1:${entraPort}`;
  graphBase = `http://127.0.0.1:${graphPort}`;
  sharePointBase = `http://127.0.0.1:${sharePointPort}`;
  fake.authorityHost = entraBase;
  fake.graphUrl = `${graphBase}/v1.0`;
  fake.sharePointUrl = sharePointBase;
  return fake;
}

function mimeOf(name: string): string {
  const ext = name.split(".").pop()?.toLowerCase();
  return ({ pdf: "application/pdf", md: "text/markdown", txt: "text/plain" } as Record<string, string>)[ext ?? ""] ?? "application/octet-stream";
}
