import type { AppContext } from "../app/app-context.ts";
import type { LanguageModel } from "../ports/index.ts";

/** One generation as the model runtime measured it. */
export interface ModelRequestMetric {
  kind: string;
  queueWaitMs: number;
  firstTokenMs: number | null;
  totalMs: number;
  outputTokens: number;
  tokensPerSecond: number | null;
}

export interface ModelRuntimeMetrics {
  /** Requests measured (recent window). */
  requests: number;
  queued: number;
  active: number;
  loaded: boolean;
  avgTokensPerSecond: number | null;
  avgFirstTokenMs: number | null;
  avgQueueWaitMs: number | null;
  /** The most recent requests, oldest first. */
  recent: ModelRequestMetric[];
}

/**
 * A language model that runs on this machine can report how it is doing
 * (the llama-cpp plugin does; cloud models do not). Core asks through this
 * small optional capability, like `forArtifact`.
 */
export interface MeasuredModel extends LanguageModel {
  runtimeMetrics(): ModelRuntimeMetrics;
}

const isMeasured = (m: LanguageModel): m is MeasuredModel => typeof (m as Partial<MeasuredModel>).runtimeMetrics === "function";

/** The configured answer model's runtime metrics, when it measures itself. */
export async function answerModelRuntime(app: AppContext, recent = 20): Promise<{ languageModelId: string; metrics: ModelRuntimeMetrics } | undefined> {
  const id = app.config.models.answer;
  if (!id) return undefined;
  const model = await app.host.get("languageModels", id);
  if (!isMeasured(model)) return undefined;
  const metrics = model.runtimeMetrics();
  return { languageModelId: id, metrics: { ...metrics, recent: metrics.recent.slice(-recent) } };
}

const fmt = (n: number | null, unit: string, digits = 0) => (n === null ? "—" : `${n.toFixed(digits)} ${unit}`);

/** One line for `/model status`. */
export function describeRuntime(r: { languageModelId: string; metrics: ModelRuntimeMetrics }): string {
  const m = r.metrics;
  if (!m.requests) return `Local model (${r.languageModelId}): ${m.loaded ? "loaded" : "not loaded"}, no requests measured yet.`;
  return `Local model (${r.languageModelId}): ${fmt(m.avgTokensPerSecond, "tokens/s")}, first token ${fmt(m.avgFirstTokenMs, "ms")}, queue wait ${fmt(m.avgQueueWaitMs, "ms")} (last ${m.requests} requests); ${m.active} running, ${m.queued} waiting.`;
}
