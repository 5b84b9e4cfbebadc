import type { Organization, Project } from "@rounds/core";
import { DEFAULT_DOMAIN, RoundsError, describeDomain } from "@rounds/core/startup";
import type { RoundsApp } from "../app/create-app.ts";

export interface WorkspaceInput {
  org?: string;
  project?: string;
  domain?: string;
}

const defaultProfile = (domain: string) => ({ domain, description: describeDomain(domain), seeds: [] });

/** Gets or creates the organisation and project the CLI works in. */
export async function ensureWorkspace(app: RoundsApp, input: WorkspaceInput): Promise<{ organization: Organization; project: Project }> {
  const orgSlug = input.org ?? "clinic";
  const organization = (await app.store.tenancy.findOrganizationBySlug(orgSlug))
    ?? (await app.store.tenancy.createOrganization({ slug: orgSlug, name: orgSlug }));
  const projectSlug = input.project ?? "knowledge";
  const project = (await app.store.tenancy.findProjectBySlug(organization.id, projectSlug))
    ?? (await app.store.tenancy.createProject({ organizationId: organization.id, slug: projectSlug, name: projectSlug, profile: defaultProfile(input.domain ?? DEFAULT_DOMAIN) }));
  return { organization, project };
}

/** Finds the organisation without creating it (for what is organisation-wide, like API keys). */
export async function findOrganization(app: RoundsApp, input: Pick<WorkspaceInput, "org">): Promise<Organization> {
  const orgs = await app.store.tenancy.listOrganizations();
  const organization = input.org ? orgs.find((o) => o.slug === input.org) : orgs.length === 1 ? orgs[0] : undefined;
  if (!organization) {
    throw new RoundsError("NOT_FOUND", orgs.length === 0 ? "No organisation yet: run `rounds init` first." : input.org ? `No organisation ${input.org.slice(0, 60)}.` : "Several organisations exist: pass --org <slug>.");
  }
  return organization;
}

/** Finds the workspace without creating it; a clear message when `rounds init` has not run. */
export async function findWorkspace(app: RoundsApp, input: WorkspaceInput): Promise<{ organization: Organization; project: Project }> {
  const organization = await findOrganization(app, input);
  const projects = await app.store.tenancy.listProjects(organization.id);
  const project = input.project ? projects.find((p) => p.slug === input.project) : projects.length === 1 ? projects[0] : undefined;
  if (!project) throw new RoundsError("NOT_FOUND", projects.length === 0 ? "No project yet: run `rounds init` first." : "Several projects exist: pass --project <slug>.");
  return { organization, project };
}
