import { createRequire } from "node:module";

type Encode = (text: string) => number[];
let encode: Encode | undefined;

/**
 * BPE token ids (gpt-tokenizer, cl100k/o200k as it ships), loaded on first
 * use: the tokenizer's tables cost ~64 MB and most of a second to load, and
 * most processes (every CLI call, `ask`, the API) never count tokens.
 */
export function bpeEncode(text: string): number[] {
  encode ??= (createRequire(import.meta.url)("gpt-tokenizer") as { encode: Encode }).encode;
  return encode(text);
}
