import type { DeidMode, DeidOperator, DeidOptions, DeidResult, Deidentifier, PhiSpan } from "@rounds/core";
import { extendSpans, joinAdjacent } from "./extend-spans.ts";
import { detectNames } from "./names.ts";
import { detectPatterns } from "./patterns.ts";
import { fragmentLeftBeside, honorificLength, PlaceholderNumbers } from "./placeholders.ts";
import { Pseudonymizer } from "./pseudonymizer.ts";
import { recallSpans } from "./recall-pass.ts";

/**
 * A rule-based HIPAA Safe Harbor de-identifier for clinical notes and session
 * transcripts: the organisation's own patient and staff names (gazetteer),
 * titled, introduced and common given names, and patterns for dates, ages over
 * 89, contact numbers, e-mail, URLs, IPs, places, ZIP codes and record, plan,
 * account, licence, vehicle, device and other id numbers. No model, no
 * network, and it never logs the text it is given. See README.md for limits.
 */
export interface SafeHarborSettings {
  /** Default operator when a call names none. */
  operator?: DeidOperator;
  /** Spans below this confidence are not reported or replaced (0..1). */
  minConfidence?: number;
  /** Names always treated as identifiers, added to each call's gazetteer. */
  gazetteer?: string[];
  /** Mode when a call names none: `recall` (default: remove what is not known safe) or `precision` (rules only). */
  mode?: DeidMode;
}

export const REDACTED = "███";

/** Overlapping spans become one covering all of them; the most confident detection names the type. */
export function mergeSpans(spans: readonly PhiSpan[]): PhiSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end || b.confidence - a.confidence);
  const out: PhiSpan[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && s.start < last.end) {
      if (s.confidence > last.confidence) last.type = s.type;
      last.end = Math.max(last.end, s.end);
      last.confidence = Math.max(last.confidence, s.confidence);
    } else {
      out.push({ ...s });
    }
  }
  return out;
}

export class SafeHarborDeidentifier implements Deidentifier {
  readonly specificationVersion = "v1" as const;
  readonly id = "safe-harbor";
  private readonly operator: DeidOperator;
  private readonly minConfidence: number;
  private readonly gazetteer: string[];
  private readonly mode: DeidMode;

  constructor(settings: SafeHarborSettings = {}) {
    this.operator = settings.operator ?? "placeholder";
    this.minConfidence = settings.minConfidence ?? 0.5;
    this.gazetteer = settings.gazetteer ?? [];
    this.mode = settings.mode ?? "recall";
  }

  async detect(text: string, options: Pick<DeidOptions, "gazetteer" | "mode"> = {}): Promise<PhiSpan[]> {
    const gazetteer = [...this.gazetteer, ...(options.gazetteer ?? [])];
    const recall = (options.mode ?? this.mode) === "recall";
    const found = [...detectPatterns(text, recall), ...detectNames(text, gazetteer)].filter((s) => s.confidence >= this.minConfidence && s.end > s.start);
    if (recall) found.push(...recallSpans(text, found));
    return joinAdjacent(text, mergeSpans(extendSpans(text, mergeSpans(found))));
  }

  async deidentify(text: string, options: DeidOptions = {}): Promise<DeidResult> {
    return this.write(text, await this.detect(text, options), options);
  }

  /** Replaces merged, sorted spans with the call's operators (numbered placeholders by default). */
  write(text: string, spans: PhiSpan[], options: DeidOptions = {}): DeidResult {
    let pseudonyms: Pseudonymizer | undefined;
    const numbers = new PlaceholderNumbers(options.numbering);
    const opFor = (s: PhiSpan) => options.operators?.[s.type] ?? options.operator ?? this.operator;
    // A surrogate beside a leftover of the same identifier would hide the leak ("Quinn M. Szász"): that span, and every
    // other mention of the same words, becomes a numbered placeholder instead.
    const key = (s: PhiSpan) => `${s.type}:${text.slice(s.start, s.end).toLowerCase()}`;
    const noSurrogate = new Set(spans.filter((s) => opFor(s) === "pseudonym" && fragmentLeftBeside(text, s, spans)).map(key));
    let out = "";
    let at = 0;
    for (const s of spans) {
      const original = text.slice(s.start, s.end);
      let op = opFor(s);
      if (op === "pseudonym" && noSurrogate.has(key(s))) op = "placeholder";
      out += text.slice(at, s.start);
      if (op === "keep") out += original;
      else if (op === "redact") out += REDACTED;
      else if (op === "pseudonym") {
        // A surrogate name keeps the honorific recall mode took with the name ("Dr. Quinn", not a fake word for "Dr").
        const title = s.type === "NAME" ? honorificLength(original) : 0;
        out += original.slice(0, title) + (pseudonyms ??= new Pseudonymizer(options.pseudonymSeed ?? "rounds-safe-harbor")).replace(s.type, original.slice(title));
      }
      else out += numbers.placeholder(s.type, original);
      at = s.end;
    }
    return { text: out + text.slice(at), spans };
  }
}
