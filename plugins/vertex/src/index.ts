import { createVertex } from "@ai-sdk/google-vertex";
import { type BlobStore, guardLanguageModel, type PluginContext, RoundsError } from "@rounds/core";
import type { OAuth2Client } from "google-auth-library";
import { vertexAuthClient } from "./vertex-auth.ts";
import { VertexTrainer } from "./vertex-trainer.ts";

export { VertexTrainer, vertexAuthClient };

export interface VertexSettings {
  project?: string;
  location: string;
  keyFile?: string;
  accessToken?: string;
  apiEndpoint?: string;
  storageEndpoint: string;
  bucket?: string;
  bucketPrefix: string;
  chatModel: string;
}

const KEY = "VERTEX_KEY_FILE or VERTEX_ACCESS_TOKEN (pluginSettings.@rounds/plugin-vertex)";
const need = (value: string | undefined, setting: string, env: string): string => {
  if (!value) throw new RoundsError("CONFIG_INVALID", `The Vertex AI plugin needs ${setting} (${env}).`, { details: { setting: `pluginSettings.@rounds/plugin-vertex.${setting}` } });
  return value;
};

/**
 * Gemini on Vertex AI as the answer and notes model (the AI SDK's own
 * `LanguageModelV3` from `@ai-sdk/google-vertex`, guarded so failures carry
 * the status and never the prompt), and supervised tuning as a trainer whose
 * tuned endpoints the same model serves. One auth client for both: a
 * service account's key file, or an access token.
 */
export function activate(ctx: PluginContext): void {
  const s = ctx.settings as unknown as VertexSettings;
  const apiEndpoint = () => (s.apiEndpoint ?? (s.location === "global" ? "https://aiplatform.googleapis.com" : `https://${s.location}-aiplatform.googleapis.com`)).replace(/\/$/, "");
  let auth: Promise<OAuth2Client> | undefined;
  const authClient = () => {
    auth ??= vertexAuthClient({ ...(s.keyFile && { keyFile: s.keyFile }), ...(s.accessToken && { accessToken: s.accessToken }) });
    // A failed read is not cached: the next call tries the file again.
    auth.catch(() => { auth = undefined; });
    return auth;
  };

  ctx.register("languageModels", "vertex", async () => {
    const project = need(s.project, "project", "VERTEX_PROJECT");
    const client = await authClient();
    const scope = `${apiEndpoint()}/v1/projects/${project}/locations/${s.location}`;
    // Base models live under publishers/google/models/{id}; a tuned model is served by its endpoint, whose full resource name is the model id.
    const provider = (baseURL: string) => createVertex({ project, location: s.location, baseURL, googleAuthOptions: { authClient: client } });
    const base = provider(`${scope}/publishers/google`);
    return Object.assign(guardLanguageModel(base(s.chatModel), "Vertex AI", KEY), {
      forArtifact: (artifact: { kind: string; modelId?: string }) => {
        const endpoint = artifact.modelId && /^projects\/[^/]+\/locations\/([^/]+)\/endpoints\/[^/]+$/.exec(artifact.modelId);
        if (artifact.kind !== "remote-model" || !endpoint) throw new RoundsError("MODEL_UNAVAILABLE", `The Vertex AI plugin serves tuned endpoints only, not this ${artifact.kind} artifact.`);
        if (endpoint[1] !== s.location) throw new RoundsError("MODEL_UNAVAILABLE", `The tuned endpoint is in ${endpoint[1]}, the plugin is configured for ${s.location}.`);
        return guardLanguageModel(provider(`${apiEndpoint()}/v1`)(artifact.modelId!), "Vertex AI", KEY);
      },
    });
  });

  ctx.register("trainers", "vertex", () => {
    const blobs = ctx.services.blobs as (() => Promise<BlobStore>) | undefined;
    if (!blobs) throw new RoundsError("CONFIG_INVALID", "The Vertex AI trainer needs the host's blob store service.");
    return new VertexTrainer(authClient, blobs, {
      project: need(s.project, "project", "VERTEX_PROJECT"), location: s.location, apiEndpoint: apiEndpoint(),
      storageEndpoint: s.storageEndpoint.replace(/\/$/, ""), bucket: need(s.bucket, "bucket", "VERTEX_TUNING_BUCKET"), prefix: s.bucketPrefix.replace(/^\/|\/$/g, ""), keySetting: KEY,
    });
  });
}
