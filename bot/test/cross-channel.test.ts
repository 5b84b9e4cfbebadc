// One contributed command, four front doors. A plugin loaded from a folder
// (bot/test/fixtures/handover-plugin) contributes `handover` (admins) and
// `ward-round` (clinicians); the same invocation goes through Slack (a signed
// slash command to Bolt's HTTP receiver), Teams (an activity POSTed to
// /api/messages), Discord (a signed interaction) and the `rounds` CLI, all
// over one database. Each must show the same result text and source, and the
// same refusal to a user whose role the command does not allow.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createLogger, runCommand, type Actor } from "@rounds/core";
import { DiscordChannel } from "@rounds/plugin-discord";
import { APP_ID, FakeDiscord, PUBLIC_KEY_HEX, interaction, signed } from "@rounds/plugin-discord/testing";
import { SlackChannel } from "@rounds/plugin-slack";
import { BOT_TOKEN, FakeSlack, SIGNING_SECRET, sendSigned, slashCommandBody, textsOf } from "@rounds/plugin-slack/testing";
import { TeamsChannel } from "@rounds/plugin-teams";
import { cardTexts, startFakeConnector, type FakeConnector, post as postActivity, teamsActivity } from "@rounds/plugin-teams/testing";
import type { RoundsApp } from "../src/app/create-app.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { ConversationLayer } from "../src/conversation/conversation-layer.ts";
import { createConversationServices } from "../src/conversation/create-conversation-services.ts";
import { cliInProcess } from "./support/cli-in-process.ts";
import { cleanupTargets, startApp } from "./support/test-app.ts";
import { defaultPlugins } from "../src/app/default-plugins.ts";

const pluginDir = join(import.meta.dirname, "fixtures/handover-plugin");
const plugins = [...defaultPlugins, pluginDir];
const logger = createLogger({ level: "silent" });

/** What each front door showed for one invocation: every text it rendered, flattened. */
type Door = (who: "admin" | "clinician", command: string, args: string) => Promise<string[]>;

let dataDir: string;
let app: RoundsApp | undefined;
let projectId: string;
let slack: { fake: FakeSlack; channel: SlackChannel };
let teams: { connector: FakeConnector; channel: TeamsChannel };
let discord: { fake: FakeDiscord; channel: DiscordChannel };
const ids = { admin: { slack: "U-ADA", teams: "aad-ada", discord: "200000000000000001" }, clinician: { slack: "U-CLEO", teams: "aad-cleo", discord: "200000000000000002" } };

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "rounds-cross-channel-"));
  app = await startApp({ tier: "embedded", dataDir }, { plugins });
  const ws = await ensureWorkspace(app, { org: "ward", project: "kat" });
  projectId = ws.project.id;
  const operator: Actor = await localOperator(app, ws.organization.id);
  const run = (command: string, args: string) => runCommand(app!, command, { actor: operator, projectId, args, visibility: "private" });
  const ada = (await run("users", "add Ada Admin --role admin")).data as { id: string };
  const cleo = (await run("users", "add Cleo Clinician --role clinician")).data as { id: string };
  for (const [user, who] of [[ada.id, "admin"], [cleo.id, "clinician"]] as const) {
    await run("users", `link ${user} slack T1 ${ids[who].slack}`);
    await run("users", `link ${user} teams tenant-1 ${ids[who].teams}`);
    await run("users", `link ${user} discord @me ${ids[who].discord}`);
  }
  await run("channels", "bind slack T1 *");
  await run("channels", "bind teams tenant-1 *");
  await run("channels", "bind discord @me *");

  const layer = new ConversationLayer(app, createConversationServices(app));
  const fakeSlack = new FakeSlack();
  await fakeSlack.start();
  slack = { fake: fakeSlack, channel: new SlackChannel({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, port: 0, host: "127.0.0.1", apiUrl: fakeSlack.apiUrl, logger }) };
  await slack.channel.start(layer);
  teams = { connector: await startFakeConnector(), channel: new TeamsChannel({ port: 0, logger }) };
  await teams.channel.start(layer);
  const fakeDiscord = new FakeDiscord();
  await fakeDiscord.start();
  discord = { fake: fakeDiscord, channel: new DiscordChannel({ publicKey: PUBLIC_KEY_HEX, applicationId: APP_ID, port: 0, host: "127.0.0.1", apiUrl: fakeDiscord.apiUrl, logger }) };
  await discord.channel.start(layer);
}, 60_000);

