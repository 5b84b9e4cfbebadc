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
  private server: Server | undefined;
  private seq = 1000;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const [path = "", query = ""] = (req.url ?? "").split("?");
        if (req.method === "GET" && path.startsWith("/attachments/")) {
          const file = this.files.get(path);
          res.writeHead(file ? 200 : 404).end(file ? Buffer.from(file) : undefined);
          return;
        }
        const text = Buffer.concat(chunks).toString("utf8");
        this.calls.push({ method: req.method ?? "", path, query, body: text ? JSON.parse(text) : undefined });
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: String(this.seq++), type: 0 }));
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
/** A chat-input or component interaction as Discord sends it. */
export function interaction(kind: "command" | "button" | "message-command", data: Record<string, unknown>, who: { user?: string; guild?: string; channel?: string; id?: string } = {}) {
  const id = who.id ?? `9${String(++n).padStart(17, "0")}`;
  return {
    id, application_id: APP_ID, token: `tok-${id}`, version: 1,
    type: kind === "button" ? 3 : 2,
    guild_id: who.guild ?? "G1", channel_id: who.channel ?? "C1", channel: { id: who.channel ?? "C1", type: 0 },
    member: { user: { id: who.user ?? "U1", username: "user" }, nick: null },
    data: kind === "button" ? { component_type: 2, ...data } : { type: kind === "message-command" ? 3 : 1, ...data },
  };
}
