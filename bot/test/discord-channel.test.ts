// The Discord channel through its real HTTP surface: signed interactions
// (valid, forged, stale), deferred acknowledgement and webhook replies
// received by a local REST server (discord.js REST with its `api` option),
// command registration, and the whole path through the real conversation
// layer and app: attachment ingest, approve, /ask with a Sources embed and
// buttons, a feedback button, a duplicate delivery, an unknown user.
import { readFileSync } from "node:fs";
import { REST } from "discord.js";
import { type Actor, type InboundEvent, type ReplyTarget, createLogger, runCommand } from "@rounds/core";
import { describeChannelConformance } from "@rounds/core/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { demoCorpus } from "../src/cli/demo.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { ConversationLayer } from "../src/conversation/conversation-layer.ts";
import { createConversationServices } from "../src/conversation/create-conversation-services.ts";
import { cleanupTargets, startApp } from "./support/test-app.ts";
import { DiscordChannel, commandDefinitions, registerCommands } from "@rounds/plugin-discord";
import { APP_ID, FakeDiscord, PUBLIC_KEY_HEX, interaction, signed } from "@rounds/plugin-discord/testing";

const logger = createLogger({ level: "silent" });
const newChannel = (fake: FakeDiscord, extra: Partial<ConstructorParameters<typeof DiscordChannel>[0]> = {}) =>
  new DiscordChannel({ publicKey: PUBLIC_KEY_HEX, applicationId: APP_ID, port: 0, host: "127.0.0.1", apiUrl: fake.apiUrl, fileOrigins: [fake.origin], logger, ...extra });
const post = (url: string, body: unknown, headers?: Record<string, string>) => {
  const text = JSON.stringify(body);
  return fetch(url, { method: "POST", body: text, headers: headers ?? signed(text) });
};

describeChannelConformance("discord", async () => {
  const fake = new FakeDiscord();
  await fake.start();
  const channel = newChannel(fake);
  return {
    channel,
    async drive(event) {
      const text = event.type === "message" ? event.text : "";
      const i = interaction("message-command", { name: "Ask Rounds", target_id: "M1", resolved: { messages: { M1: { id: "M1", content: text } } } }, { guild: null, channel: event.conversation.id });
      const res = await post(channel.url!, i);
      if (res.status !== 200) throw new Error(`receiver answered ${res.status}`);
      const texts = () => fake.webhookCalls(i.token).filter((c) => c.body !== undefined).map((c) => (c.body as { content: string }).content);
      await fake.waitFor(() => texts().length > 0);
      return texts();
    },
    close: () => fake.close(),
  };
});

