import type { AppContext } from "../app/app-context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { RoundsError } from "../errors/index.ts";
import type { Actor } from "../ports/index.ts";
import { requireOrganizationWide } from "../tenancy/project-scope.ts";
import type { CareTeamMember } from "./care-team-repository.ts";

/**
 * Managing care teams: an organisation-wide admin assigns and unassigns
 * clinicians (audited, effective on the next request); admins and auditors
 * list a patient's team (audited as a read). Enforcement is in
 * `care-team.ts`.
 */
const uuid = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;

/** A clinician of the actor's organisation, or NOT_FOUND (another organisation's user reads as missing). */
async function clinicianOf(app: AppContext, organizationId: string, userId: string) {
  const user = uuid.test(userId) ? await app.store.identity.getUser(organizationId, userId) : undefined;
  if (!user || user.disabled) throw new RoundsError("NOT_FOUND", "No such user in your organisation.");
  if (user.role !== "clinician") throw new RoundsError("BAD_REQUEST", `A care team is made of clinicians; this user is ${user.role === "admin" || user.role === "auditor" ? `an ${user.role}, who is not bound by it` : `a ${user.role}`}.`);
  return user;
}

async function patientOf(app: AppContext, organizationId: string, patientId: string) {
  const patient = uuid.test(patientId) ? await app.store.identity.getPatient(organizationId, patientId) : undefined;
  if (!patient) throw new RoundsError("NOT_FOUND", "No such patient in your organisation.");
  return patient;
}

/** An organisation-wide admin: a care team reaches the patient's material in every project. */
const adminOnly = (actor: Actor) => {
  if (actor.role !== "admin") throw new RoundsError("FORBIDDEN", "Only an admin manages care teams.");
  requireOrganizationWide(actor, "a patient's care team");
};

/** Adds a clinician to a patient's care team (admin only; audited `care_team.assign`). */
export async function assignCareTeam(app: AppContext, actor: Actor, input: { patientId: string; userId: string }): Promise<{ member: CareTeamMember; created: boolean }> {
  adminOnly(actor);
  const patient = await patientOf(app, actor.organizationId, input.patientId);
  const user = await clinicianOf(app, actor.organizationId, input.userId);
  const result = await app.store.careTeam.assign({ organizationId: actor.organizationId, patientId: patient.id, userId: user.id, assignedByUserId: actor.userId });
  if (result.created) await recordAudit(app, { organizationId: actor.organizationId, actor, action: "care_team.assign", targetType: "user", targetId: user.id, patientId: patient.id });
  return result;
}

/** Removes a clinician from a patient's care team (admin only; audited `care_team.unassign`). Takes effect on the next request. */
export async function unassignCareTeam(app: AppContext, actor: Actor, input: { patientId: string; userId: string }): Promise<{ removed: boolean }> {
  adminOnly(actor);
  const patient = await patientOf(app, actor.organizationId, input.patientId);
  if (!uuid.test(input.userId) || !(await app.store.identity.getUser(actor.organizationId, input.userId))) throw new RoundsError("NOT_FOUND", "No such user in your organisation.");
  const removed = await app.store.careTeam.unassign(actor.organizationId, patient.id, input.userId);
  if (removed) await recordAudit(app, { organizationId: actor.organizationId, actor, action: "care_team.unassign", targetType: "user", targetId: input.userId, patientId: patient.id });
  return { removed };
}

/** A patient's care team (admins and auditors; audited as a read). */
export async function listCareTeam(app: AppContext, actor: Actor, patientId: string): Promise<CareTeamMember[]> {
  if (actor.role !== "admin" && actor.role !== "auditor") throw new RoundsError("FORBIDDEN", "Only admins and auditors read care teams.");
  const patient = await patientOf(app, actor.organizationId, patientId);
  const members = await app.store.careTeam.members(actor.organizationId, patient.id);
  await recordAudit(app, { organizationId: actor.organizationId, actor, action: "care_team.read", targetType: "patient", targetId: patient.id, patientId: patient.id });
  return members;
}
