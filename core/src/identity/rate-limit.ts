import type { AppContext } from "../app/app-context.ts";
import { RoundsError } from "../errors/index.ts";
import type { Actor } from "../ports/index.ts";
import { databaseRateCounter } from "./rate-counter.ts";

const HOUR = 3_600_000;

/**
 * Questions per hour, per person (patients have their own, lower limit) and
 * per organisation, in fixed one-hour windows shared by every process of a
 * deployment (Redis on the server tier, the database on the embedded tier). Over the limit: RATE_LIMITED (HTTP 429, a
 * polite chat message) saying when to try again.
 */
export async function checkQuestionRate(app: AppContext, actor: Actor): Promise<void> {
  const now = app.now().getTime();
  const windowStart = new Date(Math.floor(now / HOUR) * HOUR);
  const minutesLeft = Math.max(1, Math.ceil((windowStart.getTime() + HOUR - now) / 60_000));
  const limits = app.config.limits;
  const personal = actor.role === "patient" ? limits.questionsPerHourPatient : limits.questionsPerHourUser;
  const counter = app.rateCounter ?? databaseRateCounter(app.store);
  // The organisation's question is counted only when the person is within their own limit.
  const [mine = 0, org = 0] = await counter.hitInTurn([{ key: `ask:user:${actor.userId}`, limit: personal }, { key: `ask:org:${actor.organizationId}`, limit: limits.questionsPerHourOrganization }], windowStart, HOUR);
  if (mine > personal) {
    throw new RoundsError("RATE_LIMITED", `You've asked ${personal} questions this hour, which is the limit. Please try again in ${minutesLeft} minute${minutesLeft === 1 ? "" : "s"}.`, { details: { retryAfterSeconds: minutesLeft * 60 } });
  }
  if (org > limits.questionsPerHourOrganization) {
    throw new RoundsError("RATE_LIMITED", `Your organisation has reached its limit of ${limits.questionsPerHourOrganization} questions this hour. Please try again in ${minutesLeft} minute${minutesLeft === 1 ? "" : "s"}.`, { details: { retryAfterSeconds: minutesLeft * 60 } });
  }
}
