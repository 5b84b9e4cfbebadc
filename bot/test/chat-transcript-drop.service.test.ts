// A session transcript dropped into an admin channel through Slack's receiver
// (signed Events API requests to Bolt, files downloaded from a local fake of
// Slack's file host), on both tiers: the message posted with the file names
// the patient ("patient: PD-4", or the channel's command "ingest --patient
// PD-4"), and the transcript is stored as that patient's private material; a
// drop that names no patient is refused with how to name one, and nothing is
// stored; an unknown patient is refused; when Slack's file_shared event comes
// first, the message that carries the patient still decides.
import { type Actor, createLogger, runCommand } from "@rounds/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SlackChannel } from "@rounds/plugin-slack";
import { BOT_TOKEN, BOT_USER_ID, eventEnvelope, FakeSlack, SIGNING_SECRET, sendSigned, textsOf } from "@rounds/plugin-slack/testing";
import type { RoundsApp } from "../src/app/create-app.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { ConversationLayer } from "../src/conversation/conversation-layer.ts";
import { createConversationServices } from "../src/conversation/create-conversation-services.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";

const vtt = (tag: string) => `WEBVTT\n\n00:00:00.000 --> 00:00:09.000\n<v Therapist>How has the week been, ${tag}?\n\n00:00:10.000 --> 00:00:19.000\n<v Client>Better than last week, I slept most nights.\n`;

afterAll(() => cleanupTargets());

describe.each(appTargets())("transcripts dropped into a Slack admin channel ($name)", (target) => {
  let app: RoundsApp;
  let fake: FakeSlack;
  let channel: SlackChannel;
  let projectId: string;
  let organizationId: string;
  let patientId: string;
  let seq = 0;

  beforeAll(async () => {
    app = await startApp(await target.environment());
    const ws = await ensureWorkspace(app, { org: "drop-clinic", project: "kat" });
    projectId = ws.project.id;
    organizationId = ws.organization.id;
    const operator: Actor = await localOperator(app, organizationId);
    const run = (command: string, args: string) => runCommand(app, command, { actor: operator, projectId, args, visibility: "private" });
    const ada = (await run("users", "add Ada Admin --role admin")).data as { id: string };
    await run("users", `link ${ada.id} slack T1 U-ADA`);
    await run("channels", "bind slack T1 C-ADMIN --admin --private");
    patientId = (await app.store.identity.createPatient({ organizationId, displayName: "Patient D", externalRef: "PD-4" })).id;
    await run("consent", `grant ${patientId} recording`);
    fake = new FakeSlack();
    await fake.start();
    fake.addConversation("C-ADMIN", { is_private: true });
    channel = new SlackChannel({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, port: 0, host: "127.0.0.1", apiUrl: fake.apiUrl, fileSharedGraceMs: 1000, logger: createLogger({ level: "silent" }) });
    await channel.start(new ConversationLayer(app, createConversationServices(app)));
  }, 120_000);
  afterAll(async () => {
    await channel?.stop();
    await fake?.close();
    await app?.close();
  });

  /** Drops a new transcript with `text` as the message posted with it; resolves with what Rounds posted back once it says `until` (or after 20 s). */
  async function drop(text: string, until: RegExp, opts: { fileSharedFirst?: boolean } = {}): Promise<{ fileName: string; said: string }> {
    const id = `F${++seq}`;
    const fileName = `session-${seq}.vtt`;
    fake.addFile({ id, name: fileName, mimetype: "text/vtt", bytes: new TextEncoder().encode(vtt(`drop ${seq}`)) });
    const before = fake.posts().length;
    if (opts.fileSharedFirst) {
      const shared = await sendSigned(channel.url!, eventEnvelope(`Ev-shared-${seq}`, "T1", { type: "file_shared", file_id: id, user_id: "U-ADA", channel_id: "C-ADMIN", file: { id }, event_ts: `${seq}.0` }), "application/json");
      expect(shared.status).toBe(200);
    }
    const res = await sendSigned(channel.url!, eventEnvelope(`Ev-${seq}`, "T1", {
      type: "message", subtype: "file_share", channel_type: "group", channel: "C-ADMIN", user: "U-ADA", text, ts: `17000000${seq}.000100`, files: [fake.fileObject(id)],
    }), "application/json");
    expect(res.status).toBe(200);
    // The progress post, then its edit (received, or not received) and, on refusal, the reason to the sender.
    let said = "";
    for (const deadline = Date.now() + 20_000; Date.now() < deadline && !until.test(said);) {
      await new Promise((r) => setTimeout(r, 50));
      said = fake.posts().slice(before).flatMap(textsOf).join("\n");
    }
    return { fileName, said };
  }
  const stored = async (fileName: string) => (await app.store.knowledge.listDocuments({ organizationId, projectId })).find((d) => d.fileName === fileName);

  it("a drop whose message says \"patient: <reference>\" is stored as that patient's private transcript", async () => {
    const { fileName, said } = await drop("patient: PD-4", /was received|Not received/);
    expect(said).toMatch(new RegExp(`${fileName} was received`));
    expect(await stored(fileName)).toMatchObject({ patientId, visibility: "private", kind: "transcript" });
  });

  it("the channel's own command spelling works too: \"@Rounds ingest --patient <id>\"", async () => {
    const { fileName, said } = await drop(`<@${BOT_USER_ID}> ingest --patient ${patientId}`, /was received|Not received/);
    expect(said).toMatch(new RegExp(`${fileName} was received`));
    expect(await stored(fileName)).toMatchObject({ patientId, visibility: "private" });
  });

  it("a drop that names no patient is refused with how to name one, and nothing is stored", async () => {
    const { fileName, said } = await drop("", /drop it again|was received/);
    expect(said).toMatch(new RegExp(`Not received: ${fileName}`));
    expect(said).toMatch(/session transcript: drop it again with the message "patient: <id or reference>"/);
    expect(await stored(fileName)).toBeUndefined();
    const chatty = await drop("here is Tuesday's session", /drop it again|was received/);
    expect(chatty.said).toMatch(/drop it again with the message "patient:/);
    expect(await stored(chatty.fileName)).toBeUndefined();
  });

  it("a patient who is not in the organisation is refused, and nothing is stored", async () => {
    const { fileName, said } = await drop("patient: PZ-9", /No such patient|was received/);
    expect(said).toMatch(/No such patient in your organisation/);
    expect(await stored(fileName)).toBeUndefined();
  });

  it("when Slack's file_shared event arrives first, the message naming the patient still decides", async () => {
    const { fileName, said } = await drop("patient: PD-4", /was received|Not received/, { fileSharedFirst: true });
    expect(said).toMatch(new RegExp(`${fileName} was received`));
    expect(await stored(fileName)).toMatchObject({ patientId, visibility: "private" });
    await new Promise((r) => setTimeout(r, 1500)); // past the grace: file_shared must not store it a second time
    expect((await app.store.knowledge.listDocuments({ organizationId, projectId })).filter((d) => d.fileName === fileName)).toHaveLength(1);
  });
});
