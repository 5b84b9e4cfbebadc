export interface TranscriptSegment {
  speaker?: string;
  startMs: number;
  endMs: number;
  text: string;
}

/**
 * Speech to text with speaker turns where the provider gives them.
 * Version history: v1 (initial).
 */
export interface Transcriber {
  readonly specificationVersion: "v1";
  readonly id: string;
  transcribe(input: { audio: Uint8Array; mediaType: string; language?: string; signal?: AbortSignal }): Promise<{
    segments: TranscriptSegment[];
    language?: string;
    durationMs?: number;
  }>;
}
