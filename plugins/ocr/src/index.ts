import type { PluginContext } from "@rounds/core";
import { createImageParser } from "./image-parser.ts";
import { createRecognizer, type Recognizer } from "./recognizer.ts";

export { createRecognizer, type Recognition, type Recognizer } from "./recognizer.ts";
export { createImageParser } from "./image-parser.ts";

/** Registers the OCR image parser; the Tesseract worker starts on the first image and ends with the host. */
export function activate(ctx: PluginContext): void {
  let started: Promise<Recognizer> | undefined;
  const recognizer = () => (started ??= createRecognizer().catch((e: unknown) => { started = undefined; throw e; }));
  ctx.register("parsers", "ocr", createImageParser(recognizer));
  ctx.subscriptions.push({ dispose: async () => { await (await started?.catch(() => undefined))?.close(); } });
}
