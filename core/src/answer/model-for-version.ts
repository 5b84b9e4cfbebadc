import type { AppContext } from "../app/app-context.ts";
import type { LanguageModel } from "../ports/index.ts";
import type { ModelVersion } from "../training/training-repository.ts";

/**
 * A language-model plugin can serve fine-tuned versions of its model: it
 * registers a model that also has `forArtifact`, which returns the model for
 * a registry artifact (a provider's fine-tuned model id, or a LoRA adapter
 * file). Core asks through this small optional capability, not a vendor API.
 */
export interface VersionableModel extends LanguageModel {
  forArtifact(artifact: NonNullable<ModelVersion["artifact"]>, app: { blobs: AppContext["blobs"] }): LanguageModel | Promise<LanguageModel>;
}

export const isVersionable = (m: LanguageModel): m is VersionableModel => typeof (m as Partial<VersionableModel>).forArtifact === "function";

/** The model that answers for a registry version: the base model when the version has no artifact or the plugin cannot serve it. */
export async function modelForVersion(app: AppContext, languageModelId: string, version: ModelVersion | undefined): Promise<LanguageModel> {
  const base = await app.host.get("languageModels", languageModelId);
  if (!version?.artifact || version.artifact.kind === "base" || !isVersionable(base)) return base;
  return base.forArtifact(version.artifact, { blobs: app.blobs });
}
