import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLogger, type ConversationHandler, type InboundEvent, type ReplyTarget } from "@rounds/core";
import { describeChannelConformance } from "@rounds/core/testing";
import { SlackChannel } from "../src/index.ts";
import { renderBlocks, type SlackBlock } from "../src/render-blocks.ts";
import {
  BOT_TOKEN, BOT_USER_ID, FakeSlack, SIGNING_SECRET, eventEnvelope, interactionBody, sendSigned, slashCommandBody, textsOf, wireFor,
  type ApiCall,
} from "../src/testing/fake-slack.ts";

interface Harness {
  fake: FakeSlack;
  channel: SlackChannel;
  logs: string[];
  url(): string;
  close(): Promise<void>;
}

async function harness(): Promise<Harness> {
  const fake = new FakeSlack();
  await fake.start();
  const logs: string[] = [];
  const logger = createLogger({ level: "trace", destination: { write: (s: string) => { logs.push(s); } } });
  const channel = new SlackChannel({
    signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, port: 0, host: "127.0.0.1", apiUrl: fake.apiUrl, logger,
  });
  return {
    fake, channel, logs,
    url: () => channel.url ?? "",
    close: async () => {
      await channel.stop();
      await fake.close();
    },
  };
}

/** A handler that records events and lets a test reply from inside it. */
function recorder(onEvent?: (event: InboundEvent, reply: ReplyTarget) => Promise<void>) {
  const events: InboundEvent[] = [];
  const handler: ConversationHandler = {
    async handle(event, reply) {
      events.push(event);
      await onEvent?.(event, reply);
    },
  };
  return { events, handler };
}

async function until<T>(probe: () => T | undefined, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 10));
  }
}

// --------------------------------------------------------------- conformance

describeChannelConformance("slack", async () => {
  const h = await harness();
  return {
    channel: h.channel,
    async drive(event) {
      const before = h.fake.posts().length;
      const { body, contentType } = wireFor(event, h.fake.responseUrl(event.eventId));
      const res = await sendSigned(h.url(), body, contentType);
      if (res.status !== 200) throw new Error(`receiver answered ${res.status}`);
      await h.fake.waitForPosts(before + 1);
      await new Promise((r) => setTimeout(r, 50));
      return h.fake.posts().slice(before).flatMap(textsOf);
    },
    close: async () => {
      await h.fake.close();
    },
  };
});

// --------------------------------------------------------------------- wire

