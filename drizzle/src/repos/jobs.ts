import type { JobStore } from "@rounds/core";
import type { RoundsDb } from "../client.ts";

export function createJobStore(_db: RoundsDb): JobStore {
  return {};
}
