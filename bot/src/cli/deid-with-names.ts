import type { DeidMode, Deidentifier } from "@rounds/core";
import { RoundsError, placeholderNumbering } from "@rounds/core/startup";
import type { RoundsApp } from "../app/create-app.ts";

export interface DeidRequest {
  texts: string[];
  mode: DeidMode;
  /** The organisation whose patient and staff names to remove (default: the only one). */
  org?: string;
  /** The texts are parts of one document (a caption file's cues): one placeholder numbering across them. */
  oneDocument?: boolean;
}

/**
 * De-identifies texts as ingest, notes and answers do: the configured
 * de-identifier with placeholders and the organisation's own patient and
 * staff names as its gazetteer. With no organisation yet there are no names
 * to know; with several, `org` must say which (names never cross
 * organisations). The names stay in this function: never logged or returned.
 */
export async function deidentifyWithOrganisationNames(app: RoundsApp, request: DeidRequest): Promise<string[]> {
  const orgs = await app.store.tenancy.listOrganizations();
  const organization = request.org ? orgs.find((o) => o.slug === request.org) : orgs.length <= 1 ? orgs[0] : undefined;
  if (!organization && (request.org || orgs.length > 1)) {
    throw new RoundsError("NOT_FOUND", request.org ? `No organisation ${request.org.slice(0, 60)}.` : "Several organisations exist: pass --org <slug> (whose patient names to remove).");
  }
  const gazetteer = organization ? await app.store.tenancy.namesForGazetteer(organization.id) : [];
  return deidentifyTexts(await app.host.get("deidentifiers", app.config.models.deidentifier), request, gazetteer);
}

/**
 * Each text through `deid` with placeholders, in order: the one loop `rounds deid` runs with a database or without.
 * Independent texts number their placeholders from 1 each; the parts of one document share one numbering.
 */
export async function deidentifyTexts(deid: Deidentifier, request: Pick<DeidRequest, "texts" | "mode" | "oneDocument">, gazetteer?: string[]): Promise<string[]> {
  const shared = request.oneDocument ? placeholderNumbering() : undefined;
  const cleaned: string[] = [];
  for (const text of request.texts) {
    const numbering = shared ?? placeholderNumbering();
    cleaned.push((await deid.deidentify(text, { mode: request.mode, operator: "placeholder", numbering, ...(gazetteer ? { gazetteer } : {}) })).text);
  }
  return cleaned;
}