describe("discord wire", () => {
  let fake: FakeDiscord;
  let channel: DiscordChannel;
  const events: InboundEvent[] = [];
  let onEvent: (event: InboundEvent, reply: ReplyTarget) => Promise<void> = async () => undefined;
  beforeAll(async () => {
    fake = new FakeDiscord();
    await fake.start();
    channel = newChannel(fake, { botToken: "bot-token", registerCommands: true, guildId: "G1", maxFileBytes: 1000 });
    await channel.start({ handle: async (event, reply) => { events.push(event); await onEvent(event, reply); } });
  });
  beforeEach(() => {
    events.length = 0;
    onEvent = async () => undefined;
  });
  afterAll(async () => {
    await channel.stop();
    await fake.close();
  });

  it("registers its commands in the guild on start", () => {
    const put = fake.calls.find((c) => c.method === "PUT");
    expect(put?.path).toBe(`/api/v10/applications/${APP_ID}/guilds/G1/commands`);
    expect((put!.body as Array<{ name: string }>).map((c) => c.name)).toEqual(commandDefinitions.map((c) => c.name));
  });

  it("answers PING, and rejects forged, stale or unsigned requests with 401", async () => {
    const ping = await post(channel.url!, { type: 1, id: "1", application_id: APP_ID, token: "t" });
    expect(ping.status).toBe(200);
    expect(await ping.json()).toEqual({ type: 1 });
    const body = JSON.stringify({ type: 1 });
    const forged = { ...signed(body), "x-signature-ed25519": "ab".repeat(64) };
    expect((await post(channel.url!, { type: 1 }, forged)).status).toBe(401);
    expect((await post(channel.url!, { type: 1 }, signed(body, String(Math.floor(Date.now() / 1000) - 3600)))).status).toBe(401);
    expect((await post(channel.url!, { type: 1 }, { "content-type": "application/json" })).status).toBe(401);
    // A valid signature over a different body does not pass either.
    expect((await fetch(channel.url!, { method: "POST", body: JSON.stringify({ type: 2 }), headers: signed(body) })).status).toBe(401);
  });

  it("registers the commands globally with PUT /applications/:id/commands through discord.js REST", async () => {
    const rest = new REST({ version: "10", api: fake.apiUrl }).setToken("bot-token");
    await registerCommands(rest, APP_ID);
    const put = fake.calls.filter((c) => c.method === "PUT").at(-1)!;
    expect(put.path).toBe(`/api/v10/applications/${APP_ID}/commands`);
    expect(put.body).toEqual(commandDefinitions);
    const ask = commandDefinitions.find((c) => c.name === "ask");
    expect(ask).toMatchObject({ type: 1, options: [{ type: 3, name: "question", required: true }] });
    expect(commandDefinitions.find((c) => c.name === "rounds")).toMatchObject({ options: [{ name: "command" }, { name: "args" }, { name: "file", type: 11 }] });
  });

  it("acknowledges a valid signed command with a deferred reply and hands the handler a command event", async () => {
    const i = interaction("command", { name: "rounds", options: [{ name: "command", type: 3, value: "docs" }, { name: "args", type: 3, value: "list pending" }] }, { user: "U7", channel: "C9" });
    const res = await post(channel.url!, i);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ type: 5, data: { flags: 64 } });
    await fake.waitFor(() => events.length === 1);
    expect(events[0]).toEqual({
      type: "command", eventId: i.id, command: "docs", args: "list pending",
      identity: { channel: "discord", workspaceId: "G1", userId: "U7", displayName: "user" }, conversation: { id: "C9", kind: "public" },
    });
  });

  it("in a DM fills the deferred reply, edits it, and posts ephemeral follow-ups with flags 64", async () => {
    let ids: string[] = [];
    onEvent = async (_e, reply) => {
      const first = await reply.send({ blocks: [{ type: "progress", label: "Searching", fraction: 0.5 }] });
      await reply.update(first.messageId, { blocks: [{ type: "text", text: "done" }] });
      const second = await reply.send({ blocks: [{ type: "text", text: "only you", tone: "muted" }], visibility: "ephemeral" });
      ids = [first.messageId, second.messageId];
    };
    const i = interaction("command", { name: "ask", options: [{ name: "question", type: 3, value: "q" }] }, { guild: null, channel: "D1" });
    expect(await (await post(channel.url!, i)).json()).toEqual({ type: 5, data: {} });
    // `ids` is set once the third call's response is back, a moment after the fake recorded it.
    await fake.waitFor(() => fake.webhookCalls(i.token).length === 3 && ids.length === 2);
    const hook = `/api/v10/webhooks/${APP_ID}/${i.token}`;
    expect(fake.webhookCalls(i.token).map((c) => [c.method, decodeURIComponent(c.path), c.body])).toEqual([
      ["PATCH", `${hook}/messages/@original`, { content: "⏳ Searching  ▰▰▰▰▰▱▱▱▱▱ 50%", embeds: [], components: [], allowed_mentions: { parse: [] } }],
      ["PATCH", `${hook}/messages/@original`, { content: "done", embeds: [], components: [], allowed_mentions: { parse: [] } }],
      ["POST", hook, { content: "-# only you", embeds: [], components: [], allowed_mentions: { parse: [] }, flags: 64 }],
    ]);
    expect(events[0]).toMatchObject({ type: "command", command: "ask", args: "q", identity: { workspaceId: "@me", userId: "U1" }, conversation: { id: "D1", kind: "dm" } });
    expect(ids[0]).toBe("@original");
  });

  it("in a server replaces an ephemeral draft by a public follow-up, and later edits go to the public message", async () => {
    onEvent = async (_e, reply) => {
      const draft = await reply.send({ blocks: [{ type: "text", text: "drafting", tone: "muted" }], visibility: "ephemeral" });
      await reply.update(draft.messageId, { blocks: [{ type: "text", text: "answer" }] });
      await reply.update(draft.messageId, { blocks: [{ type: "text", text: "answer, edited" }] });
    };
    const i = interaction("command", { name: "ask", options: [{ name: "question", type: 3, value: "q" }] });
    await post(channel.url!, i);
    await fake.waitFor(() => fake.webhookCalls(i.token).length === 4);
    const hook = `/api/v10/webhooks/${APP_ID}/${i.token}`;
    const calls = fake.webhookCalls(i.token);
    const publicId = fake.responses.get(calls[1]!);
    expect(publicId).toMatch(/^\d+$/);
    expect(calls.map((c) => [c.method, decodeURIComponent(c.path), (c.body as { content?: string } | undefined)?.content])).toEqual([
      ["PATCH", `${hook}/messages/@original`, "-# drafting"],
      ["POST", hook, "answer"],
      ["DELETE", `${hook}/messages/@original`, undefined],
      ["PATCH", `${hook}/messages/${publicId}`, "answer, edited"],
    ]);
  });

  it("downloads attachments only from allowed origins and within the size limit", async () => {
    fake.files.set("/attachments/9/9/a.txt", new TextEncoder().encode("hello"));
    const fetched: Array<string | { code?: string }> = [];
    onEvent = async (event) => {
      if (event.type !== "file") return;
      fetched.push(await event.file.fetch().then((b) => Buffer.from(b).toString(), (e: { code?: string }) => ({ code: e.code })));
    };
    const withFile = (url: string, size: number) => interaction("command", {
      name: "rounds", options: [{ name: "command", type: 3, value: "ingest" }, { name: "file", type: 11, value: "A9" }],
      resolved: { attachments: { A9: { id: "A9", filename: "a.txt", size, url, content_type: "text/plain; charset=utf-8" } } },
    });
    for (const [url, size] of [[`${fake.origin}/attachments/9/9/a.txt`, 5], ["https://evil.example/attachments/9/9/a.txt", 5], [`${fake.origin}/attachments/9/9/a.txt`, 5000]] as const) {
      const before = fetched.length;
      await post(channel.url!, withFile(url, size));
      await fake.waitFor(() => fetched.length > before);
    }
    expect(events[0]).toMatchObject({ type: "file", file: { name: "a.txt", size: 5, mediaType: "text/plain" } });
    expect(fetched).toEqual(["hello", { code: "FORBIDDEN" }, { code: "PAYLOAD_TOO_LARGE" }]);
    expect(fake.downloads).toEqual(["/attachments/9/9/a.txt"]);
  });

  it("answers a button whose value was forgotten with a clear ephemeral message", async () => {
    const res = await post(channel.url!, interaction("button", { custom_id: "~unknownkey" }));
    expect(await res.json()).toEqual({ type: 4, data: { content: "This button has expired; ask again to get a fresh one.", flags: 64 } });
    expect(events).toEqual([]);
  });
});

