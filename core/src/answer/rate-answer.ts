import type { AppContext } from "../app/app-context.ts";
import { RoundsError } from "../errors/index.ts";
import type { Actor } from "../ports/index.ts";
import { inProjectScope } from "../tenancy/project-scope.ts";

const uuid = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;

/**
 * Records a rating of an answer the rater may see: one of their
 * organisation's, and for a patient only an answer given to them (as
 * `GET /answers/:id` shows them only their own). Every other id, malformed
 * ones included, is "no such answer".
 */
export async function rateAnswer(app: AppContext, actor: Actor, input: { answerId: string; rating: "up" | "down"; comment?: string }): Promise<void> {
  const answer = uuid.test(input.answerId) ? await app.store.answers.getAnswer(actor.organizationId, input.answerId) : undefined;
  if (!answer || (actor.role === "patient" && answer.userId !== actor.userId) || !inProjectScope(actor, answer.projectId)) throw new RoundsError("NOT_FOUND", "No such answer.");
  await app.store.answers.addFeedback({
    organizationId: actor.organizationId, answerId: answer.id, userId: actor.userId, rating: input.rating,
    ...(input.comment ? { comment: input.comment.slice(0, 2000) } : {}),
  });
}
