/**
 * Does a statement's cited turns support it? Two layers, both general (no
 * topic words): the statement must share content words with the turns
 * (`sharesWords`), and must not contradict them (`contradiction`) in any of
 * four ways a paraphrase can misstate a turn while reusing its words:
 * - **negation**: most shared words are negated in one and affirmed in the
 *   other ("denies suicidal thoughts" vs "reports suicidal thoughts");
 * - **number**: a number, dose or duration the turns do not have, or a
 *   frequency unit they do not mention ("twice a week" vs "every day");
 * - **speaker**: "the client said/reported/…" citing only the clinician's
 *   turns, or "the therapist suggested/…" citing only the patient's;
 * - **certainty**: the statement asserts ("will", "decided") what every cited
 *   patient turn hedges ("maybe", "I might"), and hedges nothing itself.
 * Still not entailment: a statement can misstate a turn in other ways and pass.
 */
import type { TranscriptTurn } from "./transcript-turns.ts";

const STOP = new Set(["the", "and", "that", "this", "with", "from", "have", "been", "they", "them", "their", "about", "would", "could", "should", "there", "what", "when", "which", "will", "into", "than", "then", "also", "patient", "client", "clinician", "therapist", "session", "said", "says", "reported", "reports", "stated", "states", "described", "discussed"]);
const stem = (w: string) => w.replace(/(?:ing|ed|es|s|ly)$/, "");
const clean = (t: string) => t.toLowerCase().replace(/\{\{RED:|\}\}|\[T\d+\]/g, " ").replace(/[’‘]/g, "'");
const contentWords = (t: string) => new Set(clean(t).split(/[^a-z']+/).filter((w) => w.length >= 4 && !STOP.has(w)).map(stem));

/** The lexical layer: at least two content words shared with the cited turns (one for very short statements). */
export function sharesWords(statement: string, turns: TranscriptTurn[]): boolean {
  const s = contentWords(statement);
  const source = new Set(turns.flatMap((t) => [...contentWords(t.text)]));
  const shared = [...s].filter((w) => source.has(w)).length;
  return shared >= Math.min(2, Math.max(1, s.size));
}

export type Contradiction = "negation" | "number" | "speaker" | "certainty";

// ---- negation ---------------------------------------------------------------

const NEGATION = /^(?:not|no|never|none|nothing|nobody|nowhere|without|neither|nor|cannot|deny|denies|denied|denying|barely|hardly|[a-z]+n't|(?:do|does|did|ca|wo|is|was|are|were|have|has|had|could|should|would|ai)nt)$/;
const CLAUSE_BREAK = /^(?:[.,;:!?]|but|although|though|however|despite|except|whereas|while|yet)$/;
/** Words too common to carry a claim's polarity. */
const FUNCTION_WORDS = new Set(["the", "and", "for", "are", "was", "were", "has", "had", "have", "been", "being", "you", "she", "him", "her", "his", "its", "our", "they", "them", "their", "this", "that", "these", "those", "with", "from", "into", "onto", "about", "than", "then", "there", "here", "what", "when", "which", "who", "whom", "will", "would", "could", "should", "can", "may", "might", "must", "shall", "any", "some", "all", "more", "most", "very", "just", "also", "yet", "still", "now", "one", "did", "does", "doing", "done", "get", "got", "say", "said", "says", "patient", "client", "clinician", "therapist", "counsellor", "counselor", "reported", "reports", "report", "stated", "states", "described", "describes", "since", "like", "much", "many", "really", "well", "too", "again", "any", "more", "longer"]);

const tokens = (t: string) => clean(t).match(/[a-z0-9']+|[.,;:!?]/g) ?? [];

/** Each word's polarity in a text: negated when a negation cue comes before it in its clause. A bare "No," is an answer, not a negation. */
function polarities(text: string): Map<string, Set<boolean>> {
  const out = new Map<string, Set<boolean>>();
  let negated = false;
  const toks = tokens(text);
  toks.forEach((w, i) => {
    if (CLAUSE_BREAK.test(w)) { negated = false; return; }
    if (NEGATION.test(w)) {
      if (!(w === "no" && (toks[i + 1] === "," || toks[i + 1] === "." || i === toks.length - 1))) negated = true;
      return;
    }
    if (w.length < 3 || FUNCTION_WORDS.has(w) || /^\d/.test(w)) return;
    const key = stem(w);
    (out.get(key) ?? out.set(key, new Set()).get(key)!).add(negated);
  });
  return out;
}

function negationFlip(statement: string, turns: TranscriptTurn[]): boolean {
  const s = polarities(statement);
  const t = new Map<string, Set<boolean>>();
  for (const turn of turns) for (const [w, p] of polarities(turn.text)) for (const v of p) (t.get(w) ?? t.set(w, new Set()).get(w)!).add(v);
  let agree = 0, conflict = 0;
  for (const [w, sp] of s) {
    const tp = t.get(w);
    // A word said both ways (in the statement or the turns) says nothing about which way the claim goes.
    if (!tp || sp.size !== 1 || tp.size !== 1) continue;
    if ([...sp][0] === [...tp][0]) agree++;
    else conflict++;
  }
  return conflict > agree;
}

// ---- numbers and frequencies ------------------------------------------------

const NUMBER_WORDS: Record<string, number> = {
  two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15,
  sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90, hundred: 100,
  once: 1, twice: 2, single: 1, double: 2, half: 0.5,
};
const MEASURE_UNIT: Record<string, string> = {
  mg: "mg", milligram: "mg", milligrams: "mg", mcg: "mcg", microgram: "mcg", micrograms: "mcg", g: "g", gram: "g", grams: "g", ml: "ml", millilitre: "ml", milliliter: "ml", millilitres: "ml", milliliters: "ml",
  minute: "minute", minutes: "minute", hour: "hour", hours: "hour", day: "day", days: "day", night: "night", nights: "night", week: "week", weeks: "week", weekend: "weekend", weekends: "weekend",
  month: "month", months: "month", year: "year", years: "year",
};
const SKIP = new Set(["a", "an", "per", "times", "time", "or", "to", "and", "every", "each", "of", "more", "less", "about", "around"]);
/**
 * Numbers a text states, each with the unit of time or dose that follows it when there is one ("20 mg", "two
 * weeks", "twice a day"). "one" is left out: it is as often a pronoun as a count.
 */
function numbers(text: string): Array<{ n: number; unit: string | undefined }> {
  const words = clean(text).replace(/(\d),(\d{3})/g, "$1$2").replace(/(\d)(mg|mcg|ml|g)\b/g, "$1 $2").match(/\d+(?:\.\d+)?|[a-z]+/g) ?? [];
  const value = (w: string) => (/^\d/.test(w) ? Number(w) : NUMBER_WORDS[w]);
  const out: Array<{ n: number; unit: string | undefined }> = [];
  words.forEach((w, i) => {
    const n = value(w);
    if (n === undefined) return;
    let j = i + 1;
    while (j < words.length && (SKIP.has(words[j]!) || value(words[j]!) !== undefined)) j++;
    out.push({ n, unit: MEASURE_UNIT[words[j] ?? ""] });
  });
  return out;
}
const UNIT = "(hour|day|night|morning|evening|afternoon|week|weekend|weekday|fortnight|month|year)";
const FREQUENCY = new RegExp(`\\b(?:every|each|per|a|an)\\s+(?:other\\s+)?${UNIT}s?\\b|\\b(hour|dai|night|week|month|year)ly\\b`, "g");
const unitOf = (m: RegExpMatchArray) => (m[1] ?? (m[2] === "dai" ? "day" : m[2]!));
/** A number, or a frequency's unit, in the statement that the cited turns do not have. */
function numberChanged(statement: string, turns: TranscriptTurn[]): boolean {
  const source = turns.map((t) => t.text).join(" ");
  const have = numbers(source);
  // A number the turns do not have, or have only with another unit of time or dose ("twice a day" vs "two weeks").
  if (numbers(statement).some(({ n, unit }) => !have.some((h) => h.n === n && (!unit || !h.unit || h.unit === unit)))) return true;
  const said = clean(source);
  return [...clean(statement).matchAll(FREQUENCY)].some((m) => !new RegExp(`\\b${unitOf(m) === "day" ? "(?:day|dai)" : unitOf(m)}`).test(said));
}

// ---- speaker ----------------------------------------------------------------

const SPEECH_VERB = "(?:said|says|stated|states|reported|reports|described|describes|explained|explains|mentioned|mentions|noted|notes|shared|shares|suggested|suggests|proposed|proposes|expressed|expresses|disclosed|discloses|admitted|admits|denied|denies|endorsed|endorses|agreed|agrees|committed|commits|wants|wanted|planned|plans|asked|asks|reflected|reflects|offered|offers|recommended|recommends|advised|advises|acknowledged|acknowledges|identified|identifies|told|tells|added|adds|pointed out|emphasi[sz]ed)";
const ADVERB = "(?:\\s+(?:also|then|later|again|further|clearly|briefly|openly))?";
const CLIENT_SAYS = new RegExp(`^(?:the\\s+)?(?:client|patient)${ADVERB}\\s+${SPEECH_VERB}\\b`, "i");
const CLINICIAN_SAYS = new RegExp(`^(?:the\\s+)?(?:therapist|clinician|counsell?or|doctor|provider|practitioner)${ADVERB}\\s+${SPEECH_VERB}\\b`, "i");

function speakerWrong(statement: string, turns: TranscriptTurn[]): boolean {
  const s = statement.replace(/^\{\{RED:/, "").trim();
  if (CLIENT_SAYS.test(s)) return turns.every((t) => t.role === "clinician");
  if (CLINICIAN_SAYS.test(s)) return turns.every((t) => t.role !== "clinician");
  return false;
}

// ---- certainty --------------------------------------------------------------

const HEDGE = /\b(?:maybe|might|perhaps|possibly|probably|i think|i guess|i suppose|not sure|unsure|kind of|sort of|could|thinking about|thinking of|considering|hopefully|i may|if i can|not certain)\b/;
/** A statement hedges with a third-person hedge, or by repeating the turn's own ("I think", "kind of" in a quote). */
const STATEMENT_HEDGE = new RegExp(`${HEDGE.source}|\\b(?:may|considers|thinks about|uncertain|tentative(?:ly)?|ambivalent|would like|hopes?|wonder(?:s|ed)?|open to|undecided)\\b`);
const CERTAIN = /\b(?:will|won't|decided|has decided|committed|commits|is going to|are going to|definitely|certainly|confident|determined|is sure|are sure|intends to|plans to|has chosen|confirmed)\b/;

function certaintyAdded(statement: string, turns: TranscriptTurn[]): boolean {
  const patient = turns.filter((t) => t.role !== "clinician");
  if (!patient.length || !patient.every((t) => HEDGE.test(clean(t.text)))) return false;
  const s = clean(statement);
  return CERTAIN.test(s) && !STATEMENT_HEDGE.test(s);
}

/** How the statement contradicts its cited turns, if it does in one of the ways checked. */
export function contradiction(statement: string, turns: TranscriptTurn[]): Contradiction | undefined {
  if (speakerWrong(statement, turns)) return "speaker";
  if (numberChanged(statement, turns)) return "number";
  if (negationFlip(statement, turns)) return "negation";
  if (certaintyAdded(statement, turns)) return "certainty";
  return undefined;
}

/** Supported: shares content words with the cited turns and contradicts them in none of the ways checked. */
export function supports(statement: string, turns: TranscriptTurn[]): boolean {
  return sharesWords(statement, turns) && contradiction(statement, turns) === undefined;
}
