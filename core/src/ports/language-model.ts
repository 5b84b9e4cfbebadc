/**
 * The language-model port is the AI SDK's own specification
 * (`LanguageModelV3` from `@ai-sdk/provider`), so any AI SDK provider plugs in
 * unchanged: OpenAI-compatible servers, node-llama-cpp, test doubles.
 * `@ai-sdk/provider` is the vendor-neutral spec package, not an SDK.
 */
export type {
  LanguageModelV3 as LanguageModel,
  LanguageModelV3CallOptions as LanguageModelCallOptions,
  LanguageModelV3Content as LanguageModelContent,
  LanguageModelV3StreamPart as LanguageModelStreamPart,
  LanguageModelV3Prompt as LanguageModelPrompt,
} from "@ai-sdk/provider";
