/**
 * MCP over Streamable HTTP on the API server, at `/mcp`. Stateless: every
 * POST carries the caller's Rounds API key (`Authorization: Bearer rk_…`),
 * is authenticated like `/v1` (revoked, unknown or missing keys get 401),
 * and gets its own server for that user; answers are plain JSON responses.
 * GET (a server-initiated event stream) and DELETE (ending a session) have
 * nothing to do without sessions: 405, as the transport specification says.
 */
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { actorForApiKey, RoundsError, type Actor, type AppContext } from "@rounds/core";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { createMcpServer } from "./mcp-server.ts";

export const mcpPath = "/mcp";

async function bearerActor(app: AppContext, request: FastifyRequest): Promise<Actor> {
  const header = request.headers.authorization;
  if (!header?.startsWith("Bearer ")) throw new RoundsError("UNAUTHENTICATED", "MCP needs a Rounds API key: Authorization: Bearer rk_…");
  const actor = await actorForApiKey(app, header.slice(7).trim());
  if (!actor) throw new RoundsError("UNAUTHENTICATED", "That API key is not valid or has been revoked.");
  return actor;
}

export function registerMcpRoutes(api: FastifyInstance, app: AppContext): void {
  api.post(mcpPath, { schema: { summary: "Model Context Protocol (Streamable HTTP): tools ask, search, get_source, list_documents", tags: ["mcp"] } }, async (request, reply) => {
    const actor = await bearerActor(app, request);
    const server = createMcpServer(app, actor);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await server.connect(transport);
    reply.hijack();
    reply.raw.setHeader("cache-control", "no-store");
    reply.raw.setHeader("x-request-id", String(request.id));
    reply.raw.on("close", () => {
      void transport.close();
      void server.close();
    });
    await transport.handleRequest(request.raw, reply.raw, request.body);
  });
  for (const method of ["GET", "DELETE"] as const) {
    api.route({
      method, url: mcpPath, schema: { summary: `MCP ${method}: not offered (stateless server)`, tags: ["mcp"] },
      handler: async (request, reply) => {
        await bearerActor(app, request);
        reply.header("allow", "POST");
        throw new RoundsError("METHOD_NOT_ALLOWED", "This MCP server is stateless: POST JSON-RPC messages to /mcp.");
      },
    });
  }
}
