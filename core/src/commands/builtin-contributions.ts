import { existsSync, readFileSync } from "node:fs";
import type { CommandContribution } from "../plugins/manifest.ts";

/** Where `npm run build` writes the contributions of core's commands, beside the compiled form of this file. */
const builtinContributionsFile = new URL("./builtin-contributions.json", import.meta.url);

/**
 * What core's own commands are (id, title, usage, roles), without loading
 * what runs them: the compiled build reads the list `npm run build` wrote,
 * so `rounds --help` does not load every use case; from sources it is read
 * from the commands themselves.
 */
export async function builtinCommandContributions(): Promise<CommandContribution[]> {
  if (existsSync(builtinContributionsFile)) return JSON.parse(readFileSync(builtinContributionsFile, "utf8")) as CommandContribution[];
  const { builtinCommands } = await import("../app/builtin-commands.ts");
  return builtinCommands.map((c) => c.contribution);
}
