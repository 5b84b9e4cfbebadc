import type { DataValue, Metric, MetricParameter } from "../ports/index.ts";
import { expandShorthand, hasWord } from "./question-words.ts";
import { type Duration, readDurations, readQuestionFacts, type QuestionFacts } from "./question-periods.ts";

/**
 * Text cited next to a data answer (a protocol passage): a duration
 * parameter the question leaves unsaid is read from it before falling back
 * to the metric's default. `label` names it in the reading ("the protocol [1]").
 */
export interface MetricEvidence {
  text: string;
  label: string;
}

/** A question matched to a metric, with the parameters read from it. */
export interface MetricMatch {
  metric: Metric;
  parameters: Record<string, DataValue>;
  /** Share of the best phrase's words found in the question, 0..1. */
  score: number;
  /** How each parameter got its value: from the question or the metric's default. */
  readings: string[];
}

const STOP = new Set(("a an the of in on for to by with and or our we us did do does how many much what which who is are was were " +
  "there have has had me show tell give list number count total any all per at from this that these those it its be been " +
  "please can you i my last past previous current month week year day days months weeks years since between").split(" "));

/** Lower-case word stems (a light suffix strip, so "infusions" meets "infusion" and "coatings" "coating"). */
export function stems(text: string): string[] {
  return (text.toLowerCase().normalize("NFKD").match(/[a-z]+/g) ?? [])
    .filter((w) => !STOP.has(w))
    .map((w) => w.length > 4 ? w.replace(/(ies)$/, "y").replace(/(ing|ed|es|s)$/, "") : w);
}

/** Share of the phrase's stems that occur in the question's stems (one typo forgiven in longer words). */
function coverage(phrase: string[], question: Set<string>): number {
  if (!phrase.length) return 0;
  return phrase.filter((s) => hasWord(question, s)).length / phrase.length;
}

/** Whether the question names a category value: each of its words, as written, plural or with one typo. */
function namesValue(value: string, words: Set<string>): boolean {
  return value.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean).every((w) => words.has(w) || words.has(`${w}s`) || words.has(`${w}es`) || hasWord(words, w) || hasWord(words, `${w}s`));
}

/**
 * The minimum coverage a metric needs. Chosen on the tuning half of
 * `metric-questions.ts` (the other half only measures it).
 */
export const MATCH_THRESHOLD = 0.6;

/**
 * The metric a question asks for, without a language model: each metric's
 * phrases (and its category values) are scored by the share of their word
 * stems the question holds; the best above the threshold wins, and its
 * parameters are read from the question's period, range, numbers and
 * category words, else their defaults. `undefined`: no metric fits.
 */
export function matchMetric(asked: string, metrics: Metric[], now: Date, threshold = MATCH_THRESHOLD, evidence?: MetricEvidence): MetricMatch | undefined {
  const question = expandShorthand(asked);
  const q = new Set(stems(question));
  const words = new Set(question.match(/[a-z0-9]+/g) ?? []);
  let best: { metric: Metric; score: number; tie: number } | undefined;
  for (const metric of metrics) {
    const phrases = [metric.title, ...metric.phrases].map(stems);
    let score = Math.max(...phrases.map((p) => coverage(p, q)));
    // A category value the question names ("anti-reflective") is evidence for the metric that takes it.
    const categoryHit = metric.parameters.some((p) => p.type === "category" && (p.values ?? []).some((v) => namesValue(v, words)));
    if (categoryHit) score = Math.min(1, score + 0.2);
    const tie = Math.max(...phrases.map((p) => p.filter((s) => hasWord(q, s)).length));
    if (score >= threshold && (!best || score > best.score || (score === best.score && tie > best.tie))) best = { metric, score, tie };
  }
  if (!best) return undefined;
  const facts = readQuestionFacts(question, now);
  const { parameters, readings } = readParameters(best.metric.parameters, facts, words, now, evidence);
  return { metric: best.metric, parameters, score: best.score, readings };
}

const PER_UNIT = { minutes: 1, hours: 60, days: 1440 } as const;

function inUnit(d: Duration, unit: keyof typeof PER_UNIT, type: MetricParameter["type"]): number {
  const v = d.minutes / PER_UNIT[unit];
  return type === "integer" ? Math.round(v) : v;
}

function readParameters(declared: MetricParameter[], facts: QuestionFacts, words: Set<string>, now: Date, evidence?: MetricEvidence): { parameters: Record<string, DataValue>; readings: string[] } {
  const parameters: Record<string, DataValue> = {};
  const readings: string[] = [];
  const numbers = [...facts.numbers];
  const durations = [...facts.durations];
  const cited = evidence ? readDurations(evidence.text.toLowerCase()) : [];
  for (const p of declared) {
    let value: DataValue | undefined;
    let from = "";
    if (p.type === "date") {
      if (facts.period) {
        value = p.role === "end" ? facts.period.end : facts.period.start;
        from = `"${facts.period.phrase}"`;
      } else value = resolveDefault(p, now);
    } else if ((p.type === "integer" || p.type === "number") && p.unit) {
      const d = durations.shift();
      const e = d ? undefined : cited.shift();
      if (d) { value = inUnit(d, p.unit, p.type); from = `"${d.phrase}"`; } else if (e) { value = inUnit(e, p.unit, p.type); from = `${evidence!.label}: "${e.phrase}"`; }
      value ??= resolveDefault(p, now);
    } else if (p.type === "integer" || p.type === "number") {
      if (facts.range && (p.role === "min" || p.role === "max")) {
        const v = p.role === "min" ? facts.range.min : facts.range.max;
        if (v !== undefined) { value = v; from = `"${facts.range.phrase}"`; }
      } else if (!p.role && numbers.length) {
        value = numbers.shift()!;
        from = "the question";
      }
      value ??= resolveDefault(p, now);
    } else {
      const hit = (p.values ?? []).filter((v) => namesValue(v, words)).sort((a, b) => b.length - a.length)[0];
      if (hit) { value = hit; from = `"${hit}"`; } else value = resolveDefault(p, now);
    }
    parameters[p.name] = value ?? null;
    readings.push(`${p.name} = ${value === null ? "any" : String(value)}${from ? ` (from ${from})` : " (default)"}`);
  }
  return { parameters, readings };
}

/**
 * A parameter's default as a value: dates may be written relative to today
 * (`today`, `tomorrow`, `start_of_month`, `start_of_year`, `-30d`); the
 * metric's source resolves them the same way when a caller names none.
 */
export function resolveDefault(p: Pick<MetricParameter, "type" | "default">, now: Date): DataValue {
  const d = p.default;
  if (d === undefined) return null;
  if (p.type !== "date") return d;
  const day = (offset: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + offset)).toISOString().slice(0, 10);
  if (d === "today") return day(0);
  if (d === "tomorrow") return day(1);
  if (d === "start_of_month") return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString().slice(0, 10);
  if (d === "start_of_year") return `${now.getUTCFullYear()}-01-01`;
  if (typeof d === "string" && /^-\d+d$/.test(d)) return day(-Number(d.slice(1, -1)));
  return d;
}
