// The isolation suite through chat (#15): organisation B has claimed a Slack
// workspace, a Teams tenant and a Discord guild (each with the proof its
// installation gives) and bound their channels; every command in the
// registry, its arguments generated from its usage line with organisation
// A's ids (support/isolation-probes.ts), is sent through each receiver's real
// surface by B's linked admin and by an unlinked user of B's workspace:
// - Slack: signed slash commands to the Bolt receiver, replies read from a
//   local server speaking Slack's Web API;
// - Teams: Bot Framework activities POSTed over HTTP to the Teams receiver,
//   replies read from a local Bot Connector;
// - Discord: Ed25519-signed application-command interactions POSTed to the
//   interactions endpoint, replies read from a local Discord REST API.
// No byte of what Rounds sends back (the whole wire payload, not only its
// text), no prompt to the cloud model and no log line may carry one of A's
// canaries; the planted leaky command (the positive control) must be caught
// on every channel, proving the replies are read.
import type { Channel } from "@rounds/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_ID, FakeDiscord, PUBLIC_KEY_HEX, interaction, signed } from "@rounds/plugin-discord/testing";
import { BOT_TOKEN, FakeSlack, SIGNING_SECRET, sendSigned, slashCommandBody } from "@rounds/plugin-slack/testing";
import { type FakeConnector, post as postActivity, startFakeConnector, teamsActivity } from "@rounds/plugin-teams/testing";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { type CanaryName, buildIsolationFixture, type IsolationFixture, plantedLeak } from "./support/isolation-fixture.ts";
import { commandProbes } from "./support/isolation-probes.ts";
import { appTargets, cleanupTargets } from "./support/test-app.ts";

afterAll(() => cleanupTargets());

const TENANT = "tenant-b";
const GUILD = "300000000000000001";

/** One chat surface: who sends, how a command is sent, and every payload Rounds has sent back so far. */
interface ChatDriver {
  name: string;
  /** B's linked admin in B's admin channel, and an unlinked user of B's workspace in a public channel. */
  senders: Array<{ label: string; user: string; channel: string }>;
  /** Sends `text` as a command and resolves once Rounds has answered it; returns the wire payloads of that answer. */
  send(sender: { user: string; channel: string }, command: string, args: string, n: number): Promise<string>;
  /** Every payload Rounds has sent through this surface (later edits included). */
  everything(): string;
}

