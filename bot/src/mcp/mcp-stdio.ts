/**
 * `rounds mcp`: the MCP server over stdio, for a client on this workstation
 * (Claude Desktop, VS Code) that starts it as a child process. It acts as
 * the Rounds user whose API key the operator gives (`ROUNDS_API_KEY`, or
 * `--key`), with that user's role and scope, exactly as the HTTP endpoint
 * would. stdout carries only the protocol; logs go to stderr. When a
 * `rounds serve` holds the embedded data folder (one writer), messages are
 * relayed to that server's `/mcp` with the same key instead.
 */
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { actorForApiKey, createLogger, RoundsError } from "@rounds/core";
import type { RoundsConfig } from "@rounds/core/startup";
import { openApp } from "../cli/open-app.ts";
import { serverOrApp } from "../cli/local-server.ts";
import { createMcpServer } from "./mcp-server.ts";

export async function runMcpStdio(config: RoundsConfig, options: { key?: string; project?: string }): Promise<void> {
  const key = options.key ?? process.env.ROUNDS_API_KEY;
  if (!key) throw new RoundsError("BAD_REQUEST", "rounds mcp acts as a Rounds user: give their API key in ROUNDS_API_KEY (or --key).");
  const target = await serverOrApp(config, () => openApp(config, { owner: "cli", logger: createLogger({ level: config.log.level, destination: process.stderr }) }));
  if ("server" in target) return relay(`${target.server.url}/mcp`, key, options.project);
  const { app } = target;
  try {
    const actor = await actorForApiKey(app, key);
    if (!actor) throw new RoundsError("UNAUTHENTICATED", "That API key is not valid or has been revoked.");
    let defaultProjectId: string | undefined;
    if (options.project) {
      const project = (await app.store.tenancy.listProjects(actor.organizationId)).find((p) => p.slug === options.project || p.id === options.project);
      if (!project) throw new RoundsError("NOT_FOUND", `No project "${options.project.slice(0, 60)}" in this key's organisation.`);
      defaultProjectId = project.id;
    }
    const mcp = createMcpServer(app, actor, { ...(defaultProjectId && { defaultProjectId }) });
    const transport = new StdioServerTransport();
    let stop = () => {};
    const closed = new Promise<void>((resolve) => {
      stop = resolve;
    });
    transport.onclose = stop;
    process.stdin.once("end", stop);
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    await mcp.connect(transport);
    await closed;
    // A second signal while closing stops the process the default way.
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    await mcp.close().catch(() => undefined);
  } finally {
    await app.close();
  }
}

/**
 * stdio ↔ a running server's `/mcp`, message by message, with the key as
 * bearer (the server authenticates and runs every call). `--project` has no
 * effect here: the server applies the key's own project or the only one.
 */
async function relay(url: string, key: string, project: string | undefined): Promise<void> {
  if (project) process.stderr.write("rounds mcp: --project is ignored while relaying to rounds serve; name projectId in calls or use a key limited to the project.\n");
  const remote = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${key}` } } });
  const local = new StdioServerTransport();
  // Requests sent on and not yet answered: a client that writes its requests and then closes stdin still gets every
  // answer (closing the remote side first would abort them). A request the server refused or never answered makes the
  // process exit non-zero.
  const pending = new Set<string | number>();
  let failures = 0;
  let drained: (() => void) | undefined;
  const settle = (id: string | number) => {
    pending.delete(id);
    if (pending.size === 0) drained?.();
  };
  const fail = (message: JSONRPCMessage, error: unknown) => {
    failures += 1;
    const text = error instanceof Error ? error.message : String(error);
    process.stderr.write(`rounds mcp: the server at ${url} refused or did not answer: ${text.slice(0, 300)}\n`);
    if ("id" in message && "method" in message) {
      void local.send({ jsonrpc: "2.0", id: message.id, error: { code: -32603, message: `Rounds server at ${url}: ${text.slice(0, 300)}` } });
      settle(message.id);
    }
  };
  local.onmessage = (message) => {
    if ("id" in message && "method" in message) pending.add(message.id);
    void remote.send(message).catch((error: unknown) => fail(message, error));
  };
  remote.onmessage = (message) => {
    void local.send(message);
    if ("id" in message && !("method" in message) && message.id !== undefined) settle(message.id);
  };
  const closed = new Promise<"end" | "signal">((resolve) => {
    local.onclose = () => resolve("end");
    process.stdin.once("end", () => resolve("end"));
    process.once("SIGINT", () => resolve("signal"));
    process.once("SIGTERM", () => resolve("signal"));
  });
  await remote.start();
  await local.start();
  if ((await closed) === "end" && pending.size > 0) {
    await Promise.race([new Promise<void>((resolve) => (drained = resolve)), new Promise((resolve) => setTimeout(resolve, RELAY_DRAIN_MS).unref())]);
    if (pending.size > 0) {
      failures += pending.size;
      process.stderr.write(`rounds mcp: ${pending.size} request(s) sent to ${url} were not answered within ${RELAY_DRAIN_MS / 1000} s of the input closing.\n`);
    }
  }
  await remote.close().catch(() => undefined);
  if (failures > 0) process.exitCode = 1;
}

/** How long the relay waits, once its input has closed, for answers to the requests it already sent on. */
const RELAY_DRAIN_MS = 120_000;
