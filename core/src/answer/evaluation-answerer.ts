import type { AppContext } from "../app/app-context.ts";
import type { EvaluationAnswerer } from "../training/evaluate-candidate.ts";
import { answerQuestion } from "./answer-question.ts";

/**
 * How the evaluation gate answers a held-out question with a given model
 * version: the real answer path (retrieval, prompt, citation check) as the
 * organisation's local operator, stored with channel "evaluation".
 */
export function evaluationAnswerer(appRef: () => AppContext, operatorFor: (organizationId: string) => Promise<string>): EvaluationAnswerer {
  return async (scope, versionId, question) => {
    const app = appRef();
    const projectId = scope.projectId ?? (await app.store.tenancy.listProjects(scope.organizationId))[0]?.id;
    if (!projectId) return { text: "", citationsValid: false };
    const userId = await operatorFor(scope.organizationId);
    const r = await answerQuestion(app, {
      actor: { userId, organizationId: scope.organizationId, role: "admin" }, projectId, question, visibility: "private", channel: "evaluation",
      modelVersionId: versionId ?? null,
    });
    return { text: r.kind === "refusal" ? "" : r.text, citationsValid: r.kind !== "refusal" };
  };
}
