import type { DeidOptions, DeidResult, Deidentifier, LanguageModel, PhiSpan, PhiType } from "@rounds/core";
import { RoundsError } from "@rounds/core/errors";
import { PlaceholderNumbers } from "./placeholders.ts";
import { mergeSpans, type SafeHarborDeidentifier } from "./safe-harbor.ts";

/**
 * An optional second pass by a language model (off unless a model is
 * configured): the first pass runs in recall mode and only its output, with
 * every identifier it found already replaced by a placeholder, goes to the
 * model, which is asked for identifiers still left. A reply is applied only
 * where it occurs verbatim, as whole words, in that redacted text; those
 * places are mapped back to the original and added to the first pass's spans.
 * So a cloud model never sees what the rules remove, and a model that
 * invents text or echoes a placeholder changes nothing.
 *
 * A failed call or an unreadable reply is an error (MODEL_UNAVAILABLE), never
 * a silent first-pass-only result; the error names no text.
 */
export interface SecondPassSettings {
  /** Upper bound of the model's reply, in tokens. */
  maxOutputTokens?: number;
}

const TYPES: ReadonlySet<string> = new Set<PhiType>(["NAME", "LOCATION", "ZIP", "DATE", "AGE", "PHONE", "FAX", "EMAIL", "SSN", "MRN", "HEALTH_PLAN", "ACCOUNT", "LICENSE", "VEHICLE", "DEVICE", "URL", "IP", "ID"]);

export const SECOND_PASS_PROMPT = [
  "You check de-identified clinical text for HIPAA Safe Harbor identifiers that were missed.",
  "Identifiers already removed appear as placeholders like [NAME_1]; ignore them.",
  "List every remaining identifier exactly as written in the text (names of people, places smaller than a state, street addresses, postcodes, dates other than a year, ages over 89, phone and fax numbers, e-mail, URLs, IP addresses, and record, plan, account, licence, vehicle, device or other id numbers).",
  'Reply with JSON only: {"identifiers":[{"text":"<exact text>","type":"NAME|LOCATION|ZIP|DATE|AGE|PHONE|FAX|EMAIL|SSN|MRN|HEALTH_PLAN|ACCOUNT|LICENSE|VEHICLE|DEVICE|URL|IP|ID"}]}. Reply {"identifiers":[]} when none are left.',
].join(" ");

export class ModelSecondPass implements Deidentifier {
  readonly specificationVersion = "v1" as const;
  readonly id: string;

  constructor(private readonly first: SafeHarborDeidentifier, private readonly model: LanguageModel, private readonly settings: SecondPassSettings = {}) {
    this.id = `${first.id}+model`;
  }

  async detect(text: string, options: Pick<DeidOptions, "gazetteer" | "mode"> = {}): Promise<PhiSpan[]> {
    // What the model sees is always the recall-mode output, whatever mode the caller wants back.
    const recall = await this.first.detect(text, { ...options, mode: "recall" });
    const own = options.mode === "precision" ? await this.first.detect(text, options) : recall;
    const { redacted, toOriginal } = redactWith(text, recall);
    if (!/[\p{L}\p{N}]/u.test(redacted.replace(/\[[A-Z_]+_\d+\]/g, ""))) return own;
    const found = await this.ask(redacted);
    const extra: PhiSpan[] = [];
    for (const { text: value, type } of found) {
      for (const at of wholeWordOccurrences(redacted, value)) {
        const start = toOriginal(at);
        const last = toOriginal(at + value.length - 1);
        if (start !== undefined && last !== undefined && !/\[[A-Z_]+_\d+\]/.test(value)) extra.push({ type, start, end: last + 1, confidence: 0.7 });
      }
    }
    return extra.length ? mergeSpans([...own, ...extra]) : own;
  }

  async deidentify(text: string, options: DeidOptions = {}): Promise<DeidResult> {
    const spans = await this.detect(text, options);
    return this.first.write(text, spans, options);
  }

  private async ask(redacted: string): Promise<Array<{ text: string; type: PhiType }>> {
    let reply: string;
    try {
      const result = await this.model.doGenerate({
        prompt: [
          { role: "system", content: SECOND_PASS_PROMPT },
          { role: "user", content: [{ type: "text", text: redacted }] },
        ],
        temperature: 0,
        maxOutputTokens: this.settings.maxOutputTokens ?? 800,
        responseFormat: { type: "json" },
      });
      reply = result.content.flatMap((c) => (c.type === "text" ? [c.text] : [])).join("");
    } catch (error) {
      throw new RoundsError("MODEL_UNAVAILABLE", `The de-identification second pass could not reach its language model (${(error as Error).name}).`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(reply.slice(reply.indexOf("{"), reply.lastIndexOf("}") + 1));
    } catch {
      throw new RoundsError("MODEL_UNAVAILABLE", "The de-identification second pass got a reply that is not the JSON it asked for.");
    }
    const list = (parsed as { identifiers?: unknown }).identifiers;
    if (!Array.isArray(list)) throw new RoundsError("MODEL_UNAVAILABLE", "The de-identification second pass got a reply without an identifiers list.");
    return list.flatMap((item) => {
      const value = (item as { text?: unknown })?.text;
      const type = (item as { type?: unknown })?.type;
      if (typeof value !== "string" || !/[\p{L}\p{N}]/u.test(value) || value.length > 200) return [];
      return [{ text: value.trim(), type: typeof type === "string" && TYPES.has(type) ? (type as PhiType) : "ID" }];
    });
  }
}

/**
 * The text with every span replaced by a numbered placeholder, and a map from
 * a character of the result back to the same character of the original
 * (undefined inside a placeholder).
 */
export function redactWith(text: string, spans: readonly PhiSpan[]): { redacted: string; toOriginal: (at: number) => number | undefined } {
  const numbers = new PlaceholderNumbers();
  const pieces: Array<{ from: number; to: number; original: number }> = [];
  let redacted = "";
  let at = 0;
  for (const s of spans) {
    pieces.push({ from: redacted.length, to: redacted.length + (s.start - at), original: at });
    redacted += text.slice(at, s.start) + numbers.placeholder(s.type, text.slice(s.start, s.end));
    at = s.end;
  }
  pieces.push({ from: redacted.length, to: redacted.length + (text.length - at), original: at });
  redacted += text.slice(at);
  const toOriginal = (i: number) => {
    const p = pieces.find((x) => i >= x.from && i < x.to);
    return p ? p.original + (i - p.from) : undefined;
  };
  return { redacted, toOriginal };
}

/** Every place `value` stands in `text` as whole words (not inside a longer word or number). */
function wholeWordOccurrences(text: string, value: string): number[] {
  const out: number[] = [];
  if (!value) return out;
  const glued = (a: string | undefined, b: string | undefined) => !!a && !!b && /[\p{L}\p{N}]/u.test(a) && /[\p{L}\p{N}]/u.test(b);
  for (let i = text.indexOf(value); i >= 0; i = text.indexOf(value, i + 1)) {
    if (!glued(text[i - 1], value[0]) && !glued(text[i + value.length], value.at(-1))) out.push(i);
  }
  return out;
}
