/**
 * What a question asks for (treatment, symptoms, diagnosis, dosage, …) and
 * what it asks about (its subject). The intent picks the sentences that
 * answer; the subject decides which passages may answer at all. Both are
 * read from general English cue words, never from a particular corpus.
 */
import { stem, terms, words } from "../text/analyze.ts";

export type Intent =
  | "treatment" | "symptoms" | "diagnosis" | "dosage" | "inheritance" | "genetics" | "frequency"
  | "causes" | "risk" | "outlook" | "prevention" | "complications" | "stages" | "research" | "definition";

interface IntentCues {
  /** Words in a question that ask for this. */
  ask: string;
  /**
   * Words that ask for this too but also name what the question is about, so they stay in its subject (and in
   * retrieval's): "when can they do reconstructive *surgery*", "are we both *carriers*?".
   */
  also?: string;
  /** Words in an answering sentence or its section heading. */
  answer: string;
}

const CUES: Record<Exclude<Intent, "definition">, IntentCues> = {
  dosage: { ask: "dose doses dosage dosing mg milligram", answer: "dose dosage mg milligram microgram kg daily twice hourly administer administered units" },
  prevention: { ask: "prevent prevented prevention avoid avoided protect", answer: "prevent prevention avoid reduce protect vaccine vaccination" },
  treatment: { ask: "treat treated treating treatment treatments therapy therapies manage managed management cure cured remedy remedies helps relieve medicine medicines medication medications meds drug drugs done repaired", also: "surgery surgeries surgical operation operations", answer: "treat treated treatment therapy therapies medication medicine drug drugs surgery surgical manage management relieve relief prescribe prescribed cure options" },
  symptoms: { ask: "symptom symptoms sign signs feel feels warning present presentation features", answer: "symptom symptoms sign signs include including feature features experience characterized appear develop pain" },
  diagnosis: { ask: "diagnose diagnosed diagnosing diagnosis test tests tested testing confirm confirmed detect detected exam examination screen screening imaging scan scans biopsy ultrasound mri", answer: "diagnose diagnosed diagnosis test tests testing exam examination confirm scan imaging biopsy sample blood ultrasound x-ray mri ct screening measure" },
  inheritance: { ask: "inherit inherited inheritance hereditary families family parents", also: "carry carrier carriers dominant recessive autosomal x-linked", answer: "inherited inheritance autosomal dominant recessive x-linked parent parents copy copies pattern passed" },
  genetics: { ask: "gene genes genetic mutation mutations", answer: "gene genes genetic mutation mutations protein encode variant variants chromosome" },
  frequency: { ask: "common frequent frequency prevalence prevalent incidence percentage proportion population populations", answer: "affects affect estimated prevalence incidence worldwide people individuals births population common rare cases" },
  risk: { ask: "risk risks likely who susceptible", answer: "risk likely factor factors increase increases higher age older susceptible susceptibility" },
  causes: { ask: "cause causes caused causing why reason leads trigger triggers makes behind", answer: "cause causes caused result results due lead leads trigger because damage" },
  outlook: { ask: "outlook prognosis expectancy survive survival recovery recover progress progresses progression worse worsen lethal deadly die", also: "recur recurs recurred recurring relapse relapses", answer: "prognosis outlook survival expectancy depend depends recover recovery progressive fatal improve" },
  complications: { ask: "complication complications", answer: "complication complications lead damage" },
  stages: { ask: "stage stages staging spread", answer: "stage stages spread" },
  research: { ask: "research studies study trials trial", answer: "research study studies trial trials investigate investigating researchers" },
};

const set = (s: string) => new Set(s.split(" ").flatMap((w) => terms(w)));
const ASK = Object.fromEntries(Object.entries(CUES).map(([k, v]) => [k, set(v.ask)])) as Record<string, Set<string>>;
/** The words that ask for each intent in a question's asking clause: its asking words and those that also name the subject. */
const ASKS = Object.fromEntries(Object.entries(CUES).map(([k, v]) => [k, set(`${v.ask} ${v.also ?? ""}`.trim())])) as Record<string, Set<string>>;
const ANSWER = Object.fromEntries(Object.entries(CUES).map(([k, v]) => [k, set(v.answer)])) as Record<string, Set<string>>;
/** Every word that asks for some intent. */
const ASKED = new Set(Object.values(ASK).flatMap((s) => [...s]));
/** Order decides ties: the more specific intent first. */
const ORDER = Object.keys(CUES) as Array<Exclude<Intent, "definition">>;

