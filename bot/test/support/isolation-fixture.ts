/**
 * Organisation A's fixture for the isolation suite: a knowledge document, a
 * patient's session transcript, answers, a session note, consent rows and
 * feedback, each carrying a canary string, and the principals that probe
 * it (no key, a revoked key, organisation B's four roles, another patient
 * of A, a clinician of A outside patient 1's care team). The cloud answer model is the OpenAI plugin against a local
 * server speaking the OpenAI wire format, which records every prompt.
 */
import { randomBytes } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { type Actor, RoundsError, answerQuestion, createApiKey, createLogger, type InlinePlugin, ingestFile, recordConsent, reviewDocument } from "@rounds/core";
import { createApiServer } from "@rounds/core/api";
import type { FastifyInstance } from "fastify";
import { type FakeOpenAI, startFakeOpenAI } from "@rounds/plugin-openai/testing";
import type { RoundsApp } from "../../src/app/create-app.ts";
import { localOperator } from "../../src/cli/local-operator.ts";
import { waitForJobs } from "../../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../../src/cli/workspace.ts";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { registerMcpRoutes } from "../../src/mcp/mcp-routes.ts";
import { registerLocalOperatorRoutes } from "../../src/server/local-operator-routes.ts";
import { startChannels } from "../../src/server/start-channels.ts";
import type { Harvest } from "./isolation-probes.ts";
import { type AppTarget, startApp } from "./test-app.ts";

/** Lower-case letters only, so no tokenizer, de-identifier or JSON escaping changes them. */
const token = (label: string) => `canary${label}${[...randomBytes(8)].map((b) => String.fromCharCode(97 + (b % 26))).join("")}`;

export type CanaryName = "doc" | "transcript" | "patientName" | "question" | "answer" | "patientQuestion" | "patientAnswer" | "note" | "consent" | "feedback" | "psychotherapyTranscript";

/**
 * Who may see what. Outsiders (no key, a revoked key, any role of B) may see
 * no canary; another patient of A may see nothing of patient 1; after patient
 * 1 revokes AI analysis, A's clinician and auditor may see nothing drawn
 * from patient 1's sessions. Patient 1's second session is the source of
 * A's therapist's psychotherapy note: A's other clinician, with every right
 * to patient 1's other material, may see nothing of it.
 */
export const patientOneCanaries: CanaryName[] = ["transcript", "patientName", "patientQuestion", "patientAnswer", "note", "consent", "psychotherapyTranscript"];
export const drawnFromPatientOne: CanaryName[] = ["transcript", "patientQuestion", "patientAnswer", "note", "psychotherapyTranscript"];
/** What lives in A's first project (patients and their consent belong to the organisation, so a key limited to A's second project may see those). */
export const projectOneCanaries: CanaryName[] = ["doc", "transcript", "question", "answer", "patientQuestion", "patientAnswer", "note", "feedback", "psychotherapyTranscript"];

export interface Principal {
  name: string;
  /** Bearer key, or none. */
  key?: string;
  /** Or an admin-web session: its cookie and CSRF token. */
  session?: { cookie: string; csrf: string };
  /** The caller's own project (B's, or A's for A's users). */
  ownProject: string;
  actor?: Actor;
  forbidden: CanaryName[];
}

export interface IsolationFixture {
  app: RoundsApp;
  api: FastifyInstance;
  /** Where `api` listens (loopback), for the MCP client. */
  url: string;
  /** The MCP server's own tool list (`tools/list`), as its client sees it: what the MCP probes walk. */
  mcpTools: Array<{ name: string; inputSchema: unknown }>;
  model: FakeOpenAI;
  canaries: Record<CanaryName, string>;
  harvest: Harvest;
  /** Every log line written since the app started. */
  logs: string[];
  outsiders: Principal[];
  /** A's clinician and auditor, probed after patient 1 revokes AI analysis. */
  insidersAfterRevocation: Principal[];
  /** A's other clinician (not the therapist who wrote the psychotherapy note): may see all of A's first project but that note's transcript. */
  colleagues: Principal[];
  /** The therapist's stored answer quoting that transcript (what the planted leak must leak to a colleague). */
  psychotherapyAnswerId: string;
  orgB: string;
  orgA: string;
  adminA: Actor;
  patientOne: string;
  orgBProject: string;
  /** B's admin key. */
  keyB: string;
  close(): Promise<void>;
}

