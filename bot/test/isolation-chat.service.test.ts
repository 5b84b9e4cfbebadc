// The isolation suite through Slack (#15): organisation B has claimed the
// Slack workspace T1 and bound its channels; every command in the registry,
// its arguments generated from its usage line with organisation A's ids
// (support/isolation-probes.ts), is sent as a signed slash command by B's
// linked admin and by an unlinked user of B's workspace. No message Rounds
// posts back, no prompt to the cloud model and no log line may carry one of
// A's canaries; the planted leaky command (the positive control) must be
// caught here too, proving the posts are read.
import type { Channel } from "@rounds/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOT_TOKEN, FakeSlack, SIGNING_SECRET, sendSigned, slashCommandBody, textsOf } from "@rounds/plugin-slack/testing";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { type CanaryName, buildIsolationFixture, type IsolationFixture, plantedLeak } from "./support/isolation-fixture.ts";
import { commandProbes } from "./support/isolation-probes.ts";
import { appTargets, cleanupTargets } from "./support/test-app.ts";

afterAll(() => cleanupTargets());

describe.each(appTargets())("isolation through Slack, in a workspace another organisation claimed ($name)", (target) => {
  let fx: IsolationFixture;
  let slack: FakeSlack;
  let slackUrl: string;
  const command = async (id: string, args: string) => fx.api.inject({
    method: "POST", url: `/v1/commands/${id}`, headers: { authorization: `Bearer ${fx.keyB}` }, payload: { projectId: fx.orgBProject, args },
  });

  beforeAll(async () => {
    slack = new FakeSlack();
    await slack.start();
    fx = await buildIsolationFixture(target, { slack: { apiUrl: slack.apiUrl, signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN } });
    slackUrl = ((await fx.app.host.get("channels", "slack")) as Channel & { url: string }).url;
    // B claims T1 (its installation vouches for it) and links its admin.
    for (const args of ["bind slack T1 *", "bind slack T1 C-B-ADMINS --admin --private"]) expect((await command("channels", args)).statusCode).toBe(200);
    const bea = (await command("users", "add Bea Admin --role admin")).json().data.id as string;
    expect((await command("users", `link ${bea} slack T1 U-BEA`)).statusCode).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await fx?.close();
    await slack?.close();
  });

  it("no reply to B's admin or to an unlinked user of B's workspace carries A's canaries", async () => {
    const senders = [{ user: "U-BEA", channel: "C-B-ADMINS", channelName: "privategroup" }, { user: "U-STRANGER", channel: "C-GENERAL", channelName: "general" }];
    const probes = commandProbes(fx.app.host.commands(), fx.harvest, fx.orgBProject).filter((p) => p.projectId === fx.orgBProject);
    expect(new Set(probes.map((p) => p.command))).toEqual(new Set(fx.app.host.commands().map((c) => c.id)));
    const findings: string[] = [];
    const all = Object.keys(fx.canaries) as CanaryName[];
    const logStart = fx.logs.length;
    const promptStart = fx.model.requests.length;
    let n = 0;
    for (const s of senders) {
      for (const p of probes) {
        const before = slack.posts().length;
        const id = `probe-${n++}`;
        const res = await sendSigned(slackUrl, slashCommandBody({
          team_id: "T1", channel_id: s.channel, channel_name: s.channelName, user_id: s.user, user_name: s.user.toLowerCase(),
          command: "/rounds", text: `${p.command} ${p.args}`.trim(), trigger_id: `trig-${id}`, response_url: slack.responseUrl(id),
        }), "application/x-www-form-urlencoded");
        expect(res.status).toBe(200);
        await slack.waitForPosts(before + 1, 15_000);
        const texts = slack.posts().slice(before).flatMap(textsOf).join("\n");
        for (const c of all) if (texts.includes(fx.canaries[c])) findings.push(`${s.user} | slack post | ${c} | ${p.command} ${p.args}`);
      }
    }
    await waitForJobs(fx.app);
    await new Promise((r) => setTimeout(r, 500)); // replies edited after the first post
    const late = slack.posts().flatMap(textsOf).join("\n");
    const prompts = fx.model.requests.slice(promptStart).map((r) => JSON.stringify(r.json ?? {})).join("\n");
    const logs = fx.logs.slice(logStart).join("");
    for (const c of all) {
      if (prompts.includes(fx.canaries[c])) findings.push(`(any) | prompt | ${c}`);
      if (logs.includes(fx.canaries[c])) findings.push(`(any) | log | ${c}`);
    }
    // Only the planted control may leak, and it must, to B's linked admin.
    expect(findings.filter((f) => !f.includes(`| ${plantedLeak.command} `))).toEqual([]);
    expect(findings.some((f) => f.startsWith("U-BEA | slack post |") && f.includes(`| ${plantedLeak.command} `))).toBe(true);
    expect(late.length).toBeGreaterThan(0);
  }, 300_000);
});
