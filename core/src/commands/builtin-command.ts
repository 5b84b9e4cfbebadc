import type { AppContext } from "../app/app-context.ts";
import type { CommandContribution } from "../plugins/manifest.ts";
import type { CommandHandler } from "../ports/index.ts";

/**
 * A command core contributes itself (ask, ingest, docs, consent, train,
 * model, notes…). Core registers them as one built-in plugin, so they reach
 * every channel exactly like a plugin's commands do.
 */
export interface BuiltinCommand {
  contribution: CommandContribution;
  create(app: AppContext): CommandHandler;
}
