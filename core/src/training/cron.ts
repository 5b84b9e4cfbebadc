import { CronExpressionParser } from "cron-parser";
import cronstrue from "cronstrue";
import { RoundsError } from "../errors/index.ts";

/** Validates a 5-field cron expression; the error says what is wrong, for inline display. */
export function validateCron(expression: string, timezone = "UTC"): void {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) {
    throw new RoundsError("VALIDATION_FAILED", `A schedule needs 5 cron fields (minute hour day month weekday); got ${fields.length}.`, { details: { reason: "cron_fields", field: "cron" } });
  }
  try {
    new Intl.DateTimeFormat("en", { timeZone: timezone });
  } catch {
    throw new RoundsError("VALIDATION_FAILED", `Unknown time zone "${timezone.slice(0, 60)}"; use an IANA name such as Europe/London.`, { details: { reason: "timezone_invalid", field: "timezone" } });
  }
  try {
    CronExpressionParser.parse(expression, { tz: timezone, strict: false });
  } catch (error) {
    throw new RoundsError("VALIDATION_FAILED", `Invalid cron expression: ${error instanceof Error ? error.message : "unparseable"}.`, { details: { reason: "cron_invalid", field: "cron" } });
  }
}

/** The next time a cron expression fires after `after`. */
export function nextCronRun(expression: string, after: Date, timezone = "UTC"): Date {
  return CronExpressionParser.parse(expression, { currentDate: after, tz: timezone }).next().toDate();
}

/** "At 02:00, only on Monday": a preview people can check. */
export function describeCron(expression: string): string {
  return cronstrue.toString(expression, { use24HourTimeFormat: true, verbose: false });
}
