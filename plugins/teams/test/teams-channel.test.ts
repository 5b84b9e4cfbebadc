import { afterEach, describe, expect, it } from "vitest";
import { Writable } from "node:stream";
import { generateKeyPairSync } from "node:crypto";
import { createLogger, type ConversationHandler, type InboundEvent, type OutboundMessage } from "@rounds/core";
import { describeChannelConformance } from "@rounds/core/testing";
import { TeamsChannel, type TeamsChannelOptions } from "../src/index.ts";
import { cardOf, cardTexts, startFakeConnector } from "../src/testing/fake-connector.ts";
import { activityForEvent, channelId, nextId, post, teamsActivity, tenantId } from "../src/testing/helpers.ts";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function setup(options: TeamsChannelOptions = {}, handler?: ConversationHandler) {
  const connector = await startFakeConnector();
  const channel = new TeamsChannel({ port: 0, ...options });
  const events: InboundEvent[] = [];
  await channel.start(handler ?? { async handle(event) { events.push(event); } });
  cleanups.push(async () => {
    await channel.stop();
    await connector.close();
  });
  return { connector, channel, events };
}

describeChannelConformance("teams", async () => {
  const connector = await startFakeConnector();
  const channel = new TeamsChannel({ port: 0 });
  return {
    channel,
    async drive(event) {
      const before = connector.posted.length + connector.updates.length;
      const res = await post(channel.url, activityForEvent(connector, event));
      if (res.status !== 200) throw new Error(`receiver answered ${res.status}`);
      await channel.idle();
      return [...connector.posted, ...connector.updates].slice(before).flatMap((p) => cardTexts(p.activity));
    },
    close: () => connector.close(),
  };
});

