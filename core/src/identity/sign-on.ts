/**
 * Admin-page single sign-on: the round trip to the configured sign-on
 * provider (`signOn.provider`, a plugin's `signOnProviders` contribution) and
 * the mapping of its verified claims to a Rounds user. The transaction (state,
 * nonce, PKCE verifier) travels in a short-lived cookie sealed with the
 * server secret (AES-256-GCM): a tampered, foreign or stale one is refused.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import type { AppContext } from "../app/app-context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { RoundsError } from "../errors/index.ts";
import type { Actor, SignOnClaims, SignOnProvider, SignOnTransaction } from "../ports/index.ts";
import type { User } from "./identity-repository.ts";
import { serverSecret } from "./server-secret.ts";
import { openSession } from "./sessions.ts";

export const signOnCookie = "rounds_sign_on";
/** How long the browser may take at the provider's login page. */
export const signOnTransactionSeconds = 10 * 60;

interface SealedTransaction extends SignOnTransaction {
  provider: string;
  expiresAt: number;
}

/** The configured sign-on provider; `NOT_FOUND` when none is configured. */
async function signOnProvider(app: AppContext): Promise<SignOnProvider> {
  const id = app.config.signOn.provider;
  if (!id) throw new RoundsError("NOT_FOUND", "Single sign-on is not configured on this server (signOn.provider, ROUNDS_SIGN_ON).", { details: { reason: "sign_on_not_configured" } });
  return app.host.get("signOnProviders", id);
}

const sealKey = (app: AppContext) => createHash("sha256").update(`rounds sign-on transaction\0${serverSecret(app.config)}`).digest();

function seal(app: AppContext, value: SealedTransaction): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealKey(app), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString("base64url")).join(".");
}

