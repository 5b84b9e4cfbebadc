import type { AppContext } from "../app/app-context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { RoundsError } from "../errors/index.ts";
import type { Actor } from "../ports/index.ts";
import { requireOrganizationWide } from "../tenancy/project-scope.ts";
import type { CareTeamMember } from "./care-team-repository.ts";

/**
 * The care-team half of patient scope. Where a project's policy requires it
 * (`careTeam`, unset reads as "required"), a clinician reaches a patient's
 * material only while on that patient's care team: naming the patient in a
 * question or search, generating a note, uploading a session, reading a
 * passage, an answer or a note that quotes the patient. Admins (who run the
 * organisation and already reach withdrawn material under audit) and
 * auditors (who oversee it, reading only) are not bound; a patient reaches
 * only their own material anyway. Checked in the same places as consent
 * (`patientScope`, the release gate, `readPassage`, note generation, ingest),
 * before it, so a refusal says nothing of whether the patient exists, has
 * material or consents.
 */
export const careTeamRefusal = "You are not on the care team of the patient this concerns, so Rounds will not use or show their material. An admin can add you (care-team assign <patient> <user-id>).";

const uuid = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;

/** Whether the project enforces the care team (unset: it does). Without a project (an organisation-wide read), it does. */
export async function careTeamEnforced(app: AppContext, organizationId: string, projectId: string | null | undefined): Promise<boolean> {
  if (!projectId) return true;
  const project = await app.store.tenancy.getProject(organizationId, projectId);
  return (project?.policy.careTeam ?? "required") !== "off";
}

/** Whether this actor's role is bound by the care team at all. */
export const boundByCareTeam = (actor: Actor): boolean => actor.role === "clinician";

/** Of `patientIds`, those this actor may not reach in `projectId` for want of a care-team assignment (nulls and repeats ignored). */
export async function outsideCareTeam(app: AppContext, actor: Actor, patientIds: Iterable<string | null | undefined>, projectId: string | null | undefined): Promise<string[]> {
  const ids = [...new Set([...patientIds].filter((id): id is string => Boolean(id)))];
  if (!boundByCareTeam(actor) || ids.length === 0 || !(await careTeamEnforced(app, actor.organizationId, projectId))) return [];
  const assigned = await app.store.careTeam.assigned(actor.organizationId, actor.userId, ids.filter((id) => uuid.test(id)));
  return ids.filter((id) => !assigned.has(id));
}

/**
 * Throws FORBIDDEN (`reason: "care_team"`) unless the actor may reach every
 * one of `patientIds` in `projectId`, after writing one `care_team.refused`
 * audit row per patient refused (the id as named; no name, no text). The
 * message is the same for a patient who does not exist.
 */
export async function requireCareTeam(app: AppContext, actor: Actor, input: { patientIds: Iterable<string | null | undefined>; projectId: string | null | undefined; targetType?: string; targetId?: string }): Promise<void> {
  const outside = await outsideCareTeam(app, actor, input.patientIds, input.projectId);
  if (!outside.length) return;
  for (const id of outside) {
    await recordAudit(app, {
      organizationId: actor.organizationId, actor, action: "care_team.refused", targetType: input.targetType ?? "patient", targetId: (input.targetId ?? id).slice(0, 80),
      ...(uuid.test(id) && { patientId: id }), ...(input.projectId && { details: { projectId: input.projectId } }),
    });
  }
  throw new RoundsError("FORBIDDEN", careTeamRefusal, { details: { reason: "care_team" } });
}

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
