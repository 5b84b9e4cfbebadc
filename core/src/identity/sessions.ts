import type { AppContext } from "../app/app-context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { RoundsError } from "../errors/index.ts";
import type { Actor, Role } from "../ports/index.ts";
import { resolveApiKey } from "./api-keys.ts";
import { databaseRateCounter } from "./rate-counter.ts";
import { hmac, newToken } from "./credentials.ts";
import { serverSecret } from "./server-secret.ts";

export const sessionCookie = "rounds_session";
const sessionHours = 8;

/** The roles that may open admin-page sessions. */
const sessionRoles: ReadonlySet<Role> = new Set(["admin", "auditor"]);

const loginWindowMs = 15 * 60_000;

/**
 * Counts a login attempt against the client address, in fixed 15-minute
 * windows shared by every process; over `limits.loginAttemptsPer15Minutes`
 * the attempt is refused before any credential is checked, so guessing stops
 * there.
 */
async function checkLoginRate(app: AppContext, client: string): Promise<void> {
  const now = app.now().getTime();
  const windowStart = new Date(Math.floor(now / loginWindowMs) * loginWindowMs);
  const counter = app.rateCounter ?? databaseRateCounter(app.store);
  const limit = app.config.limits.loginAttemptsPer15Minutes;
  if ((await counter.hit(`login:ip:${client}`, windowStart, loginWindowMs)) > limit) {
    const seconds = Math.max(1, Math.ceil((windowStart.getTime() + loginWindowMs - now) / 1000));
    throw new RoundsError("RATE_LIMITED", `Too many login attempts. Please try again in ${Math.ceil(seconds / 60)} minute(s).`, { details: { retryAfterSeconds: seconds } });
  }
}

/**
 * Admin web login with a person's API key (`rounds keys create --user …`);
 * single sign-on, when configured, goes through openSession. There is no
 * password login: Rounds never stores passwords. Returns the cookie token and
 * the CSRF token. `client` is the caller's address, for the attempt limit.
 */
export async function login(app: AppContext, input: { apiKey?: string }, client = "unknown"): Promise<{ token: string; csrfToken: string; actor: Actor; expiresAt: Date }> {
  if (!input.apiKey) throw new RoundsError("BAD_REQUEST", "Log in with a personal API key ({\"apiKey\": \"rk_…\"}) or, when configured, single sign-on; Rounds has no password login.");
  await checkLoginRate(app, client);
  const resolved = await resolveApiKey(app, input.apiKey);
  // A session belongs to a person: keys not tied to a user cannot log in to the admin page.
  if (!resolved?.user) throw new RoundsError("UNAUTHENTICATED", "Those credentials are not valid.");
  return openSession(app, resolved.actor, { apiKeyId: resolved.keyId });
}

/**
 * Opens an admin-page session for an authenticated actor (API key or
 * sign-on): only admins and auditors may; the cookie token is returned,
 * only its HMAC is stored. `via` records what the session was opened with,
 * so it ends with that key, and so logout knows to end the provider's session.
 */
export async function openSession(app: AppContext, actor: Actor, via: { apiKeyId?: string; signOnProvider?: string }): Promise<{ token: string; csrfToken: string; actor: Actor; expiresAt: Date }> {
  if (!sessionRoles.has(actor.role)) throw new RoundsError("FORBIDDEN", "The admin page is for admins and auditors.", { details: { reason: "role", role: actor.role } });
  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(app.now().getTime() + sessionHours * 3600_000);
  await app.store.identity.createSession({ userId: actor.userId, role: actor.role, ...via, tokenHash: hmac(serverSecret(app.config), token), csrfToken, expiresAt });
  await recordAudit(app, { organizationId: actor.organizationId, actor, action: "session.login", channel: "admin_web", ...(via.signOnProvider ? { details: { signOn: via.signOnProvider } } : {}) });
  return { token, csrfToken, actor, expiresAt };
}

/**
 * The actor and CSRF token of a live session cookie. A session is live only
 * while its key is (it ends when the key is revoked), while the user keeps
 * the role it was opened with and a role that may use the admin page, and
 * while the user is not removed; an ended session is deleted.
 */
export async function sessionActor(app: AppContext, token: string): Promise<{ actor: Actor; csrfToken: string; signOnProvider: string | null } | undefined> {
  const tokenHash = hmac(serverSecret(app.config), token);
  const session = await app.store.identity.findSessionByTokenHash(tokenHash, app.now());
  if (!session) {
    // An expired session is gone, not merely refused.
    await app.store.identity.deleteSession(tokenHash);
    return undefined;
  }
  const user = await app.store.identity.getUserById(session.userId);
  const key = session.apiKeyId && user ? await app.store.identity.getApiKey(user.organizationId, session.apiKeyId) : undefined;
  const live = user !== undefined && !user.disabled && user.role === session.role && sessionRoles.has(user.role)
    && (session.apiKeyId === null || (key !== undefined && key.revokedAt === null));
  if (!live) {
    await app.store.identity.deleteSession(tokenHash);
    return undefined;
  }
  // A session opened with a project-limited key is limited the same way.
  const actor: Actor = { userId: user.id, organizationId: user.organizationId, role: user.role, ...(user.patientId ? { patientId: user.patientId } : {}), ...(key?.projectId ? { projectId: key.projectId } : {}) };
  return { actor, csrfToken: session.csrfToken, signOnProvider: session.signOnProvider };
}

/** Ends the session; returns the sign-on provider it was opened through, if any (so the caller can end the provider's session too). */
export async function logout(app: AppContext, token: string): Promise<{ signOnProvider: string | null }> {
  const live = await sessionActor(app, token);
  await app.store.identity.deleteSession(hmac(serverSecret(app.config), token));
  return { signOnProvider: live?.signOnProvider ?? null };
}