describe("Teams channel: inbound", () => {
  it("maps a channel mention to a message event without the <at> mention", async () => {
    const { connector, channel, events } = await setup();
    const activity = teamsActivity(connector, { kind: "public", mention: true, text: "what is the ketamine dose?" });
    expect((await post(channel.url, activity)).status).toBe(200);
    await channel.idle();
    expect(events).toEqual([{
      type: "message", eventId: activity.id, text: "what is the ketamine dose?", mentioned: true,
      identity: { channel: "teams", workspaceId: tenantId, userId: "aad-user-1", displayName: "Dr Ada Lovelace" },
      conversation: { id: channelId, kind: "public", threadId: activity.id },
    }]);
  });

  it("marks channel messages without a mention as not addressed, and DMs as addressed", async () => {
    const { connector, channel, events } = await setup();
    await post(channel.url, teamsActivity(connector, { kind: "public", text: "lunch at noon?" }));
    await post(channel.url, teamsActivity(connector, { kind: "dm", text: "hello there" }));
    await post(channel.url, teamsActivity(connector, { kind: "private", text: "group question", mention: true }));
    await channel.idle();
    expect(events.map((e) => e.type === "message" && [e.conversation.kind, e.mentioned, e.text])).toEqual([
      ["public", false, "lunch at noon?"], ["dm", true, "hello there"], ["private", true, "group question"],
    ]);
  });

  it("acknowledges before the handler finishes", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    let finished = false;
    const { connector, channel } = await setup({}, {
      async handle(_event, reply) {
        await gate;
        await reply.send({ blocks: [{ type: "text", text: "done" }] });
        finished = true;
      },
    });
    const res = await post(channel.url, teamsActivity(connector, { text: "slow question" }));
    expect(res.status).toBe(200);
    expect(finished).toBe(false);
    release();
    await channel.idle();
    expect(finished).toBe(true);
    expect(cardTexts(connector.posted[0]!.activity)).toContain("done");
  });

  it("handles a redelivered activity once, with the activity id as eventId", async () => {
    const { connector, channel, events } = await setup();
    const activity = teamsActivity(connector, { text: "same delivery" });
    expect((await post(channel.url, activity)).status).toBe(200);
    expect((await post(channel.url, activity)).status).toBe(200);
    await channel.idle();
    expect(events).toHaveLength(1);
    expect(events[0]!.eventId).toBe(activity.id);
  });

  it("turns /commands and known command words into command events", async () => {
    const { connector, channel, events } = await setup();
    await post(channel.url, teamsActivity(connector, { text: "/docs list pending" }));
    await post(channel.url, teamsActivity(connector, { kind: "public", mention: true, text: "train --dry-run" }));
    await post(channel.url, teamsActivity(connector, { text: "Model status" }));
    await post(channel.url, teamsActivity(connector, { text: "dosing for adults" }));
    await channel.idle();
    expect(events.map((e) => (e.type === "command" ? `${e.command}|${e.args}` : e.type))).toEqual([
      "docs|list pending", "train|--dry-run", "model|status", "message",
    ]);
  });

  it("downloads a shared file's bytes from its downloadUrl", async () => {
    const { connector, channel, events } = await setup();
    const bytes = new TextEncoder().encode("Ketamine protocol v2\nMonitor blood pressure.");
    connector.files.set("protocol.txt", bytes);
    const activity = teamsActivity(connector, {
      text: "",
      attachments: [{
        contentType: "application/vnd.microsoft.teams.file.download.info", name: "protocol.txt",
        contentUrl: "https://contoso.sharepoint.com/personal/ada/Documents/protocol.txt",
        content: { downloadUrl: `${connector.url}/files/protocol.txt`, uniqueId: "1150D938-8870-4044-9F2C-5BBDEBA70C9D", fileType: "txt" },
      }],
    });
    await post(channel.url, activity);
    await channel.idle();
    const event = events[0];
    expect(event?.type).toBe("file");
    if (event?.type !== "file") return;
    expect(event.eventId).toBe(activity.id);
    expect(event.file.name).toBe("protocol.txt");
    expect(event.file.mediaType).toBe("text/plain");
    expect(await event.file.fetch()).toEqual(bytes);
  });

  it("refuses to download a file larger than maxFileBytes", async () => {
    const { connector, channel, events } = await setup({ maxFileBytes: 10 });
    connector.files.set("big.pdf", new Uint8Array(100));
    await post(channel.url, teamsActivity(connector, {
      attachments: [{ contentType: "application/vnd.microsoft.teams.file.download.info", name: "big.pdf", content: { downloadUrl: `${connector.url}/files/big.pdf`, fileType: "pdf" } }],
    }));
    await channel.idle();
    const event = events[0];
    if (event?.type !== "file") throw new Error("expected a file event");
    await expect(event.file.fetch()).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
  });

  it("ignores activities Rounds does not act on", async () => {
    const { connector, channel, events } = await setup();
    expect((await post(channel.url, teamsActivity(connector, { type: "conversationUpdate" }))).status).toBe(200);
    expect((await post(channel.url, teamsActivity(connector, { type: "typing" }))).status).toBe(200);
    expect((await post(channel.url, { nonsense: true })).status).toBe(400);
    expect((await fetch(channel.url)).status).toBe(405);
    expect((await post(channel.url.replace("/api/messages", "/other"), {})).status).toBe(404);
    await channel.idle();
    expect(events).toEqual([]);
  });
});

