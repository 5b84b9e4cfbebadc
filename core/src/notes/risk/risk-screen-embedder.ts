/**
 * The sentence vectors the risk screen's embedding classifier needs, from whichever registered embedder is the one its
 * weights were trained on (through the embedder port; core names no plugin). Undefined when no such embedder is
 * registered or it cannot be loaded: the screen then runs without the classifier (patterns, concepts, word model and
 * review tier), as on the embedded default tier.
 */
import { splitSentences } from "../../ingest/chunker.ts";
import type { AppContext } from "../../app/app-context.ts";
import type { TranscriptTurn } from "../transcript-turns.ts";
import { committedRiskEmbeddingModel, embedForRiskScreen, type SentenceEmbeddings } from "./risk-embedding-model.ts";

export async function riskScreenEmbeddings(app: Pick<AppContext, "host">, turns: TranscriptTurn[], signal?: AbortSignal): Promise<{ modelId: string; embeddings: SentenceEmbeddings } | undefined> {
  const m = committedRiskEmbeddingModel();
  for (const id of app.host.ids("embedders")) {
    if (!app.host.has("embedders", id)) continue;
    const embedder = await app.host.get("embedders", id).catch(() => undefined);
    if (!embedder || embedder.modelId !== m.modelId || embedder.dimensions !== m.dimensions) continue;
    // Only the patient's sentences are read by the classifier; the clinician's are never embedded.
    const texts = turns.filter((t) => t.role !== "clinician").flatMap((t) => splitSentences(t.text));
    const embeddings = await embedForRiskScreen(embedder, texts, { model: m, ...(signal ? { signal } : {}) });
    return embeddings && { modelId: m.modelId, embeddings };
  }
  return undefined;
}
