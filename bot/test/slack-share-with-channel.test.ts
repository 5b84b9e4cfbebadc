// "Share with channel", through the real Bolt receiver, conversation layer
// and app. A slash command in a public channel is answered to the asker
// alone through the command's response_url, with a "Share with channel"
// button; pressing it (a signed block_actions payload from the ephemeral
// message) posts the answer to the channel through the click's response_url
// and deletes the private copy, but only when every cited source is allowed
// by that channel's policy. Both outcomes are audited.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger, ingestFile, runCommand, type Actor } from "@rounds/core";
import type { RoundsApp } from "../src/app/create-app.ts";
import { demoCorpus } from "../src/cli/demo.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { ConversationLayer } from "../src/conversation/conversation-layer.ts";
import { createConversationServices } from "../src/conversation/create-conversation-services.ts";
import { cleanupTargets, startApp } from "./support/test-app.ts";
import { SlackChannel, type SlackBlock } from "@rounds/plugin-slack";
import { BOT_TOKEN, FakeSlack, SIGNING_SECRET, interactionBody, sendSigned, slashCommandBody, type ApiCall } from "@rounds/plugin-slack/testing";

let app: RoundsApp;
let admin: Actor;
let projectId: string;
let clinicianId: string;
let fake: FakeSlack;
let channel: SlackChannel;

beforeAll(async () => {
  app = await startApp({ tier: "embedded", database: { url: "memory://" }, dataDir: `/tmp/rounds-slack-share-${process.pid}` });
  const ws = await ensureWorkspace(app, { org: "share", project: "kat" });
  projectId = ws.project.id;
  admin = await localOperator(app, ws.organization.id);
  const run = (command: string, args: string) => runCommand(app, command, { actor: admin, projectId, args, visibility: "private" });
  // The monitoring protocol may be shown anywhere; the dosing protocol only in private conversations.
  for (const [file, visibility] of [["02-monitoring.pdf", "public"], ["01-dosing.md", "private"]] as const) {
    await ingestFile(app, { actor: admin, projectId, fileName: file, bytes: new Uint8Array(readFileSync(join(demoCorpus, file))), visibility });
  }
  await waitForJobs(app);
  for (const d of await app.store.knowledge.listDocuments({ organizationId: admin.organizationId, projectId })) await run("docs", `approve ${d.id}`);
  await waitForJobs(app);
  const cleo = (await run("users", "add Cleo Clinician --role clinician")).data as { id: string };
  clinicianId = cleo.id;
  await run("users", `link ${cleo.id} slack T1 U-CLEO`);
  await run("channels", "bind slack T1 *");
  // A public channel whose binding allows private material in replies only its asker sees.
  await run("channels", "bind slack T1 C-WARD --private");
  fake = new FakeSlack();
  await fake.start();
  fake.addConversation("C-GENERAL", { is_private: false });
  fake.addConversation("C-WARD", { is_private: false });
  channel = new SlackChannel({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, port: 0, host: "127.0.0.1", apiUrl: fake.apiUrl, logger: createLogger({ level: "silent" }) });
  await channel.start(new ConversationLayer(app, createConversationServices(app)));
}, 90_000);

afterAll(async () => {
  await channel?.stop();
  await fake?.close();
  await app?.close();
  await cleanupTargets();
});

const responses = (id: string): ApiCall[] => fake.calls.filter((c) => c.method === "response_url" && c.args.url === `/response/${id}`);

