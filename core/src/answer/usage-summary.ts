import type { AppContext } from "../app/app-context.ts";
import { RoundsError } from "../errors/index.ts";
import type { Actor } from "../ports/index.ts";
import type { UsageSummary } from "./answer-repository.ts";
import { requireProjectScope } from "../tenancy/project-scope.ts";

export interface UsageReport extends UsageSummary {
  days: number;
  since: string;
  /** Share of rated answers rated helpful; `null` when nothing was rated. */
  feedbackRatio: number | null;
}

const dayMs = 86_400_000;

/**
 * Questions per day (every day of the window, zero-filled), refusals and
 * their reasons, feedback and latency percentiles, from the stored answers.
 * Counts and timings only: no question text leaves this function.
 */
export async function usageSummary(app: AppContext, actor: Actor, input: { days: number; projectId?: string }): Promise<UsageReport> {
  // A credential limited to a project sees its project's usage (by default too), never the organisation's.
  if (actor.projectId) input = { ...input, projectId: input.projectId ?? actor.projectId };
  requireProjectScope(actor, input.projectId);
  if (actor.role !== "admin" && actor.role !== "auditor") throw new RoundsError("FORBIDDEN", "Only admins and auditors can see usage.");
  if (!(Number.isInteger(input.days) && input.days >= 1 && input.days <= 366)) throw new RoundsError("BAD_REQUEST", "days must be a whole number from 1 to 366.", { details: { field: "days" } });
  if (input.projectId && !(await app.store.tenancy.getProject(actor.organizationId, input.projectId))) throw new RoundsError("NOT_FOUND", "Project not found.");
  const today = Date.UTC(app.now().getUTCFullYear(), app.now().getUTCMonth(), app.now().getUTCDate());
  const since = new Date(today - (input.days - 1) * dayMs);
  const summary = await app.store.answers.usage(actor.organizationId, { since, ...(input.projectId && { projectId: input.projectId }) });
  const byDay = new Map(summary.perDay.map((d) => [d.day, d]));
  const perDay = Array.from({ length: input.days }, (_, i) => {
    const day = new Date(since.getTime() + i * dayMs).toISOString().slice(0, 10);
    return byDay.get(day) ?? { day, questions: 0, refusals: 0 };
  });
  const rated = summary.feedback.up + summary.feedback.down;
  return { ...summary, perDay, days: input.days, since: since.toISOString(), feedbackRatio: rated ? summary.feedback.up / rated : null };
}
