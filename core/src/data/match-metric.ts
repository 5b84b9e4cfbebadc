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

/** Whether the question's stems hold a phrase stem: exactly, with one typo, or as the start of a longer word ("cancell" in "cancellation"). */
function holdsStem(question: Set<string>, stem: string): boolean {
  if (hasWord(question, stem)) return true;
  if (stem.length < 4) return false;
  for (const w of question) if (w.startsWith(stem)) return true;
  return false;
}

/** Share of the phrase's stems that occur in the question's stems. */
function coverage(phrase: string[], question: Set<string>): number {
  if (!phrase.length) return 0;
  return phrase.filter((s) => holdsStem(question, s)).length / phrase.length;
}

/**
 * A category value counts as a phrase of its metric, well below the metric's own phrases: alone it
 * stays under the threshold (at 0.9 the admin suite's "Which lens coatings are low on stock?", its
 * low_stock removed, went to sales_by_category, which also takes "lens coating").
 */
const VALUE_PHRASE_WEIGHT = 0.5;
/**
 * Weight of the share of the question the metric's words explain: 0.2 and 0.1 scored alike on the
 * tune split and the independent set, but at 0.2 the admin suite's "How many stock items do we
 * hold?" (no metric) reached low_stock, so 0.1.
 */
const EXPLAINED_WEIGHT = 0.1;

/** Whether the question holds a word: as written, plural, with one typo, or shortened / lengthened ("exam" in "examinations", "consult" for "consultation"). */
function holds(words: Set<string>, w: string): boolean {
  if (words.has(w) || words.has(`${w}s`) || words.has(`${w}es`) || hasWord(words, w) || hasWord(words, `${w}s`)) return true;
  for (const q of words) {
    if (w.length >= 4 && q.startsWith(w) && q.length - w.length >= 2) return true;
    const bare = q.replace(/s$/, "");
    if (bare.length >= 5 && w.startsWith(bare)) return true;
  }
  return false;
}

const valueWords = (value: string) => value.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);

/** Whether the question names a category value: each of its words. */
function namesValue(value: string, words: Set<string>): boolean {
  return valueWords(value).every((w) => holds(words, w));
}

/**
 * The value of a category the question names: whole (the longest), else the
 * only value one of whose distinctive words it holds (a word no other value
 * of the parameter has: "coatings" for "lens coating", "nasal spray" for
 * "esketamine nasal spray").
 */
function namedValue(values: readonly string[], words: Set<string>): string | undefined {
  const whole = values.filter((v) => namesValue(v, words)).sort((a, b) => b.length - a.length)[0];
  if (whole) return whole;
  const count = new Map<string, number>();
  for (const v of values) for (const w of new Set(valueWords(v))) count.set(w, (count.get(w) ?? 0) + 1);
  const partly = values.filter((v) => valueWords(v).some((w) => count.get(w) === 1 && w.length >= 3 && holds(words, w)));
  return partly.length === 1 ? partly[0] : undefined;
}

/**
 * Statistics a question may ask for that a count metric does not give: the
 * metric must name the word (title, description or its SQL's columns) to
 * answer it. "How long is the wait", "average dose", "price of a frame" are
 * other questions, not the count of the metric that shares their nouns.
 */
const STATISTICS: Array<[RegExp, string[]]> = [
  [/\baverage\b|\bmean\b|\bmedian\b/, ["average", "mean", "median", "avg"]],
  [/\bhow long\b|\bwait(?:ing)?\b|\bduration\b/, ["wait", "duration", "minutes", "hours", "long"]],
  [/\bprices?\b|\bcosts?\b|\bmargins?\b|\bprofits?\b/, ["price", "cost", "margin", "profit"]],
  [/\bnames?\b|\bwho\b|\bwhich (?:patients|clinicians?|staff|doctors?)\b/, ["name", "names", "who"]],
];

const ACTION = /^(?:please )?(?:order|book|cancel|send|delete|remove|update|change|schedule|reschedule|email|call|text|add|create|buy|pay|refund|move|set)\b/;