/** Words of asking that name neither an intent nor a subject. */
const ASKING = set("tell know explain explained describe information about look looks looking way ways people person someone patient patients client clients thing things happen happens usual usually typically kind type types options option best help available need needs get gets long much many often can should " +
  "maximum minimum held hold given give use used using later around count counts counted calculate calculating calculated day days");

const DEFINITION = set("what mean means meaning define definition");

/** Words that open a clause describing the subject ("… treated *when* the marrow stops making cells"), not asking. */
const SUBORDINATORS = new Set("when whenever if while after before because since until unless although though that which whose whom where who".split(" "));
/** Prepositions that may open a question before its question word ("*In* which …", "*At* what age …"). */
const PREPOSITIONS = new Set("in at on from by for to with of during after before among".split(" "));
/** Words that follow the noun a "what/which" phrase asks about. */
const HEAD_FOLLOWERS = new Set("is are was were can could do does did should will would has have had or and of for".split(" "));
/** Words of a name around an adjective (not function words): "Leber hereditary optic neuropathy". */
const ADJECTIVE = /(?:ary|ic|al|ed|ous|ive)$/;
/** Words after which a participle before a noun is an adjective of that noun ("the *inherited* vision loss", "are *inherited* blood disorders"). */
const ATTRIBUTIVE_BEFORE = new Set("the a an this that these those its their his her my your our is are was were".split(" "));

/**
 * How strongly each word of a question asks (by position in its structure):
 * 2 for the noun a "what/which" phrase asks about ("what *research* is
 * being done"), 1 in the asking clause, 0 in a clause that describes the subject
 * (after "when", "if", "that", "who" …, or a participle with "by": "caused
 * by a virus") and for an adjective inside a name ("Leber *hereditary*
 * optic neuropathy"). A dash, colon or semicolon starts a new clause.
 */
