import type { ChannelBinding, Organization, Project, ProjectPolicy, TenancyRepository, WorkspaceClaim } from "@rounds/core";
import { RoundsError } from "@rounds/core";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { RoundsDb } from "../client.ts";
import { generationColumn, type IdentityCaches } from "./identity-cache.ts";
import { channelBindings, channelIdentities, organizations, patients, processedEvents, projects, users, workspaceClaims } from "../schema/index.ts";

const defaultPolicy: ProjectPolicy = { deidentifyOnIngest: false, deidentifyBeforeCloud: true };

/** `caches`: outside transactions, a project is served from the process while the identity tables are unchanged (identity-cache.ts). */
export function createTenancyRepository(db: RoundsDb, caches?: IdentityCaches): TenancyRepository {
  const projectCache = caches?.cache<Project>();
  const toOrg = (r: typeof organizations.$inferSelect): Organization => ({ id: r.id, slug: r.slug, name: r.name });
  const toProject = (r: typeof projects.$inferSelect): Project => ({
    id: r.id, organizationId: r.organizationId, slug: r.slug, name: r.name, profile: r.profile, policy: { ...defaultPolicy, ...r.policy },
  });
  const toBinding = (r: typeof channelBindings.$inferSelect): ChannelBinding => ({
    id: r.id, organizationId: r.organizationId, projectId: r.projectId, channel: r.channel, workspaceId: r.workspaceId,
    conversationId: r.conversationId, visibility: r.visibility, adminChannel: r.adminChannel,
  });
  const toClaim = (r: typeof workspaceClaims.$inferSelect): WorkspaceClaim => ({ organizationId: r.organizationId, channel: r.channel, workspaceId: r.workspaceId, proof: r.proof });
  return {
    async createOrganization(input) {
      const [row] = await db.insert(organizations).values(input).returning();
      return toOrg(row!);
    },
    async getOrganization(id) {
      const [row] = await db.select().from(organizations).where(eq(organizations.id, id));
      return row ? toOrg(row) : undefined;
    },
    async findOrganizationBySlug(slug) {
      const [row] = await db.select().from(organizations).where(eq(organizations.slug, slug));
      return row ? toOrg(row) : undefined;
    },
    async listOrganizations() {
      return (await db.select().from(organizations).orderBy(asc(organizations.slug))).map(toOrg);
    },
    async createProject(input) {
      const [row] = await db.insert(projects).values({
        organizationId: input.organizationId, slug: input.slug, name: input.name, profile: input.profile,
        policy: { ...defaultPolicy, ...input.policy },
      }).returning();
      return toProject(row!);
    },
    async getProject(organizationId, projectId) {
      const load = async () => {
        const [row] = await db.select({ project: projects, generation: generationColumn() }).from(projects).where(and(eq(projects.organizationId, organizationId), eq(projects.id, projectId)));
        return { generation: row?.generation ?? Number.NaN, value: row && toProject(row.project) };
      };
      return projectCache ? projectCache.get(`${organizationId}/${projectId}`, load) : (await load()).value;
    },
    async findProjectBySlug(organizationId, slug) {
      const [row] = await db.select().from(projects).where(and(eq(projects.organizationId, organizationId), eq(projects.slug, slug)));
      return row ? toProject(row) : undefined;
    },
    async listProjects(organizationId) {
      return (await db.select().from(projects).where(eq(projects.organizationId, organizationId)).orderBy(asc(projects.slug))).map(toProject);
    },
    async updateProjectPolicy(organizationId, projectId, policy) {
      const current = await this.getProject(organizationId, projectId);
      if (!current) throw new RoundsError("NOT_FOUND", "Project not found.");
      const [row] = await db.update(projects).set({ policy: { ...current.policy, ...policy } })
        .where(and(eq(projects.organizationId, organizationId), eq(projects.id, projectId))).returning();
      return toProject(row!);
    },
    async updateProjectProfile(organizationId, projectId, profile) {
      const [row] = await db.update(projects).set({ profile })
        .where(and(eq(projects.organizationId, organizationId), eq(projects.id, projectId))).returning();
      if (!row) throw new RoundsError("NOT_FOUND", "Project not found.");
      return toProject(row);
    },
    async namesForGazetteer(organizationId) {
      const p = await db.select({ name: patients.displayName }).from(patients).where(eq(patients.organizationId, organizationId));
      const u = await db.select({ name: users.displayName }).from(users).where(eq(users.organizationId, organizationId));
      return [...new Set([...p, ...u].map((r) => r.name).filter((n) => n.trim().length > 1))];
    },
    async bindChannel(input) {
      const [row] = await db.insert(channelBindings).values(input).onConflictDoUpdate({
        target: [channelBindings.channel, channelBindings.workspaceId, channelBindings.conversationId],
        set: { projectId: input.projectId, visibility: input.visibility, adminChannel: input.adminChannel },
        // Never moves another organisation's binding (workspace claims keep them apart; this keeps it so in SQL too).
        setWhere: eq(channelBindings.organizationId, input.organizationId),
      }).returning();
      if (!row) throw new RoundsError("FORBIDDEN", "That conversation is bound by another organisation.");
      return toBinding(row);
    },
    async findWorkspaceClaim(channel, workspaceId) {
      const [row] = await db.select().from(workspaceClaims).where(and(eq(workspaceClaims.channel, channel), eq(workspaceClaims.workspaceId, workspaceId)));
      return row ? toClaim(row) : undefined;
    },
    async claimWorkspace(claim) {
      await db.insert(workspaceClaims).values(claim).onConflictDoNothing({ target: [workspaceClaims.channel, workspaceClaims.workspaceId] });
      return (await this.findWorkspaceClaim(claim.channel, claim.workspaceId))!;
    },
    async releaseWorkspace(organizationId, channel, workspaceId) {
      return db.transaction(async (txRaw) => {
        const tx = txRaw as unknown as RoundsDb;
        const held = await tx.delete(workspaceClaims).where(and(eq(workspaceClaims.organizationId, organizationId), eq(workspaceClaims.channel, channel), eq(workspaceClaims.workspaceId, workspaceId))).returning();
        if (held.length === 0) return undefined;
        const bindings = await tx.delete(channelBindings).where(and(eq(channelBindings.organizationId, organizationId), eq(channelBindings.channel, channel), eq(channelBindings.workspaceId, workspaceId))).returning({ id: channelBindings.id });
        const identities = await tx.delete(channelIdentities).where(and(eq(channelIdentities.organizationId, organizationId), eq(channelIdentities.channel, channel), eq(channelIdentities.workspaceId, workspaceId))).returning({ id: channelIdentities.id });
        return { bindings: bindings.length, identities: identities.length };
      });
    },
    async findChannelBinding(channel, workspaceId, conversationId) {
      const rows = await db.select().from(channelBindings).where(and(
        eq(channelBindings.channel, channel), eq(channelBindings.workspaceId, workspaceId),
        inArray(channelBindings.conversationId, [conversationId, "*"]),
      ));
      const exact = rows.find((r) => r.conversationId === conversationId) ?? rows.find((r) => r.conversationId === "*");
      return exact ? toBinding(exact) : undefined;
    },
    async recordFirstDelivery(eventKey) {
      const inserted = await db.insert(processedEvents).values({ eventKey }).onConflictDoNothing().returning({ eventKey: processedEvents.eventKey });
      return inserted.length === 1;
    },
  };
}
