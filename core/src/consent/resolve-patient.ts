import type { BuiltinCommand } from "../commands/builtin-command.ts";
import { RoundsError } from "../errors/index.ts";
import type { Actor } from "../ports/index.ts";

/** A patient is named by id or by the organisation's external reference (e.g. MRN alias). */
export async function resolvePatient(app: Parameters<BuiltinCommand["create"]>[0], actor: Actor, ref: string | undefined): Promise<string> {
  if (actor.role === "patient") {
    if (!actor.patientId) throw new RoundsError("FORBIDDEN", "Your account is not linked to a patient record.");
    return actor.patientId;
  }
  if (!ref) throw new RoundsError("BAD_REQUEST", "Name the patient: consent <grant|revoke|status|history> <patient> [type]");
  const byId = /^[0-9a-f-]{36}$/i.test(ref) ? await app.store.identity.getPatient(actor.organizationId, ref) : undefined;
  const patient = byId ?? (await app.store.identity.findPatientByRef(actor.organizationId, ref));
  if (!patient) throw new RoundsError("NOT_FOUND", "No such patient in your organisation.");
  return patient.id;
}
