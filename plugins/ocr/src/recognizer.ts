import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { RoundsError } from "@rounds/core";

/** One recognised image: its text and Tesseract's mean word confidence (0–100). */
export interface Recognition {
  text: string;
  confidence: number;
}

/**
 * Tesseract (tesseract.js, WebAssembly) in a worker thread, with everything it
 * needs from installed packages: the worker script and core come from
 * tesseract.js itself, the English LSTM data from `@tesseract.js-data/eng`
 * (read from disk, never fetched; nothing is cached to disk either). One
 * worker per recogniser; `close` ends it.
 */
export interface Recognizer {
  recognize(image: Uint8Array, onProgress?: (fraction: number) => void): Promise<Recognition>;
  close(): Promise<void>;
}

const require = createRequire(import.meta.url);

/** Where the English data lives: the folder of `eng.traineddata.gz` inside `@tesseract.js-data/eng`. */
function englishDataDir(): string {
  const data = require("@tesseract.js-data/eng") as { langPath: string; gzip: boolean };
  return data.langPath;
}

export async function createRecognizer(): Promise<Recognizer> {
  const tesseract = await import("tesseract.js");
  const corePath = dirname(require.resolve("tesseract.js-core/package.json", { paths: [dirname(require.resolve("tesseract.js"))] }));
  let listener: ((fraction: number) => void) | undefined;
  const worker = await tesseract.createWorker("eng", tesseract.OEM.LSTM_ONLY, {
    langPath: englishDataDir(),
    corePath,
    workerPath: join(dirname(require.resolve("tesseract.js")), "worker-script", "node", "index.js"),
    gzip: true,
    cacheMethod: "none",
    // Without a handler tesseract.js also throws a failed job's error from its message listener (an uncaught
    // exception that would end the process); the job's promise is rejected either way and handled below.
    errorHandler: () => undefined,
    logger: (m) => {
      if (m.status === "recognizing text") listener?.(m.progress);
    },
  });
  let queue: Promise<unknown> = Promise.resolve();
  return {
    recognize(image, onProgress) {
      // One image at a time per worker: progress belongs to the job in flight.
      const run = queue.then(async () => {
        listener = onProgress;
        try {
          const { data } = await worker.recognize(Buffer.from(image.buffer, image.byteOffset, image.byteLength));
          return { text: data.text, confidence: data.confidence };
        } catch {
          throw new RoundsError("PARSE_FAILED", "The image could not be read for OCR.", { details: { reason: "corrupt" } });
        } finally {
          listener = undefined;
        }
      });
      queue = run.catch(() => undefined);
      return run;
    },
    async close() {
      await worker.terminate();
    },
  };
}
