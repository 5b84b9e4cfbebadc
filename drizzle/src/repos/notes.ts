import type { NotesRepository } from "@rounds/core";
import type { RoundsDb } from "../client.ts";

export function createNotesRepository(_db: RoundsDb): NotesRepository {
  return {};
}
