import type { FastifyInstance } from "fastify";
import { requireRole } from "../api/auth.ts";
import type { AppContext } from "../app/app-context.ts";

/** HTTP routes of the plugin host, mounted under `/v1`. */
export function registerPluginRoutes(api: FastifyInstance, app: AppContext): void {
  api.get("/plugins", {
    schema: {
      summary: "The configured plugins: state, what each contributes, and its settings with their environment variables",
      description: "Each setting says whether it is set, never its value (settings hold secrets).",
      tags: ["plugins"],
    },
  }, async (request) => {
    requireRole(request, "admin", "auditor");
    return { plugins: app.host.list() };
  });
}
