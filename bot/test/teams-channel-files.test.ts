// Files dropped into a Teams channel, end to end: a signed activity from the
// (fake) Bot Connector reaches the real Teams channel, which reads the file
// through (fake) Microsoft Graph with the bot's token from (fake) Microsoft
// Entra, and hands the real conversation layer the same `file` event a
// personal-chat upload becomes: admin channel and role checks, progress in
// the thread, ingest into the real app (documents stored, pending approval).
// When Graph can't be used, the admin is told which permission is missing.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger, runCommand, uploadRefusal, type Actor } from "@rounds/core";
import { TeamsChannel, type TeamsChannelOptions } from "@rounds/plugin-teams";
import { cardTexts, startFakeConnector, type FakeConnector, startFakeMicrosoft, fileMessageActivity, post, teamGroupId, tenantId } from "@rounds/plugin-teams/testing";
import type { RoundsApp } from "../src/app/create-app.ts";
import { demoCorpus } from "../src/cli/demo.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { ConversationLayer } from "../src/conversation/conversation-layer.ts";
import { createConversationServices } from "../src/conversation/create-conversation-services.ts";
import { cleanupTargets, startApp } from "./support/test-app.ts";

const adminChannel = "19:clinic-admins@thread.tacv2";
const generalChannel = "19:clinic-general@thread.tacv2";
const ids = { admin: "aad-ada", clinician: "aad-cleo" };

let app: RoundsApp;
let operator: Actor;
let projectId: string;
let layer: ConversationLayer;
const stops: Array<() => Promise<void>> = [];

beforeAll(async () => {
  app = await startApp({ tier: "embedded", database: { url: "memory://" }, dataDir: `/tmp/rounds-teams-files-${process.pid}` });
  const ws = await ensureWorkspace(app, { org: "clinic", project: "kat" });
  projectId = ws.project.id;
  operator = await localOperator(app, ws.organization.id);
  const run = (command: string, args: string) => runCommand(app, command, { actor: operator, projectId, args, visibility: "private" });
  const ada = (await run("users", "add Ada Admin --role admin")).data as { id: string };
  const cleo = (await run("users", "add Cleo Clinician --role clinician")).data as { id: string };
  await run("users", `link ${ada.id} teams ${tenantId} ${ids.admin}`);
  await run("users", `link ${cleo.id} teams ${tenantId} ${ids.clinician}`);
  await run("channels", `bind teams ${tenantId} ${adminChannel} --admin --private`);
  await run("channels", `bind teams ${tenantId} *`);
  layer = new ConversationLayer(app, createConversationServices(app));
}, 60_000);

afterAll(async () => {
  for (const stop of stops.splice(0)) await stop();
  await app?.close();
  await cleanupTargets();
});

/** A Teams channel with its own app registration, fake Entra/Graph/SharePoint and fake connector, on the shared layer. */
async function teams(o: { granted?: string[]; options?: Partial<TeamsChannelOptions> } = {}) {
  const appId = randomUUID();
  const connector = await startFakeConnector();
  const microsoft = await startFakeMicrosoft({ tenantId, clientId: appId, clientSecret: `secret-${randomUUID()}`, ...(o.granted ? { granted: o.granted } : {}) });
  const channel = new TeamsChannel({
    port: 0, appId, appPassword: microsoft.clientSecret, tenantId, tokenAuthority: connector.authority, tokenIssuer: connector.issuer,
    graphUrl: microsoft.graphUrl, authorityHost: microsoft.authorityHost, authorityAgentOptions: { ca: microsoft.ca },
    logger: createLogger({ level: "silent" }), ...o.options,
  });
  await channel.start(layer);
  stops.push(async () => { await channel.stop(); await connector.close(); await microsoft.close(); });
  /** Drops files into a channel with a mention of the bot, as `who`; returns what the bot showed (final text of each message). */
  const drop = async (who: "admin" | "clinician", conversationId: string, files: Array<{ name: string; bytes: Uint8Array }>) => {
    const added = files.map((f) => microsoft.addFile(f.name, f.bytes));
    const activity = fileMessageActivity(connector, added, { userId: ids[who], conversationId });
    microsoft.addChannelMessage({ groupId: teamGroupId, channelId: conversationId, messageId: String(activity.id), files: added });
    const before = { posted: connector.posted.length };
    const res = await post(channel.url, activity, { authorization: `Bearer ${connector.sign({ aud: appId, serviceurl: connector.serviceUrl })}` });
    expect(res.status).toBe(200);
    await channel.idle();
    return shown(connector, before.posted);
  };
  return { connector, microsoft, channel, drop };
}

