import type { KnowledgeRepository } from "@rounds/core";
import type { RoundsDb } from "../client.ts";

export function createKnowledgeRepository(_db: RoundsDb): KnowledgeRepository {
  return {};
}
