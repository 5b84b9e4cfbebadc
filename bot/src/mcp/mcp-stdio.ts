/**
 * `rounds mcp`: the MCP server over stdio, for a client on this workstation
 * (Claude Desktop, VS Code) that starts it as a child process. It acts as
 * the Rounds user whose API key the operator gives (`ROUNDS_API_KEY`, or
 * `--key`), with that user's role and scope, exactly as the HTTP endpoint
 * would. stdout carries only the protocol; logs go to stderr.
 */
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { actorForApiKey, createLogger, RoundsError } from "@rounds/core";
import type { RoundsConfig } from "@rounds/core/startup";
import { openApp } from "../cli/open-app.ts";
import { serverHolding } from "../cli/local-server.ts";
import { createMcpServer } from "./mcp-server.ts";

export async function runMcpStdio(config: RoundsConfig, options: { key?: string; project?: string }): Promise<void> {
  const key = options.key ?? process.env.ROUNDS_API_KEY;
  if (!key) throw new RoundsError("BAD_REQUEST", "rounds mcp acts as a Rounds user: give their API key in ROUNDS_API_KEY (or --key).");
  const server = serverHolding(config);
  if (server) {
    throw new RoundsError("DATA_FOLDER_IN_USE", `rounds serve (pid ${server.pid}) holds this data folder: connect your MCP client to ${server.url}/mcp (Streamable HTTP, Authorization: Bearer <key>) instead.`);
  }
  const app = await openApp(config, { owner: "cli", logger: createLogger({ level: config.log.level, destination: process.stderr }) });
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
