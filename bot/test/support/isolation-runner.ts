/**
 * Runs the generated probes as each principal and collects every place a
 * canary the principal may not see turned up: a response (body or headers,
 * i.e. what a chat channel would render from a command's blocks too), a
 * prompt sent to the cloud model, a log line, or an export file written for
 * the caller's organisation.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { collect, hasConsent, recordConsent } from "@rounds/core";
import { registeredRoutes } from "@rounds/core/api";
import { datasets } from "@rounds/db";
import { and, eq, gte } from "drizzle-orm";
import { waitForJobs } from "../../src/cli/wait-for-jobs.ts";
import type { CanaryName, IsolationFixture, Principal } from "./isolation-fixture.ts";
import { commandProbes, httpProbes, mcpProbes } from "./isolation-probes.ts";

export interface Finding {
  principal: string;
  probe: string;
  where: "response" | "prompt" | "log" | "export";
  canary: CanaryName;
}

export interface ProbeRun {
  findings: Finding[];
  /** `METHOD /url` of every route probed, and every command id probed, per principal. */
  routesProbed: Map<string, Set<string>>;
  commandsProbed: Map<string, Set<string>>;
  /** Every MCP tool called (or refused at connection), per principal. */
  toolsProbed: Map<string, Set<string>>;
  /** MCP tool calls that got a result (not a refused connection), per principal. */
  toolCalls: Map<string, number>;
  probes: number;
  /** Milliseconds spent per route or command, summed over principals (to see what makes the suite slow). */
  ms: Map<string, number>;
}

/** What is in the route table or command registry but was not probed by every principal: must be empty. */
export function unprobed(fx: Pick<IsolationFixture, "api" | "app" | "mcpTools">, run: ProbeRun, principals: Principal[]): string[] {
  const routes = registeredRoutes(fx.api).map((r) => `${r.method} ${r.url}`);
  const commands = fx.app.host.commands().map((c) => `command ${c.id}`);
  const tools = fx.mcpTools.map((t) => `mcp tool ${t.name}`);
  return principals.flatMap((p) => [
    ...routes.filter((r) => !run.routesProbed.get(p.name)?.has(r)),
    ...commands.filter((c) => !run.commandsProbed.get(p.name)?.has(c.slice("command ".length))),
    ...tools.filter((t) => !run.toolsProbed.get(p.name)?.has(t.slice("mcp tool ".length))),
  ].map((what) => `${p.name}: ${what}`));
}

/**
 * Probes as each principal, `concurrency` principals at a time. A prompt or
 * log line is checked against the principal whose probe was running when it
 * appeared, so concurrency can only add findings, never hide one.
 */
