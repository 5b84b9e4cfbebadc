/**
 * The HTTP API (Fastify). This file only wires: health and readiness,
 * OpenAPI at `/docs`, RFC 7807 problems, request ids, PHI-free request logs,
 * authentication for `/v1`, the domain routes and the generic command route.
 */
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import { SpanStatusCode, type Span } from "@opentelemetry/api";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from "fastify";
import type { AppContext } from "../app/app-context.ts";
import { registerAuth } from "./auth.ts";
import { registerCommandRoutes } from "./command-routes.ts";
import { registerDomainRoutes } from "./domain-routes.ts";
import { problemSchema, sendProblem } from "./problem.ts";
import { checkReadiness } from "./readiness.ts";
import { trackRoutes } from "./route-table.ts";
import { metrics, metricsRegistry } from "../observability/metrics.ts";
import { contextFromCarrier, runInSpan, startSpan } from "../observability/tracing.ts";

export interface ApiServerOptions {
  /** Folder with the built admin web page, served under `/admin`. */
  adminWebRoot?: string;
  /** Extra route registrations (metrics, channel webhooks) before the server is ready. */
  extend?: (api: FastifyInstance) => void | Promise<void>;
}

export async function createApiServer(app: AppContext, options: ApiServerOptions = {}): Promise<FastifyInstance> {
  const api = Fastify({
    loggerInstance: app.logger as unknown as FastifyBaseLogger,
    // Requests are logged by our own hooks (route pattern, status, duration; never bodies or query text).
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && /^[\w.-]{8,64}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: app.config.limits.maxUploadBytes,
    // X-Forwarded-For is believed only from the proxies the operator names (the client address is recorded with consent).
    trustProxy: app.config.api.trustProxy,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: "array", useDefaults: true } },
  });

  trackRoutes(api);
  // A span per request, named by route pattern (never the raw URL), continuing a caller's `traceparent`;
  // handlers run with it active so their work (retrieval, generation, enqueued jobs) nests under it.
  const spans = new WeakMap<object, Span>();
  api.addHook("onRoute", (route) => {
    const handler = route.handler;
    route.handler = function traced(this: FastifyInstance, request, reply) {
      const span = spans.get(request);
      return span ? runInSpan(span, () => handler.call(this, request, reply)) : handler.call(this, request, reply);
    };
  });
  api.addSchema(problemSchema);
  api.setErrorHandler((error, request, reply) => sendProblem(reply, request, error));
  api.setNotFoundHandler((request, reply) => reply.code(404).type("application/problem+json").send({
    type: "urn:rounds:error:NOT_FOUND", title: "Not found", status: 404, detail: "No such route.", code: "NOT_FOUND", instance: request.id,
  }));
  api.addHook("onRequest", async (request, reply) => {
    const route = request.routeOptions.url ?? "(none)";
    spans.set(request, startSpan(`${request.method} ${route}`, {
      kind: "server", parent: contextFromCarrier(request.headers),
      attributes: { "http.request.method": request.method, "http.route": route },
    }));
    reply.header("x-request-id", request.id);
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "no-referrer");
  });
  api.addHook("onResponse", async (request, reply) => {
    // Route patterns, never raw URLs: paths and queries may carry identifiers.
    const route = request.routeOptions.url ?? "(none)";
    request.log.info({ method: request.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, "request");
    metrics.httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    endRequestSpan(spans.get(request), reply.statusCode);
  });
  api.addHook("onRequestAbort", async (request) => endRequestSpan(spans.get(request), 499));

  await api.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: { title: "Rounds API", version: "0.1.0", description: "Clinical knowledge assistant: ingest, ask with citations, consent, training." },
      components: { securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "Rounds API key (rk_…)" } } },
      security: [{ apiKey: [] }],
    },
  });
  // staticCSP: the docs page gets a Content-Security-Policy naming its own scripts and styles.
  await api.register(fastifySwaggerUi, { routePrefix: "/docs", staticCSP: true });

  api.get("/health", { schema: { hide: true } }, async () => ({ status: "ok" }));
  api.get("/metrics", { schema: { hide: true } }, async (_request, reply) => {
    const counts = await app.jobs.counts().catch(() => ({}));
    metrics.queueDepth.reset();
    for (const [job, n] of Object.entries(counts)) metrics.queueDepth.set({ job }, n);
    return reply.type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
  });
  api.get("/ready", { schema: { hide: true } }, async (_request, reply) => {
    const readiness = await checkReadiness(app);
    return reply.code(readiness.ready ? 200 : 503).send(readiness);
  });

  await api.register(async (v1) => {
    // Answers, transcripts, consent and audit rows are patient data: no browser or proxy keeps a copy.
    v1.addHook("onSend", async (_request, reply) => {
      reply.header("cache-control", "no-store");
    });
    registerAuth(v1, app);
    registerCommandRoutes(v1, app);
    registerDomainRoutes(v1, app);
  }, { prefix: "/v1" });

  if (options.adminWebRoot && existsSync(options.adminWebRoot)) {
    await api.register(async (admin) => {
      admin.addHook("onSend", async (_req, reply) => {
        reply.header("content-security-policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'");
      });
      await admin.register(fastifyStatic, { root: options.adminWebRoot!, prefix: "/admin/", index: ["index.html"] });
      admin.get("/admin", (_req, reply) => reply.redirect("/admin/"));
    });
  }
  await options.extend?.(api);
  return api;
}

function endRequestSpan(span: Span | undefined, status: number): void {
  if (!span) return;
  span.setAttribute("http.response.status_code", status);
  if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}
export { registeredRoutes, type RouteEntry } from "./route-table.ts";
export { publicOrigin } from "./sign-on-routes.ts";
