// Chat end to end through the real conversation layer and the real app
// (vendor wire formats are the channel plugins' own tests): an admin binds a
// conversation and links people; files dropped in the admin channel are
// ingested; a mention gets a cited answer with feedback buttons; a button
// press is recorded; a second delivery is ignored; the question limit is polite.
import { type Actor, type InboundEvent, runCommand } from "@rounds/core";
import { FakeChannel } from "@rounds/core/testing";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { demoCorpus } from "../src/cli/demo.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { ConversationLayer } from "../src/conversation/conversation-layer.ts";
import { createConversationServices } from "../src/conversation/create-conversation-services.ts";
import { cleanupTargets, startApp } from "./support/test-app.ts";

let app: RoundsApp;
let admin: Actor;
let projectId: string;
const channel = new FakeChannel();

beforeAll(async () => {
  app = await startApp({ tier: "embedded", database: { url: "memory://" }, dataDir: `/tmp/rounds-chat-${process.pid}`, limits: { questionsPerHourUser: 3 } });
  const ws = await ensureWorkspace(app, { org: "chat", project: "kat" });
  projectId = ws.project.id;
  admin = await localOperator(app, ws.organization.id);
  await channel.start(new ConversationLayer(app, createConversationServices(app)));
}, 60_000);
afterAll(async () => {
  await app?.close();
  await cleanupTargets();
});

const run = (args: string, command: string) => runCommand(app, command, { actor: admin, projectId, args, visibility: "private" });
const who = (userId: string) => ({ channel: "fake", workspaceId: "T1", userId });
let seq = 0;
const at = (conversation: string, kind: "public" | "private" | "dm", userId: string) => ({ eventId: `ev-${++seq}`, identity: who(userId), conversation: { id: conversation, kind } });
const lastTexts = (n: number) => channel.sent.slice(-n).map((s) => [s.message, ...s.updates].at(-1)!.blocks.filter((b) => b.type === "text").map((b) => (b as { text: string }).text).join("\n"));

describe("chat through the conversation layer", () => {
  it("admin setup by command, file drop ingest, mention answered with citations, feedback button, dedupe, rate limit", async () => {
    await run("bind fake T1 C-ADMIN --admin --private", "channels");
    await run("bind fake T1 * ", "channels");
    const adminUser = (await run("add Ada Admin --role admin", "users")).data as { id: string };
    const clinician = (await run("add Cleo Clinician --role clinician", "users")).data as { id: string };
    await run(`link ${adminUser.id} fake T1 U-ADA`, "users");
    await run(`link ${clinician.id} fake T1 U-CLEO`, "users");

    const bytes = new Uint8Array(readFileSync(`${demoCorpus}/02-monitoring.pdf`));
    await channel.deliver({ type: "file", file: { name: "02-monitoring.pdf", size: bytes.length, fetch: async () => bytes }, ...at("C-ADMIN", "private", "U-ADA") });
    expect(lastTexts(1)[0]).toMatch(/02-monitoring\.pdf was received/);
    await waitForJobs(app);
    await channel.deliver({ type: "command", command: "docs", args: "list pending", ...at("C-ADMIN", "private", "U-ADA") });
    const docId = /([0-9a-f-]{36})/.exec(lastTexts(1)[0]!)![1]!;
    await channel.deliver({ type: "action", actionId: "docs.approve", value: docId, ...at("C-ADMIN", "private", "U-ADA") });
    expect(lastTexts(1)[0]).toMatch(/Approved; indexing now/);
    await waitForJobs(app);

    const question: InboundEvent = { type: "message", text: "<@rounds> When should a ketamine infusion be paused for blood pressure?", mentioned: true, ...at("C-GENERAL", "public", "U-CLEO") };
    await channel.deliver(question);
    const answer = channel.sent.at(-1)!;
    const blocks = ([answer.message, ...answer.updates].at(-1))!.blocks;
    expect(blocks.find((b) => b.type === "text")).toMatchObject({ text: expect.stringContaining("180 mmHg") });
    const sources = blocks.find((b) => b.type === "sources") as { items: Array<{ n: number; title: string; locator?: string }> };
    expect(sources.items[0]).toMatchObject({ n: 1, title: "Monitoring during and after a ketamine session", locator: expect.stringMatching(/^p\. \d/) });
    const buttons = blocks.find((b) => b.type === "actions") as { buttons: Array<{ actionId: string; value: string }> };
    expect(buttons.buttons.map((b) => b.actionId)).toEqual(["feedback.up", "feedback.down"]);

    // The same delivery again (a vendor retry) is answered once.
    const before = channel.sent.length;
    await channel.deliver(question);
    expect(channel.sent.length).toBe(before);

    await channel.deliver({ type: "action", actionId: "feedback.up", value: buttons.buttons[0]!.value, ...at("C-GENERAL", "public", "U-CLEO") });
    expect(lastTexts(1)[0]).toMatch(/feedback was recorded/);

    // Limit 3 per hour in this test: the fourth question gets a polite message, not an answer.
    await channel.deliver({ type: "message", text: "How long is recovery observation?", mentioned: true, ...at("C-GENERAL", "public", "U-CLEO") });
    await channel.deliver({ type: "message", text: "Can patients drive home?", mentioned: true, ...at("C-GENERAL", "public", "U-CLEO") });
    await channel.deliver({ type: "message", text: "What oxygen saturation pauses the infusion?", mentioned: true, ...at("C-GENERAL", "public", "U-CLEO") });
    expect(lastTexts(1)[0]).toMatch(/You've asked 3 questions this hour.*try again in \d+ minute/);

    // Strangers and unknown commands get clear answers.
    await channel.deliver({ type: "message", text: "hello", mentioned: true, ...at("C-GENERAL", "public", "U-STRANGER") });
    expect(lastTexts(1)[0]).toMatch(/don't know you|not linked|isn't linked|ask an admin/i);
    await channel.deliver({ type: "command", command: "frobnicate", args: "", ...at("C-GENERAL", "public", "U-CLEO") });
    expect(lastTexts(1)[0]).toMatch(/Unknown command "frobnicate"/);
  }, 60_000);

  it("a removed user's chat account no longer acts as them: the receiver treats it as a stranger", async () => {
    const dora = (await run("add Dora Departing --role clinician", "users")).data as { id: string };
    await run(`link ${dora.id} fake T1 U-DORA`, "users");
    // Linked, she is recognised as a clinician (the admin-only command tells her so).
    await channel.deliver({ type: "command", command: "docs", args: "list", ...at("C-GENERAL", "public", "U-DORA") });
    expect(lastTexts(1)[0]).toMatch(/for admin users/);
    await run(`remove ${dora.id}`, "users");
    await channel.deliver({ type: "command", command: "docs", args: "list", ...at("C-GENERAL", "public", "U-DORA") });
    expect(lastTexts(1)[0]).toMatch(/don't know you|not linked|isn't linked|ask an admin/i);
    await channel.deliver({ type: "message", text: "What is the observation period?", mentioned: true, ...at("C-GENERAL", "public", "U-DORA") });
    expect(lastTexts(1)[0]).toMatch(/don't know you|not linked|isn't linked|ask an admin/i);
  }, 60_000);
});
