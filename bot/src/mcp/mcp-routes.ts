/**
 * MCP over Streamable HTTP on the API server, at `/mcp`. Stateless: every
 * POST carries the caller's credential as a bearer token, either a Rounds
 * API key (`rk_…`, authenticated like `/v1`) or, when single sign-on is
 * configured, an OAuth 2.1 access token from the sign-on issuer whose
 * audience is this server's MCP URL (the MCP authorisation spec: Rounds is
 * the resource server and publishes its protected resource metadata, RFC
 * 9728). A missing or refused credential gets 401 with a `WWW-Authenticate`
 * header naming that metadata. Each request gets its own server for the
 * user; answers are plain JSON responses.
 * GET (a server-initiated event stream) and DELETE (ending a session) have
 * nothing to do without sessions: 405, as the transport specification says.
 */
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { accessTokenProvider, actorForAccessToken, actorForApiKey, RoundsError, type Actor, type AppContext } from "@rounds/core";
import { publicOrigin } from "@rounds/core/api";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { createMcpServer } from "./mcp-server.ts";

export const mcpPath = "/mcp";
/** RFC 9728: the metadata of the resource `<origin>/mcp` lives at `<origin>/.well-known/oauth-protected-resource/mcp`; the bare path is served too, for clients that look there first. */
export const protectedResourcePaths = ["/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource"] as const;

/** The MCP endpoint's own URL: the resource an access token must be minted for (its `aud`). */
const resourceUrl = (app: AppContext, request: FastifyRequest) => `${publicOrigin(app, request)}${mcpPath}`;

/** Rounds API keys all start so; any other bearer token is taken for an OAuth access token. */
const apiKeyPrefix = "rk_";

async function bearerActor(app: AppContext, request: FastifyRequest): Promise<Actor> {
  const header = request.headers.authorization;
  if (!header?.startsWith("Bearer ")) throw new RoundsError("UNAUTHENTICATED", "MCP needs a bearer credential: a Rounds API key (Authorization: Bearer rk_…) or, where single sign-on is configured, an OAuth access token.");
  const token = header.slice(7).trim();
  if (!token.startsWith(apiKeyPrefix) && (await accessTokenProvider(app))) {
    return actorForAccessToken(app, { token, resource: resourceUrl(app, request), channel: "mcp" });
  }
  const actor = await actorForApiKey(app, token);
  if (!actor) throw new RoundsError("UNAUTHENTICATED", "That API key is not valid or has been revoked.");
  return actor;
}

/**
 * The caller, or a refusal that tells an MCP client where to get a token: a
 * 401 carries `WWW-Authenticate: Bearer` with `resource_metadata` when
 * access tokens are accepted (and `error="invalid_token"` when one was sent),
 * as the MCP authorisation spec asks.
 */
async function authenticate(app: AppContext, request: FastifyRequest, reply: FastifyReply): Promise<Actor> {
  try {
    return await bearerActor(app, request);
  } catch (error) {
    if (error instanceof RoundsError && error.code === "UNAUTHENTICATED") {
      const params = [`realm="rounds"`];
      if (await accessTokenProvider(app).catch(() => undefined)) params.push(`resource_metadata="${publicOrigin(app, request)}${protectedResourcePaths[0]}"`);
      if (request.headers.authorization?.startsWith("Bearer ")) params.push(`error="invalid_token"`);
      reply.header("www-authenticate", `Bearer ${params.join(", ")}`);
    }
    throw error;
  }
}

export function registerMcpRoutes(api: FastifyInstance, app: AppContext): void {
  for (const url of protectedResourcePaths) {
    api.get(url, { schema: { summary: "OAuth protected resource metadata (RFC 9728) of the MCP endpoint: its URL and the sign-on issuer that grants tokens for it", tags: ["mcp"], security: [] } }, async (request, reply) => {
      const provider = await accessTokenProvider(app);
      if (!provider) throw new RoundsError("NOT_FOUND", "This server does not accept OAuth access tokens at /mcp (single sign-on is not configured); use a Rounds API key.", { details: { reason: "sign_on_not_configured" } });
      reply.header("cache-control", "public, max-age=300");
      return {
        resource: resourceUrl(app, request),
        authorization_servers: [provider.issuer],
        bearer_methods_supported: ["header"],
        resource_name: "Rounds",
      };
    });
  }
  api.post(mcpPath, { schema: { summary: "Model Context Protocol (Streamable HTTP): tools ask, search, get_source, list_documents", tags: ["mcp"] } }, async (request, reply) => {
    const actor = await authenticate(app, request, reply);
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
        await authenticate(app, request, reply);
        reply.header("allow", "POST");
        throw new RoundsError("METHOD_NOT_ALLOWED", "This MCP server is stateless: POST JSON-RPC messages to /mcp.");
      },
    });
  }
}
