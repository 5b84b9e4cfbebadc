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
// command that exists but was not probed fails the suite. A planted leaky
// route and command (the positive control, see plantedLeak) must be caught in
// every run; any other finding fails. Keys limited to A's second project (and
// an admin-page session of one) probe the same way and may see nothing of A's
// first project; A's auditor, probing everything, may write only reads. The
// MCP endpoint is probed as a route and, through the SDK's own client with
// each principal's credential, every tool the server lists in `tools/list`
// is called with A's ids (support/isolation-probes.ts, `mcpProbes`). Patient 1's
// second session is the source of A's therapist's psychotherapy note (a
// restricted document): A's other clinician probes everything the same way
// and may see nothing of it (the planted route must leak it, as the control).
import { registeredRoutes } from "@rounds/core/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildIsolationFixture, isPlantedLeak, type IsolationFixture, plantedLeak } from "./support/isolation-fixture.ts";
import { describeFindings, runProbes, unprobed } from "./support/isolation-runner.ts";
import { appTargets, cleanupTargets } from "./support/test-app.ts";

afterAll(() => cleanupTargets());

describe.each(appTargets())("isolation against another clinic and other patients ($name)", (target) => {
  let fx: IsolationFixture;
  // The fixture takes about 8 s of a quiet 2-core machine; the budget is the probes' own, so a loaded machine (one
  // running other suites beside it) slows it down without failing it.
  beforeAll(async () => {
    fx = await buildIsolationFixture(target);
  }, 900_000);
  afterAll(async () => fx?.close());

  it("every route and command, probed by every outsider with A's ids, shows them none of A's canaries", async () => {
    expect(registeredRoutes(fx.api).length).toBeGreaterThan(30);
    expect(fx.app.host.commands().length).toBeGreaterThan(10);
    expect(fx.mcpTools.map((t) => t.name)).toEqual(expect.arrayContaining(["ask", "search", "get_source", "list_documents"]));
    const run = await runProbes(fx, fx.outsiders, { concurrency: 3 });
    expect(unprobed(fx, run, fx.outsiders)).toEqual([]);
    const findings = describeFindings(run.findings);
    // Keyed principals reached the tools (an MCP client refused at connection would probe nothing); keyless ones were refused.
    const keyed = (p: { key?: string; name: string }) => Boolean(p.key) && p.name !== "revoked key";
    for (const p of fx.outsiders.filter(keyed)) expect(run.toolCalls.get(p.name), p.name).toBeGreaterThanOrEqual(fx.mcpTools.length);
    for (const p of fx.outsiders.filter((o) => !keyed(o))) expect(run.toolCalls.get(p.name) ?? 0, p.name).toBe(0);
    // The real assertion: nothing but the planted positive control leaks.
    expect(findings.filter((f) => !isPlantedLeak(f))).toEqual([]);
    // The control leaked to every principal (its route sits outside /v1, so even without a key), and through the command to every keyed one.
    for (const p of fx.outsiders) expect(findings.some((f) => f.startsWith(`${p.name} | response |`) && f.includes("/v1-planted-leak/")), p.name).toBe(true);
    for (const p of fx.outsiders.filter((o) => o.name.startsWith("B "))) expect(findings.some((f) => f.startsWith(`${p.name} | response |`) && f.includes(`command ${plantedLeak.command} `)), p.name).toBe(true);
    // Had the probes skipped the planted route, coverage would have said so.
    run.routesProbed.get("B admin")!.delete(`GET ${plantedLeak.route}`);
    run.toolsProbed.get("B clinician")!.delete("get_source");
    expect(unprobed(fx, run, fx.outsiders)).toEqual([`B admin: GET ${plantedLeak.route}`, "B clinician: mcp tool get_source"]);
  }, 900_000);

  it("A's other clinician, probing everything with A's ids, is served nothing of the transcript behind A's therapist's psychotherapy note", async () => {
    const run = await runProbes(fx, fx.colleagues);
    expect(unprobed(fx, run, fx.colleagues)).toEqual([]);
    const findings = describeFindings(run.findings);
    expect(findings.filter((f) => !isPlantedLeak(f))).toEqual([]);
    // The control: the planted route ignores every scope, so it hands the colleague the author's answer quoting that transcript.
    for (const p of fx.colleagues) {
      expect(findings.some((f) => f.startsWith(`${p.name} | response | psychotherapyTranscript |`) && f.includes(`/v1-planted-leak/answers/${fx.psychotherapyAnswerId}`)), p.name).toBe(true);
    }
  }, 900_000);

  it("after patient 1 revokes AI analysis, A's clinician and auditor are served nothing drawn from their sessions", async () => {
    await fx.app.store.consent.append({ organizationId: fx.orgA, patientId: fx.patientOne, type: "ai_analysis", action: "revoked", recordedByUserId: fx.adminA.userId, method: "cli", channel: null, ip: null, userAgent: null });
    const run = await runProbes(fx, fx.insidersAfterRevocation, { keepRevoked: true });
    expect(unprobed(fx, run, fx.insidersAfterRevocation)).toEqual([]);
    const findings = describeFindings(run.findings);
    expect(findings.filter((f) => !isPlantedLeak(f))).toEqual([]);
    for (const p of fx.insidersAfterRevocation) expect(findings.some((f) => f.startsWith(`${p.name} | response | patientAnswer |`) && isPlantedLeak(f)), p.name).toBe(true);
    // The auditor, a reading role, changed nothing: every audit row its probes wrote records a read (every route and command was tried with A's ids).
    const auditor = fx.insidersAfterRevocation.find((p) => p.name.startsWith("A auditor"))!;
    const actions = new Set((await fx.app.store.audit.query(fx.orgA, { actorUserId: auditor.actor!.userId, limit: 500 })).map((r) => r.action));
    expect(actions.size).toBeGreaterThan(0);
    expect([...actions].filter((a) => !/\.(read|list|patient_read|download)$|^audit\.export$/.test(a))).toEqual([]);
  }, 900_000);

  it("no log line of the whole run carries any canary", () => {
    const logs = fx.logs.join("");
    expect(logs.length).toBeGreaterThan(1000);
    for (const canary of Object.values(fx.canaries)) expect(logs).not.toContain(canary);
  });
});
