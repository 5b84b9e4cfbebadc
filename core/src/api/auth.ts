/**
 * Authentication for every `/v1` route: an API key (`Authorization: Bearer
 * rk_…`) or an admin-web session cookie. Cookie-authenticated mutations need
 * the session's CSRF token in `x-csrf-token`. Sets `request.actor`.
 */
import fastifyCookie from "@fastify/cookie";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AppContext } from "../app/app-context.ts";
import { RoundsError } from "../errors/index.ts";
import { actorVia } from "../identity/actor-channel.ts";
import { actorForApiKey } from "../identity/api-keys.ts";
import { login, logout, sessionActor, sessionCookie } from "../identity/sessions.ts";
import { signOnLogoutUrl } from "../identity/sign-on.ts";
import type { Actor, Role } from "../ports/index.ts";
import { requireOrganizationWide, requireProjectScope } from "../tenancy/project-scope.ts";
import { setSessionCookie } from "./session-cookie.ts";
import { publicOrigin, registerSignOnRoutes } from "./sign-on-routes.ts";

declare module "fastify" {
  interface FastifyRequest {
    actor?: Actor;
  }
}

/** Routes that need no credential: logging in, and the sign-on round trip (its callback checks its own sealed transaction). */
const publicRoutes = new Set(["POST /v1/session", "GET /v1/session/methods", "GET /v1/session/sign-on", "GET /v1/session/sign-on/callback"]);
const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/** Throws 401/403 unless the request's actor has one of `roles`. */
export function requireRole(request: FastifyRequest, ...roles: Role[]): Actor {
  const actor = request.actor;
  if (!actor) throw new RoundsError("UNAUTHENTICATED", "An API key or admin session is required.");
  if (roles.length > 0 && !roles.includes(actor.role)) throw new RoundsError("FORBIDDEN", `This needs the ${roles.join(" or ")} role.`);
  return actor;
}

export function registerAuth(api: FastifyInstance, app: AppContext): void {
  void api.register(fastifyCookie);

  api.addHook("onRequest", async (request) => {
    if (publicRoutes.has(`${request.method} ${request.routeOptions.url ?? ""}`)) return;
    const header = request.headers.authorization;
    if (header?.startsWith("Bearer ")) {
      const actor = await actorForApiKey(app, header.slice(7).trim());
      if (!actor) throw new RoundsError("UNAUTHENTICATED", "That API key is not valid or has been revoked.");
      request.actor = actorVia(actor, "api");
      return;
    }
    const token = request.cookies?.[sessionCookie];
    if (token) {
      const session = await sessionActor(app, token);
      if (!session) throw new RoundsError("UNAUTHENTICATED", "Your session has ended; please log in again.");
      if (!safeMethods.has(request.method) && request.headers["x-csrf-token"] !== session.csrfToken) {
        throw new RoundsError("FORBIDDEN", "Missing or wrong CSRF token.", { details: { reason: "csrf" } });
      }
      request.actor = actorVia(session.actor, "admin_web");
      return;
    }
    if (request.method !== "OPTIONS") throw new RoundsError("UNAUTHENTICATED", "An API key or admin session is required.");
  });

  // A route under /projects/:projectId answers only for a project of the caller's organisation: another clinic's
  // project, or a mistyped id, is missing (404), never an empty list.
  api.addHook("preHandler", async (request) => {
    const actor = request.actor;
    const pathProject = (request.params as { projectId?: unknown } | undefined)?.projectId;
    if (!actor || typeof pathProject !== "string") return;
    if (!(await app.store.tenancy.getProject(actor.organizationId, pathProject))) throw new RoundsError("NOT_FOUND", "No such project in your organisation.");
  });

  // A credential limited to one project names no other: every route's `projectId` or `scope` field (path, query or body) is checked here, after validation.
  api.addHook("preHandler", async (request) => {
    const actor = request.actor;
    if (!actor?.projectId) return;
    for (const fields of [request.params, request.query, request.body]) {
      if (!fields || typeof fields !== "object" || Buffer.isBuffer(fields)) continue;
      for (const name of ["projectId", "scope"]) {
        const value = (fields as Record<string, unknown>)[name];
        if (value === "organization") requireOrganizationWide(actor, "the organisation-wide scope");
        else if (typeof value === "string") requireProjectScope(actor, value);
      }
    }
  });

  api.post<{ Body: { apiKey?: string } }>("/session", {
    schema: {
      summary: "Log in to the admin page with a personal API key", tags: ["session"], security: [],
      body: { type: "object", properties: { apiKey: { type: "string", maxLength: 200 } }, additionalProperties: false },
    },
  }, async (request, reply: FastifyReply) => {
    const { token, csrfToken, actor, expiresAt } = await login(app, request.body ?? {}, request.ip);
    setSessionCookie(request, reply, token, expiresAt);
    return { csrfToken, user: { id: actor.userId, role: actor.role, organizationId: actor.organizationId }, expiresAt: expiresAt.toISOString() };
  });

  api.get("/session", { schema: { summary: "The current session", tags: ["session"] } }, async (request) => {
    const actor = requireRole(request);
    const token = request.cookies?.[sessionCookie];
    const csrfToken = token ? (await sessionActor(app, token))?.csrfToken : undefined;
    return { user: { id: actor.userId, role: actor.role, organizationId: actor.organizationId }, csrfToken: csrfToken ?? null };
  });

  api.delete("/session", {
    schema: {
      summary: "Log out",
      description: "Ends the session here; for a session opened by single sign-on, `logoutUrl` is the provider's logout page (RP-initiated logout) for the browser to visit next, when the provider has one.",
      tags: ["session"],
    },
  }, async (request, reply) => {
    const token = request.cookies?.[sessionCookie];
    const ended = token ? await logout(app, token) : { signOnProvider: null };
    reply.clearCookie(sessionCookie, { path: "/" });
    // The session here has ended whatever the provider says; its logout page is a courtesy, so a provider that cannot be reached costs nothing.
    const logoutUrl = ended.signOnProvider
      ? await signOnLogoutUrl(app, ended.signOnProvider, `${publicOrigin(app, request)}/admin/?signedOut=1`).catch((error: unknown) => {
        app.logger.warn({ err: error, provider: ended.signOnProvider }, "sign-on provider logout URL unavailable");
        return undefined;
      })
      : undefined;
    return { ok: true, ...(logoutUrl ? { logoutUrl } : {}) };
  });

  registerSignOnRoutes(api, app);
}
