import type { AppContext } from "../app/app-context.ts";
import { RoundsError } from "../errors/index.ts";
import type { Patient } from "./identity-repository.ts";

/**
 * A patient of the organisation named by id or by its external reference
 * (MRN, chart number); anything else — another organisation's patient, a
 * mistyped id — is NOT_FOUND, never an empty result.
 */
export async function findPatient(app: AppContext, organizationId: string, idOrRef: string): Promise<Patient> {
  const byId = /^[0-9a-f-]{36}$/i.test(idOrRef) ? await app.store.identity.getPatient(organizationId, idOrRef) : undefined;
  const patient = byId ?? (await app.store.identity.findPatientByRef(organizationId, idOrRef));
  if (!patient) throw new RoundsError("NOT_FOUND", "No such patient in your organisation.");
  return patient;
}