afterAll(async () => {
  await slack?.channel.stop();
  await slack?.fake.close();
  await teams?.channel.stop();
  await teams?.connector.close();
  await discord?.channel.stop();
  await discord?.fake.close();
  await app?.close();
  await cleanupTargets();
  rmSync(dataDir, { recursive: true, force: true });
});

let seq = 0;
const doors: Record<"slack" | "teams" | "discord", Door> = {
  async slack(who, command, args) {
    const before = slack.fake.posts().length;
    const res = await sendSigned(slack.channel.url!, slashCommandBody({
      team_id: "T1", channel_id: "D1", channel_name: "directmessage", user_id: ids[who].slack, user_name: who,
      command: "/rounds", text: `${command} ${args}`.trim(), trigger_id: `trig-${++seq}`,
    }), "application/x-www-form-urlencoded");
    expect(res.status).toBe(200);
    const posts = await slack.fake.waitForPosts(before + 1, 10_000);
    return posts.slice(before).flatMap(textsOf);
  },
  async teams(who, command, args) {
    const before = teams.connector.posted.length;
    const res = await postActivity(teams.channel.url, teamsActivity(teams.connector, {
      kind: "dm", userId: ids[who].teams, tenant: "tenant-1", text: `/${command} ${args}`.trim(),
    }));
    expect(res.status).toBe(200);
    await teams.channel.idle();
    return teams.connector.posted.slice(before).flatMap((p) => cardTexts(p.activity));
  },
  async discord(who, command, args) {
    const i = interaction("command", {
      name: "rounds", options: [{ name: "command", type: 3, value: command }, ...(args ? [{ name: "args", type: 3, value: args }] : [])],
    }, { guild: null, user: ids[who].discord, channel: "DM1" });
    const body = JSON.stringify(i);
    const res = await fetch(discord.channel.url!, { method: "POST", body, headers: signed(body) });
    expect(await res.json()).toEqual({ type: 5, data: {} }); // a deferred reply; not ephemeral in a DM
    const bodies = () => discord.fake.webhookCalls(i.token).filter((c) => c.body !== undefined).map((c) => c.body as { content: string; embeds?: Array<{ fields?: Array<{ name: string; value: string }> }> });
    await discord.fake.waitFor(() => bodies().length > 0);
    return bodies().flatMap((b) => [b.content, ...(b.embeds ?? []).flatMap((e) => (e.fields ?? []).flatMap((f) => [f.name, f.value]))]);
  },
};

/** The line of a channel's output that carries `sentence`, with the channel's decoration (emoji, markup) removed. */
function lineWith(texts: string[], sentence: RegExp): string | undefined {
  for (const t of texts) {
    for (const line of t.split("\n")) {
      const m = sentence.exec(line);
      if (m) return m[0];
    }
  }
  return undefined;
}