describe.each(appTargets())("isolation through Slack, Teams and Discord, in workspaces another organisation claimed ($name)", (target) => {
  let fx: IsolationFixture;
  let slack: FakeSlack;
  let discord: FakeDiscord;
  let connector: FakeConnector;
  const drivers: ChatDriver[] = [];
  const command = async (id: string, args: string) => fx.api.inject({
    method: "POST", url: `/v1/commands/${id}`, headers: { authorization: `Bearer ${fx.keyB}` }, payload: { projectId: fx.orgBProject, args },
  });

  beforeAll(async () => {
    slack = new FakeSlack();
    await slack.start();
    discord = new FakeDiscord();
    discord.guilds = [GUILD];
    await discord.start();
    connector = await startFakeConnector();
    fx = await buildIsolationFixture(target, {
      slack: { apiUrl: slack.apiUrl, signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN },
      teams: { tenantId: TENANT },
      discord: { publicKey: PUBLIC_KEY_HEX, applicationId: APP_ID, botToken: "discord-bot-token", apiUrl: discord.apiUrl },
    });
    const receiver = async <T>(id: string) => (await fx.app.host.get("channels", id)) as Channel & T;
    // B claims each workspace (its installation vouches for it: auth.test's team, the configured tenant, the application's guilds) and links its admin.
    const bea = (await command("users", "add Bea Admin --role admin")).json().data.id as string;
    for (const args of [
      "bind slack T1 *", "bind slack T1 C-B-ADMINS --admin --private", `link ${bea} slack T1 U-BEA`,
      `bind teams ${TENANT} *`, `bind teams ${TENANT} 19:b-admins@thread.v2 --admin --private`, `link ${bea} teams ${TENANT} aad-bea`,
      `bind discord ${GUILD} *`, `bind discord ${GUILD} 500000000000000002 --admin --private`, `link ${bea} discord ${GUILD} 200000000000000001`,
    ]) {
      const [id, ...rest] = args.startsWith("link") ? ["users", args] : ["channels", args];
      expect({ args, status: (await command(id, rest.join(" "))).statusCode }).toEqual({ args, status: 200 });
    }

    const slackUrl = (await receiver<{ url: string }>("slack")).url;
    drivers.push({
      name: "slack",
      senders: [{ label: "B's linked admin", user: "U-BEA", channel: "C-B-ADMINS" }, { label: "an unlinked user", user: "U-STRANGER", channel: "C-GENERAL" }],
      async send(s, cmd, args, n) {
        const before = slack.posts().length;
        const res = await sendSigned(slackUrl, slashCommandBody({
          team_id: "T1", channel_id: s.channel, channel_name: s.channel === "C-GENERAL" ? "general" : "privategroup", user_id: s.user, user_name: s.user.toLowerCase(),
          command: "/rounds", text: `${cmd} ${args}`.trim(), trigger_id: `trig-${n}`, response_url: slack.responseUrl(`probe-${n}`),
        }), "application/x-www-form-urlencoded");
        expect(res.status).toBe(200);
        await slack.waitForPosts(before + 1, 15_000);
        return JSON.stringify(slack.posts().slice(before));
      },
      everything: () => JSON.stringify(slack.posts()),
    });

    const teams = await receiver<{ url: string; idle(ms?: number): Promise<void> }>("teams");
    const teamsLogs = () => [connector.posted, connector.updates, connector.created] as unknown[][];
    const teamsPayloads = () => teamsLogs().flat();
    drivers.push({
      name: "teams",
      senders: [{ label: "B's linked admin", user: "aad-bea", channel: "19:b-admins@thread.v2" }, { label: "an unlinked user", user: "aad-stranger", channel: "19:b-general@thread.tacv2" }],
      async send(s, cmd, args) {
        const before = teamsLogs().map((l) => l.length);
        const activity = teamsActivity(connector, {
          kind: s.user === "aad-bea" ? "private" : "public", mention: true, tenant: TENANT, userId: s.user, conversationId: s.channel, text: `/${cmd} ${args}`.trim(),
        });
        expect((await postActivity(teams.url, activity)).status).toBe(200);
        await teams.idle();
        const said = teamsLogs().flatMap((l, i) => l.slice(before[i]));
        expect(said.length).toBeGreaterThan(0);
        return JSON.stringify(said);
      },
      everything: () => JSON.stringify(teamsPayloads()),
    });

    const discordUrl = (await receiver<{ url: string }>("discord")).url;
    drivers.push({
      name: "discord",
      senders: [{ label: "B's linked admin", user: "200000000000000001", channel: "500000000000000002" }, { label: "an unlinked user", user: "200000000000000009", channel: "500000000000000003" }],
      async send(s, cmd, args) {
        const options = [{ name: "command", type: 3, value: cmd }, ...(args ? [{ name: "args", type: 3, value: args }] : [])];
        const i = interaction("command", { name: "rounds", options }, { user: s.user, guild: GUILD, channel: s.channel });
        const body = JSON.stringify(i);
        const res = await fetch(discordUrl, { method: "POST", body, headers: signed(body) });
        expect(res.status).toBe(200);
        // The deferred acknowledgement is followed by the answer, sent as an edit of it or a follow-up.
        await discord.waitFor(() => discord.webhookCalls(i.token).some((c) => c.body !== undefined), 15_000);
        // Under load the answer can arrive as a later edit of a first post. Later edits of every probe are
        // checked through everything() below; the planted control must be read whole, so for it wait until
        // the calls have settled (for every probe this would add minutes).
        for (let seen = cmd === plantedLeak.command ? -1 : discord.webhookCalls(i.token).length; discord.webhookCalls(i.token).length !== seen;) {
          seen = discord.webhookCalls(i.token).length;
          await new Promise((r) => setTimeout(r, 1000));
        }
        return JSON.stringify(discord.webhookCalls(i.token));
      },
      everything: () => JSON.stringify(discord.calls),
    });
    // The fixture and B's workspaces take about 12 s of a quiet 2-core machine; the budget is the probes' own, so a
    // loaded machine slows the set-up down without failing it.
  }, 600_000);
  afterAll(async () => {
    await fx?.close();
    await slack?.close();
    await discord?.close();
    await connector?.close();
  });

  it("no reply to B's admin or to an unlinked user of B's workspaces carries A's canaries, on any channel", async () => {
    const probes = commandProbes(fx.app.host.commands(), fx.harvest, fx.orgBProject).filter((p) => p.projectId === fx.orgBProject);
    // Generated from the registry: every command is sent, none is named here.
    expect(new Set(probes.map((p) => p.command))).toEqual(new Set(fx.app.host.commands().map((c) => c.id)));
    expect(drivers.map((d) => d.name)).toEqual(["slack", "teams", "discord"]);
    const findings: string[] = [];
    const all = Object.keys(fx.canaries) as CanaryName[];
    const logStart = fx.logs.length;
    const promptStart = fx.model.requests.length;
    let n = 0;
    for (const d of drivers) {
      for (const s of d.senders) {
        for (const p of probes) {
          const said = await d.send(s, p.command, p.args, n++);
          for (const c of all) if (said.includes(fx.canaries[c])) findings.push(`${d.name} | ${s.label} | ${c} | ${p.command} ${p.args}`);
        }
      }
    }
    await waitForJobs(fx.app);
    await new Promise((r) => setTimeout(r, 500)); // replies edited after the first post
    const prompts = fx.model.requests.slice(promptStart).map((r) => JSON.stringify(r.json ?? {})).join("\n");
    const logs = fx.logs.slice(logStart).join("");
    for (const c of all) {
      if (prompts.includes(fx.canaries[c])) findings.push(`(any) | prompt | ${c}`);
      if (logs.includes(fx.canaries[c])) findings.push(`(any) | log | ${c}`);
    }
    // Only the planted control may leak, and it must, to B's linked admin on every channel.
    expect(findings.filter((f) => !f.includes(`| ${plantedLeak.command} `))).toEqual([]);
    for (const d of drivers) {
      expect(findings.some((f) => f.startsWith(`${d.name} | B's linked admin |`) && f.includes(`| ${plantedLeak.command} `)), d.name).toBe(true);
      // Whatever was sent later (edits of earlier replies) leaks nothing but the control's own answer canaries either
      // (the planted command returns every harvested answer: A's two, and the therapist's answer quoting the psychotherapy transcript).
      const late = d.everything();
      expect(late.length).toBeGreaterThan(1000);
      for (const c of all.filter((c) => c !== "answer" && c !== "patientAnswer" && c !== "psychotherapyTranscript")) expect(late.includes(fx.canaries[c]), `${d.name}: ${c}`).toBe(false);
    }
  }, 600_000);
});
