import type { FastifyInstance } from "fastify";
import type { AppContext } from "../app/app-context.ts";
import { runCommand } from "../commands/run-command.ts";
import { RoundsError } from "../errors/index.ts";

/**
 * Every contributed command as an API route: `POST /v1/commands/:id` with
 * `{ projectId, args }`. Same registry, same role check as every channel.
 */
export function registerCommandRoutes(api: FastifyInstance, app: AppContext): void {
  api.get("/commands", {
    schema: { summary: "List the commands available to the caller", tags: ["commands"] },
  }, async (request) => {
    const role = request.actor?.role;
    return app.host.commands()
      .filter((c) => role !== undefined && (c.roles as string[]).includes(role))
      .map((c) => ({ id: c.id, title: c.title, usage: c.usage, roles: c.roles }));
  });

  api.post<{ Params: { id: string }; Body: { projectId: string; args?: string } }>("/commands/:id", {
    schema: {
      summary: "Run a contributed command",
      tags: ["commands"],
      params: { type: "object", properties: { id: { type: "string", maxLength: 64 } }, required: ["id"] },
      body: {
        type: "object",
        properties: { projectId: { type: "string", format: "uuid" }, args: { type: "string", maxLength: 20000 } },
        required: ["projectId"],
        additionalProperties: false,
      },
    },
  }, async (request) => {
    const actor = request.actor;
    if (!actor) throw new RoundsError("UNAUTHENTICATED", "An API key or admin session is required.");
    const result = await runCommand(app, request.params.id, {
      actor, origin: "api", projectId: request.body.projectId, args: request.body.args ?? "", visibility: "private",
    });
    return { blocks: result.blocks, data: result.data ?? null, failed: result.failed ?? false, documents: result.documents ?? [] };
  });
}
