import { createApiKey, RoundsError, type Role } from "@rounds/core";
import type { RoundsApp } from "../app/create-app.ts";
import { localOperator } from "./local-operator.ts";
import { findOrganization } from "./workspace.ts";

export const apiKeyRoles = ["admin", "clinician", "patient", "auditor"] as const satisfies readonly Role[];

export interface OperatorApiKeyInput {
  name: string;
  /** Asked for; with `user`, it must be the user's own role. Default: admin, or the user's role. */
  role?: string;
  /** The person the key acts as (it ends when they are removed). */
  user?: string;
  org?: string;
  /** Slug of the one project the key is limited to (default: organisation-wide). */
  project?: string;
}

export interface OperatorApiKey { key: string; id: string; name: string; role: Role; organization: string; actingAs?: string; project?: string }

/**
 * `rounds api-key`, in the CLI process or inside the server that holds the
 * embedded database (through its loopback /local routes): one way to make a key.
 */
export async function makeOperatorApiKey(app: RoundsApp, input: OperatorApiKeyInput): Promise<OperatorApiKey> {
  const asked = input.role === undefined ? undefined : apiKeyRoles.find((r) => r === input.role);
  if (input.role !== undefined && !asked) throw new RoundsError("BAD_REQUEST", `Unknown role ${input.role.slice(0, 20)}; use ${apiKeyRoles.join(", ")}.`);
  const organization = await findOrganization(app, input.org ? { org: input.org } : {});
  const user = input.user
    ? (/^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i.test(input.user) ? await app.store.identity.getUser(organization.id, input.user) : undefined)
    : undefined;
  if (input.user && (!user || user.disabled)) throw new RoundsError("NOT_FOUND", `No user ${input.user.slice(0, 40)} in ${organization.slug}.`);
  if (user && asked && asked !== user.role) throw new RoundsError("BAD_REQUEST", `${user.displayName} is ${user.role}; a key acts with its user's role (leave out --role, or change the role with "rounds users role").`);
  const role = user?.role ?? asked ?? "admin";
  const project = input.project === undefined ? undefined : await app.store.tenancy.findProjectBySlug(organization.id, input.project);
  if (input.project !== undefined && !project) throw new RoundsError("NOT_FOUND", `No project ${input.project.slice(0, 60)} in ${organization.slug}.`);
  const { key, record } = await createApiKey(app, await localOperator(app, organization.id), { organizationId: organization.id, role, name: input.name, ...(user ? { userId: user.id } : {}), ...(project ? { projectId: project.id } : {}) });
  return { key, id: record.id, name: record.name, role, organization: organization.slug, ...(user ? { actingAs: user.displayName } : {}), ...(project ? { project: project.slug } : {}) };
}
