import type { AppContext } from "../app/app-context.ts";
import { consentedPatients } from "../consent/require-consent.ts";
import type { Deidentifier } from "../ports/index.ts";

/** What every export needs from other domains: de-identification and the consent filters (training use; psychotherapy-note authorisation). */
export async function trainingDeps(app: AppContext, organizationId: string): Promise<{
  deidentifier: Deidentifier;
  gazetteer: string[];
  patientsWithTrainingConsent: (ids: string[]) => Promise<Set<string>>;
  patientsWithPsychotherapyAuthorisation: (ids: string[]) => Promise<Set<string>>;
}> {
  return {
    deidentifier: await app.host.get("deidentifiers", app.config.models.deidentifier),
    gazetteer: await app.store.tenancy.namesForGazetteer(organizationId),
    patientsWithTrainingConsent: (ids) => consentedPatients(app, organizationId, ids, "training_use"),
    patientsWithPsychotherapyAuthorisation: (ids) => consentedPatients(app, organizationId, ids, "psychotherapy_notes"),
  };
}
