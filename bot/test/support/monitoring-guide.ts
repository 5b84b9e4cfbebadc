import { type Actor, ingestFile, reviewDocument } from "@rounds/core";
import type { RoundsApp } from "../../src/app/create-app.ts";
import { waitForJobs } from "../../src/cli/wait-for-jobs.ts";

/** A one-paragraph guide the answer suites ask about: pause the infusion above 180 mmHg systolic. */
export const MONITORING_GUIDE = "# Ketamine infusion monitoring\n\nDuring ketamine-assisted therapy, check blood pressure every 15 minutes and pause the infusion above 180 mmHg systolic.";

/** The same guide naming a patient and an MRN, for suites proving what goes off the machine is de-identified. */
export const MONITORING_GUIDE_NAMING_PATIENT = `${MONITORING_GUIDE} In the 2025 audit, Philippa Quarrington (MRN: 00482913) was the example patient.`;

/** Ingests `text` as `monitoring.md` into the project and approves it once processed, so answers can cite it. */
export async function ingestApprovedGuide(app: RoundsApp, actor: Actor, projectId: string, text: string): Promise<string> {
  const doc = await ingestFile(app, { actor, projectId, fileName: "monitoring.md", bytes: new TextEncoder().encode(text) });
  await waitForJobs(app);
  await reviewDocument(app, { actor, projectId, documentId: doc.document.id, action: "approve" });
  await waitForJobs(app);
  return doc.document.id;
}
