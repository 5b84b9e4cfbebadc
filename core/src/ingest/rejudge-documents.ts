import type { AppContext } from "../app/app-context.ts";
import { collect } from "../blob/blob-key.ts";
import type { ParsedDocument } from "../ports/index.ts";
import type { Project } from "../tenancy/tenancy-repository.ts";
import { moveDocument } from "./document-lifecycle.ts";
import { parsedKey } from "./process-document.ts";
import { relevanceProfile } from "./relevance-profile.ts";

export interface RejudgeOutcome {
  /** Documents judged again (pending or irrelevant, not a patient's session). */
  judged: number;
  /** Of those, how many changed verdict, each way. */
  nowRelevant: number;
  nowIrrelevant: number;
}

/** Most documents one call judges again; the rest wait for the next call. */
export const REJUDGE_LIMIT = 2000;

/**
 * Judges a project's undecided documents again under its current profile and
 * threshold (after `project domain` or `project threshold`): pending and
 * irrelevant ones, from the text stored when they were processed. An admin's
 * decisions (approved, rejected) stand; the verdict only moves a document
 * between pending and irrelevant, and approving stays the admin's step.
 */
export async function rejudgeDocuments(app: AppContext, organizationId: string, project: Project): Promise<RejudgeOutcome> {
  const scope = { organizationId, projectId: project.id };
  const classifier = await app.host.get("classifiers", app.config.models.classifier);
  const profile = relevanceProfile(project);
  const names = await app.store.tenancy.namesForGazetteer(organizationId);
  const outcome: RejudgeOutcome = { judged: 0, nowRelevant: 0, nowIrrelevant: 0 };
  // Both lists first: a document this call moves must not be judged twice.
  const undecided = [
    ...await app.store.knowledge.listDocuments(scope, { status: "pending", limit: REJUDGE_LIMIT }),
    ...await app.store.knowledge.listDocuments(scope, { status: "irrelevant", limit: REJUDGE_LIMIT }),
  ];
  for (const doc of undecided) {
    if (doc.patientId) continue;
    const parsed = JSON.parse(new TextDecoder().decode(await collect(await app.blobs.get(parsedKey(doc))))) as ParsedDocument;
    const text = parsed.sections.map((s) => s.text).join("\n").slice(0, 100_000);
    const verdict = await classifier.classify({ text, title: parsed.title ?? doc.title, profile, names });
    const to = verdict.verdict === "relevant" ? "pending" : "irrelevant";
    const moved = await moveDocument(app, scope, doc.id, "rejudged", to, {
      classifierVerdict: verdict.verdict, classifierScore: verdict.score, classifierReason: verdict.reason,
    });
    if (!moved) continue; // an admin or a worker moved it meanwhile
    outcome.judged += 1;
    if (to !== doc.status) outcome[to === "pending" ? "nowRelevant" : "nowIrrelevant"] += 1;
  }
  return outcome;
}
