// Scope pickers and paths under the chosen knowledge base.
import { currentProjectId, state } from "./state.ts";
import { $ } from "./ui/dom.ts";

/** `project` or `organization` from a scope picker, as the API's scope (a project id or `organization`). */
export const scopeOf = (select: string): string =>
  ($<HTMLSelectElement>(select).value === "organization" ? "organization" : currentProjectId());

export const projectPath = (suffix = ""): string => `/v1/projects/${encodeURIComponent(currentProjectId())}${suffix}`;

export const projectName = (id: string): string => state.projects.find((p) => p.id === id)?.name ?? "Another knowledge base";