/** Each message posted since `from`, as its last text (after updates), with where it went. */
function shown(connector: FakeConnector, from: number): Array<{ conversationId: string; text: string }> {
  return connector.posted.slice(from).map((p) => {
    const last = [p, ...connector.updates.filter((u) => u.activityId === p.activityId)].at(-1)!;
    return { conversationId: decodeURIComponent(p.conversationId), text: cardTexts(last.activity).join("\n") };
  });
}

const corpus = (name: string) => ({ name, bytes: new Uint8Array(readFileSync(`${demoCorpus}/${name}`)) });

describe("Teams channel files through the real app", () => {
  it("an admin's .md and .pdf dropped into the admin channel are ingested and stored, pending approval", async () => {
    const t = await teams();
    const texts = await t.drop("admin", adminChannel, [corpus("01-dosing.md"), corpus("02-monitoring.pdf")]);
    expect(texts.map((s) => s.text)).toEqual([
      expect.stringMatching(/^01-dosing\.md was received and is being processed/),
      expect.stringMatching(/^02-monitoring\.pdf was received and is being processed/),
    ]);
    // The answers are in the channel thread, not in a private chat.
    expect(texts.every((s) => s.conversationId.startsWith(adminChannel))).toBe(true);
    await waitForJobs(app);
    const listed = await runCommand(app, "docs", { actor: operator, projectId, args: "list pending", visibility: "private" });
    const listing = listed.blocks.map((b) => (b.type === "text" ? b.text : "")).join("\n");
    // Listed by the titles parsed from the files' own bytes.
    expect(listing).toMatch(/^2 pending\n/);
    expect(listing).toContain("• Ketamine dosing for treatment-resistant depression [pending");
    expect(listing).toContain("• Monitoring during and after a ketamine session [pending");
    // Graph was read with the bot's token; SharePoint served the bytes without it.
    expect(t.microsoft.graphRequests.every((r) => r.authorization?.startsWith("Bearer "))).toBe(true);
    expect(t.microsoft.sharePointRequests.filter((r) => r.path.includes("download.aspx"))).toHaveLength(2);
    expect(t.microsoft.sharePointRequests.every((r) => r.authorization === undefined)).toBe(true);
  }, 60_000);

  it("a clinician's file, or an admin's file in an ordinary channel, is refused before any download", async () => {
    const t = await teams();
    const byClinician = await t.drop("clinician", adminChannel, [corpus("04-consent.md")]);
    expect(byClinician.map((s) => s.text)).toEqual([uploadRefusal]);
    const inGeneral = await t.drop("admin", generalChannel, [corpus("04-consent.md")]);
    expect(inGeneral.map((s) => s.text)).toEqual(["Files are only ingested from admin channels. Share it in your team's Rounds admin channel."]);
    expect(t.microsoft.sharePointRequests).toEqual([]);
  }, 60_000);

  it("without the permission to read channel messages, the admin is told which one to ask for", async () => {
    const t = await teams({ granted: ["Files.Read.All"] });
    const texts = await t.drop("admin", adminChannel, [corpus("07-preparation.md")]);
    const privately = texts.filter((s) => s.conversationId.startsWith("a:private-"));
    expect(privately.map((s) => s.text)).toEqual([
      "Microsoft Graph refused to let Rounds read this channel message (HTTP 403). Ask your Teams admin to grant the bot ChannelMessage.Read.Group (resource-specific consent in the Teams app manifest) or the Microsoft Graph application permission ChannelMessage.Read.All.",
    ]);
    // The progress message in the channel does not stay at "Receiving …".
    expect(texts.filter((s) => s.conversationId.startsWith(adminChannel)).map((s) => s.text)).toEqual(["Not received: the attached file. The reason was sent to you."]);
    expect(t.microsoft.sharePointRequests).toEqual([]);
  }, 60_000);

  it("a file over the Teams plugin's maxFileBytes is refused with the sizes, and nothing is downloaded", async () => {
    const t = await teams({ options: { maxFileBytes: 1024 } });
    const texts = await t.drop("admin", adminChannel, [corpus("02-monitoring.pdf")]);
    expect(texts.map((s) => s.text)).toContainEqual(expect.stringMatching(/^The file is [\d.]+ KB, larger than the 1 KB limit for files from Teams \(setting maxFileBytes\), so Rounds did not download it\.$/));
    expect(t.microsoft.sharePointRequests).toEqual([]);
  }, 60_000);
});
