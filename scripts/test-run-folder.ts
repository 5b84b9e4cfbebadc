import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** A folder that lives for one `vitest run`, shared by its worker processes (see bot/test/support/embedded-template.ts). */
    roundsTestRunFolder: string;
  }
}

/** Vitest global setup: makes the run's shared folder, and removes it when the run ends. */
export default function setup(project: TestProject): () => void {
  const folder = mkdtempSync(join(tmpdir(), "rounds-test-run-"));
  project.provide("roundsTestRunFolder", folder);
  return () => rmSync(folder, { recursive: true, force: true });
}
