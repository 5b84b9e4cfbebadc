import type { ChannelIdentity, MessageBlock } from "./channel.ts";

export type Role = "admin" | "clinician" | "patient" | "auditor";

/** The caller of a command after identity mapping. */
export interface Actor {
  userId: string;
  organizationId: string;
  role: Role;
  /** Set when the actor is a patient: the patient record they are. */
  patientId?: string;
  /**
   * Set when the credential is limited to one project (a project API key, or
   * an admin-page session opened with one): every project it names must be
   * this one, and organisation-wide operations are refused (see
   * `core/src/tenancy/project-scope.ts`).
   */
  projectId?: string;
  identity?: ChannelIdentity;
}

/**
 * Where a command came from. `cli` is the operator at the server's own
 * machine (the `rounds` command, or code running in its process); `api` and
 * `chat` are remote callers. Only the CLI may name server paths and URLs
 * (see `core/src/commands/source-argument.ts`). Left unset, a command counts
 * as the CLI only when its actor is the CLI's local operator.
 */
export type CommandOrigin = "cli" | "api" | "chat";

export interface CommandInvocation {
  actor: Actor;
  origin?: CommandOrigin;
  /** Project the conversation maps to. */
  projectId: string;
  /** Raw argument text after the command name. */
  args: string;
  /** Where the answer will be shown: public channels see less. */
  visibility: "public" | "private";
  /** The chat thread (or CLI/API session) this runs in; follow-up questions use its history. */
  conversation?: { channel: string; id: string };
  /** Receives draft text while an answer generates, so channels can update a message in place. */
  draft?: (text: string) => void;
  /** Progress reporting back into the conversation. */
  progress?: (label: string, fraction?: number) => void;
  signal?: AbortSignal;
}

export interface CommandResult {
  blocks: MessageBlock[];
  /** Structured result for the CLI's `--json` and the API. */
  data?: unknown;
  /** Some of the work was refused (e.g. one file of a batch): channels with an exit status report failure. */
  failed?: boolean;
  /** Documents this command started processing; a channel that waits for them (the CLI) reports how each ended. */
  documents?: string[];
}

/**
 * A command contributed by a plugin (or core). It appears in every channel:
 * Slack slash command, Teams message command, Discord application command,
 * CLI subcommand and API route, always with the same role check.
 */
export interface CommandHandler {
  run(invocation: CommandInvocation): Promise<CommandResult>;
}
