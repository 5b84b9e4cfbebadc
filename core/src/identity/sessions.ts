import type { AppContext } from "../app/app-context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { RoundsError } from "../errors/index.ts";
import type { Actor } from "../ports/index.ts";
import { actorForApiKey } from "./api-keys.ts";
import { hmac, newToken, verifyPassword } from "./credentials.ts";
import { serverSecret } from "./server-secret.ts";

export const sessionCookie = "rounds_session";
const sessionHours = 8;

/** Admin web login with an API key or email + password. Returns the cookie token and the CSRF token. */
export async function login(app: AppContext, input: { apiKey?: string; email?: string; password?: string }): Promise<{ token: string; csrfToken: string; actor: Actor; expiresAt: Date }> {
  const fail = () => new RoundsError("UNAUTHENTICATED", "Those credentials are not valid.");
  let actor: Actor | undefined;
  if (input.apiKey) {
    actor = await actorForApiKey(app, input.apiKey);
    // A session belongs to a person: keys not tied to a user cannot log in to the admin page.
    if (actor && !(await app.store.identity.getUser(actor.organizationId, actor.userId))) actor = undefined;
  } else if (input.email && input.password) {
    const candidates = await app.store.identity.findUsersByEmail(input.email);
    for (const u of candidates) {
      if (!u.disabled && u.passwordHash && (await verifyPassword(input.password, u.passwordHash))) {
        actor = { userId: u.id, organizationId: u.organizationId, role: u.role, ...(u.patientId ? { patientId: u.patientId } : {}) };
        break;
      }
    }
  }
  if (!actor) throw fail();
  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(app.now().getTime() + sessionHours * 3600_000);
  await app.store.identity.createSession({ userId: actor.userId, tokenHash: hmac(serverSecret(app.config), token), csrfToken, expiresAt });
  await recordAudit(app, { organizationId: actor.organizationId, actor, action: "session.login", channel: "admin_web" });
  return { token, csrfToken, actor, expiresAt };
}

/** The actor and CSRF token of a live session cookie. */
export async function sessionActor(app: AppContext, token: string): Promise<{ actor: Actor; csrfToken: string } | undefined> {
  const session = await app.store.identity.findSessionByTokenHash(hmac(serverSecret(app.config), token));
  if (!session) return undefined;
  const user = await findUserAnyOrg(app, session.userId);
  if (!user || user.disabled) return undefined;
  const actor: Actor = { userId: user.id, organizationId: user.organizationId, role: user.role, ...(user.patientId ? { patientId: user.patientId } : {}) };
  return { actor, csrfToken: session.csrfToken };
}

export async function logout(app: AppContext, token: string): Promise<void> {
  await app.store.identity.deleteSession(hmac(serverSecret(app.config), token));
}

async function findUserAnyOrg(app: AppContext, userId: string) {
  return app.store.identity.getUserById(userId);
}
