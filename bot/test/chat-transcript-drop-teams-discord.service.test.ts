// A session transcript dropped into an admin channel through Teams' and
// Discord's receivers, on both tiers, as the Slack test does for Slack
// (chat-transcript-drop.service.test.ts): the text posted with the file names
// the patient and the transcript is stored as that patient's private
// material; a drop that names no patient is refused with how to name one and
// nothing is stored. Teams: a signed activity from the (fake) Bot Connector,
// the file read through (fake) Microsoft Graph. Discord: a signed
// interaction (`/rounds command:ingest args:--patient … file:…`, or the
// "Add to Rounds" message command on a message whose text names the patient),
// the attachment served by a local fake of Discord's CDN.
import { randomUUID } from "node:crypto";
import { type Actor, createLogger, runCommand } from "@rounds/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DiscordChannel } from "@rounds/plugin-discord";
import { APP_ID, FakeDiscord, PUBLIC_KEY_HEX, interaction, signed } from "@rounds/plugin-discord/testing";
import { TeamsChannel } from "@rounds/plugin-teams";
import { cardTexts, fileMessageActivity, post, startFakeConnector, startFakeMicrosoft, teamGroupId, tenantId } from "@rounds/plugin-teams/testing";
import type { RoundsApp } from "../src/app/create-app.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { ConversationLayer } from "../src/conversation/conversation-layer.ts";
import { createConversationServices } from "../src/conversation/create-conversation-services.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";

const vtt = (tag: string) => new TextEncoder().encode(`WEBVTT\n\n00:00:00.000 --> 00:00:09.000\n<v Therapist>How has the week been, ${tag}?\n\n00:00:10.000 --> 00:00:19.000\n<v Client>Better than last week, I slept most nights.\n`);
const adminChannel = "19:drop-admins@thread.tacv2";

afterAll(() => cleanupTargets());

