import { experimental_transcribe as transcribe, type TranscriptionModel } from "ai";
import type OpenAI from "openai";
import type { TranscriptionDiarized } from "openai/resources/audio/transcriptions";
import { toFile } from "openai";
import type { Transcriber, TranscriptSegment } from "@rounds/core";
import { safeCall } from "./safe-call.ts";

type TranscribeInput = Parameters<Transcriber["transcribe"]>[0];

/** A model that labels speakers (OpenAI's `gpt-4o-transcribe-diarize` and its snapshots). */
function isDiarizingModel(modelId: string): boolean {
  return /diariz/i.test(modelId);
}

/** OpenAI labels speakers `A`, `B`, …; a transcript reads better as "Speaker A". */
function speakerLabel(raw: string | undefined): string | undefined {
  const s = raw?.trim();
  if (!s) return undefined;
  return /^[A-Z]$/.test(s) ? `Speaker ${s}` : s;
}

const ms = (seconds: number) => Math.round(seconds * 1000);

/**
 * Speech to text with timed segments, and speaker turns when the model
 * diarizes.
 *
 * Plain models go through the AI SDK's transcription API (verbose JSON
 * segments). Diarizing models go through the `openai` SDK instead: the AI
 * SDK always asks for `verbose_json`, which diarizing models reject, and
 * its response schema drops the `speaker` field, so `diarized_json` with
 * `chunking_strategy: "auto"` (required above 30 s of audio) is requested
 * directly.
 */
export class OpenAITranscriber implements Transcriber {
  readonly specificationVersion = "v1" as const;
  readonly id = "openai";

  constructor(
    private readonly model: TranscriptionModel,
    private readonly options: { modelId: string; client: () => OpenAI; maxRetries?: number },
  ) {}

  async transcribe(input: TranscribeInput) {
    return isDiarizingModel(this.options.modelId) ? this.diarized(input) : this.plain(input);
  }

  private async plain(input: TranscribeInput) {
    const result = await safeCall("speech-to-text", () => transcribe({
      model: this.model, audio: input.audio, maxRetries: this.options.maxRetries ?? 2,
      providerOptions: { openai: { timestampGranularities: ["segment"], ...(input.language && { language: input.language }) } },
      ...(input.signal && { abortSignal: input.signal }),
    }));
    const segments: TranscriptSegment[] = result.segments.length
      ? result.segments.map((s) => ({ startMs: ms(s.startSecond), endMs: ms(s.endSecond), text: s.text.trim() }))
      : [{ startMs: 0, endMs: ms(result.durationInSeconds ?? 0), text: result.text.trim() }];
    return { segments: segments.filter((s) => s.text), ...(result.language && { language: result.language }), ...(result.durationInSeconds !== undefined && { durationMs: ms(result.durationInSeconds) }) };
  }

  private async diarized(input: TranscribeInput) {
    const extension = input.mediaType.split("/")[1]?.replace(/^x-/, "").replace("mpeg", "mp3") ?? "wav";
    // The SDK's overloads type `diarized_json` responses as plain `Transcription`.
    const result = await safeCall("speech-to-text", async () => (await this.options.client().audio.transcriptions.create({
      model: this.options.modelId,
      file: await toFile(input.audio, `audio.${extension}`, { type: input.mediaType }),
      response_format: "diarized_json",
      chunking_strategy: "auto",
      ...(input.language && { language: input.language }),
    }, { ...(input.signal && { signal: input.signal }) })) as unknown as TranscriptionDiarized);
    const segments = result.segments
      .map((s): TranscriptSegment => {
        const speaker = speakerLabel(s.speaker);
        return { startMs: ms(s.start), endMs: ms(s.end), text: s.text.trim(), ...(speaker && { speaker }) };
      })
      .filter((s) => s.text);
    return { segments, ...(typeof result.duration === "number" && { durationMs: ms(result.duration) }) };
  }
}
