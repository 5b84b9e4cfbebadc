import { configuredSpace, ensureSchedulesTick } from "@rounds/core";
import { createApiServer } from "@rounds/core/api";
import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import type { RoundsApp } from "../app/create-app.ts";
import { registerMcpRoutes } from "../mcp/mcp-routes.ts";
import { registerLocalOperatorRoutes } from "./local-operator-routes.ts";
import { startChannels } from "./start-channels.ts";

export interface RunningServer {
  url: string;
  channels: string[];
  close(): Promise<void>;
}

const adminWebRoot = resolve(import.meta.dirname, "../../../admin-web/public");

/** Starts the API (with the admin page), the chat receivers and, unless told not to, a worker in this process. */
export async function startServer(app: RoundsApp, options: { worker?: boolean; channels?: boolean } = {}): Promise<RunningServer> {
  // The embedding space's DDL (its HNSW index) runs here, once, not on the first question.
  await configuredSpace(app).catch((error: unknown) => app.logger.warn({ err: error }, "embedding space not ready at start"));
  // Holding an embedded database: CLI commands on its folder come here instead of opening it (see the lock file).
  const lock = app.database.lock;
  const localToken = lock ? randomBytes(32).toString("base64url") : undefined;
  const api = await createApiServer(app, {
    adminWebRoot,
    extend: (server) => {
      registerMcpRoutes(server, app);
      if (localToken) registerLocalOperatorRoutes(server, app, localToken);
    },
  });
  await api.listen({ host: app.config.api.host, port: app.config.api.port });
  const channels = options.channels === false ? undefined : await startChannels(app);
  if (options.worker !== false) {
    await app.jobs.startWorker({ concurrency: app.config.queue.concurrency });
    await ensureSchedulesTick(app);
  }
  const address = api.server.address();
  const port = typeof address === "object" && address ? address.port : app.config.api.port;
  const url = `http://${app.config.api.host === "0.0.0.0" || app.config.api.host === "::" ? "127.0.0.1" : app.config.api.host}:${port}`;
  if (lock && localToken) lock.advertise({ url, token: localToken });
  return {
    url,
    channels: channels?.started ?? [],
    close: async () => {
      // Stop taking new work first: chat receivers, then the API.
      await channels?.stop();
      await api.close();
    },
  };
}
