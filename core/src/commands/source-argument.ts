import { realpath } from "node:fs/promises";
import { basename, isAbsolute, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { RoundsError } from "../errors/index.ts";
import type { CommandInvocation } from "../ports/index.ts";
import { isOperator } from "./command-origin.ts";

/** What a command's path-or-URL argument turned out to be, once the caller was allowed to name it. */
export type SourceArgument =
  | { kind: "file"; path: string }
  | { kind: "url"; url: string };

export interface SourceRules {
  /** What the argument names, in messages ("file or folder", "model file"). */
  what: string;
  /**
   * The one folder remote callers (API, chat) may name entries in, set by the
   * operator, and what people call it ("import folder", "models folder");
   * names are relative to it. Unset: remote callers name nothing on the server.
   */
  folder?: { path: string; called: string };
  /** Schemes besides `file:` the command fetches for the operator, e.g. `["https:", "http:", "hf:"]`. */
  urlSchemes?: string[];
  /** How a remote caller gets the bytes to Rounds instead, for the refusal. */
  sendInstead: string;
}

const scheme = (s: string): string | undefined => /^([a-z][a-z\d+.-]+):/i.exec(s)?.[1]?.toLowerCase();

/**
 * The one gate for every command argument that names a server path or a URL
 * (`ingest <path>`, `models add <path|url>`, …). The operator at the machine
 * (the CLI) may name any path, `file://` URL or, where the command fetches,
 * URL. Remote callers (the API, every chat) may only name entries of the
 * operator's folder for that command, never a URL; everything else is refused
 * before the file system is touched, with one message that says neither
 * whether the path exists nor where the server runs.
 */
export async function resolveSourceArgument(invocation: Pick<CommandInvocation, "origin" | "actor">, raw: string, rules: SourceRules): Promise<SourceArgument> {
  const arg = raw.trim();
  if (!arg) throw new RoundsError("BAD_REQUEST", `Name a ${rules.what}.`);
  if (arg.includes("\0")) throw new RoundsError("BAD_REQUEST", `That ${rules.what} name is not valid.`);
  const operator = isOperator(invocation);
  const refuse = (): never => {
    const inFolder = rules.folder ? `, or name an entry of the ${rules.folder.called} (${basename(rules.folder.path)}/) by its name there` : "";
    throw new RoundsError("FORBIDDEN", `Paths and URLs on the server are read only from the rounds CLI at the server. ${rules.sendInstead}${inFolder}.`, { details: { reason: "source_not_allowed" } });
  };
  const s = scheme(arg);
  if (s === "file") {
    if (!operator) refuse();
    let path: string;
    try {
      path = fileURLToPath(arg);
    } catch {
      path = arg.replace(/^file:\/\//i, "");
    }
    return { kind: "file", path: resolve(path) };
  }
  if (s) {
    if (!rules.urlSchemes?.includes(`${s}:`)) throw new RoundsError("BAD_REQUEST", `This command does not take ${s.slice(0, 20)}: URLs.`);
    if (!operator) refuse();
    return { kind: "url", url: arg };
  }
  if (operator) return { kind: "file", path: resolve(arg) };
  // Remote: a plain relative name inside the operator's folder, resolved without following links out of it.
  if (!rules.folder || isAbsolute(arg) || arg.includes("\\") || arg.split("/").some((part) => part === "..")) refuse();
  const missing = () => new RoundsError("NOT_FOUND", `There is no ${rules.what} ${arg.slice(0, 120)} in the ${rules.folder!.called}.`);
  const folder = await realpath(rules.folder!.path).catch(() => undefined);
  if (!folder) throw missing();
  const target = await realpath(resolve(folder, arg)).catch(() => undefined);
  if (!target) throw missing();
  const inside = relative(folder, target);
  if (inside.startsWith(`..${sep}`) || inside === ".." || isAbsolute(inside)) refuse();
  return { kind: "file", path: target };
}