export async function runProbes(fx: IsolationFixture, principals: Principal[], options: { keepRevoked?: boolean; concurrency?: number } = {}): Promise<ProbeRun> {
  const run: ProbeRun = { findings: [], routesProbed: new Map(), commandsProbed: new Map(), toolsProbed: new Map(), toolCalls: new Map(), probes: 0, ms: new Map() };
  const routes = registeredRoutes(fx.api);
  const commands = fx.app.host.commands();
  const queue = [...principals];
  const worker = async () => {
    for (let p = queue.shift(); p; p = queue.shift()) await probeAs(p);
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 1 }, worker));
  return run;

  async function probeAs(p: Principal): Promise<void> {
    const found = (probe: string, where: Finding["where"], text: string) => {
      for (const c of p.forbidden) if (text.includes(fx.canaries[c])) run.findings.push({ principal: p.name, probe, where, canary: c });
    };
    const headers: Record<string, string> = p.key ? { authorization: `Bearer ${p.key}` } : p.session ? { cookie: p.session.cookie, "x-csrf-token": p.session.csrf } : {};
    const routesProbed = new Set<string>();
    const commandsProbed = new Set<string>();
    const toolsProbed = new Set<string>();
    run.routesProbed.set(p.name, routesProbed);
    run.commandsProbed.set(p.name, commandsProbed);
    run.toolsProbed.set(p.name, toolsProbed);
    const logStart = fx.logs.length;
    const started = new Date(Date.now() - 1000);
    const promptStart = fx.model.requests.length;
    const send = async (what: string, probe: string, req: { method: string; url: string; payload?: unknown; contentType?: string }) => {
      const before = fx.model.requests.length;
      const t0 = performance.now();
      const res = await fx.api.inject({
        method: req.method as "GET", url: req.url,
        headers: { ...headers, ...(req.contentType && { "content-type": req.contentType }) },
        ...(req.payload !== undefined && { payload: req.payload as string }),
      });
      run.probes++;
      run.ms.set(what, (run.ms.get(what) ?? 0) + performance.now() - t0);
      found(probe, "response", `${res.body}\n${JSON.stringify(res.headers)}`);
      found(probe, "prompt", fx.model.requests.slice(before).map((r) => JSON.stringify(r.json ?? {})).join("\n"));
      // A principal who may see A's own material (after revocation) must not be able to re-grant their way back in.
      if (options.keepRevoked && (await hasConsent(fx.app, { organizationId: fx.orgA, patientId: fx.patientOne, type: "ai_analysis" }))) {
        await recordConsent(fx.app, { actor: fx.adminA, patientId: fx.patientOne, type: "ai_analysis", action: "revoked", method: "cli" });
      }
    };
    // Commands first, so material they pull in (an ingest of A's file) is there when the routes look.
    for (const c of commandProbes(commands, fx.harvest, p.ownProject)) {
      commandsProbed.add(c.command);
      await send(`command ${c.command}`, `command ${c.command} ${c.args} (project ${c.projectId === p.ownProject ? "own" : "A"})`, { method: "POST", url: `/v1/commands/${c.command}`, payload: { projectId: c.projectId, args: c.args } });
    }
    await waitForJobs(fx.app);
    for (const h of httpProbes(routes, fx.harvest, p.ownProject)) {
      routesProbed.add(h.route);
      await send(h.route, `${h.method} ${h.url}`, h);
    }
    await waitForJobs(fx.app);
    // MCP: the SDK's client over Streamable HTTP with the principal's credential, every listed tool with A's ids.
    const client = new Client({ name: "isolation-suite", version: "1.0.0" });
    const connected = await client.connect(new StreamableHTTPClientTransport(new URL(`${fx.url}/mcp`), { requestInit: { headers } }))
      .then(() => true, (error: unknown) => {
        found("mcp connect", "response", String(error));
        return false;
      });
    for (const m of mcpProbes(fx.mcpTools, fx.harvest, p.ownProject)) {
      toolsProbed.add(m.tool);
      if (!connected) continue; // refused before any tool could run: the refusal was checked above
      const before = fx.model.requests.length;
      const t0 = performance.now();
      const result = await client.callTool({ name: m.tool, arguments: m.arguments }).catch((error: unknown) => ({ error: String(error) }));
      run.probes++;
      if (!("error" in result)) run.toolCalls.set(p.name, (run.toolCalls.get(p.name) ?? 0) + 1);
      run.ms.set(`mcp tool ${m.tool}`, (run.ms.get(`mcp tool ${m.tool}`) ?? 0) + performance.now() - t0);
      const probe = `mcp tool ${m.tool} ${JSON.stringify(m.arguments)}`;
      found(probe, "response", JSON.stringify(result));
      found(probe, "prompt", fx.model.requests.slice(before).map((r) => JSON.stringify(r.json ?? {})).join("\n"));
      if (options.keepRevoked && (await hasConsent(fx.app, { organizationId: fx.orgA, patientId: fx.patientOne, type: "ai_analysis" }))) {
        await recordConsent(fx.app, { actor: fx.adminA, patientId: fx.patientOne, type: "ai_analysis", action: "revoked", method: "cli" });
      }
    }
    if (connected) await client.close();
    await waitForJobs(fx.app);
    found("(background jobs)", "prompt", fx.model.requests.slice(promptStart).map((r) => JSON.stringify(r.json ?? {})).join("\n"));
    found("(any)", "log", fx.logs.slice(logStart).join(""));
    // Export files written for the caller's organisation (B's, or A's for A's users) during its probes.
    const organizationId = p.actor?.organizationId;
    if (organizationId) {
      for (const d of await fx.app.database.db.select().from(datasets).where(and(eq(datasets.organizationId, organizationId), gte(datasets.createdAt, started)))) {
        for (const key of Object.values(d.blobKeys)) {
          if (key) found(`export file ${key}`, "export", new TextDecoder().decode(await collect(await fx.app.blobs.get(key))));
        }
      }
    }
  }
}

/** Findings as one line each, so a failure names the principal, the probe, where and which canary. */
export const describeFindings = (findings: Finding[]): string[] => [...new Set(findings.map((f) => `${f.principal} | ${f.where} | ${f.canary} | ${f.probe}`))];
