import type { FastifyInstance, FastifySchema, RouteOptions } from "fastify";

/** One registered HTTP route: its method, URL pattern and schema, as Fastify was given them. */
export interface RouteEntry {
  method: string;
  url: string;
  schema?: FastifySchema;
}

const tables = new WeakMap<FastifyInstance, RouteEntry[]>();

/**
 * Records every route registered on `api` from now on (its plugins' too,
 * routes added by `extend` included). Call before anything is registered.
 */
export function trackRoutes(api: FastifyInstance): void {
  const table: RouteEntry[] = [];
  tables.set(api, table);
  api.addHook("onRoute", (route: RouteOptions) => {
    for (const method of [route.method].flat()) {
      // Fastify adds a HEAD twin to every GET; the GET stands for both.
      if (method === "HEAD" && table.some((r) => r.method === "GET" && r.url === route.url)) continue;
      table.push({ method, url: route.url, ...(route.schema && { schema: route.schema }) });
    }
  });
}

/** The route table of a server built by `createApiServer`: what the isolation suite walks. */
export function registeredRoutes(api: FastifyInstance): readonly RouteEntry[] {
  const table = tables.get(api);
  if (!table) throw new Error("This Fastify instance was not built by createApiServer, so its routes were not tracked.");
  return table;
}
