import type { AnswerRepository } from "@rounds/core";
import type { RoundsDb } from "../client.ts";

export function createAnswersRepository(_db: RoundsDb): AnswerRepository {
  return {};
}
