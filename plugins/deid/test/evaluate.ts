import { readFileSync } from "node:fs";
import type { Deidentifier, PhiSpan, PhiType } from "@rounds/core";

/**
 * Span-level evaluation against labelled sentences. A gold identifier is
 * found when one detected span of a compatible type covers it entirely; a
 * detected span is correct when it overlaps a gold identifier of a compatible
 * type. Compatible: the same type, or the same family below (a fax number
 * reported as a phone number is still removed and still the right kind).
 */
export interface LabelledSentence { text: string; phi: Array<[string, PhiType]> }

const FAMILIES: PhiType[][] = [
  ["PHONE", "FAX"],
  ["LOCATION", "ZIP"],
  ["MRN", "HEALTH_PLAN", "ACCOUNT", "LICENSE", "VEHICLE", "DEVICE", "SSN", "ID"],
];
export const compatible = (a: PhiType, b: PhiType) => a === b || FAMILIES.some((f) => f.includes(a) && f.includes(b));

export function readLabelled(name: string): LabelledSentence[] {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8")
    .split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as LabelledSentence);
}

/** Gold spans with offsets; a substring listed twice means its first and second occurrence. */
export function goldSpans(row: LabelledSentence): Array<{ type: PhiType; start: number; end: number; value: string }> {
  const seen = new Map<string, number>();
  return row.phi.map(([value, type]) => {
    const from = seen.get(value) ?? 0;
    const start = row.text.indexOf(value, from);
    if (start < 0) throw new Error(`fixture: "${value}" is not in "${row.text}"`);
    seen.set(value, start + value.length);
    return { type, start, end: start + value.length, value };
  });
}

export interface TypeScore { type: PhiType; gold: number; found: number; predicted: number; correct: number; recall: number; precision: number }
export interface Evaluation {
  sentences: number; gold: number; found: number; predicted: number; correct: number;
  recall: number; precision: number; perType: TypeScore[];
  /** Token level: share of identifier tokens inside some detected span (any type). */
  tokenRecall: number;
  /** Token level: share of the other tokens that were removed anyway. */
  overRedaction: number;
  misses: string[]; falsePositives: string[];
}

/** Word tokens (runs of letters and digits) with their offsets. */
function tokens(text: string): Array<{ start: number; end: number }> {
  return [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

export async function evaluate(d: Deidentifier, rows: LabelledSentence[], gazetteer: string[] = []): Promise<Evaluation> {
  const per = new Map<PhiType, { gold: number; found: number; predicted: number; correct: number }>();
  const slot = (t: PhiType) => {
    let s = per.get(t);
    if (!s) per.set(t, (s = { gold: 0, found: 0, predicted: 0, correct: 0 }));
    return s;
  };
  const misses: string[] = [];
  const falsePositives: string[] = [];
  const tok = { phi: 0, phiCovered: 0, other: 0, otherCovered: 0 };
  for (const row of rows) {
    const spans: PhiSpan[] = await d.detect(row.text, { gazetteer });
    const gold = goldSpans(row);
    for (const t of tokens(row.text)) {
      const isPhi = gold.some((g) => t.start < g.end && t.end > g.start);
      const covered = spans.some((s) => t.start < s.end && t.end > s.start);
      if (isPhi) { tok.phi++; if (covered) tok.phiCovered++; } else { tok.other++; if (covered) tok.otherCovered++; }
    }
    for (const g of gold) {
      const t = slot(g.type);
      t.gold++;
      if (spans.some((s) => s.start <= g.start && s.end >= g.end && compatible(s.type, g.type))) t.found++;
      else misses.push(`${g.type} "${g.value}"`);
    }
    for (const s of spans) {
      const t = slot(s.type);
      t.predicted++;
      if (gold.some((g) => s.start < g.end && s.end > g.start && compatible(s.type, g.type))) t.correct++;
      else falsePositives.push(`${s.type} "${row.text.slice(s.start, s.end)}"`);
    }
  }
  const perType = [...per].map(([type, t]) => ({
    type, ...t,
    recall: t.gold ? t.found / t.gold : Number.NaN,
    precision: t.predicted ? t.correct / t.predicted : Number.NaN,
  })).sort((a, b) => b.gold - a.gold || a.type.localeCompare(b.type));
  const sum = (k: "gold" | "found" | "predicted" | "correct") => perType.reduce((n, t) => n + t[k], 0);
  return {
    sentences: rows.length, gold: sum("gold"), found: sum("found"), predicted: sum("predicted"), correct: sum("correct"),
    recall: sum("found") / sum("gold"), precision: sum("correct") / sum("predicted"), perType,
    tokenRecall: tok.phi ? tok.phiCovered / tok.phi : Number.NaN, overRedaction: tok.other ? tok.otherCovered / tok.other : 0,
    misses, falsePositives,
  };
}

const fmt = (n: number) => (Number.isNaN(n) ? "  - " : n.toFixed(2));

/** A plain-text table (no patient data: the fixtures are synthetic). */
export function table(title: string, e: Evaluation): string {
  const rows = e.perType.map((t) => `${t.type.padEnd(12)} ${String(t.gold).padStart(4)} ${String(t.predicted).padStart(8)}  ${fmt(t.recall)}    ${fmt(t.precision)}`);
  return [
    `${title}: ${e.sentences} sentences, ${e.gold} identifiers`,
    "type         gold  detected  recall  precision",
    ...rows,
    `${"OVERALL".padEnd(12)} ${String(e.gold).padStart(4)} ${String(e.predicted).padStart(8)}  ${fmt(e.recall)}    ${fmt(e.precision)}`,
    `token recall ${fmt(e.tokenRecall)}, over-redaction ${(e.overRedaction * 100).toFixed(1)}% of other tokens`,
    `misses: ${e.misses.join("; ") || "none"}`,
    `false positives: ${e.falsePositives.join("; ") || "none"}`,
  ].join("\n");
}
