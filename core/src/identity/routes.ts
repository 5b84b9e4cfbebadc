import type { FastifyInstance } from "fastify";
import { requireRole } from "../api/auth.ts";
import type { AppContext } from "../app/app-context.ts";
import { inProjectScope } from "../tenancy/project-scope.ts";
import { createApiKey, revokeApiKey } from "./api-keys.ts";

/** HTTP routes of this domain, mounted under `/v1`. */
export function registerIdentityRoutes(api: FastifyInstance, app: AppContext): void {
  api.get("/me", { schema: { summary: "Who the caller is", tags: ["identity"] } }, async (request) => {
    const actor = requireRole(request);
    const org = await app.store.tenancy.getOrganization(actor.organizationId);
    return { userId: actor.userId, role: actor.role, organization: org ? { id: org.id, slug: org.slug, name: org.name } : null, projectId: actor.projectId ?? null };
  });

  api.get("/projects", { schema: { summary: "The organisation's knowledge bases", tags: ["identity"] } }, async (request) => {
    const actor = requireRole(request);
    return (await app.store.tenancy.listProjects(actor.organizationId)).filter((p) => inProjectScope(actor, p.id));
  });

  api.get("/patients", { schema: { summary: "The organisation's patients (ids and display names)", tags: ["identity"] } }, async (request) => {
    const actor = requireRole(request, "admin", "clinician", "auditor");
    return (await app.store.identity.listPatients(actor.organizationId)).map((p) => ({ id: p.id, displayName: p.displayName, externalRef: p.externalRef ?? null }));
  });

  api.post<{ Body: { name: string; role: "admin" | "clinician" | "patient" | "auditor"; projectId?: string } }>("/api-keys", {
    schema: {
      summary: "Create an API key (the key is shown once); with projectId it reaches that project only", tags: ["identity"],
      body: {
        type: "object", additionalProperties: false, required: ["name", "role"],
        properties: { name: { type: "string", minLength: 1, maxLength: 80 }, role: { enum: ["admin", "clinician", "patient", "auditor"] }, projectId: { type: "string", format: "uuid" } },
      },
    },
  }, async (request, reply) => {
    const actor = requireRole(request, "admin");
    const { key, record } = await createApiKey(app, actor, { organizationId: actor.organizationId, role: request.body.role, name: request.body.name, ...(request.body.projectId && { projectId: request.body.projectId }) });
    return reply.code(201).send({ key, id: record.id, prefix: record.prefix, projectId: record.projectId });
  });

  api.delete<{ Params: { id: string } }>("/api-keys/:id", {
    schema: { summary: "Revoke an API key", tags: ["identity"], params: { type: "object", properties: { id: { type: "string", format: "uuid" } }, required: ["id"] } },
  }, async (request, reply) => {
    await revokeApiKey(app, requireRole(request, "admin"), request.params.id);
    return reply.code(204).send();
  });
}