describe("Teams channel: replies", () => {
  it("renders text, sources and buttons as an Adaptive Card with a plain-text summary", async () => {
    const message: OutboundMessage = {
      blocks: [
        { type: "text", text: "Start at 0.5 mg/kg over 40 minutes [1][2]." },
        { type: "sources", items: [
          { n: 1, title: "Ketamine protocol", locator: "p. 3", url: "https://example.org/protocol.pdf" },
          { n: 2, title: "Session 12 transcript", locator: "Therapist 00:04:12" },
        ] },
        { type: "actions", buttons: [
          { actionId: "feedback.up", label: "Helpful", value: "ans-1", style: "primary" },
          { actionId: "feedback.down", label: "Not helpful", value: "ans-1", style: "danger" },
        ] },
        { type: "text", text: "Check contraindications.", tone: "warning" },
      ],
    };
    const { connector, channel } = await setup({}, { async handle(_e, reply) { await reply.send(message); } });
    await post(channel.url, teamsActivity(connector, { text: "dose?" }));
    await channel.idle();
    const sent = connector.posted[0]!;
    expect(sent.conversationId).toBe("a:dm-aad-user-1");
    const card = cardOf(sent.activity);
    expect(card.type).toBe("AdaptiveCard");
    expect(card.version).toBe("1.4");
    const body = card.body as Array<Record<string, unknown>>;
    expect(body.map((b) => b.text ?? b.type)).toEqual([
      "Start at 0.5 mg/kg over 40 minutes [1][2].",
      "Sources",
      "[1] [Ketamine protocol](https://example.org/protocol.pdf) — p. 3",
      "[2] Session 12 transcript — Therapist 00:04:12",
      "ActionSet",
      "Check contraindications.",
    ]);
    expect(body[5]).toMatchObject({ color: "Warning" });
    expect((body[4]!.actions as unknown[])).toEqual([
      { type: "Action.Submit", title: "Helpful", data: { actionId: "feedback.up", value: "ans-1" }, style: "positive" },
      { type: "Action.Submit", title: "Not helpful", data: { actionId: "feedback.down", value: "ans-1" }, style: "destructive" },
    ]);
    expect(sent.activity.summary).toContain("[1] Ketamine protocol — p. 3 <https://example.org/protocol.pdf>");
    expect(card.fallbackText).toBe(sent.activity.summary);
  });

  it("round-trips a button click (Action.Submit and adaptiveCard/action invoke) as an action event", async () => {
    const events: InboundEvent[] = [];
    const { connector, channel } = await setup({}, {
      async handle(event, reply) {
        events.push(event);
        if (event.type === "message") {
          await reply.send({ blocks: [{ type: "text", text: "Approve?" }, { type: "actions", buttons: [{ actionId: "docs.approve", label: "Approve", value: "doc-42" }] }] });
        }
      },
    });
    await post(channel.url, teamsActivity(connector, { kind: "public", mention: true, text: "anything new?" }));
    await channel.idle();
    const card = cardOf(connector.posted[0]!.activity);
    const actionSet = (card.body as Array<Record<string, unknown>>).find((b) => b.type === "ActionSet")!;
    const data = (actionSet.actions as Array<{ data: unknown }>)[0]!.data;

    // Action.Submit in a bot card: Teams posts a message activity whose value is the data.
    const click = teamsActivity(connector, { kind: "public", value: data });
    expect((await post(channel.url, click)).status).toBe(200);
    // Action.Execute (universal actions) arrives as an invoke that expects an invoke response.
    const invoke = teamsActivity(connector, { kind: "public", type: "invoke", name: "adaptiveCard/action", value: { action: { type: "Action.Execute", verb: "docs.approve", data } } });
    const invokeRes = await post(channel.url, invoke);
    expect(invokeRes.status).toBe(200);
    expect(JSON.parse(invokeRes.body)).toMatchObject({ statusCode: 200 });
    await channel.idle();
    expect(events.slice(1)).toEqual([
      { type: "action", eventId: click.id, actionId: "docs.approve", value: "doc-42", identity: expect.objectContaining({ userId: "aad-user-1" }), conversation: expect.objectContaining({ id: channelId, kind: "public" }) },
      { type: "action", eventId: invoke.id, actionId: "docs.approve", value: "doc-42", identity: expect.objectContaining({ userId: "aad-user-1" }), conversation: expect.objectContaining({ id: channelId, kind: "public" }) },
    ]);
  });

  it("update edits the posted message in place (progress, then the answer)", async () => {
    const { connector, channel } = await setup({}, {
      async handle(_e, reply) {
        const { messageId } = await reply.send({ blocks: [{ type: "progress", label: "Reading protocol.pdf", fraction: 0.4 }] });
        await reply.update(messageId, { blocks: [{ type: "text", text: "protocol.pdf is ready." }] });
      },
    });
    await post(channel.url, teamsActivity(connector, { kind: "public", mention: true, text: "status" }));
    await channel.idle();
    expect(connector.posted).toHaveLength(1);
    expect(cardTexts(connector.posted[0]!.activity)[0]).toBe("⏳ Reading protocol.pdf ▓▓▓▓░░░░░░ 40%");
    expect(connector.updates).toHaveLength(1);
    const update = connector.updates[0]!;
    expect(update.activityId).toBe(connector.posted[0]!.activityId);
    expect(update.conversationId).toBe(connector.posted[0]!.conversationId);
    expect(update.activity.id).toBe(update.activityId);
    expect(cardTexts(update.activity)).toContain("protocol.pdf is ready.");
  });

  it("sends ephemeral replies in a channel to the asker's 1:1 chat, and updates them there", async () => {
    const { connector, channel } = await setup({}, {
      async handle(_e, reply) {
        const { messageId } = await reply.send({ blocks: [{ type: "text", text: "private draft …", tone: "muted" }], visibility: "ephemeral" });
        await reply.update(messageId, { blocks: [{ type: "text", text: "private answer" }], visibility: "ephemeral" });
      },
    });
    await post(channel.url, teamsActivity(connector, { kind: "public", mention: true, text: "about patient P-1" }));
    await channel.idle();
    expect(connector.created).toHaveLength(1);
    expect(connector.created[0]).toMatchObject({ isGroup: false, members: [{ id: "29:aad-user-1" }], tenantId });
    expect(connector.posted).toHaveLength(1);
    expect(connector.posted[0]!.conversationId).toMatch(/^a:private-/);
    expect(connector.updates[0]!.conversationId).toBe(connector.posted[0]!.conversationId);
    expect(cardTexts(connector.updates[0]!.activity)).toContain("private answer");
  });

  it("a reply the Bot Connector refuses fails where it is made, with the HTTP status and no message text", async () => {
    const failures: unknown[] = [];
    const { connector, channel } = await setup({}, {
      async handle(_e, reply) {
        await reply.update("m-unknown", { blocks: [{ type: "text", text: "Answer about Jane Roe" }] }).catch((e: unknown) => failures.push(e));
      },
    });
    await post(channel.url, teamsActivity(connector, { text: "hi" }));
    await channel.idle();
    expect(connector.requests.some((r) => r.method === "PUT" && r.path.endsWith("/activities/m-unknown"))).toBe(true);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ code: "UPSTREAM_FAILED", message: expect.stringContaining("HTTP 404") });
    expect((failures[0] as Error).message).not.toContain("Jane Roe");
    // The SDK's default turn-error handler would have told the user "The agent encountered an error".
    expect(connector.posted).toEqual([]);
  });

  it("sends outgoing calls to apiUrl instead of the activity's serviceUrl", async () => {
    const connector = await startFakeConnector();
    const channel = new TeamsChannel({ port: 0, apiUrl: connector.url });
    await channel.start({ async handle(_e, reply) { await reply.send({ blocks: [{ type: "text", text: "routed" }] }); } });
    cleanups.push(async () => { await channel.stop(); await connector.close(); });
    await post(channel.url, teamsActivity(connector, { text: "hi", serviceUrl: "https://smba.trafficmanager.net/emea/" }));
    await channel.idle();
    expect(cardTexts(connector.posted[0]!.activity)).toContain("routed");
  });

  it("never logs message text, only ids", async () => {
    let logs = "";
    const destination = new Writable({ write(chunk, _enc, cb) { logs += String(chunk); cb(); } });
    const logger = createLogger({ level: "trace", destination });
    const { connector, channel } = await setup({ logger }, {
      async handle(_e, reply) {
        const { messageId } = await reply.send({ blocks: [{ type: "text", text: "Answer about Jane Roe" }] });
        await reply.update(messageId, { blocks: [{ type: "text", text: "Final answer about Jane Roe" }] });
        throw new Error("boom with Jane Roe in it");
      },
    });
    const activity = teamsActivity(connector, { text: "Does Jane Roe need a dose change?" });
    await post(channel.url, activity);
    await channel.idle();
    expect(logs).toContain(String(activity.id));
    expect(logs).not.toMatch(/Jane Roe|dose change/);
  });
});

