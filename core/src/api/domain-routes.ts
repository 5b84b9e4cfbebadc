import type { FastifyInstance } from "fastify";
import type { AppContext } from "../app/app-context.ts";
import { registerAnswerRoutes } from "../answer/routes.ts";
import { registerAuditRoutes } from "../audit/routes.ts";
import { registerCareTeamRoutes } from "../consent/care-team-routes.ts";
import { registerConsentRoutes } from "../consent/routes.ts";
import { registerIdentityRoutes } from "../identity/routes.ts";
import { registerIngestRoutes } from "../ingest/routes.ts";
import { registerNotesRoutes } from "../notes/routes.ts";
import { registerPluginRoutes } from "../plugins/routes.ts";
import { registerTrainingRoutes } from "../training/routes.ts";

/** Mounts every domain's routes (already under the `/v1` prefix). */
export function registerDomainRoutes(api: FastifyInstance, app: AppContext): void {
  registerIngestRoutes(api, app);
  registerAnswerRoutes(api, app);
  registerConsentRoutes(api, app);
  registerCareTeamRoutes(api, app);
  registerIdentityRoutes(api, app);
  registerNotesRoutes(api, app);
  registerTrainingRoutes(api, app);
  registerAuditRoutes(api, app);
  registerPluginRoutes(api, app);
}
