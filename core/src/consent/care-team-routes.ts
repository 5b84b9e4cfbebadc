import type { FastifyInstance } from "fastify";
import { requireRole } from "../api/auth.ts";
import type { AppContext } from "../app/app-context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { RoundsError } from "../errors/index.ts";
import { assignCareTeam, listCareTeam, unassignCareTeam } from "./manage-care-team.ts";

const patientParams = { type: "object", properties: { patientId: { type: "string", format: "uuid" } }, required: ["patientId"] } as const;
const memberParams = { type: "object", properties: { patientId: { type: "string", format: "uuid" }, userId: { type: "string", format: "uuid" } }, required: ["patientId", "userId"] } as const;
const projectParams = { type: "object", properties: { projectId: { type: "string", format: "uuid" } }, required: ["projectId"] } as const;

/** HTTP routes of the care team, mounted under `/v1`. */
export function registerCareTeamRoutes(api: FastifyInstance, app: AppContext): void {
  api.get<{ Params: { patientId: string } }>("/patients/:patientId/care-team", {
    schema: { summary: "The clinicians on a patient's care team, with their names; for an admin also the organisation's other clinicians who could be added (admins and auditors; audited)", tags: ["consent"], params: patientParams },
  }, async (request) => {
    const actor = requireRole(request, "admin", "auditor");
    const members = await listCareTeam(app, actor, request.params.patientId);
    const users = await app.store.identity.listUsers(actor.organizationId);
    const names = new Map(users.map((u) => [u.id, u.displayName]));
    const onTeam = new Set(members.map((m) => m.userId));
    return {
      members: members.map((m) => ({ ...m, displayName: names.get(m.userId) ?? null })),
      candidates: actor.role === "admin" ? users.filter((u) => u.role === "clinician" && !u.disabled && !onTeam.has(u.id)).map((u) => ({ userId: u.id, displayName: u.displayName })) : [],
    };
  });

  api.put<{ Params: { patientId: string; userId: string } }>("/patients/:patientId/care-team/:userId", {
    schema: { summary: "Add a clinician to a patient's care team (admin; audited)", tags: ["consent"], params: memberParams },
  }, async (request, reply) => {
    const actor = requireRole(request, "admin");
    const { member, created } = await assignCareTeam(app, actor, request.params);
    return reply.code(created ? 201 : 200).send(member);
  });

  api.delete<{ Params: { patientId: string; userId: string } }>("/patients/:patientId/care-team/:userId", {
    schema: { summary: "Remove a clinician from a patient's care team, at once (admin; audited)", tags: ["consent"], params: memberParams },
  }, async (request) => {
    const actor = requireRole(request, "admin");
    return unassignCareTeam(app, actor, request.params);
  });

  api.get<{ Params: { projectId: string } }>("/projects/:projectId/care-team-policy", {
    schema: { summary: "Whether this project requires a clinician to be on a patient's care team (unset: required)", tags: ["consent"], params: projectParams },
  }, async (request) => {
    const actor = requireRole(request, "admin", "clinician", "auditor");
    const project = await app.store.tenancy.getProject(actor.organizationId, request.params.projectId);
    if (!project) throw new RoundsError("NOT_FOUND", "No such project in your organisation.");
    return { careTeam: project.policy.careTeam ?? "required" };
  });

  api.put<{ Params: { projectId: string }; Body: { careTeam: "required" | "off" } }>("/projects/:projectId/care-team-policy", {
    schema: {
      summary: "Set whether this project requires the care team (admin; audited)", tags: ["consent"], params: projectParams,
      body: { type: "object", additionalProperties: false, required: ["careTeam"], properties: { careTeam: { enum: ["required", "off"] } } },
    },
  }, async (request) => {
    const actor = requireRole(request, "admin");
    if (!(await app.store.tenancy.getProject(actor.organizationId, request.params.projectId))) throw new RoundsError("NOT_FOUND", "No such project in your organisation.");
    const updated = await app.store.tenancy.updateProjectPolicy(actor.organizationId, request.params.projectId, { careTeam: request.body.careTeam });
    await recordAudit(app, { organizationId: actor.organizationId, actor, action: "project.policy_update", targetType: "project", targetId: updated.id, details: { careTeam: request.body.careTeam } });
    return { careTeam: updated.policy.careTeam ?? "required" };
  });
}
