import type { ConsentRepository } from "@rounds/core";
import type { RoundsDb } from "../client.ts";

export function createConsentRepository(_db: RoundsDb): ConsentRepository {
  return {};
}
