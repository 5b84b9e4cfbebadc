import type { BuiltinCommand } from "../commands/builtin-command.ts";

/** Commands this domain contributes to every channel. */
export const identityCommands: BuiltinCommand[] = [];
