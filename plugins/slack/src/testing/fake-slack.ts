/**
 * A local stand-in for Slack: the Web API methods the channel calls (same
 * wire format: form-encoded or JSON POSTs to /api/<method> with a bearer
 * token, `{ ok, ... }` answers), private file downloads, and a client that
 * sends correctly signed Events API, slash command and interactivity
 * requests to the channel's receiver.
 */
import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { InboundEvent } from "@rounds/core";

export const BOT_TOKEN = "xoxb-test-token";
export const APP_TOKEN = "xapp-1-test-app-token";
export const SIGNING_SECRET = "test-signing-secret";
export const BOT_USER_ID = "UBOT";

export interface ApiCall { method: string; args: Record<string, unknown>; token: string | undefined }

interface FakeFile { id: string; name: string; mimetype: string; bytes: Uint8Array }

export class FakeSlack {
  readonly calls: ApiCall[] = [];
  readonly downloads: Array<{ fileId: string; authorized: boolean }> = [];
  private readonly files = new Map<string, FakeFile>();
  private readonly conversations = new Map<string, { is_im?: boolean; is_private?: boolean; is_mpim?: boolean }>();
  private readonly messages = new Map<string, { channel: string; ts: string }>();
  private tsCounter = 0;
  private tickets = 0;
  /** `ws://…` of a Socket Mode server that apps.connections.open hands out. */
  socketUrl: string | undefined;
  private server: Server | undefined;
  origin = "";

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.route(req).then(({ status, type, body }) => {
        res.writeHead(status, { "content-type": type });
        res.end(body);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get apiUrl(): string {
    return `${this.origin}/api/`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  addFile(file: FakeFile): void {
    this.files.set(file.id, file);
  }

  addConversation(id: string, info: { is_im?: boolean; is_private?: boolean; is_mpim?: boolean }): void {
    this.conversations.set(id, info);
  }

  fileObject(id: string): Record<string, unknown> {
    const f = this.files.get(id);
    if (!f) throw new Error(`no fake file ${id}`);
    const url = `${this.origin}/files-pri/T1-${id}/${encodeURIComponent(f.name)}`;
    return { id, name: f.name, title: f.name, size: f.bytes.byteLength, mimetype: f.mimetype, url_private: url, url_private_download: `${url}?download=1`, mode: "hosted" };
  }

  /** Calls that post or edit messages (Web API or a response_url). */
  posts(): ApiCall[] {
    return this.calls.filter((c) => ["chat.postMessage", "chat.update", "chat.postEphemeral", "response_url"].includes(c.method));
  }

  /** A response_url served by this fake (Slack's are https://hooks.slack.com/…). */
  responseUrl(id: string): string {
    return `${this.origin}/response/${id}`;
  }

  /** Waits until `count` post/edit calls exist (or fails after `ms`). */
  async waitForPosts(count: number, ms = 5000): Promise<ApiCall[]> {
    const until = Date.now() + ms;
    while (this.posts().length < count) {
      if (Date.now() > until) throw new Error(`expected ${count} Slack posts, saw ${this.posts().length}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return this.posts();
  }

  private async route(req: IncomingMessage): Promise<{ status: number; type: string; body: string | Uint8Array }> {
    const url = new URL(req.url ?? "/", this.origin);
    const auth = req.headers.authorization;
    const token = auth?.startsWith("Bearer ") ? auth.slice(7) : undefined;
    if (req.method === "GET" && url.pathname.startsWith("/files-pri/")) {
      const id = url.pathname.split("/")[2]?.replace(/^T1-/, "") ?? "";
      const file = this.files.get(id);
      const authorized = token === BOT_TOKEN;
      this.downloads.push({ fileId: id, authorized });
      // Like Slack: without a valid token you get the sign-in page, with 200.
      if (!file || !authorized) return { status: 200, type: "text/html", body: "<html>sign in</html>" };
      return { status: 200, type: file.mimetype, body: file.bytes };
    }
    if (req.method === "POST" && url.pathname.startsWith("/response/")) {
      // A response_url: JSON bodies, no token (the URL is the credential), plain `ok` back as Slack answers.
      const raw = await readBody(req);
      this.calls.push({ method: "response_url", args: { url: url.pathname, ...(JSON.parse(raw || "{}") as Record<string, unknown>) }, token });
      return { status: 200, type: "text/plain", body: "ok" };
    }
    const m = /^\/api\/([\w.]+)$/.exec(url.pathname);
    if (req.method !== "POST" || !m) return { status: 404, type: "text/plain", body: "not found" };
    const method = m[1]!;
    const raw = await readBody(req);
    const args = parseArgs(raw, req.headers["content-type"] ?? "");
    const bodyToken = typeof args.token === "string" ? args.token : undefined;
    this.calls.push({ method, args, token: token ?? bodyToken });
    const json = (body: unknown) => ({ status: 200, type: "application/json", body: JSON.stringify(body) });
    if (method === "apps.connections.open") {
      // Socket Mode: only the app-level token may open a connection.
      if ((token ?? bodyToken) !== APP_TOKEN) return json({ ok: false, error: token?.startsWith("xoxb-") ? "not_allowed_token_type" : "invalid_auth" });
      if (!this.socketUrl) return json({ ok: false, error: "internal_error" });
      return json({ ok: true, url: `${this.socketUrl}/link/?ticket=${++this.tickets}&app_id=A1` });
    }
    if ((token ?? bodyToken) !== BOT_TOKEN) return json({ ok: false, error: "invalid_auth" });
    switch (method) {
      case "auth.test":
        return json({ ok: true, url: "https://clinic.slack.com/", team: "Clinic", user: "rounds", team_id: "T1", user_id: BOT_USER_ID, bot_id: "BBOT" });
      case "chat.postMessage": {
        const channel = String(args.channel);
        const ts = this.nextTs();
        this.messages.set(`${channel}:${ts}`, { channel, ts });
        return json({ ok: true, channel, ts, message: { type: "message", ts, text: args.text, blocks: args.blocks } });
      }
      case "chat.update": {
        const key = `${String(args.channel)}:${String(args.ts)}`;
        if (!this.messages.has(key)) return json({ ok: false, error: "message_not_found" });
        return json({ ok: true, channel: args.channel, ts: args.ts, text: args.text });
      }
      case "chat.postEphemeral":
        return json({ ok: true, message_ts: this.nextTs() });
      case "files.info": {
        const id = String(args.file);
        return this.files.has(id) ? json({ ok: true, file: this.fileObject(id) }) : json({ ok: false, error: "file_not_found" });
      }
      case "conversations.info": {
        const c = this.conversations.get(String(args.channel));
        return c ? json({ ok: true, channel: { id: args.channel, ...c } }) : json({ ok: false, error: "channel_not_found" });
      }
      default:
        return json({ ok: false, error: "unknown_method" });
    }
  }

  private nextTs(): string {
    this.tsCounter += 1;
    return `1700000000.${String(this.tsCounter).padStart(6, "0")}`;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    req.on("error", reject);
  });
}

/** WebClient sends form fields, with objects and arrays as JSON strings. */
function parseArgs(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes("application/json")) return JSON.parse(raw || "{}") as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = (v.startsWith("[") || v.startsWith("{")) ? safeJson(v) : v;
  }
  return out;
}

function safeJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

// ------------------------------------------------------------ signed requests

export interface SendOptions {
  secret?: string;
  /** Seconds since the epoch; defaults to now. */
  timestamp?: number;
  retryNum?: number;
  signature?: string;
}

export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

/** POSTs a body to the receiver the way Slack does, signed with the signing secret. */
export async function sendSigned(url: string, body: string, contentType: string, options: SendOptions = {}): Promise<Response> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    "content-type": contentType,
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": options.signature ?? sign(options.secret ?? SIGNING_SECRET, timestamp, body),
  };
  if (options.retryNum !== undefined) {
    headers["x-slack-retry-num"] = String(options.retryNum);
    headers["x-slack-retry-reason"] = "http_timeout";
  }
  return fetch(url, { method: "POST", headers, body });
}

export function eventEnvelope(eventId: string, teamId: string, event: Record<string, unknown>): string {
  return JSON.stringify({
    token: "legacy-verification-token", team_id: teamId, api_app_id: "A1", type: "event_callback",
    event_id: eventId, event_time: Math.floor(Date.now() / 1000), event,
    authorizations: [{ team_id: teamId, user_id: BOT_USER_ID, is_bot: true }],
  });
}

export function slashCommandBody(fields: Record<string, string>): string {
  return new URLSearchParams({
    token: "legacy-verification-token", team_domain: "clinic", api_app_id: "A1",
    response_url: "https://hooks.slack.com/commands/T1/1/x", ...fields,
  }).toString();
}

export function interactionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

let tsSeq = 0;
const msgTs = () => `1700000100.${String(++tsSeq).padStart(6, "0")}`;

const channelTypeOf: Record<string, string> = { dm: "im", private: "group", public: "channel" };

/** The Slack request that carries a neutral event (what Slack would send for it). */
export function wireFor(event: InboundEvent, responseUrl = "https://hooks.slack.com/actions/T1/1/x"): { body: string; contentType: string } {
  const { identity, conversation } = event;
  const channel = conversation.id;
  const thread = conversation.threadId ? { thread_ts: conversation.threadId } : {};
  switch (event.type) {
    case "message": {
      const mention = event.mentioned && conversation.kind !== "dm";
      const slackEvent = mention
        ? { type: "app_mention", user: identity.userId, text: `<@${BOT_USER_ID}> ${escape(event.text)}`, ts: msgTs(), channel, ...thread }
        : { type: "message", channel_type: channelTypeOf[conversation.kind], user: identity.userId, text: escape(event.text), ts: msgTs(), channel, ...thread };
      return { body: eventEnvelope(event.eventId, identity.workspaceId, slackEvent), contentType: "application/json" };
    }
    case "command":
      return {
        body: slashCommandBody({
          team_id: identity.workspaceId, channel_id: channel,
          channel_name: conversation.kind === "dm" ? "directmessage" : conversation.kind === "private" ? "privategroup" : "general",
          user_id: identity.userId, user_name: identity.displayName ?? "someone", command: "/rounds",
          text: `${event.command} ${event.args}`.trim(), trigger_id: event.eventId, response_url: responseUrl,
        }),
        contentType: "application/x-www-form-urlencoded",
      };
    case "action":
      return {
        body: interactionBody({
          type: "block_actions", trigger_id: event.eventId, api_app_id: "A1",
          team: { id: identity.workspaceId, domain: "clinic" },
          user: { id: identity.userId, username: identity.displayName ?? "someone", name: identity.displayName ?? "someone", team_id: identity.workspaceId },
          channel: { id: channel, name: conversation.kind === "dm" ? "directmessage" : conversation.kind === "private" ? "privategroup" : "general" },
          container: { type: "message", message_ts: "1700000000.000001", channel_id: channel, is_ephemeral: false },
          message: { type: "message", ts: "1700000000.000001", ...thread },
          response_url: responseUrl,
          actions: [{ type: "button", action_id: event.actionId, block_id: "b1", value: event.value, action_ts: "1700000200.000001", text: { type: "plain_text", text: "x" } }],
        }),
        contentType: "application/x-www-form-urlencoded",
      };
    case "file":
      throw new Error("use a file_shared or message event with files for file tests");
  }
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Everything a post carried as text: the fallback and the Block Kit texts. */
export function textsOf(call: ApiCall): string[] {
  const out: string[] = [];
  if (typeof call.args.text === "string") out.push(call.args.text);
  const blocks = Array.isArray(call.args.blocks) ? (call.args.blocks as Array<Record<string, unknown>>) : [];
  for (const b of blocks) {
    const t = (b.text as { text?: string } | undefined)?.text;
    if (t) out.push(t);
    for (const e of (b.elements as Array<{ text?: unknown }> | undefined) ?? []) {
      if (typeof e.text === "string") out.push(e.text);
      else if (e.text && typeof (e.text as { text?: unknown }).text === "string") out.push((e.text as { text: string }).text);
    }
  }
  return out;
}
