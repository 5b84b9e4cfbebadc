import { experimental_transcribe as transcribe, type TranscriptionModel } from "ai";
import type { Transcriber, TranscriptSegment } from "@rounds/core";
import { safeCall } from "./safe-call.ts";

/** Speech to text with timed segments (verbose_json); speakers when the provider diarizes. */
export class OpenAITranscriber implements Transcriber {
  readonly specificationVersion = "v1" as const;
  readonly id = "openai";

  constructor(private readonly model: TranscriptionModel, private readonly maxRetries = 2) {}

  async transcribe(input: { audio: Uint8Array; mediaType: string; language?: string; signal?: AbortSignal }) {
    const result = await safeCall("speech-to-text", () => transcribe({
      model: this.model, audio: input.audio, maxRetries: this.maxRetries,
      providerOptions: { openai: { timestampGranularities: ["segment"], ...(input.language && { language: input.language }) } },
      ...(input.signal && { abortSignal: input.signal }),
    }));
    const segments: TranscriptSegment[] = result.segments.length
      ? result.segments.map((s) => ({ startMs: Math.round(s.startSecond * 1000), endMs: Math.round(s.endSecond * 1000), text: s.text.trim(), ...((s as { speaker?: string }).speaker && { speaker: (s as { speaker?: string }).speaker! }) }))
      : [{ startMs: 0, endMs: Math.round((result.durationInSeconds ?? 0) * 1000), text: result.text.trim() }];
    return { segments: segments.filter((s) => s.text), ...(result.language && { language: result.language }), ...(result.durationInSeconds !== undefined && { durationMs: Math.round(result.durationInSeconds * 1000) }) };
  }
}
