import type { IdentityRepository } from "@rounds/core";
import type { RoundsDb } from "../client.ts";

export function createIdentityRepository(_db: RoundsDb): IdentityRepository {
  return {};
}
