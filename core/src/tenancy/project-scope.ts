import { RoundsError } from "../errors/index.ts";
import type { Actor } from "../ports/index.ts";

/**
 * The project half of scope resolution. An actor whose credential is limited
 * to one project (`actor.projectId`, from a project API key or a session
 * opened with one) reaches that project only: any other project id reads as
 * one that does not exist (the same words as another organisation's), and
 * organisation-wide operations are refused. An organisation-wide actor passes.
 */
export function inProjectScope(actor: Actor, projectId: string | null | undefined): boolean {
  return !actor.projectId || actor.projectId === projectId;
}

/** Throws NOT_FOUND unless `projectId` is within the actor's project limit (the organisation is checked by the caller's scoped query). */
export function requireProjectScope(actor: Actor, projectId: string | null | undefined): void {
  if (!inProjectScope(actor, projectId)) throw new RoundsError("NOT_FOUND", "No such project in your organisation.");
}

/** Throws FORBIDDEN for an actor limited to one project: this operation spans the organisation. */
export function requireOrganizationWide(actor: Actor, what: string): void {
  if (actor.projectId) {
    throw new RoundsError("FORBIDDEN", `This key is limited to one project; ${what} spans the whole organisation and needs an organisation-wide key.`, { details: { reason: "project_limited" } });
  }
}