describe("a contributed command in every channel", () => {
  it("gives the same result in Slack, Teams, Discord and the CLI", async () => {
    const expected = `Handover for bed 4: observations every 4 hours, review at 18:00. Project ${projectId.slice(0, 8)}.`;
    const results: Record<string, string[]> = {};
    for (const [name, door] of Object.entries(doors)) results[name] = await door("admin", "handover", "bed 4");
    for (const [name, texts] of Object.entries(results)) {
      expect({ name, line: lineWith(texts, /Handover for [^\n]*?\.\s*Project \w{8}\./) }).toEqual({ name, line: expected });
      // The source travels too: title and locator, whatever the channel's layout.
      expect({ name, source: texts.join("\n") }).toEqual({ name, source: expect.stringMatching(/\[1\][^\n]*Ward handbook\W{0,10}p\. 4/) });
    }
  }, 60_000);

  it("refuses a clinician the admins' command with the same message in every chat", async () => {
    for (const [name, door] of Object.entries(doors)) {
      const texts = await door("clinician", "handover", "bed 4");
      expect({ name, line: lineWith(texts, /The handover command is for [\w ]+ users\./) }).toEqual({ name, line: "The handover command is for admin users." });
      expect({ name, leaked: texts.some((t) => t.includes("Handover for")) }).toEqual({ name, leaked: false });
    }
  }, 60_000);

  it("refuses an admin the clinicians' command in every chat and in the CLI (which acts as the local admin)", async () => {
    for (const [name, door] of Object.entries(doors)) {
      const texts = await door("admin", "ward-round", "");
      expect({ name, line: lineWith(texts, /The ward-round command is for [\w ]+ users\./) }).toEqual({ name, line: "The ward-round command is for clinician users." });
    }
  }, 60_000);

  // The CLI opens the same embedded database, so the chat app must be closed first: this test runs last.
  it("the CLI (`rounds handover bed 4`) prints the same result and refuses the same way", async () => {
    await slack.channel.stop();
    await teams.channel.stop();
    await discord.channel.stop();
    await app?.close();
    app = undefined;
    const config = join(dataDir, "rounds.config.json");
    writeFileSync(config, JSON.stringify({ plugins, log: { level: "silent" } }));
    const cli = cliInProcess(["-c", config, "-d", dataDir]);
    const { stdout, stderr } = cli;
    try {
      const ok = await cli.run("handover", "bed", "4");
      const refused = await cli.run("ward-round");
      expect({ ok: ok.code, refused: refused.code, stderr: stderr.join("") }).toMatchObject({ ok: 0, refused: 2 });
    } finally {
      cli.restore();
    }
    expect(lineWith(stdout, /Handover for [^\n]*?\.\s*Project \w{8}\./)).toBe(`Handover for bed 4: observations every 4 hours, review at 18:00. Project ${projectId.slice(0, 8)}.`);
    expect(stdout.join("\n")).toMatch(/\[1\][^\n]*Ward handbook\W{0,10}p\. 4/);
    expect(stderr.join("")).toContain("rounds: The ward-round command is for clinician users. (FORBIDDEN)");
  }, 60_000);

  // The plugin declares its own setting and environment variable in its manifest; core and bot know neither.
  it("the plugin's own environment variable reaches its settings, and `rounds plugins` shows it", async () => {
    const config = join(dataDir, "rounds.config.json");
    let handoverLines = 0;
    vi.stubEnv("HANDOVER_REVIEW_TIME", "17:30");
    const cli = cliInProcess(["-c", config, "-d", dataDir]);
    const { stdout } = cli;
    try {
      expect((await cli.run("handover", "bed", "4")).code).toBe(0);
      handoverLines = stdout.length;
      expect((await cli.run("plugins")).code).toBe(0);
    } finally {
      vi.unstubAllEnvs();
      cli.restore();
    }
    expect(lineWith(stdout, /Handover for [^\n]*?\.\s*Project \w{8}\./)).toBe(`Handover for bed 4: observations every 4 hours, review at 17:30. Project ${projectId.slice(0, 8)}.`);
    // `rounds plugins` names the setting and its variable and says it is set, never its value.
    const listed = stdout.slice(handoverLines).join("\n");
    expect(listed).toMatch(/@rounds-test\/plugin-handover@0\.0\.0[^\n]*\n[^\n]*commands: handover, ward-round\n\s*settings: reviewTime \(HANDOVER_REVIEW_TIME\) set/);
    expect(listed).not.toContain("17:30");
  }, 60_000);
});
