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
  /** Words in an answering sentence or its section heading. */
  answer: string;
}

const CUES: Record<Exclude<Intent, "definition">, IntentCues> = {
  dosage: { ask: "dose doses dosage dosing mg milligram", answer: "dose dosage mg milligram microgram kg daily twice hourly administer administered units" },
  treatment: { ask: "treat treated treating treatment treatments therapy therapies manage managed management cure cured remedy remedies helps relieve medicine medicines medication medications done repaired", answer: "treat treated treatment therapy therapies medication medicine drug drugs surgery surgical manage management relieve relief prescribe prescribed cure options" },
  symptoms: { ask: "symptom symptoms sign signs feel feels warning present presentation features look", answer: "symptom symptoms sign signs include including feature features experience characterized appear develop pain" },
  diagnosis: { ask: "diagnose diagnosed diagnosing diagnosis test tests tested testing confirm confirmed detect detected exam examination screen screening", answer: "diagnose diagnosed diagnosis test tests testing exam examination confirm scan imaging biopsy sample blood ultrasound x-ray mri ct screening measure" },
  inheritance: { ask: "inherit inherited inheritance hereditary passed families family parents", answer: "inherited inheritance autosomal dominant recessive x-linked parent parents copy copies pattern passed" },
  genetics: { ask: "gene genes genetic mutation mutations", answer: "gene genes genetic mutation mutations protein encode variant variants chromosome" },
  frequency: { ask: "common frequent frequency prevalence prevalent incidence", answer: "affects affect estimated prevalence incidence worldwide people individuals births population common rare cases" },
  causes: { ask: "cause causes caused causing why reason leads trigger triggers makes", answer: "cause causes caused result results due lead leads trigger because damage" },
  risk: { ask: "risk risks likely who susceptible", answer: "risk likely factor factors increase increases higher age older susceptible susceptibility" },
  outlook: { ask: "outlook prognosis expectancy survive survival long-term recovery recover", answer: "prognosis outlook survival expectancy depend depends recover recovery progressive fatal improve" },
  prevention: { ask: "prevent prevented prevention avoid avoided protect", answer: "prevent prevention avoid reduce protect vaccine vaccination" },
  complications: { ask: "complication complications", answer: "complication complications lead damage" },
  stages: { ask: "stage stages staging spread", answer: "stage stages spread" },
  research: { ask: "research studies study trials trial", answer: "research study studies trial trials investigate investigating researchers" },
};

const set = (s: string) => new Set(s.split(" ").flatMap((w) => terms(w)));
const ASK = Object.fromEntries(Object.entries(CUES).map(([k, v]) => [k, set(v.ask)])) as Record<string, Set<string>>;
const ANSWER = Object.fromEntries(Object.entries(CUES).map(([k, v]) => [k, set(v.answer)])) as Record<string, Set<string>>;
/** Order decides ties: the more specific intent first. */
const ORDER = Object.keys(CUES) as Array<Exclude<Intent, "definition">>;

/** Words of asking that name neither an intent nor a subject. */
const ASKING = set("tell know explain explained describe information about way ways people person someone patient patients thing things happen happens usual usually typically kind type types options option best help available need needs get gets long much many often can should " +
  "maximum minimum held hold given give use used using later around count counts counted calculate calculating calculated day days");

const DEFINITION = set("what mean means meaning define definition");

/**
 * The intents a question asks for, the most asked first: by how many of its
 * words ask for each ("how is it passed on in families" asks for inheritance
 * twice, even with "present from birth" in it), ties broken by specificity
 * ("definition" when it asks for none).
 */
export function questionIntents(question: string): Intent[] {
  const qTerms = new Set(terms(question));
  const hits = (i: Exclude<Intent, "definition">) => [...ASK[i]!].filter((t) => qTerms.has(t)).length;
  const found = ORDER.filter((i) => hits(i) > 0).sort((a, b) => hits(b) - hits(a) || ORDER.indexOf(a) - ORDER.indexOf(b));
  // "How common" / "how many people" asks for frequency even though "common" is also a plain adjective.
  // "How many …" counts people or cases unless it asks for a dose.
  if ((/\bhow (common|often does)\b/i.test(question) || (/\bhow many\b/i.test(question) && !found.includes("dosage"))) && !found.includes("frequency")) found.unshift("frequency");
  if (/\bwho (is|are|gets|get)\b/i.test(question) && !found.includes("risk")) found.push("risk");
  if (/\bwhy\b/i.test(question) && !found.includes("causes")) found.push("causes");
  return found.length ? found : ["definition"];
}

/** Answer cue terms for an intent (for sentences and section headings). */
export function answerCues(intent: Intent): Set<string> {
  return intent === "definition" ? DEFINITION : ANSWER[intent]!;
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
