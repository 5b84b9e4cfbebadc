import type { Actor, RoundsConfigInput } from "@rounds/core";
import type { RoundsApp } from "../../src/app/create-app.ts";
import { localOperator } from "../../src/cli/local-operator.ts";
import { ensureWorkspace } from "../../src/cli/workspace.ts";
import { startApp } from "./test-app.ts";

/** An app answering through a cloud model plugin, with a project and its operator. */
export interface CloudAnswerApp {
  app: RoundsApp;
  actor: Actor;
  organizationId: string;
  projectId: string;
}

/** The OpenAI plugin's settings for a local server speaking OpenAI's wire format (no retries, so a failure shows at once). */
export const localOpenAISettings = (url: string): Record<string, unknown> => ({ baseURL: url, apiKey: "sk-local", embeddingDimensions: 64, maxRetries: 0 });

/**
 * Starts an app on `environment` with the tier's plugins (or the embedded
 * defaults) plus `plugin`, answering with `modelId`, and makes the `kat`
 * project of organisation `org` with its local operator.
 */
export async function startCloudAnswerApp(environment: RoundsConfigInput, options: { plugin: string; settings: Record<string, unknown>; modelId: string; org: string }): Promise<CloudAnswerApp> {
  const app = await startApp(environment, {
    plugins: [...(environment.plugins ?? ["@rounds/plugin-blob-fs", "@rounds/plugin-parsers", "@rounds/plugin-lexical", "@rounds/plugin-deid"]), options.plugin],
    pluginSettings: { [options.plugin]: options.settings },
    models: { answer: options.modelId },
  });
  const ws = await ensureWorkspace(app, { org: options.org, project: "kat" });
  return { app, actor: await localOperator(app, ws.organization.id), organizationId: ws.organization.id, projectId: ws.project.id };
}
