// Tenant and patient isolation, generated (issue #15). Organisation A's
// fixture carries canary strings in its document, a patient's transcript,
// answers, a session note, consent rows, feedback and the patient's name.
// Every route in the server's route table and every command in the registry
// is probed with A's ids (support/isolation-probes.ts) by: no key, a revoked
// key, the admin-web session of a revoked key, organisation B's admin,
// clinician, auditor and patient, and another patient of A; then, after
// patient 1 revokes AI analysis, by A's clinician and auditor. No response,
// command reply (what chat renders), prompt to the cloud model (a local
// server speaking the OpenAI wire format records them), log line or export
// file seen by a caller outside its scope may contain a canary. A route or
// command that exists but was not probed fails the suite, and the last test
// shows a deliberately leaky route and command being caught.
import { RoundsError, type InlinePlugin } from "@rounds/core";
import { registeredRoutes } from "@rounds/core/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildIsolationFixture, type IsolationFixture } from "./support/isolation-fixture.ts";
import { describeFindings, runProbes, unprobed } from "./support/isolation-runner.ts";
import { appTargets, cleanupTargets } from "./support/test-app.ts";

afterAll(() => cleanupTargets());

describe.each(appTargets())("isolation against another clinic and other patients ($name)", (target) => {
  let fx: IsolationFixture;
  beforeAll(async () => {
    fx = await buildIsolationFixture(target);
  }, 120_000);
  afterAll(async () => fx?.close());

  it("every route and command, probed by every outsider with A's ids, shows them none of A's canaries", async () => {
    expect(registeredRoutes(fx.api).length).toBeGreaterThan(30);
    expect(fx.app.host.commands().length).toBeGreaterThan(10);
    const run = await runProbes(fx, fx.outsiders, { concurrency: 3 });
    expect(unprobed(fx, run, fx.outsiders)).toEqual([]);
    expect(describeFindings(run.findings)).toEqual([]);
  }, 300_000);

  it("after patient 1 revokes AI analysis, A's clinician and auditor are served nothing drawn from their sessions", async () => {
    await fx.app.store.consent.append({ organizationId: fx.orgA, patientId: fx.patientOne, type: "ai_analysis", action: "revoked", recordedByUserId: fx.adminA.userId, method: "cli", channel: null, ip: null, userAgent: null });
    const run = await runProbes(fx, fx.insidersAfterRevocation, { keepRevoked: true });
    expect(unprobed(fx, run, fx.insidersAfterRevocation)).toEqual([]);
    expect(describeFindings(run.findings)).toEqual([]);
  }, 300_000);

  it("no log line of the whole run carries any canary", () => {
    const logs = fx.logs.join("");
    expect(logs.length).toBeGreaterThan(1000);
    for (const canary of Object.values(fx.canaries)) expect(logs).not.toContain(canary);
  });
});

// The generator's own test: a route and a command that ignore the caller's
// organisation, added the way any new code would be (a route registered on
// the server, a command contributed by a plugin), are found by the same
// probes without naming them anywhere, and a route left unprobed is reported.
describe("the generated suite catches a new leaky route and command", () => {
  let fx: IsolationFixture;
  const peek = async (app: IsolationFixture["app"], id: string) => {
    for (const org of await app.store.tenancy.listOrganizations()) {
      const answer = await app.store.answers.getAnswer(org.id, id);
      if (answer) return answer;
    }
    throw new RoundsError("NOT_FOUND", "No such answer.");
  };
  const leakyPlugin: InlinePlugin = {
    name: "leaky-plugin", version: "0",
    manifest: { displayName: "Leaky", contributes: { commands: [{ id: "peek", title: "Peek", roles: ["admin", "clinician", "patient", "auditor"], usage: "peek <answer-id>" }] } },
    module: { activate: (ctx) => ctx.register("commands", "peek", { run: async ({ args }) => ({ blocks: [{ type: "text", text: (await peek(fx.app, args.trim())).text }] }) }) },
  };

  beforeAll(async () => {
    fx = await buildIsolationFixture(appTargets()[0]!, {
      plugins: [leakyPlugin],
      extend: (api) => {
        api.get<{ Params: { answerId: string } }>("/v1/leaky/answers/:answerId", async (request) => ({ text: (await peek(fx.app, request.params.answerId)).text }));
      },
    });
  }, 120_000);
  afterAll(async () => fx?.close());

  it("reports the leaky route and command by principal, place and canary", async () => {
    const bAdmin = fx.outsiders.find((p) => p.name === "B admin")!;
    const run = await runProbes(fx, [bAdmin]);
    const lines = describeFindings(run.findings);
    expect(lines).toContain(`B admin | response | answer | GET /v1/leaky/answers/${fx.harvest.answers[0]}`);
    expect(lines.some((l) => l.startsWith("B admin | response | patientAnswer | command peek "))).toBe(true);
    // Nothing else leaks, so the two are all it found.
    expect(lines.every((l) => l.includes("/v1/leaky/") || l.includes("command peek"))).toBe(true);

    // Had the probes skipped the new route, coverage would say so.
    run.routesProbed.get("B admin")!.delete("GET /v1/leaky/answers/:answerId");
    expect(unprobed(fx, run, [bAdmin])).toEqual(["B admin: GET /v1/leaky/answers/:answerId"]);
  }, 300_000);
});
