import type { AppContext } from "../app/app-context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { RoundsError } from "../errors/index.ts";
import type { Actor, Role } from "../ports/index.ts";
import { hmac, newApiKey } from "./credentials.ts";
import type { ApiKeyRecord } from "./identity-repository.ts";
import { serverSecret } from "./server-secret.ts";
import { inProjectScope, requireProjectScope } from "../tenancy/project-scope.ts";

/**
 * Creates an API key; the plaintext is returned once and never stored. With
 * `projectId` the key reaches that one project of its organisation only; an
 * admin whose own credential is limited to a project creates keys limited to it.
 */
export async function createApiKey(app: AppContext, actor: Actor | undefined, input: { organizationId: string; role: Role; name: string; userId?: string; projectId?: string }): Promise<{ key: string; record: ApiKeyRecord }> {
  if (actor && (actor.role !== "admin" || actor.organizationId !== input.organizationId)) throw new RoundsError("FORBIDDEN", "Only admins of the organisation can create API keys.");
  const projectId = input.projectId ?? actor?.projectId;
  if (actor) requireProjectScope(actor, projectId);
  if (projectId && !(await app.store.tenancy.getProject(input.organizationId, projectId))) throw new RoundsError("NOT_FOUND", "No such project in your organisation.");
  const key = newApiKey();
  // A key not tied to a person acts as its own service user, so everything it does has a real author.
  const userId = input.userId ?? (await app.store.identity.createUser({ organizationId: input.organizationId, role: input.role, displayName: `API key: ${input.name.slice(0, 60)}` })).id;
  const record = await app.store.identity.createApiKey({
    organizationId: input.organizationId, role: input.role, ...(projectId && { projectId }), name: input.name.slice(0, 80), prefix: key.slice(0, 10),
    keyHash: hmac(serverSecret(app.config), key), userId,
  });
  await recordAudit(app, { organizationId: input.organizationId, actor, action: "api_key.create", targetType: "api_key", targetId: record.id, ...(projectId && { details: { projectId } }) });
  return { key, record };
}

/** The actor behind an API key, or `undefined` for unknown and revoked keys. */
export async function actorForApiKey(app: AppContext, key: string): Promise<Actor | undefined> {
  return (await resolveApiKey(app, key))?.actor;
}

/** The live key record behind an API key and the actor it acts as (a disabled user's key acts as nobody). */
export async function resolveApiKey(app: AppContext, key: string): Promise<{ actor: Actor; keyId: string; user: boolean } | undefined> {
  if (!/^rk_[\w-]{20,}$/.test(key)) return undefined;
  const found = await app.store.identity.findApiKeyByHash(hmac(serverSecret(app.config), key));
  if (!found || found.key.revokedAt) return undefined;
  const { key: record, user } = found;
  // "Last used" to the minute: a write on every request would cost each question a write transaction.
  const now = app.now();
  if (!record.lastUsedAt || now.getTime() - record.lastUsedAt.getTime() >= 60_000) await app.store.identity.touchApiKey(record.id, now);
  if (user?.disabled) return undefined;
  const actor: Actor = { userId: user?.id ?? record.id, organizationId: record.organizationId, role: user?.role ?? record.role };
  if (user?.patientId) actor.patientId = user.patientId;
  if (record.projectId) actor.projectId = record.projectId;
  return { actor, keyId: record.id, user: user !== undefined };
}

export async function revokeApiKey(app: AppContext, actor: Actor, id: string): Promise<void> {
  if (actor.role !== "admin") throw new RoundsError("FORBIDDEN", "Only admins can revoke API keys.");
  // A project-limited admin revokes only keys limited to its own project.
  const existing = await app.store.identity.getApiKey(actor.organizationId, id);
  if (existing && !inProjectScope(actor, existing.projectId)) throw new RoundsError("NOT_FOUND", "API key not found.");
  if (!(await app.store.identity.revokeApiKey(actor.organizationId, id, app.now()))) throw new RoundsError("NOT_FOUND", "API key not found.");
  await recordAudit(app, { organizationId: actor.organizationId, actor, action: "api_key.revoke", targetType: "api_key", targetId: id });
}
