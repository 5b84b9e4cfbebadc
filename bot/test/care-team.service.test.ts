// The care team, end to end on both tiers (docs/security.md): where a project
// requires it (the default), a clinician reaches a patient's session material
// only while an admin has put them on that patient's care team. An unassigned
// clinician naming the patient through the API, through commands (what chat
// and `/v1/commands` run) and through Slack gets one refusal that says nothing
// of whether the patient exists, has material or consents, and the attempt is
// audited; an assigned clinician is served; unassigning takes effect on the
// next request; another organisation's patient reads as one that does not
// exist, and another organisation's admin can change nothing. The real CLI
// (`rounds care-team …`) is driven last, on the embedded tier.
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Actor, type RoundsConfigInput, careTeamRefusal, createApiKey, ingestFile, recordConsent, reviewDocument, runCommand } from "@rounds/core";
import { createApiServer } from "@rounds/core/api";
import { BOT_TOKEN, FakeSlack, SIGNING_SECRET, sendSigned, slashCommandBody, textsOf } from "@rounds/plugin-slack/testing";
import { SlackChannel } from "@rounds/plugin-slack";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { createLogger } from "@rounds/core";
import { localOperator } from "../src/cli/local-operator.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { ConversationLayer } from "../src/conversation/conversation-layer.ts";
import { createConversationServices } from "../src/conversation/create-conversation-services.ts";
import { cliInProcess } from "./support/cli-in-process.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";

afterAll(cleanupTargets);
const enc = (s: string) => new TextEncoder().encode(s);
const SESSION = "WEBVTT\n\n00:00:01.000 --> 00:00:08.000\n<v Therapist>How was the week after the infusion?\n\n00:00:08.500 --> 00:00:20.000\n<v Client>I keep dreaming about the lighthouse at Marrowby where my grandfather worked.\n";
const QUESTION = "What does the client dream about the lighthouse?";

