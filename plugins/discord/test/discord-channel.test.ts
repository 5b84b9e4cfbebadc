// The Discord channel through its real HTTP surface: signed interactions
// (valid, forged, stale), deferred acknowledgement and webhook replies
// received by a local REST server (discord.js REST with its `api` option),
// command registration, and the whole path through the real conversation
// layer and app: attachment ingest, approve, /ask with a Sources embed and
// buttons, a feedback button, a duplicate delivery, an unknown user.
import { readFileSync } from "node:fs";
import { type Actor, createLogger, runCommand } from "@rounds/core";
import { describeChannelConformance } from "@rounds/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../../../bot/src/app/create-app.ts";
import { demoCorpus } from "../../../bot/src/cli/demo.ts";
import { localOperator } from "../../../bot/src/cli/local-operator.ts";
import { waitForJobs } from "../../../bot/src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../../../bot/src/cli/workspace.ts";
import { ConversationLayer } from "../../../bot/src/conversation/conversation-layer.ts";
import { createConversationServices } from "../../../bot/src/conversation/create-conversation-services.ts";
import { cleanupTargets, startApp } from "../../../bot/test/support/test-app.ts";
import { DiscordChannel, commandDefinitions } from "../src/index.ts";
import { APP_ID, FakeDiscord, PUBLIC_KEY_HEX, interaction, signed } from "./fake-discord.ts";

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
      const i = interaction("message-command", { name: "Ask Rounds", target_id: "M1", resolved: { messages: { M1: { id: "M1", content: text } } } });
      const res = await post(channel.url!, i);
      if (res.status !== 200) throw new Error(`receiver answered ${res.status}`);
      await fake.waitFor(() => fake.webhookCalls(i.token).length > 0);
      return fake.webhookCalls(i.token).map((c) => (c.body as { content: string }).content);
    },
    close: () => fake.close(),
  };
});

describe("discord wire", () => {
  let fake: FakeDiscord;
  let channel: DiscordChannel;
  beforeAll(async () => {
    fake = new FakeDiscord();
    await fake.start();
    channel = newChannel(fake, { botToken: "bot-token", registerCommands: true, guildId: "G1" });
    await channel.start({ handle: async () => undefined });
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
});

describe("discord through the conversation layer", () => {
  let app: RoundsApp;
  let admin: Actor;
  let projectId: string;
  let fake: FakeDiscord;
  let channel: DiscordChannel;
  const run = (command: string, args: string) => runCommand(app, command, { actor: admin, projectId, args, visibility: "private" });
  const contents = (token: string) => fake.webhookCalls(token).map((c) => c.body as { content: string; embeds: Array<{ title: string; description: string }>; components: Array<{ components: Array<{ custom_id: string; label: string }> }>; flags?: number });

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
    const first = fake.webhookCalls(upload.token)[0]!;
    expect([first.method, decodeURIComponent(first.path)]).toEqual(["PATCH", `/api/v10/webhooks/${APP_ID}/${upload.token}/messages/@original`]);
    expect(contents(upload.token)[0]!.content).toMatch(/^⏳ Receiving 02-monitoring\.pdf/);
    await fake.waitFor(() => contents(upload.token).some((c) => /02-monitoring\.pdf was received/.test(c.content)));
    await waitForJobs(app);
    const [doc] = await app.store.knowledge.listDocuments({ organizationId: admin.organizationId, projectId });
    await run("docs", `approve ${doc!.id}`);
    await waitForJobs(app);

    const ask = interaction("command", { name: "ask", options: [{ name: "question", type: 3, value: "When should the infusion be paused for blood pressure?" }] }, { user: "U-CLEO", channel: "C1" });
    await post(channel.url!, ask);
    await fake.waitFor(() => contents(ask.token).some((c) => c.embeds.length > 0));
    const answer = contents(ask.token).find((c) => c.embeds.length > 0)!;
    expect(answer.content).toMatch(/180/);
    expect(answer.embeds[0]).toMatchObject({ title: "Sources", description: expect.stringMatching(/^\*\*\[1\]\*\* .*monitoring/i) });
    const buttons = answer.components.flatMap((r) => r.components);
    expect(buttons.map((b) => b.label)).toEqual(["Helpful", "Not helpful"]);

    // The same interaction delivered twice is answered once.
    const before = contents(ask.token).length;
    await post(channel.url!, ask);
    await new Promise((r) => setTimeout(r, 500));
    expect(contents(ask.token).length).toBe(before);

    const up = buttons.find((b) => b.label === "Helpful")!;
    expect(up.custom_id).toMatch(/^feedback\.up\|/);
    const press = interaction("button", { custom_id: up.custom_id }, { user: "U-CLEO", channel: "C1" });
    expect(await (await post(channel.url!, press)).json()).toEqual({ type: 6 });
    await fake.waitFor(() => contents(press.token).length > 0);
    expect(fake.webhookCalls(press.token)[0]!.method).toBe("POST");
    expect(contents(press.token)[0]!.content).toMatch(/thank|feedback|noted/i);
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