describe.each(appTargets())("transcripts dropped into a Teams or Discord admin channel ($name)", (target) => {
  let app: RoundsApp;
  let projectId: string;
  let organizationId: string;
  let patientId: string;
  let layer: ConversationLayer;
  const stops: Array<() => Promise<void>> = [];
  let seq = 0;

  beforeAll(async () => {
    app = await startApp(await target.environment());
    const ws = await ensureWorkspace(app, { org: "drop-clinic-td", project: "kat" });
    projectId = ws.project.id;
    organizationId = ws.organization.id;
    const operator: Actor = await localOperator(app, organizationId);
    const run = (command: string, args: string) => runCommand(app, command, { actor: operator, projectId, args, visibility: "private" });
    const ada = (await run("users", "add Ada Admin --role admin")).data as { id: string };
    await run("users", `link ${ada.id} teams ${tenantId} aad-ada`);
    await run("users", `link ${ada.id} discord G1 U-ADA`);
    await run("channels", `bind teams ${tenantId} ${adminChannel} --admin --private`);
    await run("channels", "bind discord G1 C-ADMIN --admin --private");
    patientId = (await app.store.identity.createPatient({ organizationId, displayName: "Patient T", externalRef: "PT-6" })).id;
    await run("consent", `grant ${patientId} recording`);
    layer = new ConversationLayer(app, createConversationServices(app));
  }, 120_000);
  afterAll(async () => {
    for (const stop of stops.splice(0)) await stop();
    await app?.close();
  });

  const stored = async (fileName: string) => (await app.store.knowledge.listDocuments({ organizationId, projectId })).find((d) => d.fileName === fileName);

  describe("Teams", () => {
    let drop: (text: string) => Promise<{ fileName: string; said: string }>;
    beforeAll(async () => {
      const appId = randomUUID();
      const connector = await startFakeConnector();
      const microsoft = await startFakeMicrosoft({ tenantId, clientId: appId, clientSecret: `secret-${randomUUID()}` });
      const channel = new TeamsChannel({
        port: 0, appId, appPassword: microsoft.clientSecret, tenantId, tokenAuthority: connector.authority, tokenIssuer: connector.issuer,
        graphUrl: microsoft.graphUrl, authorityHost: microsoft.authorityHost, authorityAgentOptions: { ca: microsoft.ca }, logger: createLogger({ level: "silent" }),
      });
      await channel.start(layer);
      stops.push(async () => { await channel.stop(); await connector.close(); await microsoft.close(); });
      /** Drops a new transcript with `text` posted with it (after the bot's mention); resolves with the final text of every message the bot posted. */
      drop = async (text: string) => {
        const fileName = `teams-session-${++seq}.vtt`;
        const added = [microsoft.addFile(fileName, vtt(`teams ${seq}`))];
        const activity = fileMessageActivity(connector, added, { userId: "aad-ada", conversationId: adminChannel, text });
        microsoft.addChannelMessage({ groupId: teamGroupId, channelId: adminChannel, messageId: String(activity.id), files: added });
        const before = connector.posted.length;
        const res = await post(channel.url, activity, { authorization: `Bearer ${connector.sign({ aud: appId, serviceurl: connector.serviceUrl })}` });
        expect(res.status).toBe(200);
        await channel.idle();
        const said = connector.posted.slice(before).map((p) => cardTexts([p, ...connector.updates.filter((u) => u.activityId === p.activityId)].at(-1)!.activity).join("\n")).join("\n");
        return { fileName, said };
      };
    }, 60_000);

    it("a drop whose message says \"patient: <reference>\" is stored as that patient's private transcript", async () => {
      const { fileName, said } = await drop("patient: PT-6");
      expect(said).toMatch(new RegExp(`${fileName} was received`));
      expect(await stored(fileName)).toMatchObject({ patientId, visibility: "private", kind: "transcript" });
    }, 60_000);

    it("the command spelling \"ingest --patient <id>\" works too", async () => {
      const { fileName, said } = await drop(`ingest --patient ${patientId}`);
      expect(said).toMatch(new RegExp(`${fileName} was received`));
      expect(await stored(fileName)).toMatchObject({ patientId, visibility: "private" });
    }, 60_000);

    it("a drop that names no patient is refused with how to name one, and nothing is stored", async () => {
      const { fileName, said } = await drop("here is Tuesday's session");
      expect(said).toMatch(/drop it again with the message "patient: <id or reference>"/);
      expect(await stored(fileName)).toBeUndefined();
    }, 60_000);
  });

  describe("Discord", () => {
    let fake: FakeDiscord;
    let channel: DiscordChannel;
    beforeAll(async () => {
      fake = new FakeDiscord();
      await fake.start();
      channel = new DiscordChannel({ publicKey: PUBLIC_KEY_HEX, applicationId: APP_ID, port: 0, host: "127.0.0.1", apiUrl: fake.apiUrl, fileOrigins: [fake.origin], logger: createLogger({ level: "silent" }) });
      await channel.start(layer);
      stops.push(async () => { await channel.stop(); await fake.close(); });
    }, 60_000);

    /** A new transcript as an attachment of the interaction `make` builds; resolves with everything the bot said once it says `until` (or after 20 s). */
    async function drop(make: (attachment: Record<string, unknown>) => ReturnType<typeof interaction>, until: RegExp): Promise<{ fileName: string; said: string }> {
      const n = ++seq;
      const fileName = `discord-session-${n}.vtt`;
      const bytes = vtt(`discord ${n}`);
      fake.files.set(`/attachments/7/${n}/${fileName}`, bytes);
      const i = make({ id: `A${n}`, filename: fileName, size: bytes.length, url: `${fake.origin}/attachments/7/${n}/${fileName}`, content_type: "text/vtt" });
      const body = JSON.stringify(i);
      const res = await fetch(channel.url!, { method: "POST", body, headers: signed(body) });
      expect(res.status).toBe(200);
      const said = () => fake.webhookCalls(i.token).map((c) => (c.body as { content?: string } | undefined)?.content ?? "").join("\n");
      for (const deadline = Date.now() + 20_000; Date.now() < deadline && !until.test(said());) await new Promise((r) => setTimeout(r, 50));
      return { fileName, said: said() };
    }
    const slash = (args: string) => (a: Record<string, unknown>) => interaction("command", {
      name: "rounds", options: [{ name: "command", type: 3, value: "ingest" }, ...(args ? [{ name: "args", type: 3, value: args }] : []), { name: "file", type: 11, value: a.id }],
      resolved: { attachments: { [String(a.id)]: a } },
    }, { user: "U-ADA", channel: "C-ADMIN" });

    it("/rounds command:ingest args:\"--patient <reference>\" with the file stores it as that patient's private transcript", async () => {
      const { fileName, said } = await drop(slash("--patient PT-6"), /was received|Not received/);
      expect(said).toMatch(new RegExp(`${fileName} was received`));
      expect(await stored(fileName)).toMatchObject({ patientId, visibility: "private", kind: "transcript" });
    }, 60_000);

    it("\"Add to Rounds\" on a message whose text says \"patient: <id>\" names the patient", async () => {
      const { fileName, said } = await drop((a) => interaction("message-command", {
        name: "Add to Rounds", target_id: "M-DROP", resolved: { messages: { "M-DROP": { id: "M-DROP", content: `patient: ${patientId}`, attachments: [a] } } },
      }, { user: "U-ADA", channel: "C-ADMIN" }), /was received|Not received/);
      expect(said).toMatch(new RegExp(`${fileName} was received`));
      expect(await stored(fileName)).toMatchObject({ patientId, visibility: "private" });
    }, 60_000);

    it("a drop that names no patient is refused with how to name one, and nothing is stored", async () => {
      const { fileName, said } = await drop(slash(""), /drop it again|was received/);
      expect(said).toMatch(/drop it again with the message "patient: <id or reference>"/);
      expect(await stored(fileName)).toBeUndefined();
    }, 60_000);

    it("a patient who is not in the organisation is refused, and nothing is stored", async () => {
      const { fileName, said } = await drop(slash("--patient PZ-9"), /No such patient|was received/);
      expect(said).toMatch(/No such patient in your organisation/);
      expect(await stored(fileName)).toBeUndefined();
    }, 60_000);
  });
});
