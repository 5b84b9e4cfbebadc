import type { Transcriber, TranscriptSegment } from "../../ports/index.ts";

/** Returns fixed segments for any audio. */
export class FakeTranscriber implements Transcriber {
  readonly specificationVersion = "v1" as const;
  readonly id = "fake";
  constructor(private readonly segments: TranscriptSegment[] = [
    { speaker: "A", startMs: 0, endMs: 1500, text: "How have you been sleeping?" },
    { speaker: "B", startMs: 1500, endMs: 4000, text: "Better since the last session." },
  ]) {}
  async transcribe() {
    return { segments: this.segments, language: "en", durationMs: this.segments.at(-1)?.endMs ?? 0 };
  }
}