function askingWeights(question: string): Array<{ term: string; weight: number; described: boolean; at: number }> {
  const tokens = question.toLowerCase().match(/[\p{L}\p{N}]+(?:[.'-][\p{L}\p{N}]+)*|\s[-–—]\s|[:;,]/gu) ?? [];
  const content = (w: string | undefined) => !!w && /^[\p{L}\p{N}]/u.test(w) && terms(w).length > 0;
  const out: Array<{ term: string; weight: number; described: boolean; at: number }> = [];
  let described = false;
  let clause = 0;
  for (const [i, w] of tokens.entries()) {
    if (/^\s?[-–—:;]\s?$/.test(w)) {
      described = false;
      clause = i + 1;
      continue;
    }
    if (w === ",") continue;
    const next = tokens[i + 1];
    // A clause's first word asks ("Who is at risk", "- which tests"); later it describes.
    // "In which population …", "At what age …": a question word after the clause's opening preposition still asks.
    const asksAfterPreposition = i === clause + 1 && /^(which|what|whom|whose)$/.test(w) && PREPOSITIONS.has(tokens[clause]!);
    if (i > clause && SUBORDINATORS.has(w) && !asksAfterPreposition) described = true;
    if (i > clause && /ed$/.test(w) && next === "by" && tokens.length > i + 2) described = true;
    const inName = ADJECTIVE.test(w) && content(tokens[i - 1]) && content(next) && !ASKED.has(stem(tokens[i - 1]!)) && !ASKED.has(stem(next!));
    // A participle between a determiner (or "is/are") and a noun describes that noun, it does not ask: "the inherited vision loss".
    const attributive = /ed$/.test(w) && i > 0 && ATTRIBUTIVE_BEFORE.has(tokens[i - 1]!) && content(next) && !ASKED.has(stem(next!));
    // The noun a "what/which" phrase asks about comes right before the verb or its coordination ("what research is …"), unlike a verb ("what makes someone …").
    // After "which" the next word is the noun asked about whatever follows ("which genes cause …").
    const head = i > 0 && (tokens[i - 1] === "which" || (tokens[i - 1] === "what" && !!next && HEAD_FOLLOWERS.has(next)));
    // "A baby diagnosed with X": the participle names what the patient has, it does not ask how X is diagnosed.
    const context = w === "diagnosed" && next === "with";
    const describes = described || inName || attributive || context;
    for (const term of terms(w)) out.push({ term, weight: describes ? 0 : head ? 2 : 1, described: describes, at: i });
  }
  return out;
}

/** "How often is X seen / found / born …" asks how common X is; "how often are vital signs checked" asks for a schedule. */
const OFTEN_SEEN = /\bhow often (?:is|are)\b.*\b(?:seen|found|born|diagnosed|reported|affected)\b/i;

/** A question asking what its subject leads to: an auxiliary, the subject, then "cause"/"lead to"/"result in" ending the question. */
const CONSEQUENCE = /\b(?:does|do|did|can|could|may|might|will|would)\s+\S+(?:\s+\S+)*?\s+(?:cause|lead to|result in)\s*\??\s*$/i;

/**
 * The intents a question asks for, the most asked first: by how strongly
 * its words ask for each (`askingWeights`: "how is it passed on in families"
 * asks for inheritance twice, even with "present from birth" in it; "what
 * research is being done" asks for research, not for what is done), ties
 * broken by specificity. Words in clauses that describe the subject count
 * only when the asking clause asks for nothing and is not a definition
 * question ("What is liver inflammation caused by a virus?" asks what it is);
 * "definition" when it asks for none.
 */
export function questionIntents(question: string): Intent[] {
  // One answer asks this of the same question once per section of its anchor document and per ranking: the last questions' intents are kept.
  const known = recentIntents.get(question);
  if (known) return [...known];
  const found = intentsOfQuestion(question);
  if (recentIntents.size >= RECENT_QUESTIONS) recentIntents.delete(recentIntents.keys().next().value!);
  recentIntents.set(question, found);
  return [...found];
}

/** Questions whose intents `questionIntents` keeps (oldest dropped first). */
const RECENT_QUESTIONS = 16;
const recentIntents = new Map<string, Intent[]>();

function intentsOfQuestion(question: string): Intent[] {
  // A question that states its context first ("I was diagnosed with X. Does that raise my risk …?") asks in its
  // interrogative sentences: the context's words ("diagnosed", "family") describe the patient, not what is asked.
  const asking = askingSentences(question);
  if (asking !== question) {
    const found = intentsOf(asking);
    if (found[0] !== "definition" || DEFINITION_FORM.test(asking)) return found;
  }
  return intentsOf(question);
}

/** The sentences of a question that end in a question mark, when it also has sentences that do not; otherwise the question. */
function askingSentences(question: string): string {
  const sentences = question.match(/[^.?!]+(?:[.?!]+|$)/g) ?? [question];
  const asking = sentences.filter((s) => /\?\s*$/.test(s));
  return asking.length && asking.length < sentences.length ? asking.join(" ").trim() : question;
}

const DEFINITION_FORM = /^\s*what\s+(is|are|was|were)\b|\bwhat does\b.*\bmean\b/i;

/**
 * Whether a question asks what its subject is by its form ("What is …", "what does … mean"), in the whole
 * question or in its asking sentences. "definition" is also what `questionIntents` falls back to when no cue
 * asks for anything; only a question in this form asks for an overview.
 */
export function asksWhatItIs(question: string): boolean {
  return DEFINITION_FORM.test(question) || DEFINITION_FORM.test(askingSentences(question));
}

/** "Could it happen again in our next baby?", "Will my kids get it?": whether it passes to the next generation. */
const RECURRENCE = /\b(?:next|another|future|each|every) (?:baby|babies|child|children|pregnancy|pregnancies)\b|\b(?:my|our|his|her|their) (?:kids|children|sons?|daughters?|grandchildren) (?:get|have|inherit|develop)\b/i;

/** "What happens if it is not treated?" asks what it leads to. */
const UNTREATED = /\bwhat happens if\b.*\b(?:not|never|untreated|left)\b/i;

/**
 * Phrases that ask for an intent in words no single cue word carries: each counts as one asking word. "Look" alone
 * asks for nothing ("look after", "needs looking at"); "what does it look like" asks for its signs.
 */
const PHRASES: Array<[RegExp, Exclude<Intent, "definition">]> = [
  [/\blooks? like\b/i, "symptoms"],
  // "Why …" opening a clause asks for causes ("why" is no cue word: the analyzer drops it); "researching why …" asks for research.
  [/(?:^|[.?!;:,]\s*|\s[-–—]\s*|\b(?:and|but|or)\s+)why\b/i, "causes"],
  // Who looks after a patient, and how, is the condition's management.
  [/\blook(?:s|ing)? after\b|\b(?:care|caring) for\b|\btake care of\b/i, "treatment"],
  // "What painkillers are used for <subject>": what treats it ("what is <drug> used for?" names nothing after "for").
  [/\b(?:used|given|taken|prescribed) for\s+\w/i, "treatment"],
  // "How does the doctor check for …": how it is found.
  [/\bcheck(?:s|ed|ing)? (?:for|if|whether)\b/i, "diagnosis"],
  // "Does it come back?", "How bad will it get?": its course.
  [/\b(?:come|comes|coming) back\b|\bhow (?:bad|serious|severe)\b.*\b(?:get|gets|become|becomes)\b/i, "outlook"],
  // "Is it likely to bleed again?", "is it fatal / life-threatening?", "what affects her chances of cure?": its course.
  [/\b(?:happen|happens|occur|occurs|bleed|bleeds|recur|recurs|return|returns|flare|flares)(?: up)? again\b|\bfatal\b|\blife[- ]threatening\b|\b(?:chance|chances|odds) of (?:a )?cure\b/i, "outlook"],
  // "Can men pass it on?", "passed down the X chromosome": inheritance ("can't pass urine" is not).
  [/\bpass(?:es|ed|ing)?\s+(?:\w+\s+)?(?:on|down|to)\b/i, "inheritance"],
  // "What raises your chances of …": who is at risk ("lower my chances" asks for prevention, below).
  [/\b(?:raise|raises|raised|increase|increases|increased)\b(?:\s+\S+){0,3}?\s+(?:chance|chances|odds|likelihood|risk|risks)\b/i, "risk"],
  // "Where do people pick up …": who is exposed, where (a clause that opens with "where", not one that describes).
  [/(?:^|[.?!;:,]\s*|\s[-–—]\s*)where\b[^?]*?\b(?:get|gets|getting|catch|catches|caught|pick(?:ed|s)? up|acquired?|occurs?)\b/i, "risk"],
];

/** How much a cue word that also names the subject asks, against 1 for an asking word. */
const ALSO_WEIGHT = 0.5;

/** Moves (or adds) an intent to the front: a structural reading outranks the cue words counted. */
function toFront(found: Intent[], intent: Intent): void {
  const at = found.indexOf(intent);
  if (at >= 0) found.splice(at, 1);
  found.unshift(intent);
}

function intentsOf(question: string): Intent[] {
  const weights = askingWeights(question);
  // A word that also names the subject asks half as much: "the recessive and dominant forms" name forms of it.
  const strength = (i: Exclude<Intent, "definition">, term: string) => (ASK[i]!.has(term) ? 1 : ASKS[i]!.has(term) ? ALSO_WEIGHT : 0);
  const asking = (i: Exclude<Intent, "definition">, described: boolean) => weights.filter((w) => w.described === described).reduce((a, w) => a + strength(i, w.term) * (described ? 1 : w.weight), 0);
  const phrased = (i: Exclude<Intent, "definition">) => PHRASES.filter(([re, k]) => k === i && re.test(question)).length;
  const definitionForm = DEFINITION_FORM.test(question);
  let described = false;
  let hits = (i: Exclude<Intent, "definition">) => asking(i, false) + phrased(i);
  if (!ORDER.some((i) => hits(i) > 0) && !definitionForm) {
    described = true;
    hits = (i) => asking(i, true);
  }
  // Where each intent is first asked (token index; a phrase at the words before it).
  const tokenAt = (index: number) => (question.slice(0, index).match(/[\p{L}\p{N}]+/gu) ?? []).length;
  const firstAsked = (i: Exclude<Intent, "definition">) => Math.min(
    ...weights.filter((w) => w.described === described && strength(i, w.term) * (described ? 1 : w.weight) > 0).map((w) => w.at),
    ...(described ? [] : PHRASES.flatMap(([re, k]) => (k === i ? [re.exec(question)] : [])).flatMap((m) => (m ? [tokenAt(m.index)] : []))),
  );
  const found = ORDER.filter((i) => hits(i) > 0).sort((a, b) => hits(b) - hits(a) || ORDER.indexOf(a) - ORDER.indexOf(b));
  // "How common" / "how many people" asks for frequency even though "common" is also a plain adjective, and first
  // whatever else the question's words ask for ("How common is hereditary …": the frequency, not the inheritance).
  // "How many …" counts people or cases unless it asks for a dose.
  // A "how many / how often" that follows what the question asks first is a detail of it ("How do they confirm it - how
  // many days of fever?", "Can it turn up in a family with no history, and how often does that happen?").
  const howMany = /\bhow (common|often does|rare|frequent|prevalent|widespread)\b/i.exec(question) ?? OFTEN_SEEN.exec(question) ?? (found.includes("dosage") ? null : /\bhow many\b/i.exec(question));
  if (howMany && !found.some((i) => i !== "frequency" && firstAsked(i) < tokenAt(howMany.index))) toFront(found, "frequency");
  if (/\bwho (is|are|gets|get)\b/i.test(question) && !found.includes("risk")) found.push("risk");
  // "Which age groups / which people / which ethnic groups get …" asks who is at risk, as "who gets …" does.
  if (/^\s*(which|what) (?:age |ethnic |racial )?(age|ages|groups|people|populations|communities)\b/i.test(question) && !found.includes("risk")) found.unshift("risk");
  // "How can I lower my chances of getting …" asks how to prevent it.
  if (/\b(lower|reduce|cut|decrease|minimi[sz]e)\b(?:\s+\S+){0,3}?\s+(chance|chances|risk|risks|odds|likelihood)\b/i.test(question)) {
    const at = found.indexOf("prevention");
    if (at >= 0) found.splice(at, 1);
    found.unshift("prevention");
  }
  // "What problems does it cause?" asks what the subject leads to (the subject comes between the auxiliary and
  // the verb, the thing asked for is the question word's): its complications, not its causes ("What can cause it?").
  if (CONSEQUENCE.test(question)) {
    const at = found.indexOf("causes");
    if (at >= 0) found.splice(at, 1);
    if (!found.includes("complications")) found.unshift("complications");
    // "What signs / features does it cause?" asks for its symptoms.
    if (found.includes("symptoms")) toFront(found, "symptoms");
  }
  if (RECURRENCE.test(question)) {
    const at = found.indexOf("inheritance");
    if (at >= 0) found.splice(at, 1);
    found.unshift("inheritance");
  }
  if (UNTREATED.test(question)) {
    const at = found.indexOf("complications");
    if (at >= 0) found.splice(at, 1);
    found.unshift("complications");
  }
  // "What should someone do …" asks what to do about it: management.
  if (/\bwhy\b/i.test(question) && !found.includes("causes")) found.push("causes");
  if (!found.length && /^\s*what (should|can|could|must)\b.*\bdo\b/i.test(question)) found.push("treatment");
  return found.length ? found : ["definition"];
}

/** Answer cue terms for an intent (for answering sentences). */
export function answerCues(intent: Intent): Set<string> {
  return intent === "definition" ? DEFINITION : ANSWER[intent]!;
}

/** Heading words that introduce an overview (what a definition question is answered by). */
const OVERVIEW = set("overview introduction summary definition information description about");
const HEADING = Object.fromEntries(ORDER.map((i) => [i, new Set([...ASK[i]!, ...ANSWER[i]!])])) as Record<string, Set<string>>;

/**
 * Terms of a section heading that answers an intent: the words an answer
 * uses and the words a question asks with (a "Frequency" section answers
 * "how common …", a "Prognosis" section "what is the outlook …").
 */
export function headingCues(intent: Intent): Set<string> {
  return intent === "definition" ? OVERVIEW : HEADING[intent]!;
}

/** The question's subject terms: its content words minus words of asking and of intent. */
export function subjectTerms(question: string): string[] {
  const intentWords = new Set(ORDER.flatMap((i) => [...ASK[i]!]));
  return [...new Set(terms(question).filter((t) => !intentWords.has(t) && !ASKING.has(t) && !DEFINITION.has(t)))];
}

/** The question's subject as words (for a search engine with its own stemmer): the words whose terms are subject terms. */
export function subjectText(question: string): string {
  const subject = new Set(subjectTerms(question));
  return words(question).filter((w) => subject.has(stem(w))).join(" ");
}