const cue = (i: number, speaker: string, text: string) => `00:00:${String(i * 10).padStart(2, "0")}.000 --> 00:00:${String(i * 10 + 9).padStart(2, "0")}.000\n<v ${speaker}>${text}\n`;

/**
 * The positive control: a route and a command that ignore the caller's
 * organisation, planted the way any new code would arrive (a route added to
 * the server, a command contributed by a plugin) and named nowhere in the
 * probe generator. Every run must find them leaking to every principal, which
 * proves the generator reaches new code and the canary check fires; every
 * other finding fails the suite.
 */
export const plantedLeak = { route: "/v1-planted-leak/answers/:answerId", command: "planted-leak" };
export const isPlantedLeak = (finding: string) => finding.includes("/v1-planted-leak/") || finding.includes(`command ${plantedLeak.command} `);

async function anyOrganisationsAnswer(app: RoundsApp, id: string): Promise<string> {
  for (const org of await app.store.tenancy.listOrganizations()) {
    const answer = await app.store.answers.getAnswer(org.id, id);
    if (answer) return answer.text;
  }
  throw new RoundsError("NOT_FOUND", "No such answer.");
}

export interface FixtureOptions {
  /** Adds the Slack channel plugin against this fake Slack Web API, with its receiver started. */
  slack?: { apiUrl: string; signingSecret: string; botToken: string };
  /** Adds the Teams channel plugin (its Bot Framework receiver on a loopback port) for this tenant. */
  teams?: { tenantId: string };
  /** Adds the Discord channel plugin (its interactions endpoint on a loopback port) against this fake Discord REST API. */
  discord?: { publicKey: string; applicationId: string; botToken: string; apiUrl: string };
}

