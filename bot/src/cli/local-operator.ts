import type { Actor } from "@rounds/core";
import { users } from "@rounds/db";
import { and, eq } from "drizzle-orm";
import type { RoundsApp } from "../app/create-app.ts";

/**
 * Who the CLI acts as. Whoever can run `rounds` on the server can read its
 * database anyway, so the CLI acts as the organisation's local operator, an
 * admin user created on first use; every action is still audited under it.
 */
export async function localOperator(app: RoundsApp, organizationId: string): Promise<Actor> {
  const db = app.database.db;
  const [existing] = await db.select().from(users)
    .where(and(eq(users.organizationId, organizationId), eq(users.email, "operator@localhost")));
  const user = existing ?? (await db.insert(users).values({
    organizationId, role: "admin", displayName: "Local operator", email: "operator@localhost",
  }).returning())[0]!;
  return { userId: user.id, organizationId, role: "admin", identity: { channel: "cli", workspaceId: "local", userId: user.id } };
}