function unseal(app: AppContext, sealed: string | undefined): SealedTransaction | undefined {
  const [iv, tag, body] = (sealed ?? "").split(".").map((p) => Buffer.from(p, "base64url"));
  if (!iv || !tag || !body || iv.length !== 12 || tag.length !== 16) return undefined;
  try {
    const decipher = createDecipheriv("aes-256-gcm", sealKey(app), iv);
    decipher.setAuthTag(tag);
    const value = JSON.parse(Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8")) as SealedTransaction;
    return value.expiresAt > app.now().getTime() ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Starts a sign-on: the provider URL to send the browser to, and the sealed transaction to set as its cookie. */
export async function beginSignOn(app: AppContext, redirectUri: string): Promise<{ url: string; sealed: string }> {
  const provider = await signOnProvider(app);
  const { url, transaction } = await provider.begin({ redirectUri });
  const sealed = seal(app, { ...transaction, provider: provider.id, expiresAt: app.now().getTime() + signOnTransactionSeconds * 1000 });
  return { url, sealed };
}

/**
 * The Rounds user the claims name: the one linked to the issuer + subject
 * (`users sign-on`); with `signOn.match: email`, otherwise the one user whose
 * e-mail equals a claim the provider marks verified.
 */
async function userForClaims(app: AppContext, claims: SignOnClaims): Promise<User | undefined> {
  const linked = await app.store.identity.findUserBySignOnIdentity(claims.issuer, claims.subject);
  if (linked || app.config.signOn.match !== "email" || !claims.email || !claims.emailVerified) return linked;
  const byEmail = await app.store.identity.findUsersByEmail(claims.email);
  // The same address in two organisations names nobody: Rounds will not guess which clinic is meant.
  return byEmail.length === 1 ? byEmail[0] : undefined;
}

/**
 * Finishes a sign-on from the provider's callback: checks the sealed
 * transaction, lets the provider verify state, code (with the PKCE verifier),
 * ID token and nonce, maps the claims to a user and opens a session. An
 * unknown subject is `UNAUTHENTICATED`, a removed user and a role without
 * admin-page access are `FORBIDDEN`; none opens a session.
 */
export async function completeSignOn(app: AppContext, input: { callbackUrl: string; redirectUri: string; sealed: string | undefined }): Promise<{ token: string; csrfToken: string; actor: Actor; expiresAt: Date; provider: string }> {
  const transaction = unseal(app, input.sealed);
  const provider = await signOnProvider(app);
  if (!transaction || transaction.provider !== provider.id) {
    throw new RoundsError("UNAUTHENTICATED", "This sign-on was not started here or took too long; please sign in again.", { details: { reason: "transaction" } });
  }
  const claims = await provider.complete({ callbackUrl: input.callbackUrl, redirectUri: input.redirectUri, transaction });
  const user = await userForClaims(app, claims);
  if (!user) {
    app.logger.warn({ provider: provider.id, reason: "unknown_subject" }, "sign-on refused");
    throw new RoundsError("UNAUTHENTICATED", "No Rounds user is linked to that sign-on account; ask an admin to link it (users sign-on).", { details: { reason: "unknown_subject" } });
  }
  const actor: Actor = { userId: user.id, organizationId: user.organizationId, role: user.role, ...(user.patientId ? { patientId: user.patientId } : {}) };
  if (user.disabled) {
    await recordAudit(app, { organizationId: user.organizationId, actor, action: "session.refused", channel: "admin_web", details: { signOn: provider.id, reason: "disabled" } });
    throw new RoundsError("FORBIDDEN", "That Rounds user has been removed.", { details: { reason: "disabled" } });
  }
  return { ...(await openSession(app, actor, { signOnProvider: provider.id })), provider: provider.id };
}

/** The provider's logout URL for a session opened through it (RP-initiated logout), or `undefined`. */
export async function signOnLogoutUrl(app: AppContext, providerId: string, postLogoutRedirectUri: string): Promise<string | undefined> {
  if (app.config.signOn.provider !== providerId) return undefined;
  const provider = await signOnProvider(app);
  return provider.logoutUrl({ postLogoutRedirectUri });
}

/**
 * The sign-on provider when it can also verify OAuth access tokens (an
 * OpenID Connect issuer acting as the MCP server's authorisation server), or
 * `undefined` when sign-on is not configured or the provider cannot.
 */
export async function accessTokenProvider(app: AppContext): Promise<(SignOnProvider & { issuer: string; verifyAccessToken: NonNullable<SignOnProvider["verifyAccessToken"]> }) | undefined> {
  if (!app.config.signOn.provider) return undefined;
  const provider = await signOnProvider(app);
  return provider.issuer && provider.verifyAccessToken ? (provider as SignOnProvider & { issuer: string; verifyAccessToken: NonNullable<SignOnProvider["verifyAccessToken"]> }) : undefined;
}

/**
 * The Rounds user an OAuth access token stands for: the provider verifies
 * the token (signature against the issuer's keys, issuer, audience =
 * `resource`, expiry), then its subject maps to a user exactly as an
 * admin-page sign-on does (`users sign-on`, or `signOn.match: email`). An
 * unverifiable token or an unknown subject is `UNAUTHENTICATED`; a removed
 * user is `FORBIDDEN` (audited as a refused session on `channel`).
 */
export async function actorForAccessToken(app: AppContext, input: { token: string; resource: string; channel: "mcp" }): Promise<Actor> {
  const provider = await accessTokenProvider(app);
  if (!provider) throw new RoundsError("UNAUTHENTICATED", "This server does not accept OAuth access tokens (single sign-on is not configured); use a Rounds API key.", { details: { reason: "sign_on_not_configured" } });
  const claims = await provider.verifyAccessToken({ token: input.token, audience: input.resource, now: app.now() });
  const user = await userForClaims(app, claims);
  if (!user) {
    app.logger.warn({ provider: provider.id, reason: "unknown_subject", channel: input.channel }, "access token refused");
    throw new RoundsError("UNAUTHENTICATED", "No Rounds user is linked to that sign-on account; ask an admin to link it (users sign-on).", { details: { reason: "unknown_subject" } });
  }
  const actor: Actor = { userId: user.id, organizationId: user.organizationId, role: user.role, ...(user.patientId ? { patientId: user.patientId } : {}) };
  if (user.disabled) {
    await recordAudit(app, { organizationId: user.organizationId, actor, action: "session.refused", channel: input.channel, details: { signOn: provider.id, reason: "disabled" } });
    throw new RoundsError("FORBIDDEN", "That Rounds user has been removed.", { details: { reason: "disabled" } });
  }
  return actor;
}
