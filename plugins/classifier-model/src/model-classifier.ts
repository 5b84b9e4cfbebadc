import {
  RoundsError, type Classification, type Classifier, type ClassifyInput, type Deidentifier, type LanguageModel, type Logger,
} from "@rounds/core";
import { RELEVANCE_SYSTEM_PROMPT, VERDICT_SCHEMA, relevanceMessage } from "./relevance-prompt.ts";

export interface ModelClassifierParts {
  /** The model asked; undefined when none is configured (the fallback decides alone). */
  model?: LanguageModel;
  /** Decides when there is no model, the model fails or answers something unreadable, and when it is unsure. */
  fallback: Classifier;
  /** Applied to everything sent to the model. */
  deidentifier: Deidentifier;
  logger?: Logger;
  /** Most characters of the document sent. */
  maxChars?: number;
  maxOutputTokens?: number;
}

type ModelVerdict = { verdict: "relevant" | "irrelevant" | "unsure"; confidence: number; reason: string };

/** The model's reply, or why it cannot be used (no text of the reply). */
function readVerdict(reply: string): ModelVerdict | string {
  let json: unknown;
  try {
    json = JSON.parse(reply.slice(reply.indexOf("{"), reply.lastIndexOf("}") + 1));
  } catch {
    return "its reply was not JSON";
  }
  const v = json as Partial<Record<keyof ModelVerdict, unknown>>;
  if (v.verdict !== "relevant" && v.verdict !== "irrelevant" && v.verdict !== "unsure") return "its reply had no verdict";
  const reason = typeof v.reason === "string" ? v.reason.replace(/\s+/g, " ").trim() : "";
  if (!/[\p{L}]/u.test(reason)) return "its reply had no reason";
  const confidence = typeof v.confidence === "number" && Number.isFinite(v.confidence) ? Math.min(1, Math.max(0, v.confidence)) : 0.5;
  return { verdict: v.verdict, confidence, reason: reason.length > 240 ? `${reason.slice(0, 239)}…` : reason };
}

/**
 * Relevance judged by a language model against the project's domain
 * profile. What the model sees is bounded (the profile and the beginning of
 * the document) and de-identified first with the organisation's names, so
 * a cloud model never sees what the de-identifier removes. Its JSON-schema
 * reply gives the verdict and the reason stored with the document; the
 * score is its confidence mapped onto 0..1 (relevant above 0.5, irrelevant
 * below). The fallback classifier decides, and says why in the reason, when
 * no model is configured, when the call fails (the error's code is logged,
 * no text), when the reply is unusable and when the model is unsure.
 */
export class ModelClassifier implements Classifier {
  readonly specificationVersion = "v1" as const;
  readonly id = "language-model";

  constructor(private readonly parts: ModelClassifierParts) {}

  async classify(input: ClassifyInput): Promise<Classification> {
    const { model, fallback, deidentifier } = this.parts;
    if (!model) return fallback.classify(input);
    const message = relevanceMessage(input, this.parts.maxChars ?? 6000);
    const sent = (await deidentifier.deidentify(message, { operator: "placeholder", gazetteer: input.names ?? [] })).text;
    let reply: string;
    try {
      const result = await model.doGenerate({
        prompt: [
          { role: "system", content: RELEVANCE_SYSTEM_PROMPT },
          { role: "user", content: [{ type: "text", text: sent }] },
        ],
        temperature: 0,
        maxOutputTokens: this.parts.maxOutputTokens ?? 300,
        responseFormat: { type: "json", schema: VERDICT_SCHEMA as never, name: "relevance_verdict" },
      });
      reply = result.content.flatMap((c) => (c.type === "text" ? [c.text] : [])).join("");
    } catch (error) {
      const code = RoundsError.isInstance(error) ? error.code : "MODEL_ERROR";
      this.parts.logger?.warn({ code, model: model.modelId }, "relevance model failed; the fallback classifier decided");
      return this.fallingBack(input, `the language model failed (${code})`);
    }
    const verdict = readVerdict(reply);
    if (typeof verdict === "string") {
      this.parts.logger?.warn({ model: model.modelId }, "relevance model reply unusable; the fallback classifier decided");
      return this.fallingBack(input, `the language model's reply was unusable (${verdict})`);
    }
    if (verdict.verdict === "unsure") return this.fallingBack(input, `the language model was unsure (${verdict.reason})`);
    const half = verdict.confidence / 2;
    const score = Math.round((verdict.verdict === "relevant" ? 0.5 + half : 0.5 - half) * 1000) / 1000;
    return { verdict: verdict.verdict, score, reason: `Language model (${model.modelId}): ${verdict.reason}` };
  }

  private async fallingBack(input: ClassifyInput, why: string): Promise<Classification> {
    const offline = await this.parts.fallback.classify(input);
    return { ...offline, reason: `${offline.reason} (${why}; judged offline)` };
  }
}
