import type { AppContext } from "../app/app-context.ts";
import { builtinCommands } from "../app/builtin-commands.ts";
import type { InlinePlugin } from "../plugins/index.ts";

/**
 * Core's own commands, packaged as a plugin so they reach every channel the
 * same way a plugin's do. `app` is read at activation (lazily, after the app
 * is built), which breaks the host ↔ app construction cycle.
 */
export function builtinCommandsPlugin(app: () => AppContext): InlinePlugin {
  return {
    name: "@rounds/core",
    version: "0.1.0",
    manifest: {
      displayName: "Rounds core commands",
      contributes: { commands: builtinCommands.map((c) => c.contribution) },
    },
    module: {
      activate(ctx) {
        for (const c of builtinCommands) ctx.register("commands", c.contribution.id, c.create(app()));
      },
    },
  };
}
