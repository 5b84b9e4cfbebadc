import type { PluginContext } from "@rounds/core";
import { HashNgramEmbedder } from "./hash-ngram-embedder.ts";
import { ProfileSimilarityClassifier } from "./profile-classifier.ts";

export { HashNgramEmbedder, ProfileSimilarityClassifier };


export function activate(ctx: PluginContext): void {
  const dimensions = Number(ctx.settings.dimensions ?? 384);
  const threshold = Number(ctx.settings.relevanceThreshold ?? 0.2);
  ctx.register("embedders", "hash-ngram", () => new HashNgramEmbedder(dimensions));
  ctx.register("classifiers", "profile-similarity", () => new ProfileSimilarityClassifier(threshold));
}
