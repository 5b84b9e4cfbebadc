import type { BuiltinCommand } from "../commands/builtin-command.ts";
import { answerCommands } from "../answer/commands.ts";
import { auditCommands } from "../audit/commands.ts";
import { careTeamCommands } from "../consent/care-team-commands.ts";
import { consentCommands } from "../consent/commands.ts";
import { dataCommands } from "../data/commands.ts";
import { identityCommands } from "../identity/commands.ts";
import { ingestCommands } from "../ingest/commands.ts";
import { notesCommands } from "../notes/commands.ts";
import { tenancyCommands } from "../tenancy/commands.ts";
import { trainingCommands } from "../training/commands.ts";

/** Every command core contributes, by domain. */
export const builtinCommands: BuiltinCommand[] = [
  ...ingestCommands,
  ...answerCommands,
  ...consentCommands,
  ...careTeamCommands,
  ...identityCommands,
  ...notesCommands,
  ...trainingCommands,
  ...auditCommands,
  ...tenancyCommands,
  ...dataCommands,
];
