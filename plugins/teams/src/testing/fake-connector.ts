/**
 * A local stand-in for the Bot Framework services, speaking their wire format:
 * - Bot Connector REST API v3: POST /v3/conversations (create a 1:1),
 *   POST /v3/conversations/:id/activities[/:replyToId] (send),
 *   PUT /v3/conversations/:id/activities/:activityId (update);
 * - the keys its tokens are signed with, where the Agents SDK looks for the
 *   keys of an Entra-style issuer (`{authority}/{tenant}/discovery/v2.0/keys`;
 *   the channel's `tokenAuthority` points there), so tests can send correctly
 *   signed (and wrongly signed, expired) requests. The SDK fetches the keys of
 *   the real Bot Connector issuer (`https://api.botframework.com`) from a fixed
 *   Microsoft URL, so the fake signs as its own issuer (`issuer`, the
 *   channel's `tokenIssuer`);
 * - the Teams extension `GET /v3/teams/:teamId` (team details: its Microsoft
 *   365 group id);
 * - a file host for Teams `downloadUrl`s.
 *
 * Every request's method, path and Authorization header are recorded.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from "node:crypto";

/** node:http does not await its listener: a failure answers 500 here instead of becoming an unhandled rejection. */
function answering(handle: (req: IncomingMessage, res: ServerResponse) => Promise<unknown>): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(error instanceof Error ? error.message : String(error));
    });
  };
}

export interface PostedActivity {
  conversationId: string;
  activityId: string;
  activity: Record<string, unknown>;
}

export interface FakeConnector {
  url: string;
  /** Bot Connector service URL to put in activities' `serviceUrl`. */
  serviceUrl: string;
  /** The authority whose `/{tenant}/discovery/v2.0/keys` serve the signing key (the channel's `tokenAuthority`). */
  authority: string;
  issuer: string;
  posted: PostedActivity[];
  updates: PostedActivity[];
  created: Array<Record<string, unknown>>;
  files: Map<string, Uint8Array>;
  /** Teams known to the connector: thread id → Microsoft 365 group id. */
  teams: Map<string, string>;
  requests: Array<{ method: string; path: string; authorization?: string }>;
  /** A connector token for `appId` (RS256, the connector's key unless another is given). */
  sign(claims: Record<string, unknown>, options?: { key?: KeyObject; kid?: string; expiresIn?: number }): string;
  close(): Promise<void>;
}

function b64url(input: Buffer | string): string {
  return Buffer.from(input).toString("base64url");
}

/**
 * One RSA signing key per test process, made on first use: a 2048-bit key takes
 * from a fifth of a second to several seconds to generate on a loaded machine,
 * and the suites start a connector per test. Connectors still do not accept each
 * other's tokens: each signs as its own issuer (its own URL), which the channel
 * checks.
 */
let signingKey: { privateKey: KeyObject; publicKey: KeyObject } | undefined;

export async function startFakeConnector(): Promise<FakeConnector> {
  const { privateKey, publicKey } = signingKey ??= generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = "test-key-1";
  const jwk = { ...(publicKey.export({ format: "jwk" }) as Record<string, unknown>), kid, kty: "RSA", use: "sig", endorsements: ["msteams"] };
  const posted: PostedActivity[] = [];
  const updates: PostedActivity[] = [];
  const created: Array<Record<string, unknown>> = [];
  const files = new Map<string, Uint8Array>();
  const teams = new Map<string, string>();
  const requests: FakeConnector["requests"] = [];
  let seq = 0;
  let base = "";

  const server: Server = createServer(answering(async (req, res) => {
    const authorization = req.headers.authorization;
    requests.push({ method: req.method ?? "GET", path: req.url ?? "/", ...(authorization ? { authorization } : {}) });
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const parts = path.split("/").filter(Boolean).map((p) => decodeURIComponent(p));

    if (req.method === "GET" && path.endsWith("/discovery/v2.0/keys")) return json(200, { keys: [jwk] });
    if (req.method === "GET" && parts[0] === "files" && parts[1]) {
      const bytes = files.get(parts[1]);
      if (!bytes) return json(404, { error: "not found" });
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(bytes.byteLength) }).end(Buffer.from(bytes));
      return;
    }
    if (req.method === "GET" && parts[0] === "v3" && parts[1] === "teams" && parts[2]) {
      const aadGroupId = teams.get(parts[2]);
      if (!aadGroupId) return json(404, { error: { code: "NotFound", message: "Team not found" } });
      return json(200, { id: parts[2], name: "Clinic", aadGroupId });
    }
    if (parts[0] !== "v3" || parts[1] !== "conversations") return json(404, { error: { code: "NotFound" } });
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    // POST /v3/conversations: create a conversation (a 1:1 with a user).
    if (req.method === "POST" && parts.length === 2) {
      created.push(body);
      return json(201, { id: `a:private-${++seq}`, serviceUrl: base, activityId: "" });
    }
    const conversationId = parts[2] ?? "";
    if (parts[3] !== "activities") return json(404, { error: { code: "NotFound" } });
    if (req.method === "POST") {
      const activityId = `m${++seq}`;
      posted.push({ conversationId, activityId, activity: body });
      return json(201, { id: activityId });
    }
    if (req.method === "PUT" && parts[4]) {
      const activityId = parts[4];
      if (!posted.some((p) => p.activityId === activityId)) return json(404, { error: { code: "ActivityNotFound" } });
      updates.push({ conversationId, activityId, activity: body });
      return json(200, { id: activityId });
    }
    return json(405, { error: { code: "MethodNotAllowed" } });
  }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    serviceUrl: `${base}/`,
    authority: base,
    issuer: `${base}/bot-connector/v2.0`,
    posted,
    updates,
    created,
    files,
    teams,
    requests,
    sign(claims, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      const header = { alg: "RS256", typ: "JWT", kid: options.kid ?? kid, x5t: kid };
      const payload = { iss: `${base}/bot-connector/v2.0`, nbf: now - 60, iat: now - 60, exp: now + (options.expiresIn ?? 3600), jti: randomUUID(), ...claims };
      const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
      const signature = createSign("RSA-SHA256").update(input).sign(options.key ?? privateKey);
      return `${input}.${b64url(signature)}`;
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** Texts a posted Adaptive Card shows (its TextBlocks and button titles), for assertions. */
export function cardTexts(activity: Record<string, unknown>): string[] {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== "object" || node === null) return;
    const n = node as Record<string, unknown>;
    if (n.type === "TextBlock" && typeof n.text === "string") out.push(n.text);
    if (typeof n.type === "string" && n.type.startsWith("Action.") && typeof n.title === "string") out.push(n.title);
    for (const [k, v] of Object.entries(n)) if (k !== "data") walk(v);
  };
  if (typeof activity.text === "string") out.push(activity.text);
  walk(activity.attachments);
  return out;
}

/** The Adaptive Card of a posted activity. */
export function cardOf(activity: Record<string, unknown>): Record<string, unknown> {
  const attachments = activity.attachments as Array<{ contentType: string; content: Record<string, unknown> }> | undefined;
  const card = attachments?.find((a) => a.contentType === "application/vnd.microsoft.card.adaptive");
  if (!card) throw new Error("no adaptive card in activity");
  return card.content;
}
