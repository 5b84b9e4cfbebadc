import type { DomainProfile } from "../ports/index.ts";
import type { Project } from "../tenancy/tenancy-repository.ts";

/** The profile a project's documents are judged against (its relevance threshold included, when it sets one). */
export function relevanceProfile(project: Pick<Project, "profile">): DomainProfile {
  const { domain, description, seeds, relevanceThreshold } = project.profile;
  return { name: domain, description, seeds, ...(relevanceThreshold !== undefined && { threshold: relevanceThreshold }) };
}