function asksOtherStatistic(question: string, metric: Metric): boolean {
  const own = `${metric.title} ${metric.description} ${metric.sql}`.toLowerCase();
  return STATISTICS.some(([asked, names]) => asked.test(question) && !names.some((n) => new RegExp(`\\b${n}`).test(own)));
}

/** Parameters a length of time fills: a declared unit, or a name that is one ("days"). */
function unitOf(p: MetricParameter): keyof typeof PER_UNIT | undefined {
  if (p.unit) return p.unit;
  const name = /^(minutes|hours|days)$/.exec(p.name)?.[1];
  return name as keyof typeof PER_UNIT | undefined;
}

/**
 * How well the facts the question states fit the metric's parameters: a
 * range needs a min/max parameter, a length of time one in a unit, a period a
 * date; each fact with nowhere to go counts against the metric, each taken
 * counts for it.
 */
function slotFit(facts: QuestionFacts, metric: Metric): number {
  const has = (f: (p: MetricParameter) => boolean) => metric.parameters.some(f);
  let fit = 0;
  if (facts.range) fit += has((p) => p.role === "min" || p.role === "max") ? 0.1 : -0.3;
  if (facts.durations.length) fit += has((p) => !!unitOf(p)) ? 0.1 : -0.3;
  if (facts.period) fit += has((p) => p.type === "date") ? 0 : -0.1;
  return fit;
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
  // A request to act ("order 20 more frames", "cancel the 3pm") is not a question about the data.
  if (ACTION.test(question.trim())) return undefined;
  const facts = readQuestionFacts(question, now);
  let best: { metric: Metric; score: number; tie: number } | undefined;
  for (const metric of metrics) {
    if (asksOtherStatistic(question, metric)) continue;
    const phrases = [metric.title, ...metric.phrases].map(stems);
    const values = metric.parameters.flatMap((p) => (p.type === "category" ? p.values ?? [] : [])).map(stems);
    // A category value the question names ("anti-reflective") is evidence for the metric that takes it.
    // Only a value named whole counts for the metric: a distinctive word alone ("infusion") fills the parameter but is no evidence
    // that this metric is the one asked for (the hybrid suite's "missed the observation ... after an infusion" is short_observation).
    const categoryHit = metric.parameters.some((p) => p.type === "category" && (p.values ?? []).some((v) => namesValue(v, words))) ? 0.2 : 0;
    const phraseScore = Math.max(...phrases.map((p) => coverage(p, q))) + categoryHit;
    // The share of the question's words the metric's own words explain (title, description, phrases, parameters and values).
    const vocabulary = new Set(stems([metric.title, metric.description, ...metric.phrases, ...metric.parameters.flatMap((p) => [p.name.replace(/_/g, " "), p.description ?? "", ...(p.values ?? [])])].join(" ")));
    const explained = q.size ? [...q].filter((w) => holdsStem(vocabulary, w)).length / q.size : 0;
    const score = Math.max(phraseScore, ...values.map((v) => VALUE_PHRASE_WEIGHT * coverage(v, q))) + slotFit(facts, metric) + EXPLAINED_WEIGHT * explained;
    const tie = explained;
    if (score >= threshold && (!best || score > best.score || (score === best.score && tie > best.tie))) best = { metric, score, tie };
  }
  if (!best) return undefined;
  best.score = Math.min(1, best.score);
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
    } else if ((p.type === "integer" || p.type === "number") && unitOf(p)) {
      const unit = unitOf(p)!;
      const d = durations.shift();
      const e = d ? undefined : cited.shift();
      if (d) { value = inUnit(d, unit, p.type); from = `"${d.phrase}"`; } else if (e) { value = inUnit(e, unit, p.type); from = `${evidence!.label}: "${e.phrase}"`; }
      // A bare number with the unit left unsaid ("within 30").
      else if (!p.unit && !p.role && numbers.length) { value = numbers.shift()!; from = "the question"; }
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
      const hit = namedValue(p.values ?? [], words);
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
