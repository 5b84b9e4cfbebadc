// A local stand-in for Discord's side: signs interactions with a test
// Ed25519 key, and records the REST calls the channel makes (webhook edits,
// follow-ups, command registration) and serves attachments.
import { generateKeyPairSync, sign } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export const APP_ID = "123456789012345678";
const keys = generateKeyPairSync("ed25519");
export const PUBLIC_KEY_HEX = Buffer.from((keys.publicKey.export({ format: "jwk" }) as { x: string }).x, "base64url").toString("hex");

export function signed(body: string, timestamp = String(Math.floor(Date.now() / 1000))): Record<string, string> {
  const signature = sign(null, Buffer.from(timestamp + body), keys.privateKey).toString("hex");
  return { "content-type": "application/json", "x-signature-ed25519": signature, "x-signature-timestamp": timestamp };
}

export interface RestCall { method: string; path: string; query: string; body: unknown }

export class FakeDiscord {
  readonly calls: RestCall[] = [];
  readonly files = new Map<string, Uint8Array>();
  /** Attachment paths served, in order. */
  readonly downloads: string[] = [];
  /** The message id answered to each call. */
  readonly responses = new Map<RestCall, string>();
  private server: Server | undefined;
  private seq = 1000;
  /** Guild ids the application is in, as `GET /users/@me/guilds` lists them (ascending, paged by `after`/`limit`). */
  guilds: string[] = [];
  /** What `GET /gateway/bot` hands out (a FakeGateway's URL). */
  gatewayUrl = "ws://127.0.0.1:1";

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const [path = "", query = ""] = (req.url ?? "").split("?");
        if (req.method === "GET" && path.startsWith("/attachments/")) {
          const file = this.files.get(path);
          this.downloads.push(path);
          res.writeHead(file ? 200 : 404).end(file ? Buffer.from(file) : undefined);
          return;
        }
        const text = Buffer.concat(chunks).toString("utf8");
        const call: RestCall = { method: req.method ?? "", path, query, body: text ? JSON.parse(text) : undefined };
        this.calls.push(call);
        if (call.method === "GET" && path === "/api/v10/gateway/bot") {
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({
            url: this.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
          }));
          return;
        }
        if (call.method === "GET" && path === "/api/v10/users/@me/guilds") {
          if (!/^Bot \S+/.test(req.headers.authorization ?? "")) {
            res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ message: "401: Unauthorized", code: 0 }));
            return;
          }
          const q = new URLSearchParams(query);
          const after = BigInt(q.get("after") ?? "0");
          const page = [...this.guilds].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)).filter((g) => BigInt(g) > after).slice(0, Number(q.get("limit") ?? "200"));
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(page.map((id) => ({ id, name: `guild ${id}` }))));
          return;
        }
        if (call.method === "POST" && path === "/api/v10/users/@me/channels") {
          const recipient = (call.body as { recipient_id: string }).recipient_id;
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: `DM-${recipient}`, type: 1, recipients: [{ id: recipient }] }));
          return;
        }
        if (call.method === "DELETE") {
          res.writeHead(204).end();
          return;
        }
        const id = String(this.seq++);
        this.responses.set(call, id);
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id, type: 0 }));
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", r));
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  get apiUrl(): string {
    return `${this.origin}/api`;
  }

  webhookCalls(token: string): RestCall[] {
    return this.calls.filter((c) => c.path.includes(`/webhooks/${APP_ID}/${token}`));
  }

  async waitFor(probe: () => boolean, ms = 10_000): Promise<void> {
    const end = Date.now() + ms;
    while (!probe()) {
      if (Date.now() > end) throw new Error(`timed out; calls: ${JSON.stringify(this.calls.map((c) => `${c.method} ${c.path}`))}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async close(): Promise<void> {
    await new Promise<void>((r) => this.server?.close(() => r()));
  }
}

let n = 0;
/**
 * An interaction as Discord sends it: a chat-input command, a message
 * command or a button press, in a server channel, or in a DM (`guild: null`).
 */
export function interaction(kind: "command" | "button" | "message-command", data: Record<string, unknown>, who: { user?: string; guild?: string | null; channel?: string; id?: string } = {}) {
  const id = who.id ?? `9${String(++n).padStart(17, "0")}`;
  const user = { id: who.user ?? "U1", username: "user", global_name: null };
  const channelId = who.channel ?? "C1";
  const place = who.guild === null
    ? { channel_id: channelId, channel: { id: channelId, type: 1 }, user, context: 1 }
    : { guild_id: who.guild ?? "G1", channel_id: channelId, channel: { id: channelId, type: 0 }, member: { user, nick: null }, context: 0 };
  return {
    id, application_id: APP_ID, token: `tok-${id}`, version: 1,
    type: kind === "button" ? 3 : 2,
    ...place,
    data: kind === "button" ? { component_type: 2, ...data } : { type: kind === "message-command" ? 3 : 1, ...data },
  };
}