export async function buildIsolationFixture(target: AppTarget, options: FixtureOptions = {}): Promise<IsolationFixture> {
  let appRef: RoundsApp | undefined;
  const leakyPlugin: InlinePlugin = {
    name: "planted-leak", version: "0",
    manifest: { displayName: "Planted leak (isolation suite's positive control)", contributes: { commands: [{ id: plantedLeak.command, title: "Planted leak", roles: ["admin", "clinician", "patient", "auditor"], usage: `${plantedLeak.command} <answer-id>` }] } },
    module: { activate: (ctx) => ctx.register("commands", plantedLeak.command, { run: async ({ args }) => ({ blocks: [{ type: "text", text: await anyOrganisationsAnswer(appRef!, args.trim()) }] }) }) },
  };
  const canaries = Object.fromEntries((["doc", "transcript", "patientName", "question", "answer", "patientQuestion", "patientAnswer", "note", "consent", "feedback", "psychotherapyTranscript"] as const)
    .map((n) => [n, token(n.toLowerCase())])) as Record<CanaryName, string>;
  // A display name shaped like a name, so the de-identifier's gazetteer treats it as one.
  canaries.patientName = `Zorvella ${canaries.patientName.replace(/^canary/, "Q")}`;
  const logs: string[] = [];
  const capture = new Writable({ write(chunk, _enc, done) { logs.push(String(chunk)); done(); } });
  const model = await startFakeOpenAI();
  const env = await target.environment();
  const app = await startApp(env, {
    plugins: [
      ...(env.plugins ?? ["@rounds/plugin-blob-fs", "@rounds/plugin-parsers", "@rounds/plugin-lexical", "@rounds/plugin-deid"]), "@rounds/plugin-openai",
      ...(options.slack ? ["@rounds/plugin-slack"] : []), ...(options.teams ? ["@rounds/plugin-teams"] : []), ...(options.discord ? ["@rounds/plugin-discord"] : []),
    ],
    pluginSettings: {
      "@rounds/plugin-openai": { baseURL: model.url, apiKey: "sk-local", embeddingDimensions: 64, maxRetries: 0 },
      ...(options.slack && { "@rounds/plugin-slack": { ...options.slack, port: 0, host: "127.0.0.1" } }),
      ...(options.teams && { "@rounds/plugin-teams": { ...options.teams, port: 0, host: "127.0.0.1" } }),
      ...(options.discord && { "@rounds/plugin-discord": { ...options.discord, port: 0, host: "127.0.0.1" } }),
    },
    models: { answer: "openai" },
    training: { minExamplesProject: 1, minExamplesOrganization: 1 },
  }, [leakyPlugin], createLogger({ level: "debug", destination: capture }));
  appRef = app;
  const channels = options.slack || options.teams || options.discord ? await startChannels(app) : undefined;
  if (channels?.failed.length) throw new Error(`channels failed: ${JSON.stringify(channels.failed)}`);
  const api = await createApiServer(app, {
    extend: (server) => {
      // MCP and the one-writer lock's loopback routes, as `rounds serve` mounts them (the lock's token is in the lock file, which no principal holds).
      registerMcpRoutes(server, app);
      registerLocalOperatorRoutes(server, app, randomBytes(32).toString("base64url"));
      server.get<{ Params: { answerId: string } }>(plantedLeak.route, async (request) => ({ text: await anyOrganisationsAnswer(app, request.params.answerId) }));
    },
  });

  await api.listen({ host: "127.0.0.1", port: 0 });
  const address = api.server.address();
  const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;

  const a = await ensureWorkspace(app, { org: "iso-a", project: "kat" });
  const b = await ensureWorkspace(app, { org: "iso-b", project: "kat" });
  const orgA = a.organization.id;
  const orgB = b.organization.id;
  const adminA = await localOperator(app, orgA);
  const key = async (organizationId: string, role: "admin" | "clinician" | "auditor" | "patient", patientId?: string, projectId?: string) => {
    const user = await app.store.identity.createUser({ organizationId, role, displayName: `${role} user`, ...(patientId && { patientId }) });
    const created = await createApiKey(app, undefined, { organizationId, role, name: role, userId: user.id, ...(projectId && { projectId }) });
    return { key: created.key, keyId: created.record.id, actor: { userId: user.id, organizationId, role, ...(patientId && { patientId }), ...(projectId && { projectId }) } as Actor };
  };

  // Patients: patient 1 carries the name canary; patient 2 is the neighbour who must not see patient 1.
  const p1 = await app.store.identity.createPatient({ organizationId: orgA, displayName: canaries.patientName });
  const p2 = await app.store.identity.createPatient({ organizationId: orgA, displayName: "Neighbour Patient" });
  const clinicianA = await key(orgA, "clinician");
  const auditorA = await key(orgA, "auditor");
  const patientTwo = await key(orgA, "patient", p2.id);
  const patientOneUser = await key(orgA, "patient", p1.id);
  const adminKey = await createApiKey(app, adminA, { organizationId: orgA, role: "admin", name: "admin", userId: adminA.userId });
  const auth = (k: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${k}`, ...extra });
  // The care team (required by default): A's clinicians who treat patient 1 are assigned through the API; one who is not stays outside.
  const assign = async (clinician: Actor) => {
    const res = await api.inject({ method: "PUT", url: `/v1/patients/${p1.id}/care-team/${clinician.userId}`, headers: auth(adminKey.key) });
    if (res.statusCode !== 201) throw new Error(`care team: ${res.statusCode} ${res.body}`);
  };
  await assign(clinicianA.actor);

  // Consent through the API, so the ledger row keeps the canary user agent.
  for (const type of ["recording", "transcription", "ai_analysis", "training_use"]) {
    const res = await api.inject({ method: "POST", url: `/v1/patients/${p1.id}/consent`, headers: auth(adminKey.key, { "user-agent": `clinic-tablet ${canaries.consent}` }), payload: { type, action: "granted" } });
    if (res.statusCode !== 201) throw new Error(`consent ${type}: ${res.statusCode} ${res.body}`);
  }
  await recordConsent(app, { actor: adminA, patientId: p2.id, type: "recording", action: "granted", method: "cli" });

  const enc = (s: string) => new TextEncoder().encode(s);
  const doc = await ingestFile(app, { actor: adminA, projectId: a.project.id, fileName: "monitoring.md", bytes: enc(
    `# Ketamine infusion monitoring\n\nDuring ketamine-assisted therapy dosing sessions, check blood pressure every 15 minutes and watch for dissociation. Pause the infusion if systolic pressure exceeds 180 mmHg. Protocol reference ${canaries.doc}.`) });
  const transcript = await ingestFile(app, { actor: adminA, projectId: a.project.id, patientId: p1.id, fileName: "session-1.vtt", bytes: enc(`WEBVTT\n\n${[
    cue(0, "Therapist", "Welcome back. How has the week been since the last dosing session?"),
    cue(1, "Client", `I have been struggling with sleep and the anxiety comes back every evening, mostly about ${canaries.transcript}.`),
    cue(2, "Therapist", "Let's try the grounding exercise and slow the breathing before the infusion."),
    cue(3, "Client", "That helped, I felt calmer after the breathing."),
    cue(4, "Therapist", "Next session we will review the integration journal."),
  ].join("\n")}`) });
  await waitForJobs(app);
  for (const d of [doc, transcript]) {
    if ((await app.store.knowledge.getDocument({ organizationId: orgA, projectId: a.project.id }, d.document.id))?.status === "pending") {
      await reviewDocument(app, { actor: adminA, projectId: a.project.id, documentId: d.document.id, action: "approve" });
    }
  }
  await waitForJobs(app);

  model.replies = [`Pause the infusion above 180 mmHg systolic, see ${canaries.answer} [1].`];
  // The question canaries are reference codes (a digit glued on): a bare unknown word would be a name the knowledge base lacks, and refused (unknown-subject.ts).
  const answered = await answerQuestion(app, { actor: adminA, projectId: a.project.id, question: `When should the ketamine infusion be paused for systolic blood pressure during dosing sessions (${canaries.question}1)?`, visibility: "private" });
  if (answered.kind !== "generated") throw new Error(`fixture answer was ${answered.kind}: ${answered.refusalReason}`);
  model.replies = [`The patient reported poor sleep and evening anxiety, see ${canaries.patientAnswer} [1].`];
  const clinicianActor = clinicianA.actor;
  const patientAnswer = await answerQuestion(app, { actor: clinicianActor, projectId: a.project.id, question: `What did the patient say about struggling with sleep and anxiety every evening (${canaries.patientQuestion}1)?`, patientIds: [p1.id], visibility: "private" });
  if (patientAnswer.kind !== "generated") throw new Error(`fixture patient answer was ${patientAnswer.kind}: ${patientAnswer.refusalReason}`);
  await app.store.answers.addFeedback({ organizationId: orgA, answerId: answered.answerId, userId: adminA.userId, rating: "up", comment: `clear ${canaries.feedback}` });

  model.replies = [JSON.stringify({
    presenting_concerns: `Poor sleep and evening anxiety about ${canaries.note}.`, interventions: "Grounding and slow breathing.",
    patient_response: "Felt calmer.", risk_assessment: "No risk raised.", plan: "Review the integration journal next session.",
  })];
  const noteRes = await api.inject({ method: "POST", url: "/v1/notes", headers: auth(clinicianA.key), payload: { projectId: a.project.id, documentId: transcript.document.id } });
  if (noteRes.statusCode !== 201) throw new Error(`note: ${noteRes.statusCode} ${noteRes.body}`);
  const noteId = noteRes.json().id as string;

  // Patient 1's second session, the source of A's therapist's psychotherapy note: from then on its custodian's alone.
  const therapistA = await key(orgA, "clinician");
  await assign(therapistA.actor);
  const processSession = await ingestFile(app, { actor: adminA, projectId: a.project.id, patientId: p1.id, fileName: "session-2.vtt", bytes: enc(`WEBVTT\n\n${[
    cue(0, "Therapist", "Last time you mentioned the recurring dream about the flooded orchard."),
    cue(1, "Client", `The flooded orchard dream came back twice, and I woke up thinking about ${canaries.psychotherapyTranscript}.`),
    cue(2, "Therapist", "It sounds like the orchard dream stays with you into the morning."),
  ].join("\n")}`) });
  await waitForJobs(app);
  if ((await app.store.knowledge.getDocument({ organizationId: orgA, projectId: a.project.id }, processSession.document.id))?.status === "pending") {
    await reviewDocument(app, { actor: adminA, projectId: a.project.id, documentId: processSession.document.id, action: "approve" });
    await waitForJobs(app);
  }
  const processRes = await api.inject({ method: "POST", url: "/v1/notes", headers: auth(therapistA.key), payload: { projectId: a.project.id, documentId: processSession.document.id, kind: "psychotherapy" } });
  if (processRes.statusCode !== 201) throw new Error(`psychotherapy note: ${processRes.statusCode} ${processRes.body}`);
  const processNoteId = processRes.json().id as string;
  model.replies = [`The patient dreamt of a flooded orchard, see ${canaries.psychotherapyTranscript} [1].`];
  const processAnswer = await answerQuestion(app, { actor: therapistA.actor, projectId: a.project.id, question: "What did the patient say about the flooded orchard dream?", patientIds: [p1.id], visibility: "private" });
  if (processAnswer.kind !== "generated") throw new Error(`fixture psychotherapy answer was ${processAnswer.kind}: ${processAnswer.refusalReason}`);
  if (processAnswer.sources[0]?.documentId !== processSession.document.id) throw new Error("fixture psychotherapy answer does not cite the psychotherapy note's transcript first");

  const exported = await api.inject({ method: "POST", url: "/v1/training/exports", headers: auth(adminKey.key), payload: { scope: a.project.id } });
  const datasetId = exported.statusCode === 201 ? (exported.json().dataset.id as string) : undefined;

  // A revoked key: an admin key of A, revoked through the API.
  const revoked = await createApiKey(app, adminA, { organizationId: orgA, role: "admin", name: "revoked" });
  const login = await api.inject({ method: "POST", url: "/v1/session", payload: { apiKey: revoked.key } });
  if (login.statusCode !== 200) throw new Error(`login: ${login.statusCode} ${login.body}`);
  const revokedSession = { cookie: login.cookies.map((c) => `${c.name}=${c.value}`).join("; "), csrf: login.json().csrfToken as string };
  const revocation = await api.inject({ method: "DELETE", url: `/v1/api-keys/${revoked.record.id}`, headers: auth(adminKey.key) });
  if (revocation.statusCode !== 204) throw new Error(`revoke: ${revocation.statusCode}`);

  // From here on the model says nothing of A, so a canary in any later reply can only come from a prompt.
  model.replies = ["Nothing further [1]."];
  await waitForJobs(app);

  const all = Object.keys(canaries) as CanaryName[];
  const bRoles = await Promise.all((["admin", "clinician", "auditor", "patient"] as const).map(async (role) => {
    const patient = role === "patient" ? (await app.store.identity.createPatient({ organizationId: orgB, displayName: "B Patient" })).id : undefined;
    const k = await key(orgB, role, patient);
    return { name: `B ${role}`, key: k.key, actor: k.actor, ownProject: b.project.id, forbidden: all } satisfies Principal;
  }));
  // Keys limited to A's second project (and the admin-page session of one): A's first project is not theirs.
  const a2 = await ensureWorkspace(app, { org: "iso-a", project: "kat-two" });
  const limited = await Promise.all((["admin", "clinician", "auditor"] as const).map(async (role) => ({ role, ...(await key(orgA, role, undefined, a2.project.id)) })));
  const limitedLogin = await api.inject({ method: "POST", url: "/v1/session", payload: { apiKey: limited[0]!.key } });
  if (limitedLogin.statusCode !== 200) throw new Error(`limited login: ${limitedLogin.statusCode} ${limitedLogin.body}`);
  const limitedSession = { cookie: limitedLogin.cookies.map((c) => `${c.name}=${c.value}`).join("; "), csrf: limitedLogin.json().csrfToken as string };
  const outsiders: Principal[] = [
    { name: "no key", ownProject: b.project.id, forbidden: all },
    { name: "revoked key", key: revoked.key, ownProject: a.project.id, forbidden: all },
    { name: "session of a revoked key", session: revokedSession, ownProject: a.project.id, forbidden: all },
    ...bRoles,
    { name: "A's other patient", key: patientTwo.key, actor: patientTwo.actor, ownProject: a.project.id, forbidden: patientOneCanaries },
    ...limited.map((l) => ({ name: `A ${l.role} limited to project 2`, key: l.key, actor: l.actor, ownProject: a2.project.id, forbidden: projectOneCanaries })),
    { name: "session of A's project-2 admin", session: limitedSession, actor: limited[0]!.actor, ownProject: a2.project.id, forbidden: projectOneCanaries },
  ];
  const colleague = await key(orgA, "clinician");
  await assign(colleague.actor);
  // A clinician of A on no one's care team: every route, command and tool with A's ids must serve them nothing drawn from patient 1's sessions.
  const unassigned = await key(orgA, "clinician");
  outsiders.push({ name: "A clinician outside the care team", key: unassigned.key, actor: unassigned.actor, ownProject: a.project.id, forbidden: drawnFromPatientOne });
  const colleagues: Principal[] = [{ name: "A's other clinician", key: colleague.key, actor: colleague.actor, ownProject: a.project.id, forbidden: ["psychotherapyTranscript"] }];
  const insidersAfterRevocation: Principal[] = [
    { name: "A clinician after revocation", key: clinicianA.key, actor: clinicianActor, ownProject: a.project.id, forbidden: drawnFromPatientOne },
    { name: "A auditor after revocation", key: auditorA.key, actor: auditorA.actor, ownProject: a.project.id, forbidden: drawnFromPatientOne },
  ];

  const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
  const harvest: Harvest = {
    projects: [a.project.id],
    documents: [doc.document.id, transcript.document.id, processSession.document.id],
    patients: [p1.id, p2.id],
    answers: [answered.answerId, patientAnswer.answerId, processAnswer.answerId],
    notes: [noteId, processNoteId],
    users: [adminA.userId, patientOneUser.actor.userId, clinicianActor.userId],
    apiKeys: [adminKey.record.id, clinicianA.keyId],
    datasets: datasetId ? [datasetId] : [],
    chunks: [
      ...(await app.store.knowledge.listChunks({ organizationId: orgA, projectId: a.project.id }, doc.document.id)).map((c) => c.id).slice(0, 2),
      ...(await app.store.knowledge.listChunks({ organizationId: orgA, projectId: a.project.id }, transcript.document.id)).map((c) => c.id).slice(0, 2),
      ...(await app.store.knowledge.listChunks({ organizationId: orgA, projectId: a.project.id, reader: "unrestricted" }, processSession.document.id)).map((c) => c.id).slice(0, 2),
    ],
    // A's originals and parsed text on this server's disk (the blob store's folder on the embedded tier).
    paths: files(app.config.dataDir).filter((p) => /blobs|documents|parsed/.test(p)).slice(0, 4),
  };
  // The tool list, from the server itself (any key lists the same tools).
  const lister = new Client({ name: "isolation-suite", version: "1.0.0" });
  await lister.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`), { requestInit: { headers: auth(bRoles[0]!.key) } }));
  const mcpTools = (await lister.listTools()).tools.map((t) => ({ name: t.name, inputSchema: t.inputSchema }));
  await lister.close();
  return {
    app, api, url, mcpTools, model, canaries, harvest, logs, outsiders, insidersAfterRevocation, colleagues, psychotherapyAnswerId: processAnswer.answerId, orgA, orgB, adminA, patientOne: p1.id,
    orgBProject: b.project.id,
    keyB: bRoles[0]!.key,
    close: async () => {
      await channels?.stop();
      await api.close();
      await app.close();
      await model.close();
    },
  };
}
