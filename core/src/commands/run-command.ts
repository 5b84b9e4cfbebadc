import type { AppContext } from "../app/app-context.ts";
import { RoundsError } from "../errors/index.ts";
import type { CommandInvocation, CommandResult } from "../ports/index.ts";
import { inProjectScope } from "../tenancy/project-scope.ts";

/**
 * The one way any channel (Slack, Teams, Discord, CLI, API) runs a command:
 * look it up in the plugin host's registry, check the caller's role and that
 * the project is one of the caller's organisation, run it.
 */
export async function runCommand(app: AppContext, commandId: string, invocation: CommandInvocation): Promise<CommandResult> {
  const contribution = app.host.commands().find((c) => c.id === commandId);
  if (!contribution) {
    const known = app.host.commands().map((c) => c.id).sort().join(", ");
    throw new RoundsError("UNKNOWN_COMMAND", `Unknown command "${commandId.slice(0, 40)}". Known commands: ${known}.`, { details: { command: commandId.slice(0, 40) } });
  }
  if (!(contribution.roles as string[]).includes(invocation.actor.role)) {
    throw new RoundsError("FORBIDDEN", `The ${commandId} command is for ${contribution.roles.join(" or ")} users.`, { details: { command: commandId } });
  }
  // The project comes from the caller (an API body, a binding): another organisation's is refused like a missing one.
  // A credential limited to one project reaches no other (project-scope.ts).
  if (!/^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i.test(invocation.projectId) || !inProjectScope(invocation.actor, invocation.projectId)
    || !(await app.store.tenancy.getProject(invocation.actor.organizationId, invocation.projectId))) {
    throw new RoundsError("NOT_FOUND", "No such project in your organisation.", { details: { command: commandId } });
  }
  const handler = await app.host.get("commands", commandId);
  return handler.run(invocation);
}
