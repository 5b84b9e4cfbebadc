/**
 * The admin page's single sign-on round trip (`signOn.provider`): `GET
 * /v1/session/sign-on` sends the browser to the provider, the provider sends
 * it back to `/v1/session/sign-on/callback`, which opens a session and
 * returns the browser to the admin page. Failures return it there too, with
 * a reason the page explains (`?signOnError=`), and open nothing.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AppContext } from "../app/app-context.ts";
import { RoundsError } from "../errors/index.ts";
import { beginSignOn, completeSignOn, signOnCookie, signOnTransactionSeconds } from "../identity/sign-on.ts";
import { secureCookies, setSessionCookie } from "./session-cookie.ts";

const callbackPath = "/v1/session/sign-on/callback";
/** Reasons the admin page explains; any other failure is reported as `verification` (the provider's answer did not verify) or `unavailable`. */
const explained = new Set(["transaction", "unknown_subject", "disabled", "role", "sign_on_not_configured"]);

/** The origin browsers reach Rounds at: `api.publicUrl` when set (behind a proxy), else the request's own. */
export function publicOrigin(app: AppContext, request: FastifyRequest): string {
  return app.config.api.publicUrl?.replace(/\/+$/, "") ?? `${request.protocol}://${request.host}`;
}

function failureReason(error: unknown): string {
  if (!(error instanceof RoundsError)) return "unavailable";
  const reason = error.details?.reason;
  if (typeof reason === "string" && explained.has(reason)) return reason;
  return error.code === "UNAUTHENTICATED" ? "verification" : "unavailable";
}

export function registerSignOnRoutes(api: FastifyInstance, app: AppContext): void {
  const transactionCookie = (request: FastifyRequest) => ({ httpOnly: true, sameSite: "lax" as const, secure: secureCookies(request), path: "/v1/session/sign-on" });

  api.get("/session/methods", {
    schema: { summary: "How the admin page can log in: a personal API key, and single sign-on when configured", tags: ["session"], security: [] },
  }, async () => ({ apiKey: true, signOn: app.config.signOn.provider !== undefined }));

  api.get("/session/sign-on", {
    schema: { summary: "Start single sign-on: redirects to the provider's login page", tags: ["session"], security: [] },
  }, async (request, reply) => {
    try {
      const { url, sealed } = await beginSignOn(app, `${publicOrigin(app, request)}${callbackPath}`);
      // Lax, not strict: the provider's redirect back is a cross-site navigation that must carry it.
      reply.setCookie(signOnCookie, sealed, { ...transactionCookie(request), maxAge: signOnTransactionSeconds });
      return await reply.redirect(url, 302);
    } catch (error) {
      app.logger.warn({ err: error, reason: failureReason(error) }, "sign-on could not start");
      return reply.redirect(`/admin/?signOnError=${failureReason(error)}`, 303);
    }
  });

  api.get("/session/sign-on/callback", {
    schema: { summary: "Single sign-on callback: verifies the provider's answer, opens a session and returns to the admin page", tags: ["session"], security: [] },
  }, async (request, reply) => {
    const redirectUri = `${publicOrigin(app, request)}${callbackPath}`;
    const query = request.url.includes("?") ? request.url.slice(request.url.indexOf("?")) : "";
    // The transaction is single-use, whatever happens next.
    reply.clearCookie(signOnCookie, transactionCookie(request));
    try {
      const session = await completeSignOn(app, { callbackUrl: `${redirectUri}${query}`, redirectUri, sealed: request.cookies?.[signOnCookie] });
      setSessionCookie(request, reply, session.token, session.expiresAt);
      return await reply.redirect("/admin/?signOn=done", 303);
    } catch (error) {
      app.logger.warn({ reason: failureReason(error), code: error instanceof RoundsError ? error.code : "INTERNAL" }, "sign-on refused");
      return reply.redirect(`/admin/?signOnError=${failureReason(error)}`, 303);
    }
  });
}
