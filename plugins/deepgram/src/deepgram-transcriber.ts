import type { DeepgramClient, Deepgram } from "@deepgram/sdk";
import { RoundsError, type Transcriber, type TranscriptSegment } from "@rounds/core";
import { upstreamError } from "./upstream-error.ts";

type TranscribeInput = Parameters<Transcriber["transcribe"]>[0];

export interface DeepgramTranscriberOptions {
  model: string;
  smartFormat: boolean;
  maxRetries: number;
  timeoutSeconds: number;
}

/** Deepgram numbers speakers 0, 1, …; transcripts name them like the OpenAI transcriber does: "Speaker A", "Speaker B", … */
function speakerLabel(n: number | undefined): string | undefined {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) return undefined;
  return n < 26 ? `Speaker ${String.fromCharCode(65 + n)}` : `Speaker ${n + 1}`;
}

const ms = (seconds: number | undefined) => Math.round((seconds ?? 0) * 1000);

/**
 * Speech to text over Deepgram's pre-recorded API (`POST /v1/listen`) with
 * diarisation and utterances: each utterance becomes one timed transcript
 * turn with its speaker. The audio goes up as the raw body with its media
 * type (no file name, which could carry a patient's name).
 */
export class DeepgramTranscriber implements Transcriber {
  readonly specificationVersion = "v1" as const;
  readonly id = "deepgram";

  constructor(private readonly client: () => DeepgramClient, private readonly options: DeepgramTranscriberOptions) {}

  async transcribe(input: TranscribeInput) {
    let response: Deepgram.listen.v1.MediaTranscribeResponse;
    try {
      response = await this.client().listen.v1.media.transcribeFile(
        { data: input.audio, contentType: input.mediaType, contentLength: input.audio.byteLength },
        {
          model: this.options.model,
          diarize: true, utterances: true, punctuate: true, smart_format: this.options.smartFormat,
          ...(input.language && { language: input.language }),
        },
        { maxRetries: this.options.maxRetries, timeoutInSeconds: this.options.timeoutSeconds, ...(input.signal && { abortSignal: input.signal }) },
      );
    } catch (error) {
      if (input.signal?.aborted) throw error;
      throw upstreamError(error);
    }
    if (!("results" in response)) throw new RoundsError("UPSTREAM_FAILED", "The Deepgram speech-to-text service answered without results.");
    const results = response.results;
    const utterances = results.utterances ?? [];
    const segments: TranscriptSegment[] = utterances.length
      ? utterances.map((u) => {
        const speaker = speakerLabel(u.speaker);
        return { startMs: ms(u.start), endMs: ms(u.end), text: (u.transcript ?? "").trim(), ...(speaker && { speaker }) };
      })
      : fromWords(results.channels?.[0]);
    const language = results.channels?.[0]?.detected_language ?? input.language;
    const duration = response.metadata?.duration;
    return {
      segments: segments.filter((s) => s.text).sort((a, b) => a.startMs - b.startMs),
      ...(language && { language }),
      ...(typeof duration === "number" && { durationMs: ms(duration) }),
    };
  }
}

/**
 * Without utterances (a deployment that leaves them out), the best
 * alternative's words, consecutive words of one speaker making one turn.
 */
function fromWords(channel: Deepgram.ListenV1ResponseResultsChannelsItem | undefined): TranscriptSegment[] {
  const turns: TranscriptSegment[] = [];
  let speakerOfLast: number | undefined;
  // Deepgram documents `punctuated_word` (with punctuate / smart_format); the SDK's type leaves it out.
  const words = (channel?.alternatives?.[0]?.words ?? []) as Array<{ word?: string; punctuated_word?: string; start?: number; end?: number; speaker?: number }>;
  for (const w of words) {
    const text = (w.punctuated_word ?? w.word ?? "").trim();
    if (!text) continue;
    const last = turns.at(-1);
    if (last && w.speaker === speakerOfLast) {
      last.text += ` ${text}`;
      last.endMs = ms(w.end);
    } else {
      const speaker = speakerLabel(w.speaker);
      turns.push({ startMs: ms(w.start), endMs: ms(w.end), text, ...(speaker && { speaker }) });
      speakerOfLast = w.speaker;
    }
  }
  return turns;
}
