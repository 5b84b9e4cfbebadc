import type { FastifyInstance } from "fastify";
import type { AppContext } from "../app/app-context.ts";

/** HTTP routes of this domain, mounted under `/v1`. */
export function registerIdentityRoutes(_api: FastifyInstance, _app: AppContext): void {}
