import type { AppContext } from "../app/app-context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { isOperator } from "../commands/command-origin.ts";
import { RoundsError } from "../errors/index.ts";
import type { CommandInvocation } from "../ports/index.ts";

/**
 * Makes sure a chat workspace (Slack team, Teams tenant, Discord guild) is
 * the caller's organisation's before anything in it is bound or linked.
 *
 * A workspace belongs to exactly one organisation. The first organisation to
 * bind or link in it claims it, and only with proof: the operator at the CLI,
 * or the installation itself reporting that it is in that workspace (Slack's
 * `auth.test` for the configured bot token, the configured Teams tenant, the
 * guilds the Discord application is in). Typing a workspace id proves
 * nothing. Every refusal reads the same, whether another organisation holds
 * the workspace or nobody can vouch for it.
 */
export async function requireWorkspace(app: AppContext, invocation: Pick<CommandInvocation, "actor" | "origin">, channel: string, workspaceId: string): Promise<void> {
  const { actor } = invocation;
  const refused = () => new RoundsError("FORBIDDEN", `This organisation cannot connect ${channel.slice(0, 20)} workspace ${workspaceId.slice(0, 64)}. A workspace belongs to the one organisation that first connected it, with proof from Rounds' own ${channel.slice(0, 20)} installation being in it; ask the Rounds operator if this is wrong.`, { details: { reason: "workspace_not_yours" } });
  const existing = await app.store.tenancy.findWorkspaceClaim(channel, workspaceId);
  if (existing) {
    if (existing.organizationId !== actor.organizationId) throw refused();
    return;
  }
  const proof = isOperator(invocation) ? "operator" : (await installationHolds(app, channel, workspaceId)) ? "installation" : undefined;
  if (!proof) throw refused();
  const held = await app.store.tenancy.claimWorkspace({ organizationId: actor.organizationId, channel, workspaceId, proof });
  if (held.organizationId !== actor.organizationId) throw refused();
  await recordAudit(app, { organizationId: actor.organizationId, actor, action: "workspace.claim", targetType: "workspace", targetId: `${channel}:${workspaceId}`.slice(0, 200), channel, details: { proof } });
}

/** What the configured channel plugin reports; a channel that is not configured, or cannot say, vouches for nothing. */
async function installationHolds(app: AppContext, channel: string, workspaceId: string): Promise<boolean> {
  if (!app.host.has("channels", channel)) return false;
  try {
    const implementation = await app.host.get("channels", channel);
    return (await implementation.holdsWorkspace?.(workspaceId)) === true;
  } catch (error) {
    app.logger.warn({ channel, err: error }, "channel could not report its workspaces");
    return false;
  }
}

/**
 * Hands a claimed workspace back so another organisation can claim it (with
 * proof, as always): only an admin of the organisation holding it, or the
 * operator at the CLI, may. Removes the holder's bindings and linked chat
 * accounts in it with the claim, and audits the release in the holder's log.
 * Another organisation's workspace is refused with the same words as one
 * nobody holds, so the command reveals no other organisation's claims.
 */
export async function releaseWorkspace(app: AppContext, invocation: Pick<CommandInvocation, "actor" | "origin">, channel: string, workspaceId: string): Promise<{ bindings: number; identities: number }> {
  const { actor } = invocation;
  const existing = await app.store.tenancy.findWorkspaceClaim(channel, workspaceId);
  const holder = existing && (existing.organizationId === actor.organizationId || isOperator(invocation)) ? existing.organizationId : undefined;
  const released = holder ? await app.store.tenancy.releaseWorkspace(holder, channel, workspaceId) : undefined;
  if (!holder || !released) {
    throw new RoundsError("NOT_FOUND", `This organisation holds no ${channel.slice(0, 20)} workspace ${workspaceId.slice(0, 64)} to release.`, { details: { reason: "workspace_not_yours" } });
  }
  await recordAudit(app, {
    organizationId: holder, actor, action: "workspace.release", targetType: "workspace", targetId: `${channel}:${workspaceId}`.slice(0, 200), channel,
    details: { ...released, byOperator: holder !== actor.organizationId },
  });
  return released;
}
