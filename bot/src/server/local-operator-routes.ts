/**
 * Where `rounds` commands go while a server holds the embedded database
 * (PGlite is one process's database, so the CLI cannot open it alongside).
 * The server writes a random token into the data folder's lock file
 * (readable by its user only); a CLI process that can read it acts as the
 * organisation's local operator, as it would in process. Loopback only.
 */
import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { runCommand, RoundsError } from "@rounds/core";
import type { RoundsApp } from "../app/create-app.ts";
import { localOperator } from "../cli/local-operator.ts";
import { findWorkspace } from "../cli/workspace.ts";
import { makeOperatorApiKey, type OperatorApiKeyInput } from "../cli/operator-api-key.ts";
import { deidentifyWithOrganisationNames, type DeidRequest } from "../cli/deid-with-names.ts";

const loopback = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

function check(request: FastifyRequest, token: string): void {
  // The socket's address, not `request.ip`: a forwarded header must not make a remote caller look local.
  if (!loopback.has(request.socket.remoteAddress ?? "")) throw new RoundsError("FORBIDDEN", "Local operator routes answer on loopback only.");
  const given = Buffer.from((request.headers.authorization ?? "").replace(/^Bearer /, ""));
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new RoundsError("UNAUTHENTICATED", "The local operator token does not match this server's (it changes at every start).");
  }
}

export function registerLocalOperatorRoutes(api: FastifyInstance, app: RoundsApp, token: string): void {
  api.register(async (local) => {
    local.addHook("onRequest", async (request) => check(request, token));

    local.post<{ Params: { id: string }; Body: { org?: string; project?: string; args?: string } }>("/commands/:id", {
      schema: {
        hide: true,
        params: { type: "object", properties: { id: { type: "string", maxLength: 64 } }, required: ["id"] },
        body: {
          type: "object",
          properties: { org: { type: "string", maxLength: 100 }, project: { type: "string", maxLength: 100 }, args: { type: "string", maxLength: 20000 } },
          additionalProperties: false,
        },
      },
    }, async (request) => {
      const { organization, project } = await findWorkspace(app, request.body ?? {});
      const actor = await localOperator(app, organization.id);
      const result = await runCommand(app, request.params.id, { actor, origin: "cli", projectId: project.id, args: request.body?.args ?? "", visibility: "private" });
      // `worker`: whether this server works its queue, so a CLI following documents knows whether anything will move them.
      return { blocks: result.blocks, data: result.data ?? null, failed: result.failed ?? false, documents: result.documents ?? [], worker: app.jobs.working };
    });

    local.post<{ Body: OperatorApiKeyInput }>("/api-keys", {
      schema: {
        hide: true,
        body: {
          type: "object",
          properties: {
            name: { type: "string", minLength: 1, maxLength: 200 }, role: { type: "string", maxLength: 20 },
            user: { type: "string", maxLength: 40 }, org: { type: "string", maxLength: 100 }, project: { type: "string", maxLength: 100 },
          },
          required: ["name"],
          additionalProperties: false,
        },
      },
    }, async (request) => makeOperatorApiKey(app, request.body));

    // `rounds deid` with the organisation's names, which only this process can read while it holds the database.
    local.post<{ Body: DeidRequest }>("/deid", {
      schema: {
        hide: true,
        body: {
          type: "object",
          properties: {
            texts: { type: "array", items: { type: "string" } }, mode: { type: "string", enum: ["recall", "precision"] },
            org: { type: "string", maxLength: 100 }, oneDocument: { type: "boolean" },
          },
          required: ["texts", "mode"],
          additionalProperties: false,
        },
      },
    }, async (request) => ({ texts: await deidentifyWithOrganisationNames(app, request.body) }));

    // Files a command produced (an export), for `--out`.
    local.get<{ Querystring: { key: string } }>("/blobs", {
      schema: { hide: true, querystring: { type: "object", properties: { key: { type: "string", minLength: 1, maxLength: 1000 } }, required: ["key"] } },
    }, async (request, reply) => reply.type("application/octet-stream").send(await app.blobs.get(request.query.key)));
  }, { prefix: "/local" });
}
