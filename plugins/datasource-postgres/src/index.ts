import { RoundsError, type PluginContext, type ReleasedCohortRepository } from "@rounds/core";
import { z } from "zod";
import { PostgresDataSource } from "./postgres-data-source.ts";
import { sourceSettings } from "./source-settings.ts";

export { PostgresDataSource } from "./postgres-data-source.ts";
export { accessSetupSql } from "./access-setup-sql.ts";
export { sourceSettings, type SourceSettings } from "./source-settings.ts";

export function activate(ctx: PluginContext): { dispose(): Promise<void> } {
  const raw = (ctx.settings as { sources?: unknown }).sources ?? [];
  const parsed = z.array(sourceSettings).safeParse(typeof raw === "string" ? JSON.parse(raw) as unknown : raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RoundsError("CONFIG_INVALID", `@rounds/plugin-datasource-postgres: sources${issue?.path.length ? `.${issue.path.join(".")}` : ""}: ${issue?.message ?? "invalid"}.`);
  }
  const ids = parsed.data.map((s) => s.organizationId);
  if (new Set(ids).size !== ids.length) throw new RoundsError("CONFIG_INVALID", "@rounds/plugin-datasource-postgres: one source per organisation.");
  // The differencing guard's ledger in Rounds' database (the app lends it), so restarts and other servers share it.
  const source = new PostgresDataSource("postgres", parsed.data, ctx.logger, ctx.services.releasedCohorts as ReleasedCohortRepository | undefined);
  ctx.register("dataSources", "postgres", source);
  return { dispose: () => source.dispose() };
}