async function until(probe: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out; calls: ${JSON.stringify(fake.calls.map((c) => [c.method, c.args.url]))}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** `/rounds ask …` in a public channel; returns the ephemeral answer delivered to the response_url. */
async function askPrivately(channelId: string, question: string, id: string): Promise<ApiCall> {
  const res = await sendSigned(channel.url!, slashCommandBody({
    team_id: "T1", channel_id: channelId, channel_name: "general", user_id: "U-CLEO", user_name: "cleo",
    command: "/rounds", text: `ask ${question}`, trigger_id: `trig-${id}`, response_url: fake.responseUrl(id),
  }), "application/x-www-form-urlencoded");
  expect(res.status).toBe(200);
  await until(() => responses(id).some((c) => Array.isArray(c.args.blocks) && JSON.stringify(c.args.blocks).includes("share.channel")));
  return responses(id).find((c) => JSON.stringify(c.args.blocks).includes("share.channel"))!;
}

function buttonValue(post: ApiCall, actionId: string): string | undefined {
  const actions = (post.args.blocks as SlackBlock[]).find((b) => b.type === "actions");
  return actions?.type === "actions" ? actions.elements.find((e) => e.action_id === actionId)?.value : undefined;
}

/** Presses "Share with channel" on that ephemeral message, as Slack reports the click. */
async function pressShare(answer: ApiCall, channelId: string, id: string): Promise<void> {
  const actions = (answer.args.blocks as SlackBlock[]).find((b) => b.type === "actions");
  if (actions?.type !== "actions") throw new Error("no buttons");
  const share = actions.elements.find((e) => e.action_id === "share.channel")!;
  const res = await sendSigned(channel.url!, interactionBody({
    type: "block_actions", trigger_id: `trig-${id}`, api_app_id: "A1", team: { id: "T1", domain: "clinic" },
    user: { id: "U-CLEO", username: "cleo", name: "cleo", team_id: "T1" },
    channel: { id: channelId, name: "general" },
    container: { type: "message", message_ts: "1700000500.000001", channel_id: channelId, is_ephemeral: true },
    response_url: fake.responseUrl(id),
    actions: [{ type: "button", action_id: share.action_id, block_id: "b1", value: share.value, action_ts: "1700000501.000001", text: { type: "plain_text", text: "Share with channel" } }],
  }), "application/x-www-form-urlencoded");
  expect(res.status).toBe(200);
}

describe("Share with channel", () => {
  it("answers a slash command privately with a Share button, then shares it to the channel and removes the private copy", async () => {
    const answer = await askPrivately("C-GENERAL", "When should the infusion be paused for blood pressure?", "ask-1");
    expect(answer.args).toMatchObject({ response_type: "ephemeral", replace_original: false });
    const blocks = answer.args.blocks as SlackBlock[];
    const answerId = buttonValue(answer, "feedback.up");
    expect(answerId).toMatch(/^[0-9a-f-]{36}$/);
    expect(blocks.find((b) => b.type === "actions")).toEqual({
      type: "actions", elements: [
        { type: "button", action_id: "feedback.up", text: { type: "plain_text", text: "Helpful", emoji: true }, value: answerId },
        { type: "button", action_id: "feedback.down", text: { type: "plain_text", text: "Not helpful", emoji: true }, value: answerId },
        { type: "button", action_id: "share.channel", text: { type: "plain_text", text: "Share with channel", emoji: true }, value: answerId },
      ],
    });
    // Nothing reached the channel yet.
    expect(fake.calls.filter((c) => c.method === "chat.postMessage")).toEqual([]);

    await pressShare(answer, "C-GENERAL", "share-1");
    await until(() => responses("share-1").length === 2);
    const [post, remove] = responses("share-1");
    expect(answer.args.text).toMatch(/^Quoted from your knowledge base/);
    expect(post!.args).toEqual({
      url: "/response/share-1", response_type: "in_channel", replace_original: false, text: answer.args.text,
      blocks: [
        blocks[0],
        { type: "section", text: { type: "mrkdwn", text: expect.stringMatching(/^\*Sources\*\n\[1\] Monitoring during and after a ketamine session · p\. \d/) } },
        { type: "context", elements: [{ type: "mrkdwn", text: "Question: When should the infusion be paused for blood pressure?" }] },
      ],
    });
    expect(remove!.args).toEqual({ url: "/response/share-1", delete_original: true });
    const audit = await app.store.audit.query(admin.organizationId, { action: "answer.share" });
    expect(audit.map((a) => [a.actorUserId, a.targetType, a.targetId, a.channel, a.details])).toEqual([
      [clinicianId, "answer", answerId, "slack", { visibility: "public", sources: expect.any(Number) }],
    ]);
  }, 60_000);

  it("refuses to share an answer that cites a source the channel's policy keeps private, and says so", async () => {
    const answer = await askPrivately("C-WARD", "What is the standard intravenous dose of racemic ketamine?", "ask-2");
    expect(JSON.stringify(answer.args.blocks)).toContain("Ketamine dosing for treatment-resistant depression");
    await pressShare(answer, "C-WARD", "share-2");
    await until(() => responses("share-2").length === 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(responses("share-2")).toEqual([{
      method: "response_url", token: undefined,
      args: {
        url: "/response/share-2", response_type: "ephemeral", replace_original: false,
        text: "This answer draws on material this channel's policy keeps private, so it was not shared. It stays visible only to you.",
        blocks: [{ type: "section", text: { type: "mrkdwn", text: ":x: This answer draws on material this channel's policy keeps private, so it was not shared. It stays visible only to you." } }],
      },
    }]);
    expect(fake.calls.filter((c) => c.method === "chat.postMessage")).toEqual([]);
    const refused = await app.store.audit.query(admin.organizationId, { action: "answer.share_refused" });
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ actorUserId: clinicianId, targetType: "answer", details: { visibility: "public", heldSources: expect.any(Number) } });
  }, 60_000);

  it("lets only the asker share their answer", async () => {
    const answer = await askPrivately("C-GENERAL", "How long are patients observed after the infusion ends?", "ask-3");
    const answerId = buttonValue(answer, "share.channel");
    const other = await runCommand(app, "share", { actor: admin, projectId, args: `channel ${answerId}`, visibility: "public" }).catch((e: Error) => e);
    expect(other).toMatchObject({ code: "NOT_FOUND", message: "No such answer of yours to share." });
  }, 60_000);
});
