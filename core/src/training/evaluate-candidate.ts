import type { AppContext } from "../app/app-context.ts";
import { evaluateGate, type EvaluationReport } from "./evaluation-gate.ts";
import type { TrainingScope } from "./training-repository.ts";

/**
 * Answers one held-out question with a given model version (or the active
 * model when `versionId` is undefined). Provided by the answering domain
 * through `app.host.services.evaluationAnswerer`.
 */
export type EvaluationAnswerer = (scope: TrainingScope, versionId: string | undefined, question: string) => Promise<{ text: string; citationsValid: boolean }>;

/**
 * Runs the held-out set through the candidate and the active model and
 * applies the gate. `undefined` when there is nothing to evaluate with (no
 * held-out questions, or no answerer): the version then waits for an admin.
 */
export async function evaluateCandidate(app: AppContext, scope: TrainingScope, candidateId: string): Promise<EvaluationReport | undefined> {
  const answer = app.host.services.evaluationAnswerer as EvaluationAnswerer | undefined;
  const heldOut = await app.store.training.listHeldOut(scope);
  if (!answer || heldOut.length === 0) return undefined;
  const active = (await app.store.training.getAliases(scope)).active;
  const items = [];
  for (const qa of heldOut) {
    const cand = await answer(scope, candidateId, qa.question);
    const act = await answer(scope, active?.id, qa.question);
    items.push({ question: qa.question, reference: qa.answer, candidateAnswer: cand.text, activeAnswer: act.text, candidateCitationsValid: cand.citationsValid, activeCitationsValid: act.citationsValid });
  }
  return evaluateGate(items, app.config.training.gateMargin);
}
