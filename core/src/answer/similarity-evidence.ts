import type { AppContext } from "../app/app-context.ts";
import { servingSpace } from "../ingest/embedding-spaces.ts";

/**
 * The cosine similarity at which the best passage's vector match is evidence on
 * its own: the serving embedder's own bar (`Embedder.evidenceSimilarity`) when it
 * declares one, otherwise `answers.minSimilarity`. The serving space is the one
 * whose similarities the search returned (cached once ready).
 */
export async function similarityBar(app: AppContext): Promise<number> {
  const { embedder } = await servingSpace(app);
  return embedder?.evidenceSimilarity ?? app.config.answers.minSimilarity;
}
