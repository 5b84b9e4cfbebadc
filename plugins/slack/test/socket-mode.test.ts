// Socket Mode for real over the wire: the channel asks the local Web API for
// a connection (apps.connections.open with the app-level token), opens the
// WebSocket it is given, and receives Slack's envelopes: a slash command, an
// app mention and a button click. Each is acknowledged with its envelope_id,
// and the replies reach the local Web API and response_url.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLogger, type ConversationHandler, type InboundEvent } from "@rounds/core";
import { SlackChannel } from "../src/index.ts";
import { APP_TOKEN, BOT_TOKEN, BOT_USER_ID, FakeSlack, eventEnvelope } from "../src/testing/fake-slack.ts";
import { FakeSocketMode } from "./fake-socket-mode.ts";

let fake: FakeSlack;
let socket: FakeSocketMode;
let channel: SlackChannel | undefined;
const events: InboundEvent[] = [];
const logger = createLogger({ level: "silent" });

beforeEach(async () => {
  events.length = 0;
  fake = new FakeSlack();
  await fake.start();
  socket = new FakeSocketMode();
  fake.socketUrl = await socket.start();
});
afterEach(async () => {
  await channel?.stop();
  channel = undefined;
  await socket.close();
  await fake.close();
});

const replying: ConversationHandler = {
  async handle(event, reply) {
    events.push(event);
    await reply.send({ blocks: [{ type: "text", text: `got ${event.type}` }], visibility: event.type === "command" ? "ephemeral" : "public" });
  },
};

async function until(probe: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("Slack Socket Mode", () => {
  it("connects with the app-level token and handles a slash command, a mention and a click, each acknowledged by envelope_id", async () => {
    fake.addConversation("C1", { is_private: false });
    channel = new SlackChannel({ signingSecret: "", botToken: BOT_TOKEN, appToken: APP_TOKEN, socketMode: true, apiUrl: fake.apiUrl, logger });
    await channel.start(replying);
    await socket.connected();
    const open = fake.calls.find((c) => c.method === "apps.connections.open");
    expect(open?.token).toBe(APP_TOKEN);
    expect(socket.connections[0]).toMatch(/^\/link\/\?ticket=\d+&app_id=A1$/);
    expect(channel.url).toBeUndefined(); // no HTTP listener in Socket Mode

    // A slash command: payload is the command's fields, as JSON.
    const commandAck = await socket.deliver("slash_commands", {
      token: "legacy", team_id: "T1", team_domain: "clinic", channel_id: "C1", channel_name: "general", user_id: "U7", user_name: "ana",
      command: "/rounds", text: "docs list", api_app_id: "A1", response_url: fake.responseUrl("sm-cmd"), trigger_id: "sm-trigger-1",
    });
    expect(commandAck).toEqual({ envelope_id: expect.any(String), payload: {} });
    await until(() => events.length === 1);
    expect(events[0]).toEqual({
      type: "command", eventId: "cmd:sm-trigger-1", command: "docs", args: "list", privateFirst: true,
      identity: { channel: "slack", workspaceId: "T1", userId: "U7", displayName: "ana" }, conversation: { id: "C1", kind: "public" },
    });
    await until(() => fake.posts().length === 1);
    expect(fake.posts()[0]).toMatchObject({ method: "response_url", args: { url: "/response/sm-cmd", response_type: "ephemeral", text: "got command" } });

    // An app mention: the Events API envelope inside an events_api envelope.
    const mentionAck = await socket.deliver("events_api", JSON.parse(eventEnvelope("EvSM1", "T1", {
      type: "app_mention", channel: "C1", user: "U7", text: `<@${BOT_USER_ID}> what is the dose?`, ts: "1700000900.000001",
    })) as Record<string, unknown>);
    expect(mentionAck.envelope_id).toEqual(expect.any(String));
    await until(() => fake.posts().length === 2);
    expect(events[1]).toMatchObject({ type: "message", eventId: "EvSM1", text: "what is the dose?", mentioned: true, conversation: { id: "C1", kind: "public" } });
    expect(fake.posts()[1]).toMatchObject({ method: "chat.postMessage", token: BOT_TOKEN, args: { channel: "C1", thread_ts: "1700000900.000001", text: "got message" } });

    // A button click: interactive envelope with a block_actions payload.
    const clickAck = await socket.deliver("interactive", {
      type: "block_actions", trigger_id: "sm-trigger-2", api_app_id: "A1", team: { id: "T1" }, user: { id: "U7", username: "ana", name: "ana", team_id: "T1" },
      channel: { id: "C1", name: "general" }, container: { type: "message", channel_id: "C1", message_ts: "1700000900.000002" },
      message: { ts: "1700000900.000002" }, response_url: fake.responseUrl("sm-click"),
      actions: [{ type: "button", action_id: "feedback.up", value: "answer-1", block_id: "b", action_ts: "1.1" }],
    });
    expect(clickAck.envelope_id).toEqual(expect.any(String));
    await until(() => events.length === 3);
    expect(events[2]).toMatchObject({ type: "action", eventId: "act:sm-trigger-2", actionId: "feedback.up", value: "answer-1" });
    expect(socket.acks.map((a) => a.envelope_id)).toEqual([commandAck.envelope_id, mentionAck.envelope_id, clickAck.envelope_id]);

    await channel.stop();
    channel = undefined;
    await until(() => socket.open === 0);
  });

  it("acknowledges before the handler finishes", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    channel = new SlackChannel({ signingSecret: "", botToken: BOT_TOKEN, appToken: APP_TOKEN, socketMode: true, apiUrl: fake.apiUrl, logger });
    await channel.start({ async handle(event) { events.push(event); await gate; } });
    await socket.connected();
    const ack = await socket.deliver("events_api", JSON.parse(eventEnvelope("EvSM2", "T1", {
      type: "message", channel_type: "im", channel: "D1", user: "U7", text: "slow", ts: "1700000950.000001",
    })) as Record<string, unknown>);
    expect(ack.envelope_id).toEqual(expect.any(String));
    await until(() => events.length === 1);
    release();
  });

  it("refuses to start without an app-level token, and says why when Slack rejects the token", async () => {
    expect(() => new SlackChannel({ signingSecret: "", botToken: BOT_TOKEN, socketMode: true, apiUrl: fake.apiUrl, logger })).toThrow(/app-level token \(SLACK_APP_TOKEN/);
    channel = new SlackChannel({ signingSecret: "", botToken: BOT_TOKEN, appToken: "xapp-wrong", socketMode: true, apiUrl: fake.apiUrl, logger });
    await expect(channel.start(replying)).rejects.toMatchObject({ code: "UPSTREAM_FAILED", message: expect.stringMatching(/Socket Mode connection/) });
    channel = undefined;
    expect(socket.open).toBe(0);
  });
});
