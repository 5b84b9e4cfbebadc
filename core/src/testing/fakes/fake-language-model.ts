import type {
  LanguageModelV3, LanguageModelV3CallOptions, LanguageModelV3StreamPart,
} from "@ai-sdk/provider";

type Reply = string | ((options: LanguageModelV3CallOptions) => string);

/**
 * A scripted language model that speaks the AI SDK V3 spec: replies come from
 * a queue (or a function of the prompt). Records every call for assertions.
 */
export class FakeLanguageModel implements LanguageModelV3 {
  readonly specificationVersion = "v3" as const;
  readonly provider = "fake";
  readonly modelId: string;
  readonly supportedUrls = {};
  readonly calls: LanguageModelV3CallOptions[] = [];
  private readonly replies: Reply[];

  constructor(replies: Reply[] | Reply, modelId = "fake-model") {
    this.replies = Array.isArray(replies) ? [...replies] : [replies];
    this.modelId = modelId;
  }

  private next(options: LanguageModelV3CallOptions): string {
    if (options.abortSignal?.aborted) throw options.abortSignal.reason ?? new Error("aborted");
    this.calls.push(options);
    const reply = this.replies.length > 1 ? this.replies.shift()! : this.replies[0];
    if (reply === undefined) return "";
    return typeof reply === "function" ? reply(options) : reply;
  }

  async doGenerate(options: LanguageModelV3CallOptions) {
    const text = this.next(options);
    return {
      content: [{ type: "text" as const, text }],
      finishReason: { unified: "stop" as const, raw: "stop" },
      usage: usage(text),
      warnings: [],
    };
  }

  async doStream(options: LanguageModelV3CallOptions) {
    const text = this.next(options);
    const words = text.split(/(?<=\s)/);
    const stream = new ReadableStream<LanguageModelV3StreamPart>({
      start(controller) {
        controller.enqueue({ type: "stream-start", warnings: [] });
        controller.enqueue({ type: "text-start", id: "0" });
        for (const w of words) controller.enqueue({ type: "text-delta", id: "0", delta: w });
        controller.enqueue({ type: "text-end", id: "0" });
        controller.enqueue({ type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage: usage(text) });
        controller.close();
      },
    });
    return { stream };
  }
}

function usage(text: string) {
  const n = text.split(/\s+/).filter(Boolean).length;
  return {
    inputTokens: { total: 0, noCache: 0, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: n, text: n, reasoning: 0 },
  };
}
