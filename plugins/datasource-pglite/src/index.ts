import { RoundsError, type PluginContext, type ReleasedCohortRepository } from "@rounds/core";
import { isAbsolute, resolve } from "node:path";
import { z } from "zod";
import { PgliteDataSource } from "./pglite-data-source.ts";
import { sourceSettings } from "./source-settings.ts";

export { PgliteDataSource } from "./pglite-data-source.ts";
export { pgliteSetupSql } from "./access-setup-sql.ts";
export { sourceSettings, READER_ROLE, type SourceSettings } from "./source-settings.ts";

export function activate(ctx: PluginContext): { dispose(): Promise<void> } {
  const raw = (ctx.settings as { sources?: unknown }).sources ?? [];
  let value: unknown = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw) as unknown;
    } catch {
      throw new RoundsError("CONFIG_INVALID", "@rounds/plugin-datasource-pglite: sources must be JSON.");
    }
  }
  const parsed = z.array(sourceSettings).safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RoundsError("CONFIG_INVALID", `@rounds/plugin-datasource-pglite: sources${issue?.path.length ? `.${issue.path.join(".")}` : ""}: ${issue?.message ?? "invalid"}.`);
  }
  const ids = parsed.data.map((s) => s.organizationId);
  if (new Set(ids).size !== ids.length) throw new RoundsError("CONFIG_INVALID", "@rounds/plugin-datasource-pglite: one source per organisation.");
  const sources = parsed.data.map((s) => ({ ...s, dataDir: isAbsolute(s.dataDir) ? s.dataDir : resolve(s.dataDir) }));
  // The differencing guard's ledger in Rounds' database (the app lends it), so restarts and other servers share it.
  const source = new PgliteDataSource("pglite", sources, ctx.logger, ctx.services.releasedCohorts as ReleasedCohortRepository | undefined);
  ctx.register("dataSources", "pglite", source);
  return { dispose: () => source.dispose() };
}
