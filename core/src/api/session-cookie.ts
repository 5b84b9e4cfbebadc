import type { FastifyReply, FastifyRequest } from "fastify";
import { sessionCookie } from "../identity/sessions.ts";

/** A request to a loopback host over plain HTTP (local use and tests): its cookies cannot be `Secure`. */
export function secureCookies(request: FastifyRequest): boolean {
  const local = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(request.headers.host ?? "");
  return !local || request.protocol === "https";
}

/** Sets the admin-page session cookie: HTTP-only, same-site strict, for the whole origin, until the session expires. */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, expiresAt: Date): void {
  reply.setCookie(sessionCookie, token, { httpOnly: true, sameSite: "strict", secure: secureCookies(request), path: "/", expires: expiresAt });
}
