/**
 * A local Discord gateway speaking its protocol over a real WebSocket (JSON
 * encoding, no compression): HELLO (op 10) on connect, heartbeat ACKs (op 11)
 * for heartbeats (op 1), READY and GUILD_CREATE dispatches (op 0) after
 * IDENTIFY (op 2), then whatever dispatches a test sends (MESSAGE_CREATE).
 */
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

export const BOT_ID = "100000000000000001";

export interface Identify { token: string; intents: number }

export class FakeGateway {
  private server: WebSocketServer | undefined;
  private readonly sockets = new Set<WebSocket>();
  private seq = 0;
  readonly identified: Identify[] = [];
  readonly heartbeats: number[] = [];
  /** Query strings the client connected with (`v=10&encoding=json`). */
  readonly connections: string[] = [];

  constructor(private readonly guild: { id: string; channels: Array<{ id: string; name: string }> }) {}

  async start(): Promise<string> {
    const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    this.server = server;
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    server.on("connection", (socket, req) => {
      this.sockets.add(socket);
      this.connections.push(req.url ?? "");
      socket.on("close", () => this.sockets.delete(socket));
      socket.on("message", (data) => this.onMessage(socket, JSON.parse((data as Buffer).toString("utf8")) as { op: number; d: unknown }));
      socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 }, s: null, t: null }));
    });
    return `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  private onMessage(socket: WebSocket, message: { op: number; d: unknown }): void {
    if (message.op === 1) {
      this.heartbeats.push(Date.now());
      socket.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
    } else if (message.op === 2) {
      const d = message.d as Identify;
      this.identified.push({ token: d.token, intents: d.intents });
      const url = `ws://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
      this.send(socket, "READY", {
        v: 10, user: { id: BOT_ID, username: "Rounds", discriminator: "0", global_name: null, avatar: null, bot: true, verified: true, flags: 0 },
        guilds: [{ id: this.guild.id, unavailable: true }], session_id: "session-1", resume_gateway_url: url,
        application: { id: "123456789012345678", flags: 0 }, shard: [0, 1], private_channels: [], presences: [], relationships: [], guild_join_requests: [],
      });
      this.send(socket, "GUILD_CREATE", {
        id: this.guild.id, name: "Clinic", icon: null, owner_id: "100000000000000009", afk_channel_id: null, afk_timeout: 300,
        verification_level: 0, default_message_notifications: 0, explicit_content_filter: 0, roles: [], emojis: [], stickers: [], features: [],
        mfa_level: 0, system_channel_id: null, system_channel_flags: 0, rules_channel_id: null, max_members: 500000, vanity_url_code: null,
        description: null, banner: null, premium_tier: 0, premium_subscription_count: 0, preferred_locale: "en-US", public_updates_channel_id: null,
        nsfw_level: 0, premium_progress_bar_enabled: false, joined_at: new Date().toISOString(), large: false, unavailable: false, member_count: 3,
        voice_states: [], members: [], presences: [], threads: [], stage_instances: [], guild_scheduled_events: [],
        channels: this.guild.channels.map((c, i) => ({ id: c.id, type: 0, guild_id: this.guild.id, name: c.name, position: i, permission_overwrites: [], nsfw: false, parent_id: null, topic: null, last_message_id: null, rate_limit_per_user: 0 })),
      });
    }
  }

  private send(socket: WebSocket, t: string, d: unknown): void {
    socket.send(JSON.stringify({ op: 0, t, s: ++this.seq, d }));
  }

  /** Sends a dispatch event to every connected client. */
  dispatch(t: string, d: unknown): void {
    for (const socket of this.sockets) this.send(socket, t, d);
  }

  get open(): number {
    return this.sockets.size;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

let n = 0;
/** A MESSAGE_CREATE payload from a person in a guild channel. */
export function messageCreate(o: { guild: string; channel: string; user: string; content: string; mentionBot?: boolean; attachments?: unknown[] }): Record<string, unknown> {
  const author = { id: o.user, username: "ada", discriminator: "0", global_name: "Ada", avatar: null };
  return {
    id: `3000000000000000${String(++n).padStart(2, "0")}`, channel_id: o.channel, guild_id: o.guild, author,
    member: { roles: [], joined_at: new Date().toISOString(), nick: null, deaf: false, mute: false, flags: 0 },
    content: o.content, timestamp: new Date().toISOString(), edited_timestamp: null, tts: false, mention_everyone: false,
    mentions: o.mentionBot ? [{ id: BOT_ID, username: "Rounds", discriminator: "0", global_name: null, avatar: null, bot: true }] : [],
    mention_roles: [], attachments: o.attachments ?? [], embeds: [], pinned: false, type: 0, flags: 0, components: [],
  };
}
