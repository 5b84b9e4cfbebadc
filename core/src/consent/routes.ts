import type { FastifyInstance } from "fastify";
import { requireRole } from "../api/auth.ts";
import type { AppContext } from "../app/app-context.ts";
import { RoundsError } from "../errors/index.ts";
import { type ConsentType, consentTypes } from "./consent-repository.ts";
import { consentStatus, recordConsent } from "./require-consent.ts";

const params = { type: "object", properties: { patientId: { type: "string", format: "uuid" } }, required: ["patientId"] } as const;

/** HTTP routes of this domain, mounted under `/v1`. */
export function registerConsentRoutes(api: FastifyInstance, app: AppContext): void {
  api.post<{ Params: { patientId: string }; Body: { type: ConsentType; action: "granted" | "revoked" } }>("/patients/:patientId/consent", {
    schema: {
      summary: "Record a consent grant or revocation (appended to the ledger)", tags: ["consent"], params,
      body: { type: "object", additionalProperties: false, required: ["type", "action"], properties: { type: { enum: [...consentTypes] }, action: { enum: ["granted", "revoked"] } } },
    },
  }, async (request, reply) => {
    const actor = requireRole(request, "admin", "clinician", "patient");
    const event = await recordConsent(app, {
      actor, patientId: request.params.patientId, type: request.body.type, action: request.body.action, method: request.actor && request.headers.cookie ? "admin_web" : "api",
      ...(request.ip && { ip: request.ip }), ...(request.headers["user-agent"] && { userAgent: String(request.headers["user-agent"]).slice(0, 300) }),
    });
    return reply.code(201).send(event);
  });

  api.get<{ Params: { patientId: string } }>("/patients/:patientId/consent", {
    schema: { summary: "Current consent status and the full ledger history of a patient", tags: ["consent"], params },
  }, async (request) => {
    const actor = requireRole(request, "admin", "clinician", "patient", "auditor");
    if (actor.role === "patient" && actor.patientId !== request.params.patientId) throw new RoundsError("NOT_FOUND", "No such patient.");
    if (!(await app.store.identity.getPatient(actor.organizationId, request.params.patientId))) throw new RoundsError("NOT_FOUND", "No such patient in your organisation.");
    return {
      status: await consentStatus(app, actor.organizationId, request.params.patientId),
      history: await app.store.consent.history(actor.organizationId, request.params.patientId),
    };
  });
}
