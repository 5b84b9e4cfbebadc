// The page's one mutable state: who is signed in, where they are, what is on screen.
import type { DocumentRow, Project, Role, Schedule } from "./api/types.ts";

export type TabName = "schedules" | "documents" | "models" | "training" | "consent" | "usage" | "plugins";

export const state = {
  csrfToken: null as string | null,
  projectId: null as string | null,
  projects: [] as Project[],
  tab: "schedules" as TabName,
  role: null as Role | null,
  pollTimer: 0,
  jobsTimer: 0,
  schedules: [] as Schedule[],
  documents: [] as DocumentRow[],
  auditBefore: null as number | null,
};

/** Stops the documents and training-jobs polls (on a tab change or sign-out). */
export function stopPolling(): void {
  clearTimeout(state.pollTimer);
  clearTimeout(state.jobsTimer);
}

/** The chosen knowledge base; the pages only load once there is one. */
export function currentProjectId(): string {
  if (!state.projectId) throw new Error("No knowledge base is chosen.");
  return state.projectId;
}

export const isAdmin = (): boolean => state.role === "admin";
