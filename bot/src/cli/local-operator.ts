import type { Actor } from "@rounds/core";
import type { RoundsApp } from "../app/create-app.ts";

const operatorEmail = "operator@localhost";

/**
 * Who the CLI acts as. Whoever can run `rounds` on the server can read its
 * database anyway, so the CLI acts as the organisation's local operator, an
 * admin user created on first use; every action is still audited under it.
 */
export async function localOperator(app: RoundsApp, organizationId: string): Promise<Actor> {
  const user = await app.store.identity.findUserByEmail(organizationId, operatorEmail)
    ?? await app.store.identity.createUser({ organizationId, role: "admin", displayName: "Local operator", email: operatorEmail });
  return { userId: user.id, organizationId, role: "admin", identity: { channel: "cli", workspaceId: "local", userId: user.id } };
}