for (const target of appTargets()) {
  describe(`care team (${target.name})`, () => {
    let env: RoundsConfigInput;
    let app: RoundsApp | undefined;
    let api: FastifyInstance;
    let admin: Actor;
    let projectId: string;
    let patient: string;
    let otherOrgPatient: string;
    let transcriptId: string;
    const keys: Record<string, string> = {};
    const actors: Record<string, Actor> = {};
    let slack: { fake: FakeSlack; channel: SlackChannel } | undefined;

    const call = (who: string, method: "GET" | "POST" | "PUT" | "DELETE", url: string, payload?: unknown) =>
      api.inject({ method, url, headers: { authorization: `Bearer ${keys[who]}` }, ...(payload !== undefined && { payload: payload as string }) });
    const askAs = (who: string, patientIds: string[]) => call(who, "POST", "/v1/ask", { projectId, question: QUESTION, patientIds });
    const refusalsOf = async (who: string) => (await app!.store.audit.query(admin.organizationId, { actorUserId: actors[who]!.userId, limit: 500 })).filter((r) => r.action === "care_team.refused");

    beforeAll(async () => {
      env = await target.environment();
      app = await startApp(env);
      const ws = await ensureWorkspace(app, { org: "care-clinic", project: "kat" });
      projectId = ws.project.id;
      admin = await localOperator(app, ws.organization.id);
      patient = (await app.store.identity.createPatient({ organizationId: admin.organizationId, displayName: "Patient A", externalRef: "PA-1" })).id;
      for (const type of ["recording", "ai_analysis"] as const) await recordConsent(app, { actor: admin, patientId: patient, type, action: "granted", method: "cli" });
      const up = await ingestFile(app, { actor: admin, projectId, fileName: "session-a.vtt", bytes: enc(SESSION), patientId: patient });
      transcriptId = up.document.id;
      await waitForJobs(app);
      if ((await app.store.knowledge.getDocument({ organizationId: admin.organizationId, projectId }, transcriptId))?.status === "pending") {
        await reviewDocument(app, { actor: admin, projectId, documentId: transcriptId, action: "approve" });
        await waitForJobs(app);
      }
      const other = await ensureWorkspace(app, { org: "other-clinic", project: "kat" });
      otherOrgPatient = (await app.store.identity.createPatient({ organizationId: other.organization.id, displayName: "Patient Q" })).id;
      await recordConsent(app, { actor: await localOperator(app, other.organization.id), patientId: otherOrgPatient, type: "ai_analysis", action: "granted", method: "cli" });
      const person = async (name: string, organizationId: string, role: "admin" | "clinician") => {
        const user = await app!.store.identity.createUser({ organizationId, role, displayName: name });
        keys[name] = (await createApiKey(app!, undefined, { organizationId, role, name, userId: user.id })).key;
        actors[name] = { userId: user.id, organizationId, role };
      };
      await person("alice", admin.organizationId, "clinician");
      await person("bob", admin.organizationId, "clinician");
      await person("admin", admin.organizationId, "admin");
      await person("otherAdmin", other.organization.id, "admin");
      await person("otherClinician", other.organization.id, "clinician");
      api = await createApiServer(app);
    }, 120_000);
    afterAll(async () => {
      await slack?.channel.stop();
      await slack?.fake.close();
      await api?.close();
      await app?.close();
    });

    it("refuses an unassigned clinician naming a patient through the API, in the same words for a patient that does not exist or is another organisation's, and audits each attempt", async () => {
      const refused = await askAs("bob", [patient]);
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({ code: "FORBIDDEN", detail: careTeamRefusal, reason: "care_team" });
      expect(refused.body).not.toContain("lighthouse");
      const shape = (res: { statusCode: number; json(): Record<string, unknown> }) => ({ status: res.statusCode, code: res.json().code, detail: res.json().detail, reason: res.json().reason });
      // Nothing tells a patient with material and consent from one that does not exist, or one of another clinic.
      expect(shape(await askAs("bob", [randomUUID()]))).toEqual(shape(refused));
      expect(shape(await askAs("bob", [otherOrgPatient]))).toEqual(shape(refused));
      expect(shape(await call("bob", "POST", "/v1/commands/search", { projectId, args: `--patient ${patient} lighthouse` }))).toEqual(shape(refused));
      const audited = await refusalsOf("bob");
      expect(audited.map((r) => r.patientId)).toEqual(expect.arrayContaining([patient, otherOrgPatient]));
      expect(audited.length).toBeGreaterThanOrEqual(4);
      // A note from the patient's transcript is refused the same way, before the model is asked anything.
      expect(shape(await call("bob", "POST", "/v1/notes", { projectId, documentId: transcriptId }))).toEqual(shape(refused));
    });

    it("refuses an unassigned clinician through commands (ask/search --patient, passage), the path chat and /v1/commands take", async () => {
      const run = (command: string, args: string) => runCommand(app!, command, { actor: actors.bob!, projectId, args, visibility: "private" });
      await expect(run("ask", `--patient ${patient} ${QUESTION}`)).rejects.toMatchObject({ code: "FORBIDDEN", message: careTeamRefusal });
      await expect(run("search", `--patient ${patient} lighthouse`)).rejects.toMatchObject({ code: "FORBIDDEN", message: careTeamRefusal });
      await expect(run("ask", `--patient ${randomUUID()} ${QUESTION}`)).rejects.toMatchObject({ code: "FORBIDDEN", message: careTeamRefusal });
      const chunk = (await app!.store.knowledge.listChunks({ organizationId: admin.organizationId, projectId }, transcriptId))[0]!;
      await expect(run("passage", chunk.id)).rejects.toMatchObject({ code: "FORBIDDEN", message: careTeamRefusal });
      const res = await call("bob", "POST", "/v1/commands/ask", { projectId, args: `--patient ${patient} ${QUESTION}` });
      expect(res.statusCode).toBe(403);
      expect(res.body).not.toContain("lighthouse");
    });

    it("serves an assigned clinician, and refuses them on the next request once unassigned (answers they already have included)", async () => {
      const assigned = await call("admin", "PUT", `/v1/patients/${patient}/care-team/${actors.alice!.userId}`);
      expect(assigned.statusCode).toBe(201);
      expect((await call("admin", "PUT", `/v1/patients/${patient}/care-team/${actors.alice!.userId}`)).statusCode).toBe(200);
      const listed = await call("admin", "GET", `/v1/patients/${patient}/care-team`);
      expect(listed.json().members.map((m: { userId: string }) => m.userId)).toEqual([actors.alice!.userId]);

      const served = await askAs("alice", [patient]);
      expect(served.statusCode).toBe(200);
      const answer = served.json<{ answerId: string; sources: Array<{ documentId: string }> }>();
      expect(answer.sources.map((s) => s.documentId)).toContain(transcriptId);
      expect((await call("alice", "GET", `/v1/answers/${answer.answerId}`)).statusCode).toBe(200);
      // Bob, still outside, cannot open Alice's answer about the patient either.
      expect((await call("bob", "GET", `/v1/answers/${answer.answerId}`)).statusCode).toBe(403);

      const removed = await call("admin", "DELETE", `/v1/patients/${patient}/care-team/${actors.alice!.userId}`);
      expect(removed.json()).toEqual({ removed: true });
      expect((await askAs("alice", [patient])).statusCode).toBe(403);
      const reread = await call("alice", "GET", `/v1/answers/${answer.answerId}`);
      expect(reread.statusCode).toBe(403);
      expect(reread.body).not.toContain("lighthouse");
      expect((await call("admin", "DELETE", `/v1/patients/${patient}/care-team/${actors.alice!.userId}`)).json()).toEqual({ removed: false });
      const log = (await app!.store.audit.query(admin.organizationId, { patientId: patient, limit: 500 })).map((r) => r.action);
      expect(log).toEqual(expect.arrayContaining(["care_team.assign", "care_team.unassign", "care_team.read", "care_team.refused"]));
    });

    it("lets no one but this organisation's admin change its care teams, and takes no other organisation's patient or clinician", async () => {
      const alice = actors.alice!.userId;
      expect((await call("otherAdmin", "PUT", `/v1/patients/${patient}/care-team/${alice}`)).statusCode).toBe(404);
      expect((await call("otherAdmin", "GET", `/v1/patients/${patient}/care-team`)).statusCode).toBe(404);
      expect((await call("admin", "PUT", `/v1/patients/${otherOrgPatient}/care-team/${alice}`)).statusCode).toBe(404);
      expect((await call("admin", "PUT", `/v1/patients/${patient}/care-team/${actors.otherClinician!.userId}`)).statusCode).toBe(404);
      expect((await call("bob", "PUT", `/v1/patients/${patient}/care-team/${actors.bob!.userId}`)).statusCode).toBe(403);
      await expect(runCommand(app!, "care-team", { actor: actors.bob!, projectId, args: `assign ${patient} ${actors.bob!.userId}`, visibility: "private" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      expect((await call("admin", "PUT", `/v1/patients/${patient}/care-team/${actors.admin!.userId}`)).statusCode).toBe(400);
      expect((await call("admin", "GET", `/v1/patients/${patient}/care-team`)).json().members).toEqual([]);
    });

    it("with the project's care team off, a clinician of the organisation reaches a consenting patient as before; back on, refused again", async () => {
      expect((await call("admin", "GET", `/v1/projects/${projectId}/care-team-policy`)).json()).toEqual({ careTeam: "required" });
      expect((await call("bob", "PUT", `/v1/projects/${projectId}/care-team-policy`, { careTeam: "off" })).statusCode).toBe(403);
      expect((await call("admin", "PUT", `/v1/projects/${projectId}/care-team-policy`, { careTeam: "off" })).json()).toEqual({ careTeam: "off" });
      expect((await askAs("bob", [patient])).statusCode).toBe(200);
      await runCommand(app!, "care-team", { actor: admin, projectId, args: "policy required", visibility: "private" });
      expect((await askAs("bob", [patient])).statusCode).toBe(403);
    });

    it("refuses an unassigned clinician in Slack with the same words, and serves them once assigned", async () => {
      const run = (args: string) => runCommand(app!, args.split(" ")[0]!, { actor: admin, projectId, args: args.split(" ").slice(1).join(" "), visibility: "private" });
      await run(`users link ${actors.bob!.userId} slack T1 U-BOB`);
      await run("channels bind slack T1 * --private");
      const layer = new ConversationLayer(app!, createConversationServices(app!));
      const fake = new FakeSlack();
      await fake.start();
      slack = { fake, channel: new SlackChannel({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, port: 0, host: "127.0.0.1", apiUrl: fake.apiUrl, logger: createLogger({ level: "silent" }) }) };
      await slack.channel.start(layer);
      let seq = 0;
      const say = async (text: string) => {
        const before = fake.posts().length;
        const res = await sendSigned(slack!.channel.url!, slashCommandBody({ team_id: "T1", channel_id: "D1", channel_name: "directmessage", user_id: "U-BOB", user_name: "bob", command: "/rounds", text, trigger_id: `trig-${++seq}` }), "application/x-www-form-urlencoded");
        expect(res.status).toBe(200);
        return (await fake.waitForPosts(before + 1, 15_000)).slice(before).flatMap(textsOf).join("\n");
      };
      const refused = await say(`ask --patient ${patient} ${QUESTION}`);
      expect(refused).toContain("You are not on the care team of the patient this concerns");
      expect(refused).not.toContain("lighthouse");
      expect(await say(`ask --patient ${randomUUID()} ${QUESTION}`)).toContain("You are not on the care team of the patient this concerns");
      await run(`care-team assign PA-1 ${actors.bob!.userId}`);
      expect(await say(`ask --patient ${patient} ${QUESTION}`)).toContain("lighthouse");
      await run(`care-team unassign ${patient} ${actors.bob!.userId}`);
      expect(await say(`ask --patient ${patient} ${QUESTION}`)).not.toContain("lighthouse");
    }, 60_000);

    // The CLI opens the embedded database itself, so the app is closed first: this test runs last.
    if (target.name === "embedded") it("`rounds care-team` assigns, lists and unassigns through the real CLI, and fails with a non-zero exit on a patient it cannot find", async () => {
      await slack?.channel.stop();
      await slack?.fake.close();
      slack = undefined;
      await api.close();
      await app!.close();
      app = undefined;
      const config = join(env.dataDir!, "rounds.config.json");
      writeFileSync(config, JSON.stringify({ log: { level: "silent" } }));
      // The organisation and project flags go after the command's own arguments.
      const cli = cliInProcess(["-c", config, "-d", env.dataDir!]);
      const rounds = (...args: string[]) => cli.run(...args, "--org", "care-clinic", "--project", "kat");
      const stdout = cli.stdout;
      try {
        expect(await rounds("care-team", "assign", "PA-1", actors.alice!.userId)).toEqual({ code: 0, stderr: "" });
        expect(await rounds("care-team", "list", "PA-1")).toEqual({ code: 0, stderr: "" });
        expect(stdout.join("\n")).toContain(actors.alice!.userId);
        expect(await rounds("care-team", "unassign", patient, actors.alice!.userId)).toEqual({ code: 0, stderr: "" });
        expect(await rounds("care-team", "policy")).toEqual({ code: 0, stderr: "" });
        expect(stdout.join("\n")).toContain("care team required");
        const missing = await rounds("care-team", "assign", "no-such-patient", actors.alice!.userId);
        expect(missing.code).not.toBe(0);
        expect(missing.stderr).toContain("No such patient in your organisation.");
      } finally {
        cli.restore();
      }
    }, 300_000); // six CLI runs, each opening the embedded database
  });
}