describe("Slack channel over the wire", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(async () => {
    await h.close();
  });

  const dm = (eventId: string, text: string) => eventEnvelope(eventId, "T1", {
    type: "message", channel_type: "im", channel: "D1", user: "U1", text, ts: "1700000300.000001",
  });

  it("verifies the bot token with auth.test at start and sends it on every call", async () => {
    await h.channel.start(recorder().handler);
    expect(h.fake.calls[0]?.method).toBe("auth.test");
    expect(h.fake.calls.every((c) => c.token === BOT_TOKEN)).toBe(true);
  });

  it("answers Slack's URL verification challenge when the Request URL is saved", async () => {
    await h.channel.start(recorder().handler);
    const res = await sendSigned(h.url(), JSON.stringify({ token: "t", challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", type: "url_verification" }), "application/json");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
  });

  it("rejects a bad signature with 401 and never calls the handler", async () => {
    const r = recorder();
    await h.channel.start(r.handler);
    const res = await sendSigned(h.url(), dm("Ev1", "hello"), "application/json", { secret: "wrong-secret" });
    expect(res.status).toBe(401);
    const tampered = await sendSigned(h.url(), dm("Ev1", "hello"), "application/json", { signature: "v0=deadbeef" });
    expect(tampered.status).toBe(401);
    await new Promise((res) => setTimeout(res, 100));
    expect(r.events).toHaveLength(0);
    expect(h.fake.posts()).toHaveLength(0);
  });

  it("rejects an expired signature (older than five minutes) with 401", async () => {
    const r = recorder();
    await h.channel.start(r.handler);
    const res = await sendSigned(h.url(), dm("Ev2", "hello"), "application/json", { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(res.status).toBe(401);
    await new Promise((res) => setTimeout(res, 100));
    expect(r.events).toHaveLength(0);
  });

  it("rejects a signature dated more than five minutes in the future with 401, and takes one within the window", async () => {
    const r = recorder();
    await h.channel.start(r.handler);
    const now = Math.floor(Date.now() / 1000);
    const future = await sendSigned(h.url(), dm("Ev2f", "hello"), "application/json", { timestamp: now + 600 });
    expect(future.status).toBe(401);
    const skewed = await sendSigned(h.url(), dm("Ev2g", "hello"), "application/json", { timestamp: now + 60 });
    expect(skewed.status).toBe(200);
    await new Promise((res) => setTimeout(res, 100));
    expect(r.events.map((e) => e.eventId)).toEqual(["Ev2g"]);
  });

  it("answers a DM once when Slack retries the same event_id", async () => {
    const r = recorder(async (_e, reply) => {
      await reply.send({ blocks: [{ type: "text", text: "hi" }] });
    });
    await h.channel.start(r.handler);
    const first = await sendSigned(h.url(), dm("Ev3", "hello &amp; bye"), "application/json");
    const retry = await sendSigned(h.url(), dm("Ev3", "hello &amp; bye"), "application/json", { retryNum: 1 });
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    await h.fake.waitForPosts(1);
    await new Promise((res) => setTimeout(res, 100));
    expect(r.events).toHaveLength(1);
    expect(h.fake.posts()).toHaveLength(1);
    expect(r.events[0]).toMatchObject({
      type: "message", eventId: "Ev3", text: "hello & bye", mentioned: true,
      identity: { channel: "slack", workspaceId: "T1", userId: "U1" }, conversation: { id: "D1", kind: "dm" },
    });
    // A different delivery is answered.
    await sendSigned(h.url(), dm("Ev4", "again"), "application/json");
    await h.fake.waitForPosts(2);
    expect(r.events.map((e) => e.eventId)).toEqual(["Ev3", "Ev4"]);
  });

  it("acknowledges before the handler finishes", async () => {
    let release!: () => void;
    const gate = new Promise<void>((res) => { release = res; });
    const r = recorder(async () => {
      await gate;
    });
    await h.channel.start(r.handler);
    const res = await sendSigned(h.url(), dm("Ev5", "slow question"), "application/json");
    expect(res.status).toBe(200);
    await until(() => (r.events.length === 1 ? true : undefined));
    release();
  });

  it("turns an @mention in a channel into a message without the mention, answered in the thread", async () => {
    h.fake.addConversation("C9", { is_private: false });
    const r = recorder(async (_e, reply) => {
      await reply.send({ blocks: [{ type: "text", text: "answer" }] });
    });
    await h.channel.start(r.handler);
    await sendSigned(h.url(), eventEnvelope("Ev6", "T1", {
      type: "app_mention", channel: "C9", user: "U2", text: `<@${BOT_USER_ID}> what is the dose?`, ts: "1700000400.000001",
    }), "application/json");
    const [post] = await h.fake.waitForPosts(1);
    expect(r.events[0]).toMatchObject({ type: "message", text: "what is the dose?", mentioned: true, conversation: { id: "C9", kind: "public" } });
    expect(post!.args).toMatchObject({ channel: "C9", thread_ts: "1700000400.000001" });
    // The same message also arrives as message.channels: it is not answered twice.
    await sendSigned(h.url(), eventEnvelope("Ev7", "T1", {
      type: "message", channel_type: "channel", channel: "C9", user: "U2", text: `<@${BOT_USER_ID}> what is the dose?`, ts: "1700000400.000001",
    }), "application/json");
    await new Promise((res) => setTimeout(res, 100));
    expect(r.events).toHaveLength(1);
  });

  it("ignores the bot's own messages and edits", async () => {
    const r = recorder();
    await h.channel.start(r.handler);
    await sendSigned(h.url(), eventEnvelope("Ev8", "T1", { type: "message", channel_type: "im", channel: "D1", user: BOT_USER_ID, bot_id: "BBOT", text: "mine", ts: "1.1" }), "application/json");
    await sendSigned(h.url(), eventEnvelope("Ev9", "T1", { type: "message", subtype: "message_changed", channel_type: "im", channel: "D1", ts: "1.2" }), "application/json");
    await new Promise((res) => setTimeout(res, 100));
    expect(r.events).toHaveLength(0);
  });

  it("maps /rounds <command> <args> to a command event", async () => {
    const r = recorder(async (_e, reply) => {
      await reply.send({ blocks: [{ type: "text", text: "3 documents" }], visibility: "ephemeral" });
    });
    await h.channel.start(r.handler);
    const res = await sendSigned(h.url(), slashCommandBody({
      team_id: "T1", channel_id: "G5", channel_name: "privategroup", user_id: "U3", user_name: "dr.lee",
      command: "/rounds", text: "docs list pending", trigger_id: "13345224609.738474920.8088930838d88f008e0",
      response_url: h.fake.responseUrl("T1/1/cmd"),
    }), "application/x-www-form-urlencoded");
    expect(res.status).toBe(200);
    const [post] = await h.fake.waitForPosts(1);
    expect(r.events[0]).toEqual({
      type: "command", eventId: "cmd:13345224609.738474920.8088930838d88f008e0", command: "docs", args: "list pending", privateFirst: true,
      identity: { channel: "slack", workspaceId: "T1", userId: "U3", displayName: "dr.lee" }, conversation: { id: "G5", kind: "private" },
    });
    // Slack's delayed response: the ephemeral reply goes to the command's response_url (works where the bot is not a member).
    expect(post).toEqual({
      method: "response_url", token: undefined,
      args: { url: "/response/T1/1/cmd", response_type: "ephemeral", replace_original: false, text: "3 documents", blocks: [{ type: "section", text: { type: "mrkdwn", text: "3 documents" } }] },
    });
  });

  it("falls back to chat.postEphemeral once the response_url's five uses are spent", async () => {
    const r = recorder(async (_e, reply) => {
      for (let i = 1; i <= 6; i++) await reply.send({ blocks: [{ type: "text", text: `part ${i}` }], visibility: "ephemeral" });
    });
    await h.channel.start(r.handler);
    await sendSigned(h.url(), slashCommandBody({
      team_id: "T1", channel_id: "G5", channel_name: "privategroup", user_id: "U3", command: "/rounds", text: "docs list", trigger_id: "t-uses",
      response_url: h.fake.responseUrl("T1/1/uses"),
    }), "application/x-www-form-urlencoded");
    const posts = await h.fake.waitForPosts(6);
    expect(posts.map((p) => p.method)).toEqual([...Array(5).fill("response_url"), "chat.postEphemeral"]);
    expect(posts[5]!.args).toMatchObject({ channel: "G5", user: "U3", text: "part 6" });
  });

  it("maps a bare /rounds to help", async () => {
    const r = recorder();
    await h.channel.start(r.handler);
    await sendSigned(h.url(), slashCommandBody({
      team_id: "T1", channel_id: "D1", channel_name: "directmessage", user_id: "U3", command: "/rounds", text: "", trigger_id: "t2",
    }), "application/x-www-form-urlencoded");
    const e = await until(() => r.events[0]);
    expect(e).toMatchObject({ type: "command", command: "help", args: "", conversation: { kind: "dm" } });
  });

  it("round-trips a button's actionId and value through a click", async () => {
    const r = recorder(async (event, reply) => {
      if (event.type === "message") {
        await reply.send({
          blocks: [
            { type: "text", text: "answer" },
            { type: "actions", buttons: [
              { actionId: "feedback.up", label: "Helpful", value: "answer:42", style: "primary" },
              { actionId: "feedback.down", label: "Not helpful", value: "answer:42", style: "danger" },
              { actionId: "docs.approve", label: "Approve a", value: "doc:a" },
              { actionId: "docs.approve", label: "Approve b", value: "doc:b" },
            ] },
          ],
        });
      }
    });
    await h.channel.start(r.handler);
    await sendSigned(h.url(), dm("Ev10", "question"), "application/json");
    const [post] = await h.fake.waitForPosts(1);
    const actions = (post!.args.blocks as SlackBlock[]).find((b) => b.type === "actions");
    if (actions?.type !== "actions") throw new Error("no actions block posted");
    const ids = actions.elements.map((e) => e.action_id);
    expect(new Set(ids).size).toBe(ids.length);
    // Click the second "docs.approve" button, as Slack reports it.
    const clicked = actions.elements[3]!;
    const res = await sendSigned(h.url(), interactionBody({
      type: "block_actions", trigger_id: "trig-1", team: { id: "T1" }, user: { id: "U1", username: "ann", name: "ann", team_id: "T1" },
      channel: { id: "D1", name: "directmessage" }, container: { type: "message", channel_id: "D1", message_ts: "1700000000.000001" },
      message: { ts: "1700000000.000001" },
      actions: [{ type: "button", action_id: clicked.action_id, value: clicked.value, block_id: "b", action_ts: "1.1" }],
    }), "application/x-www-form-urlencoded");
    expect(res.status).toBe(200);
    const click = await until(() => r.events.find((e) => e.type === "action"));
    expect(click).toEqual({
      type: "action", eventId: "act:trig-1", actionId: "docs.approve", value: "doc:b",
      identity: { channel: "slack", workspaceId: "T1", userId: "U1", displayName: "ann" }, conversation: { id: "D1", kind: "dm" },
    });
    expect(actions.elements[0]).toMatchObject({ action_id: "feedback.up", value: "answer:42", style: "primary", text: { type: "plain_text", text: "Helpful" } });
  });

  it("hands over a shared file whose fetch() downloads the bytes with the bot token", async () => {
    const bytes = new TextEncoder().encode("%PDF-1.4 protocol");
    h.fake.addFile({ id: "F1", name: "protocol.pdf", mimetype: "application/pdf", bytes });
    h.fake.addConversation("C7", { is_private: true });
    const fetched: Uint8Array[] = [];
    const r = recorder(async (event) => {
      if (event.type === "file") fetched.push(await event.file.fetch());
    });
    await h.channel.start(r.handler);
    await sendSigned(h.url(), eventEnvelope("Ev11", "T1", {
      type: "file_shared", file_id: "F1", user_id: "U4", channel_id: "C7", file: { id: "F1" }, event_ts: "1.1",
    }), "application/json");
    await until(() => (fetched.length === 1 ? true : undefined));
    expect(r.events[0]).toMatchObject({
      type: "file", eventId: "Ev11", identity: { userId: "U4", workspaceId: "T1" }, conversation: { id: "C7", kind: "private" },
      file: { name: "protocol.pdf", size: bytes.byteLength, mediaType: "application/pdf" },
    });
    expect(Buffer.from(fetched[0]!).toString()).toBe("%PDF-1.4 protocol");
    expect(h.fake.calls.some((c) => c.method === "files.info" && c.args.file === "F1")).toBe(true);
    expect(h.fake.downloads).toEqual([{ fileId: "F1", authorized: true }]);

    // The same file arriving again as a message with files is not handed over twice.
    await sendSigned(h.url(), eventEnvelope("Ev12", "T1", {
      type: "message", subtype: "file_share", channel_type: "group", channel: "C7", user: "U4", text: "", ts: "1.2", files: [h.fake.fileObject("F1")],
    }), "application/json");
    await new Promise((res) => setTimeout(res, 100));
    expect(r.events).toHaveLength(1);
  });

  it("hands over files attached to a message", async () => {
    h.fake.addFile({ id: "F2", name: "notes.txt", mimetype: "text/plain", bytes: new TextEncoder().encode("notes") });
    const fetched: string[] = [];
    const r = recorder(async (event) => {
      if (event.type === "file") fetched.push(Buffer.from(await event.file.fetch()).toString());
    });
    await h.channel.start(r.handler);
    await sendSigned(h.url(), eventEnvelope("Ev13", "T1", {
      type: "message", subtype: "file_share", channel_type: "channel", channel: "C8", user: "U4", text: "", ts: "1.3", files: [h.fake.fileObject("F2")],
    }), "application/json");
    await until(() => (fetched.length === 1 ? true : undefined));
    expect(fetched).toEqual(["notes"]);
    expect(r.events[0]).toMatchObject({ type: "file", eventId: "Ev13:F2", conversation: { id: "C8", kind: "public" }, file: { name: "notes.txt", size: 5 } });
  });

  it("posts with send and edits the same message with update", async () => {
    let result: { messageId: string } | undefined;
    const r = recorder(async (_e, reply) => {
      const sent = await reply.send({ blocks: [{ type: "progress", label: "Searching", fraction: 0.3 }] });
      // Kept before the update: the fake server records the update while `update` is still returning, so an assignment after it raced the assertions.
      result = sent;
      await reply.update(sent.messageId, { blocks: [{ type: "text", text: "final answer" }, { type: "sources", items: [{ n: 1, title: "Protocol", locator: "p. 3" }] }] });
    });
    await h.channel.start(r.handler);
    await sendSigned(h.url(), dm("Ev14", "q"), "application/json");
    const [post, update] = await h.fake.waitForPosts(2);
    expect(post!.method).toBe("chat.postMessage");
    expect(textsOf(post!).join("\n")).toContain("30% · Searching");
    expect(update!.method).toBe("chat.update");
    expect(update!.args).toMatchObject({ channel: "D1", ts: post!.args.ts ?? expect.any(String) });
    expect(result?.messageId).toBe(`D1:${String(update!.args.ts)}`);
    expect(textsOf(update!).join("\n")).toContain("final answer");
    expect(textsOf(update!).join("\n")).toContain("[1] Protocol · p. 3");
  });

  it("keeps ephemeral replies ephemeral in channels and replaces an ephemeral draft by a public answer", async () => {
    h.fake.addConversation("C1", {});
    const r = recorder(async (_e, reply) => {
      const draft = await reply.send({ blocks: [{ type: "text", text: "drafting", tone: "muted" }], visibility: "ephemeral" });
      await reply.update(draft.messageId, { blocks: [{ type: "text", text: "still drafting", tone: "muted" }], visibility: "ephemeral" });
      await reply.update(draft.messageId, { blocks: [{ type: "text", text: "public answer" }], visibility: "public" });
    });
    await h.channel.start(r.handler);
    await sendSigned(h.url(), eventEnvelope("Ev15", "T1", { type: "app_mention", channel: "C1", user: "U5", text: `<@${BOT_USER_ID}> q`, ts: "2.1" }), "application/json");
    const posts = await h.fake.waitForPosts(2);
    await new Promise((res) => setTimeout(res, 100));
    expect(h.fake.posts().map((p: ApiCall) => p.method)).toEqual(["chat.postEphemeral", "chat.postMessage"]);
    expect(posts[0]!.args).toMatchObject({ channel: "C1", user: "U5", thread_ts: "2.1" });
    expect(textsOf(posts[1]!)).toContain("public answer");
  });

  it("never logs message text", async () => {
    const r = recorder(async (_e, reply) => {
      await reply.send({ blocks: [{ type: "text", text: "reply about Jane Roe" }] });
    });
    await h.channel.start(r.handler);
    await sendSigned(h.url(), dm("Ev16", "patient Jane Roe has MRN 12345"), "application/json");
    await h.fake.waitForPosts(1);
    await new Promise((res) => setTimeout(res, 50));
    const all = h.logs.join("\n");
    expect(all).toContain("Ev16");
    expect(all).not.toContain("Jane");
    expect(all).not.toContain("12345");
  });
});

// ---------------------------------------------------------------- rendering

describe("Block Kit rendering", () => {
  it("renders a numbered sources list with safe links", () => {
    const blocks = renderBlocks([{ type: "sources", items: [
      { n: 1, title: "Ketamine <protocol> | v2", locator: "p. 3", url: "https://kb.example/doc/1" },
      { n: 2, title: "Session notes", locator: "Therapist 00:04:12" },
      { n: 3, title: "Bad link", url: "javascript:alert(1)" },
    ] }]);
    expect(blocks).toEqual([{ type: "section", text: { type: "mrkdwn", text:
      "*Sources*\n[1] <https://kb.example/doc/1|Ketamine &lt;protocol&gt; ¦ v2> · p. 3\n[2] Session notes · Therapist 00:04:12\n[3] Bad link" } }]);
  });

  it("renders buttons with unique action ids, styles and capped labels", () => {
    const blocks = renderBlocks([{ type: "actions", buttons: [
      { actionId: "consent.grant", label: "Grant", value: "recording", style: "primary" },
      { actionId: "consent.grant", label: "x".repeat(100), value: "transcription" },
    ] }]);
    expect(blocks).toHaveLength(1);
    const [b] = blocks;
    if (b?.type !== "actions") throw new Error("expected actions");
    expect(b.elements.map((e) => e.action_id)).toEqual(["consent.grant", "consent.grant~1"]);
    expect(b.elements[0]).toEqual({ type: "button", action_id: "consent.grant", text: { type: "plain_text", text: "Grant", emoji: true }, value: "recording", style: "primary" });
    expect(b.elements[1]!.text.text.length).toBeLessThanOrEqual(75);
    expect(b.elements[1]).not.toHaveProperty("style");
  });

  it("renders tones, splits long text and stays within 50 blocks", () => {
    const [warning] = renderBlocks([{ type: "text", text: "careful", tone: "warning" }]);
    expect(warning).toEqual({ type: "section", text: { type: "mrkdwn", text: ":warning: careful" } });
    const [muted] = renderBlocks([{ type: "text", text: "a <b> & c", tone: "muted" }]);
    expect(muted).toEqual({ type: "context", elements: [{ type: "mrkdwn", text: "a &lt;b&gt; &amp; c" }] });
    const long = renderBlocks([{ type: "text", text: "word ".repeat(2000) }]);
    expect(long.length).toBeGreaterThan(1);
    for (const b of long) if (b.type === "section") expect(b.text.text.length).toBeLessThanOrEqual(3000);
    const many = renderBlocks([
      ...Array.from({ length: 60 }, (_, i) => ({ type: "text" as const, text: `line ${i}` })),
      { type: "actions", buttons: [{ actionId: "feedback.up", label: "Up", value: "1" }] },
    ]);
    expect(many).toHaveLength(50);
    expect(many[49]?.type).toBe("actions");
  });

  it("renders progress as a bar", () => {
    expect(renderBlocks([{ type: "progress", label: "Embedding", fraction: 0.5 }])).toEqual([
      { type: "section", text: { type: "mrkdwn", text: "`█████░░░░░` 50% · Embedding" } },
    ]);
  });
});
