import type { CommandInvocation } from "../ports/index.ts";

/**
 * True when a command runs for the operator at the server's own machine (the
 * `rounds` CLI). Remote entry points (the API, every chat) mark their
 * invocations, so nothing they send can pass for the operator; an unmarked
 * invocation counts as the CLI only when its actor is the CLI's local operator.
 */
export function isOperator(invocation: Pick<CommandInvocation, "origin" | "actor">): boolean {
  if (invocation.origin) return invocation.origin === "cli";
  return invocation.actor.identity?.channel === "cli";
}
