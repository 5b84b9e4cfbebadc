import type { BuiltinCommand } from "../commands/builtin-command.ts";
import { RoundsError } from "../errors/index.ts";
import { findPatient } from "../identity/find-patient.ts";
import type { Actor } from "../ports/index.ts";

type App = Parameters<BuiltinCommand["create"]>[0];

/** Whether a word names the patient actor's own record (its id or reference). */
export async function ownRecord(app: App, actor: Actor, word: string): Promise<boolean> {
  return word === actor.patientId || (await app.store.identity.findPatientByRef(actor.organizationId, word))?.id === actor.patientId;
}

/**
 * A patient is named by id or by the organisation's external reference (e.g.
 * MRN alias). A patient acts on their own record, and may name it (the consent
 * prompt's buttons do); naming any other reads as missing.
 */
export async function resolvePatient(app: App, actor: Actor, ref: string | undefined): Promise<string> {
  if (actor.role === "patient") {
    if (!actor.patientId) throw new RoundsError("FORBIDDEN", "Your account is not linked to a patient record.");
    if (ref && !(await ownRecord(app, actor, ref))) throw new RoundsError("NOT_FOUND", "No such patient in your organisation.");
    return actor.patientId;
  }
  if (!ref) throw new RoundsError("BAD_REQUEST", "Name the patient: consent <grant|revoke|status|history> <patient> [type]");
  return (await findPatient(app, actor.organizationId, ref)).id;
}