describe("discord through the conversation layer", () => {
  let app: RoundsApp;
  let admin: Actor;
  let projectId: string;
  let fake: FakeDiscord;
  let channel: DiscordChannel;
  const run = (command: string, args: string) => runCommand(app, command, { actor: admin, projectId, args, visibility: "private" });
  const contents = (token: string) => fake.webhookCalls(token).filter((c) => c.body !== undefined).map((c) => c.body as { content: string; embeds: Array<{ title: string; description: string }>; components: Array<{ components: Array<{ custom_id: string; label: string }> }>; flags?: number });

  beforeAll(async () => {
    app = await startApp({ tier: "embedded", database: { url: "memory://" }, dataDir: `/tmp/rounds-discord-${process.pid}` });
    const ws = await ensureWorkspace(app, { org: "dc", project: "kat" });
    projectId = ws.project.id;
    admin = await localOperator(app, ws.organization.id);
    fake = new FakeDiscord();
    await fake.start();
    channel = newChannel(fake);
    await channel.start(new ConversationLayer(app, createConversationServices(app)));
    await run("channels", "bind discord G1 C-ADMIN --admin --private");
    await run("channels", "bind discord G1 *");
    const ada = (await run("users", "add Ada Admin --role admin")).data as { id: string };
    const cleo = (await run("users", "add Cleo Clinician --role clinician")).data as { id: string };
    await run("users", `link ${ada.id} discord G1 U-ADA`);
    await run("users", `link ${cleo.id} discord G1 U-CLEO`);
  }, 60_000);
  afterAll(async () => {
    await channel?.stop();
    await fake?.close();
    await app?.close();
    await cleanupTargets();
  });

  it("ingests an attachment, answers /ask with a Sources embed and buttons, records feedback, answers a redelivery once", async () => {
    const pdf = new Uint8Array(readFileSync(`${demoCorpus}/02-monitoring.pdf`));
    fake.files.set("/attachments/1/2/02-monitoring.pdf", pdf);
    const upload = interaction("command", {
      name: "rounds", options: [{ name: "command", type: 3, value: "ingest" }, { name: "file", type: 11, value: "A1" }],
      resolved: { attachments: { A1: { id: "A1", filename: "02-monitoring.pdf", size: pdf.length, url: `${fake.origin}/attachments/1/2/02-monitoring.pdf`, content_type: "application/pdf" } } },
    }, { user: "U-ADA", channel: "C-ADMIN" });
    const ack = await post(channel.url!, upload);
    expect(await ack.json()).toEqual({ type: 5, data: { flags: 64 } });
    await fake.waitFor(() => contents(upload.token).length > 0);
    // The ephemeral placeholder is filled and dropped; the public progress is a follow-up, edited in place.
    await fake.waitFor(() => fake.webhookCalls(upload.token).length >= 3);
    expect(fake.webhookCalls(upload.token).slice(0, 3).map((c) => [c.method, decodeURIComponent(c.path), c.query])).toEqual([
      ["PATCH", `/api/v10/webhooks/${APP_ID}/${upload.token}/messages/@original`, ""],
      ["POST", `/api/v10/webhooks/${APP_ID}/${upload.token}`, "wait=true"],
      ["DELETE", `/api/v10/webhooks/${APP_ID}/${upload.token}/messages/@original`, ""],
    ]);
    expect(contents(upload.token)[1]!.content).toMatch(/^⏳ Receiving 02-monitoring\.pdf/);
    await fake.waitFor(() => contents(upload.token).some((c) => /02-monitoring\.pdf was received/.test(c.content)));
    await waitForJobs(app);
    const [doc] = await app.store.knowledge.listDocuments({ organizationId: admin.organizationId, projectId });
    await run("docs", `approve ${doc!.id}`);
    await waitForJobs(app);

    const ask = interaction("command", { name: "ask", options: [{ name: "question", type: 3, value: "When should the infusion be paused for blood pressure?" }] }, { user: "U-CLEO", channel: "C1" });
    expect(await (await post(channel.url!, ask)).json()).toEqual({ type: 5, data: { flags: 64 } });
    await fake.waitFor(() => fake.webhookCalls(ask.token).some((c) => c.method === "DELETE"));
    const calls = fake.webhookCalls(ask.token);
    const answerId = /"feedback\.up:([0-9a-f-]{36})"/.exec(JSON.stringify(calls[1]?.body))?.[1];
    expect(answerId).toBeDefined();
    const hook = `/api/v10/webhooks/${APP_ID}/${ask.token}`;
    // The ephemeral "thinking" reply is filled and dropped; the public answer is a follow-up.
    expect(calls.map((c) => ({ ...c, path: decodeURIComponent(c.path) }))).toEqual([
      { method: "PATCH", path: `${hook}/messages/@original`, query: "", body: { content: "-# Posted in the channel.", embeds: [], components: [], allowed_mentions: { parse: [] } } },
      {
        method: "POST", path: hook, query: "wait=true",
        body: {
          content: "Quoted from your knowledge base (no language model is configured, so this is not a generated answer):\n\n"
            + "> During the infusion Check blood pressure and heart rate every 15 minutes and keep continuous pulse oximetry. Pause the infusion and call the prescriber if systolic pressure exceeds 180 mmHg, diastolic exceeds 110 mmHg, oxygen saturation falls below 92 percent, or the patient shows chest pain or confusion beyond expected dissociation. [1]",
          embeds: [{
            title: "Sources", color: 0x5865f2,
            fields: [
              { name: "[1] Monitoring during and after a ketamine session", value: "p. 3" },
            ],
          }],
          components: [{
            type: 1,
            components: [
              { type: 2, style: 2, label: "Helpful", custom_id: `feedback.up:${answerId}` },
              { type: 2, style: 2, label: "Not helpful", custom_id: `feedback.down:${answerId}` },
            ],
          }],
          allowed_mentions: { parse: [] },
        },
      },
      { method: "DELETE", path: `${hook}/messages/@original`, query: "", body: undefined },
    ]);

    // The same interaction delivered twice is acknowledged again but answered once.
    const ackAgain = await post(channel.url!, ask);
    expect(ackAgain.status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(fake.webhookCalls(ask.token)).toHaveLength(3);

    const press = interaction("button", { custom_id: `feedback.up:${answerId}` }, { user: "U-CLEO", channel: "C1" });
    expect(await (await post(channel.url!, press)).json()).toEqual({ type: 6 });
    await fake.waitFor(() => contents(press.token).length > 0);
    const [thanks] = fake.webhookCalls(press.token);
    expect([thanks!.method, decodeURIComponent(thanks!.path), thanks!.query]).toEqual(["POST", `/api/v10/webhooks/${APP_ID}/${press.token}`, "wait=true"]);
    expect(contents(press.token)[0]!.content).toMatch(/feedback was recorded/i);
  }, 120_000);

  it("tells an unknown user what to do, and shares no knowledge", async () => {
    const ask = interaction("command", { name: "ask", options: [{ name: "question", type: 3, value: "When should the infusion be paused?" }] }, { user: "U-STRANGER", channel: "C1" });
    await post(channel.url!, ask);
    await fake.waitFor(() => contents(ask.token).length > 0);
    const reply = contents(ask.token)[0]!;
    expect(reply.content).toMatch(/don't know you|not linked|ask an admin/i);
    expect(reply.embeds).toEqual([]);
    expect(reply.content).not.toMatch(/180/);
  });
});
