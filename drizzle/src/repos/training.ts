import type { TrainingRepository } from "@rounds/core";
import type { RoundsDb } from "../client.ts";

export function createTrainingRepository(_db: RoundsDb): TrainingRepository {
  return {};
}
