// Issue #15, findings 1 and 2: an admin of one clinic (organisation A) on a
// server shared with another (B), attacking through every front door it has:
// the HTTP API over a real loopback socket (API key and admin-page session),
// and Slack (signed slash commands and mentions to the real Bolt receiver,
// answered through a local server speaking Slack's Web API). Teams and Discord
// claims are proven by what those installations report (the configured tenant;
// the guilds Discord lists for the bot, from a local server speaking Discord's
// REST API).
//
// 1. `ingest` names no server path or URL from the API, a session or a chat:
//    another organisation's blobs, /etc files and file:// URLs are refused
//    with one message that says neither whether the path exists nor where the
//    server runs; only entries of the operator's import folder are read, and
//    a link out of it is refused. The CLI keeps any path.
// 2. A chat workspace belongs to one organisation: A cannot link B's Slack
//    accounts or bind B's channels (B's questions stay B's), cannot claim a
//    workspace the installation is not in, nor bind another organisation's project.
//    Only the holder's admin (or the operator at the CLI) hands it back, audited;
//    then another organisation claims it with proof as before.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApiKey, runCommand, type Actor, type Channel } from "@rounds/core";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_ID, FakeDiscord, PUBLIC_KEY_HEX } from "@rounds/plugin-discord/testing";
import { BOT_TOKEN, BOT_USER_ID, FakeSlack, SIGNING_SECRET, eventEnvelope, sendSigned, slashCommandBody, textsOf } from "@rounds/plugin-slack/testing";
import type { RoundsApp } from "../src/app/create-app.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { startChannels } from "../src/server/start-channels.ts";
import { listenOnLoopback } from "./support/loopback-api.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";
import { defaultPlugins } from "../src/app/default-plugins.ts";

const GUILD = "300000000000000001";

