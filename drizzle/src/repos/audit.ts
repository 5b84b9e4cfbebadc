import type { AuditRepository } from "@rounds/core";
import type { RoundsDb } from "../client.ts";

export function createAuditRepository(_db: RoundsDb): AuditRepository {
  return {};
}