describe("Teams channel: Bot Framework authentication", () => {
  const appId = "00000000-0000-0000-0000-0000000000aa";

  async function secured() {
    const connector = await startFakeConnector();
    const events: InboundEvent[] = [];
    const channel = new TeamsChannel({
      port: 0, appId, appPassword: "client-secret", tenantId,
      tokenAuthority: connector.authority, tokenIssuer: connector.issuer,
    });
    await channel.start({ async handle(event) { events.push(event); } });
    cleanups.push(async () => { await channel.stop(); await connector.close(); });
    const claims = { aud: appId, serviceurl: connector.serviceUrl };
    return { connector, channel, events, claims };
  }

  it("accepts an activity with a correctly signed connector token", async () => {
    const { connector, channel, events, claims } = await secured();
    const activity = teamsActivity(connector, { text: "signed hello" });
    const res = await post(channel.url, activity, { authorization: `Bearer ${connector.sign(claims)}` });
    expect(res.status).toBe(200);
    await channel.idle();
    expect(events.map((e) => e.eventId)).toEqual([activity.id]);
    // The Agents SDK checked the signature against the keys the (fake) authority publishes for the tenant.
    expect(connector.requests.map((r) => r.path)).toContain(`/${tenantId}/discovery/v2.0/keys`);
  });

  it("rejects missing, unsigned, wrongly signed, expired and misaddressed tokens with 401 and never calls the handler", async () => {
    const { connector, channel, events, claims } = await secured();
    const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    const [head = "", payload = ""] = connector.sign(claims).split(".");
    const cases: Record<string, Record<string, string>> = {
      missing: {},
      garbage: { authorization: "Bearer not-a-jwt" },
      unsigned: { authorization: `Bearer ${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${payload}.` },
      "bad signature": { authorization: `Bearer ${connector.sign(claims, { key: stranger })}` },
      "tampered payload": { authorization: `Bearer ${head}.${Buffer.from(JSON.stringify({ ...claims, aud: appId, iss: connector.issuer, exp: 9999999999 })).toString("base64url")}.${connector.sign(claims).split(".")[2]}` },
      expired: { authorization: `Bearer ${connector.sign(claims, { expiresIn: -3600 })}` },
      "wrong audience": { authorization: `Bearer ${connector.sign({ ...claims, aud: "another-bot" })}` },
      "wrong issuer": { authorization: `Bearer ${connector.sign({ ...claims, iss: "https://evil.example" })}` },
      "serviceUrl mismatch": { authorization: `Bearer ${connector.sign({ ...claims, serviceurl: "https://evil.example/" })}` },
      "unknown key": { authorization: `Bearer ${connector.sign(claims, { kid: "no-such-key" })}` },
    };
    for (const [name, headers] of Object.entries(cases)) {
      const res = await post(channel.url, teamsActivity(connector, { id: nextId(), text: `attack: ${name}` }), headers);
      expect(res.status, name).toBe(401);
    }
    await channel.idle();
    expect(events).toEqual([]);
    expect(connector.posted).toEqual([]);
  });

  it("refuses to start with an app id but no secret, or without an app id in production", async () => {
    await expect(new TeamsChannel({ port: 0, appId, tenantId }).start({ async handle() {} })).rejects.toMatchObject({ code: "CONFIG_INVALID", message: expect.stringContaining("TEAMS_APP_PASSWORD") });
    const before = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    try {
      const channel = new TeamsChannel({ port: 0 });
      await expect(channel.start({ async handle() {} })).rejects.toMatchObject({ code: "CONFIG_INVALID", message: expect.stringContaining("TEAMS_APP_ID") });
      expect(() => channel.url).toThrow(/not started/);
    } finally {
      process.env.NODE_ENV = before;
    }
  });
});