describe.each(appTargets())("a hostile admin of another clinic ($name)", (target) => {
  let app: RoundsApp;
  let api: FastifyInstance;
  let base: string;
  let slack: FakeSlack;
  let discord: FakeDiscord;
  let channels: Awaited<ReturnType<typeof startChannels>>;
  let slackUrl: string;
  let dataDir: string;
  let importDir: string;
  const a = { org: "", project: "", key: "", userId: "" };
  const b = { org: "", project: "", key: "", bea: "" };

  beforeAll(async () => {
    slack = new FakeSlack();
    await slack.start();
    discord = new FakeDiscord();
    discord.guilds = [GUILD];
    await discord.start();
    importDir = mkdtempSync(join(tmpdir(), "rounds-imports-"));
    writeFileSync(join(importDir, "protocol.md"), "# Ketamine infusion monitoring\n\nCheck blood pressure every 15 minutes during ketamine-assisted therapy dosing.\n");
    symlinkSync("/etc/hostname", join(importDir, "escape.md"));
    const env = await target.environment();
    dataDir = env.dataDir!;
    app = await startApp(env, {
      imports: { folder: importDir },
      plugins: [...(env.plugins ?? defaultPlugins), "@rounds/plugin-slack", "@rounds/plugin-teams", "@rounds/plugin-discord"],
      pluginSettings: {
        "@rounds/plugin-slack": { signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, apiUrl: slack.apiUrl, port: 0, host: "127.0.0.1" },
        "@rounds/plugin-teams": { tenantId: "tenant-b", port: 0, host: "127.0.0.1" },
        "@rounds/plugin-discord": { publicKey: PUBLIC_KEY_HEX, applicationId: APP_ID, botToken: "discord-bot-token", apiUrl: discord.apiUrl, port: 0, host: "127.0.0.1" },
      },
    });
    channels = await startChannels(app);
    expect(channels.failed).toEqual([]);
    slackUrl = ((await app.host.get("channels", "slack")) as Channel & { url: string }).url;
    ({ api, base } = await listenOnLoopback(app));
    for (const [who, slug] of [[a, "clinic-a"], [b, "clinic-b"]] as const) {
      const ws = await ensureWorkspace(app, { org: slug, project: "kat" });
      who.org = ws.organization.id;
      who.project = ws.project.id;
      who.key = (await createApiKey(app, undefined, { organizationId: ws.organization.id, role: "admin", name: "admin" })).key;
    }
    a.userId = ((await command(a.key, a.project, "users", "add Ana Admin --role admin")).body.data as { id: string }).id;
    b.bea = ((await command(b.key, b.project, "users", "add Bea Admin --role admin")).body.data as { id: string }).id;
    // Clinic B connects its Slack workspace first; the installation's auth.test vouches for T1.
    for (const args of ["bind slack T1 *", "bind slack T1 C-B-ADMINS --admin --private"]) expect((await command(b.key, b.project, "channels", args)).status).toBe(200);
    expect((await command(b.key, b.project, "users", `link ${b.bea} slack T1 U-BEA`)).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await channels?.stop();
    await api?.close();
    await app?.close();
    await slack?.close();
    await discord?.close();
    await cleanupTargets();
    rmSync(importDir, { recursive: true, force: true });
  });

  async function command(key: string, projectId: string, id: string, args: string, headers: Record<string, string> = {}) {
    const res = await fetch(`${base}/v1/commands/${id}`, {
      method: "POST", headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
      body: JSON.stringify({ projectId, args }),
    });
    return { status: res.status, body: (await res.json()) as { data?: unknown; detail?: string; code?: string; blocks?: Array<{ text?: string }> } };
  }
  const documents = async (key: string, projectId: string) =>
    ((await (await fetch(`${base}/v1/projects/${projectId}/documents`, { headers: { authorization: `Bearer ${key}` } })).json()) as unknown[]).length;

  /** Sends a signed Slack request and returns every text Rounds posted back for it. */
  async function slackSays(body: string, contentType: string): Promise<string> {
    const before = slack.posts().length;
    expect((await sendSigned(slackUrl, body, contentType)).status).toBe(200);
    await slack.waitForPosts(before + 1, 10_000);
    await new Promise((r) => setTimeout(r, 200)); // any follow-up edit of the same reply
    return slack.posts().slice(before).flatMap(textsOf).join("\n");
  }

  describe("finding 1: ingest reads no server file for a remote caller", () => {
    it("refuses another organisation's blobs, /etc files and file:// URLs over the API, with one message that reveals nothing", async () => {
      // Clinic B's document is on this server (in the blob folder on the embedded tier).
      const up = await fetch(`${base}/v1/projects/${b.project}/documents?fileName=b-notes.md`, {
        method: "POST", headers: { authorization: `Bearer ${b.key}`, "content-type": "application/octet-stream" },
        body: "# Ketamine dosing\n\nClinic B's private ketamine-assisted therapy dosing notes.",
      });
      expect(up.status).toBe(202);
      const attempts = [join(dataDir, "blobs"), join(dataDir, "blobs", "objects"), "/etc/hostname", "/etc/passwd", "file:///etc/os-release", "/no/such/file", "../../etc/hostname"];
      const messages = new Set<string>();
      for (const args of attempts) {
        const res = await command(a.key, a.project, "ingest", args);
        expect({ args, status: res.status, code: res.body.code }).toEqual({ args, status: 403, code: "FORBIDDEN" });
        messages.add(res.body.detail ?? "");
      }
      expect(messages.size).toBe(1); // an existing and a missing path read the same
      const [message] = [...messages];
      expect(message).toMatch(/^Paths and URLs on the server are read only from the rounds CLI at the server\./);
      expect(message).not.toContain(process.cwd());
      expect(message).not.toContain(dataDir);
      expect(message).not.toContain(importDir);
      // A relative name means the import folder, never the server's working directory.
      expect(await command(a.key, a.project, "ingest", "blobs")).toMatchObject({ status: 404, body: { detail: "There is no file or folder blobs in the import folder." } });
      expect(await documents(a.key, a.project)).toBe(0);
    });

    it("refuses them through an admin-page session too", async () => {
      const login = await fetch(`${base}/v1/session`, { method: "POST", headers: { "content-type": "application/json", host: "127.0.0.1" }, body: JSON.stringify({ apiKey: a.key }) });
      expect(login.status).toBe(200);
      const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      const res = await command("", a.project, "ingest", "/etc/hostname", { cookie, "x-csrf-token": csrfToken });
      expect(res).toMatchObject({ status: 403, body: { code: "FORBIDDEN" } });
      expect(await documents(a.key, a.project)).toBe(0);
    });

    it("refuses them from Slack, as a slash command and as a mention in a public channel", async () => {
      const before = await documents(b.key, b.project);
      const slash = await slackSays(slashCommandBody({
        team_id: "T1", channel_id: "C-B-ADMINS", channel_name: "privategroup", user_id: "U-BEA", user_name: "bea",
        command: "/rounds", text: "ingest /etc/hostname", trigger_id: "trig-ingest-1", response_url: slack.responseUrl("ingest-1"),
      }), "application/x-www-form-urlencoded");
      expect(slash).toMatch(/Paths and URLs on the server are read only from the rounds CLI at the server\./);
      const mention = await slackSays(eventEnvelope("Ev-ingest-2", "T1", {
        type: "app_mention", channel: "C-GENERAL", user: "U-BEA", text: `<@${BOT_USER_ID}> ingest file:///etc/os-release`, ts: "1700000500.000001",
      }), "application/json");
      expect(mention).toMatch(/Paths and URLs on the server are read only from the rounds CLI at the server\./);
      expect(`${slash}\n${mention}`).not.toMatch(/accepted|os-release|hostname/);
      expect(await documents(b.key, b.project)).toBe(before);
    }, 30_000);

    it("reads entries of the operator's import folder by name, but no link out of it", async () => {
      const ok = await command(a.key, a.project, "ingest", "protocol.md");
      expect(ok.status).toBe(200);
      expect(ok.body.blocks?.[0]?.text).toMatch(/^1 of 1 file\(s\) accepted/);
      expect(await command(a.key, a.project, "ingest", "escape.md")).toMatchObject({ status: 403, body: { code: "FORBIDDEN" } });
      expect(await command(a.key, a.project, "ingest", "missing.md")).toMatchObject({ status: 404, body: { detail: "There is no file or folder missing.md in the import folder." } });
      expect(await documents(a.key, a.project)).toBe(1);
    });

    it("the operator at the CLI still names any path", async () => {
      const dir = mkdtempSync(join(tmpdir(), "rounds-operator-"));
      mkdirSync(join(dir, "guides"));
      writeFileSync(join(dir, "guides", "observation.md"), "# Observation\n\nPatients are observed for two hours after each ketamine dose.\n");
      const operator = await localOperator(app, a.org);
      const result = await runCommand(app, "ingest", { actor: operator, origin: "cli", projectId: a.project, args: join(dir, "guides"), visibility: "private" });
      expect((result.blocks[0] as { text: string }).text).toMatch(/^1 of 1 file\(s\) accepted/);
      rmSync(dir, { recursive: true, force: true });
    });
  });

  describe("finding 2: a chat workspace belongs to one organisation", () => {
    it("A cannot link B's Slack account nor bind B's channels; B's questions stay in B", async () => {
      const link = await command(a.key, a.project, "users", `link ${a.userId} slack T1 U-BEA`);
      expect(link).toMatchObject({ status: 403, body: { code: "FORBIDDEN" } });
      for (const args of ["bind slack T1 C-B-ADMINS --admin", "bind slack T1 *", "bind slack T1 C-NEW --admin --private"]) {
        expect({ args, status: (await command(a.key, a.project, "channels", args)).status }).toEqual({ args, status: 403 });
      }
      expect(await app.store.identity.findUserByChannelIdentity({ channel: "slack", workspaceId: "T1", userId: "U-BEA" })).toMatchObject({ id: b.bea, organizationId: b.org });
      for (const conversation of ["C-B-ADMINS", "C-NEW", "C-GENERAL"]) {
        expect(await app.store.tenancy.findChannelBinding("slack", "T1", conversation)).toMatchObject({ organizationId: b.org, projectId: b.project });
      }
      // Bea's question in Slack is answered from B's knowledge base, not A's.
      const said = await slackSays(eventEnvelope("Ev-q-1", "T1", {
        type: "app_mention", channel: "C-GENERAL", user: "U-BEA", text: `<@${BOT_USER_ID}> how often is blood pressure checked?`, ts: "1700000600.000001",
      }), "application/json");
      expect(said).not.toMatch(/don't know you|isn't connected/);
      const questions = async (org: string) => (await app.store.answers.usage(org, { since: new Date(0) })).perDay.reduce((n, d) => n + d.questions, 0);
      expect(await questions(b.org)).toBe(1);
      expect(await questions(a.org)).toBe(0);
    }, 30_000);

    it("nobody claims a workspace by typing its id: the installation must be in it", async () => {
      const refused = await command(a.key, a.project, "channels", "bind slack T-OTHER *");
      expect(refused).toMatchObject({ status: 403, body: { code: "FORBIDDEN" } });
      expect(await command(a.key, a.project, "users", `link ${a.userId} slack T-OTHER U-1`)).toMatchObject({ status: 403 });
      // Teams: only the configured tenant. Discord: only guilds the application is in.
      expect((await command(a.key, a.project, "channels", "bind teams tenant-x *")).status).toBe(403);
      expect((await command(a.key, a.project, "channels", "bind discord 399999999999999999 *")).status).toBe(403);
      expect(await app.store.tenancy.findWorkspaceClaim("slack", "T-OTHER")).toBeUndefined();
    });

    it("the first organisation the installation vouches for holds a Teams tenant or Discord guild; the other is refused", async () => {
      expect((await command(b.key, b.project, "channels", "bind teams tenant-b *")).status).toBe(200);
      expect((await command(a.key, a.project, "channels", "bind teams tenant-b C-A")).status).toBe(403);
      expect((await command(a.key, a.project, "channels", `bind discord ${GUILD} *`)).status).toBe(200);
      expect(discord.calls.some((c) => c.method === "GET" && c.path === "/api/v10/users/@me/guilds")).toBe(true);
      expect((await command(b.key, b.project, "channels", `bind discord ${GUILD} 500000000000000001 --admin`)).status).toBe(403);
      expect((await command(b.key, b.project, "users", `link ${b.bea} discord ${GUILD} 200000000000000009`)).status).toBe(403);
      expect(await app.store.tenancy.findChannelBinding("discord", GUILD, "500000000000000001")).toMatchObject({ organizationId: a.org });
    });

    it("refuses another organisation's project id", async () => {
      const res = await command(a.key, b.project, "channels", "bind slack T1 C-X");
      expect(res).toMatchObject({ status: 404, body: { code: "NOT_FOUND" } });
      const res2 = await command(a.key, b.project, "docs", "list");
      expect(res2.status).toBe(404);
    });

    it("the operator at the CLI claims a workspace without the installation, but not one another organisation holds", async () => {
      const operator: Actor = await localOperator(app, a.org);
      const run = (args: string) => runCommand(app, "channels", { actor: operator, origin: "cli", projectId: a.project, args, visibility: "private" });
      await expect(run("bind slack T-LOCAL *")).resolves.toBeDefined();
      expect(await app.store.tenancy.findWorkspaceClaim("slack", "T-LOCAL")).toMatchObject({ organizationId: a.org, proof: "operator" });
      await expect(run("bind slack T1 C-OPS")).rejects.toMatchObject({ code: "FORBIDDEN" });
    });

    it("a workspace is handed over only by its holder's admin or the operator at the CLI, audited, then claimed by proof", async () => {
      const release = (key: string, projectId: string, args: string) => command(key, projectId, "channels", `release ${args}`);
      const bClinician = (await createApiKey(app, undefined, { organizationId: b.org, role: "clinician", name: "b clinician" })).key;
      // A cannot release B's workspace: it reads as one A holds nothing in; B's clinician lacks the role.
      expect(await release(a.key, a.project, "slack T1")).toMatchObject({ status: 404, body: { code: "NOT_FOUND" } });
      expect((await release(a.key, a.project, "slack T-NOBODY")).body.detail).toBe("This organisation holds no slack workspace T-NOBODY to release.");
      expect((await release(bClinician, b.project, "slack T1")).status).toBe(403);
      expect(await app.store.tenancy.findWorkspaceClaim("slack", "T1")).toMatchObject({ organizationId: b.org });
      expect(await app.store.identity.findUserByChannelIdentity({ channel: "slack", workspaceId: "T1", userId: "U-BEA" })).toMatchObject({ id: b.bea });

      // B's admin releases it: the claim, B's bindings and linked accounts there end, in B's audit log.
      const released = await release(b.key, b.project, "slack T1");
      expect(released).toMatchObject({ status: 200, body: { data: { bindings: 2, identities: 1 } } });
      expect(await app.store.tenancy.findWorkspaceClaim("slack", "T1")).toBeUndefined();
      expect(await app.store.tenancy.findChannelBinding("slack", "T1", "C-B-ADMINS")).toBeUndefined();
      expect(await app.store.identity.findUserByChannelIdentity({ channel: "slack", workspaceId: "T1", userId: "U-BEA" })).toBeUndefined();
      expect(await app.store.audit.query(b.org, { action: "workspace.release", limit: 5 })).toMatchObject([{ targetId: "slack:T1", details: { bindings: 2, identities: 1, byOperator: false } }]);
      expect(await app.store.audit.query(a.org, { action: "workspace.release", limit: 5 })).toEqual([]);
      // Released, it is claimed again only with proof: A's installation vouches for T1, so A binds it now; B no longer can.
      expect((await command(a.key, a.project, "channels", "bind slack T1 *")).status).toBe(200);
      expect(await app.store.tenancy.findWorkspaceClaim("slack", "T1")).toMatchObject({ organizationId: a.org, proof: "installation" });
      expect((await command(b.key, b.project, "channels", "bind slack T1 C-B-ADMINS")).status).toBe(403);

      // The operator at the CLI releases any organisation's workspace, audited in the holder's log.
      const operator = await localOperator(app, b.org);
      await runCommand(app, "channels", { actor: operator, origin: "cli", projectId: b.project, args: `release discord ${GUILD}`, visibility: "private" });
      expect(await app.store.tenancy.findWorkspaceClaim("discord", GUILD)).toBeUndefined();
      expect(await app.store.audit.query(a.org, { action: "workspace.release", limit: 5 })).toMatchObject([{ targetId: `discord:${GUILD}`, details: { byOperator: true } }]);
      // B, no longer the holder, cannot release what A now holds.
      expect((await release(b.key, b.project, "slack T1")).status).toBe(404);
    });
  });
});
