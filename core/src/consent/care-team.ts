import type { AppContext } from "../app/app-context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { RoundsError } from "../errors/index.ts";
import type { Actor } from "../ports/index.ts";

/**
 * The care-team half of patient scope. Where a project's policy requires it
 * (`careTeam`, unset reads as "required"), a clinician reaches a patient's
 * material only while on that patient's care team: naming the patient in a
 * question or search, generating a note, reading a
 * passage, an answer or a note that quotes the patient. Admins (who run the
 * organisation and already reach withdrawn material under audit) and
 * auditors (who oversee it, reading only) are not bound; a patient reaches
 * only their own material anyway. Checked in the same places as consent
 * (`patientScope`, the release gate, `readPassage`, note generation),
 * before it, so a refusal says nothing of whether the patient exists, has
 * material or consents.
 */
export const careTeamRefusal = "You are not on the care team of the patient this concerns, so Rounds will not use or show their material. An admin can add you (care-team assign <patient> <user-id>).";

const uuid = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;

/** Whether the project enforces the care team (unset: it does). Without a project (an organisation-wide read), it does. */
async function careTeamEnforced(app: AppContext, organizationId: string, projectId: string | null | undefined): Promise<boolean> {
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
  await auditCareTeamRefusals(app, actor, outside, input);
  throw new RoundsError("FORBIDDEN", careTeamRefusal, { details: { reason: "care_team" } });
}

/**
 * One `care_team.refused` audit row per patient (the id as named; no name, no
 * text): for a refused request (`requireCareTeam`), and for what a list left
 * out (the release gate's `servablePatientText`), so an access review sees a
 * clinician's attempts to reach a patient outside their care team however
 * they were made.
 */
export async function auditCareTeamRefusals(app: AppContext, actor: Actor, patientIds: string[], input: { projectId: string | null | undefined; targetType?: string; targetId?: string }): Promise<void> {
  for (const id of patientIds) {
    await recordAudit(app, {
      organizationId: actor.organizationId, actor, action: "care_team.refused", targetType: input.targetType ?? "patient", targetId: (input.targetId ?? id).slice(0, 80),
      ...(uuid.test(id) && { patientId: id }), ...(input.projectId && { details: { projectId: input.projectId } }),
    });
  }
}
