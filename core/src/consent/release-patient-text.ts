import type { AppContext } from "../app/app-context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { RoundsError } from "../errors/index.ts";
import type { Actor } from "../ports/index.ts";
import { inProjectScope } from "../tenancy/project-scope.ts";
import { auditCareTeamRefusals, boundByCareTeam, outsideCareTeam, requireCareTeam } from "./care-team.ts";
import { consentedPatients } from "./require-consent.ts";

export interface PatientTextRelease {
  /** The patients whose material the text quotes or was drawn from (nulls and repeats are ignored). */
  patientIds: Iterable<string | null | undefined>;
  /** Audit action, e.g. `answer.read`, `note.read`. */
  action: string;
  targetType: string;
  targetId: string;
  /** The project the text belongs to: an actor limited to another project is served none of it. */
  projectId?: string;
  /**
   * Custodians of restricted sources the text quotes (a psychotherapy note's
   * transcript; null for ordinary ones): to anyone but the custodian the text
   * does not exist.
   */
  custodians?: Iterable<string | null | undefined>;
}

/** Whether the text quotes a restricted source this actor is not the custodian of. */
const restrictedFrom = (actor: Actor, r: PatientTextRelease): boolean => [...(r.custodians ?? [])].some((c) => c && c !== actor.userId);

/** The distinct patients of a release, in order. */
const patientsOf = (release: PatientTextRelease): string[] => [...new Set([...release.patientIds].filter((id): id is string => Boolean(id)))];

/**
 * The releases quoting a patient outside the actor's care team (in the
 * release's project). Each patient so left out is audited once
 * (`care_team.refused`, target: the list, e.g. `note.list`), so a list that
 * drops a text leaves the same trace as a request refused outright.
 */
async function outsideCareTeamOf<T extends PatientTextRelease>(app: AppContext, actor: Actor, releases: T[]): Promise<Set<T>> {
  const outside = new Set<T>();
  if (!boundByCareTeam(actor)) return outside;
  const byProject = new Map<string | undefined, T[]>();
  for (const r of releases) byProject.set(r.projectId, [...(byProject.get(r.projectId) ?? []), r]);
  for (const [projectId, group] of byProject) {
    const refused = new Set(await outsideCareTeam(app, actor, group.flatMap(patientsOf), projectId));
    for (const r of group) if (patientsOf(r).some((id) => refused.has(id))) outside.add(r);
    const actions = [...new Set(group.map((r) => r.action))];
    await auditCareTeamRefusals(app, actor, [...refused], { projectId, targetType: "list", targetId: actions.join(",") });
  }
  return outside;
}

/**
 * Which of `releases` this actor may be served, after patients' consent to AI
 * analysis: while it stands, everyone the route already admits; once a patient
 * has revoked it, only an admin. Audits only the patients it leaves out for
 * the care team (`care_team.refused`); the reads are audited by
 * `releasePatientText`.
 */
export async function servablePatientText<T extends PatientTextRelease>(app: AppContext, actor: Actor, releases: T[]): Promise<{ served: T[]; withheld: T[]; consented: Set<string> }> {
  // Out of the actor's project limit, quoting another user's restricted source, or quoting a patient outside a clinician's care team, a text is neither served nor counted as withheld: to that actor it does not exist (the last is audited).
  releases = releases.filter((r) => inProjectScope(actor, r.projectId) && !restrictedFrom(actor, r));
  const outside = await outsideCareTeamOf(app, actor, releases);
  releases = releases.filter((r) => !outside.has(r));
  const all = [...new Set(releases.flatMap(patientsOf))];
  const consented = all.length ? await consentedPatients(app, actor.organizationId, all, "ai_analysis") : new Set<string>();
  const served: T[] = [];
  const withheld: T[] = [];
  for (const r of releases) (actor.role === "admin" || patientsOf(r).every((id) => consented.has(id)) ? served : withheld).push(r);
  return { served, withheld, consented };
}

/**
 * The one gate every response that carries stored text derived from a
 * patient (answers drawing on sessions, session notes) passes before it is
 * sent: it throws NOT_FOUND for a text outside the actor's project limit,
 * FORBIDDEN when it quotes a patient outside a clinician's care team,
 * CONSENT_REQUIRED when a quoted patient has revoked
 * `ai_analysis` and the actor is not an admin, and otherwise writes one audit
 * row per patient quoted (one without a patient when none is), marking rows
 * an admin was served under revoked consent with `consent: "revoked"`.
 */
export async function releasePatientText(app: AppContext, actor: Actor, releases: PatientTextRelease[]): Promise<void> {
  const consented = await assertServable(app, actor, releases);
  for (const r of releases) {
    const patients = patientsOf(r);
    const base = { organizationId: actor.organizationId, actor, action: r.action, targetType: r.targetType, targetId: r.targetId };
    if (patients.length === 0) await recordAudit(app, base);
    for (const patientId of patients) await recordAudit(app, { ...base, patientId, ...(!consented.has(patientId) && { details: { consent: "revoked" } }) });
  }
}

/**
 * The release gate's refusals without its audit rows, for a use case that
 * changes the text before releasing it (editing or approving a note): NOT_FOUND
 * outside the actor's project limit, FORBIDDEN (audited `care_team.refused`)
 * when it quotes a patient outside a clinician's care team, CONSENT_REQUIRED
 * once a quoted patient has revoked `ai_analysis` and the actor is not an
 * admin. Returns the consenting patients.
 */
export async function assertServable(app: AppContext, actor: Actor, releases: PatientTextRelease[]): Promise<Set<string>> {
  for (const r of releases) if (!inProjectScope(actor, r.projectId) || restrictedFrom(actor, r)) throw new RoundsError("NOT_FOUND", `No such ${r.targetType.slice(0, 20)}.`);
  for (const r of releases) await requireCareTeam(app, actor, { patientIds: patientsOf(r), projectId: r.projectId, targetType: r.targetType, targetId: r.targetId });
  const { withheld, consented } = await servablePatientText(app, actor, releases);
  if (withheld.length) {
    throw new RoundsError("CONSENT_REQUIRED", "This quotes a patient who has withdrawn consent to AI analysis of their sessions; only an admin can open it, under audit.", { details: { missing: ["ai_analysis"] } });
  }
  return consented;
}
