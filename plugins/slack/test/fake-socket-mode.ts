/**
 * A local Socket Mode endpoint speaking Slack's protocol over a real
 * WebSocket: on connect it sends `hello`; `deliver` sends an envelope
 * (`envelope_id`, `type`: events_api | slash_commands | interactive,
 * `payload`, `accepts_response_payload`, `retry_attempt`) and resolves with
 * the app's acknowledgement `{ envelope_id, payload? }`.
 */
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

export type EnvelopeType = "events_api" | "slash_commands" | "interactive";

export interface Ack { envelope_id: string; payload?: Record<string, unknown> }

export class FakeSocketMode {
  private server: WebSocketServer | undefined;
  private readonly sockets = new Set<WebSocket>();
  private readonly waiting = new Map<string, (ack: Ack) => void>();
  /** Every acknowledgement received, in order. */
  readonly acks: Ack[] = [];
  /** Request paths the app connected with (the URL apps.connections.open gave). */
  readonly connections: string[] = [];

  async start(): Promise<string> {
    const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    this.server = server;
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    server.on("connection", (socket, req) => {
      this.sockets.add(socket);
      this.connections.push(req.url ?? "");
      socket.on("close", () => this.sockets.delete(socket));
      socket.on("message", (data) => {
        const ack = JSON.parse((data as Buffer).toString("utf8")) as Ack;
        this.acks.push(ack);
        this.waiting.get(ack.envelope_id)?.(ack);
        this.waiting.delete(ack.envelope_id);
      });
      socket.send(JSON.stringify({
        type: "hello", num_connections: this.sockets.size,
        debug_info: { host: "applink-test", build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: "A1" },
      }));
    });
    return `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** Resolves once the app has a connection open. */
  async connected(ms = 5000): Promise<void> {
    const end = Date.now() + ms;
    while (this.sockets.size === 0) {
      if (Date.now() > end) throw new Error("the app did not connect");
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Sends one envelope to every open connection and waits for its acknowledgement. */
  deliver(type: EnvelopeType, payload: Record<string, unknown>, ms = 5000): Promise<Ack> {
    const envelopeId = randomUUID();
    const acked = new Promise<Ack>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ack for ${type} envelope within ${ms} ms`)), ms);
      this.waiting.set(envelopeId, (ack) => {
        clearTimeout(timer);
        resolve(ack);
      });
    });
    const envelope = { envelope_id: envelopeId, type, payload, accepts_response_payload: type !== "events_api", retry_attempt: 0, retry_reason: "" };
    for (const socket of this.sockets) socket.send(JSON.stringify(envelope));
    return acked;
  }

  get open(): number {
    return this.sockets.size;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
