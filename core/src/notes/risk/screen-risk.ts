/**
 * Risk screen: classifies one transcript statement as a risk statement, a
 * screened negative ("denies SI", "I haven't used since March") or neither.
 * A pattern match (`risk-patterns.ts`) is only the start: the clause around
 * it decides whether it is negated, hypothetical ("if I ever felt like…"),
 * about a third party ("my brother overdosed"), or a question to the patient
 * ("have you had thoughts of…?"). Therapist turns never raise a flag (their
 * questions and reflections are not the patient's statements) but their
 * recorded denials are kept. This is a screen for a clinician to review,
 * measured on a labelled set (see README); it is not a diagnosis.
 */
import type { RiskEmbeddingModelFile, SentenceEmbeddings } from "./risk-embedding-model.ts";
import { riskModelThreshold, scoreRiskModel, type RiskModelFile } from "./risk-model.ts";
import { RISK_CONCEPTS } from "./risk-concepts.ts";
import { RISK_PATTERNS, type RiskCategory } from "./risk-patterns.ts";

export type RiskVerdict = "risk" | "denied" | "none";

export interface RiskFinding {
  category: RiskCategory;
  verdict: Exclude<RiskVerdict, "none">;
  /** The words that matched, as normalised (`model p=0.87` when the learned model raised it). */
  cue: string;
  /** `review`: raised only by a risk concept (`risk-concepts.ts`), not by a risk statement's pattern or the model: "possible risk — review". */
  tier?: "review";
}

/** The learned model beside the patterns: the committed one by default, another (training, threshold choice) or none (`null`). */
export interface ScreenOptions {
  model?: RiskModelFile | null;
  threshold?: number;
  /** The review tier's model bar in place of the model file's `reviewThreshold` (threshold choice only). */
  reviewThreshold?: number;
  /** Which pattern layers run (measurement only): statement patterns, concepts, or both (the default). */
  layers?: "patterns" | "concepts" | "both";
  /**
   * Sentence vectors from the embedder the embedding classifier was trained on (`embedForRiskScreen`), for the review
   * tier (`risk-review.ts`); without them (no such embedder loaded) the classifier is silent and the rest runs alone.
   */
  embeddings?: SentenceEmbeddings;
  /** The embedding classifier in place of the committed one (training, bar choice), or none (`null`). */
  embeddingModel?: RiskEmbeddingModelFile | null;
  /** Its review bar in place of the model file's `reviewThreshold` (bar choice only). */
  embeddingReviewThreshold?: number;
}

export interface RiskScreenResult {
  verdict: RiskVerdict;
  findings: RiskFinding[];
}

export type SpeakerRole = "clinician" | "patient" | "unknown";

/**
 * Contractions typed without their apostrophe ("dont", "Im", "couldnt", "my self"): common in
 * written and some transcribed speech, and without them a negator or the speaker's own "I" is
 * invisible. Only forms that are not also ordinary words ("ill", "its", "were", "well" are left).
 */
const BARE_CONTRACTIONS: Array<[RegExp, string | ((...args: string[]) => string)]> = [
  [/\bwont\b/g, "will not"], [/\bcant\b/g, "can not"], [/\baint\b/g, "is not"],
  [/\b(do|does|did|is|are|was|were|have|has|had|could|would|should|must|need|might)nt\b/g, "$1 not"],
  [/\bim\b/g, "i am"], [/\bive\b/g, "i have"], [/\bid\b(?= (?:been|rather|never|already|have|had|be|like|love|say|do|go|kill|end|try|take|want|just|probably|definitely|only|still|die|hate))/g, "i would"],
  [/\b(you|they)re\b/g, "$1 are"], [/\b(you|they|we)ve\b/g, "$1 have"], [/\b(that|what|there|everything|nothing)s\b/g, "$1 is"],
  [/\b(my|your|him|her|it|them|our) ?(self|selves)\b/g, "$1$2"],
  // "ill do it", "hell find out", "itd take", "shed", "theyd": only before a verb, where no other reading fits.
  [/(?<!\b(?:the|a|in|to|from|of|as|so|feel|feeling|felt|was|am|is|been) )\b(i|he|it|they|we|she)(ll|d)\b(?= (?:do|be|go|kill|end|take|never|have|get|make|try|probably|definitely|finally|hurt|cut|jump|use|drink|overdose|die|walk|drive|see|say|tell|stop|need|want|find|come|know|hit|leave|not|rather|put|stab|shoot|smash|break|burn|beat))/g, (_m: string, who: string, what: string) => `${who} ${what === "ll" ? "will" : "would"}`],
  // "i odd last weekend", "nearly odd": an overdose typed without its apostrophe (not the adjective, which never follows these).
  [/\b(i|nearly|almost|had|have|has|we|he|she|they) odd\b(?= (?:again|on|at|last|yesterday|this|twice|once|before|after|in|and|when)\b| ?[.,!?]|$)/g, "$1 overdosed"],
];

/**
 * Texting: letters stretched for emphasis ("sooo", "pleaseee"), and the common short forms, so "idk if i can do
 * this anymore tbh u wouldnt get it" reads like the spelled-out sentence. Only forms that are not ordinary words.
 */
const TEXTING: Array<[RegExp, string]> = [
  [/([a-z])\1{2,}/g, "$1"], [/\bu\b/g, "you"], [/\bur\b/g, "your"], [/\br\b(?= (?:you|u|we|they|not)\b)/g, "are"], [/\bkms\b/g, "kill myself"], [/\bkys\b/g, "kill yourself"],
  [/\b(?:cuz|coz|cos|bc)\b/g, "because"], [/\btho\b/g, "though"], [/\b(?:idk|i dunno|dunno)\b(?! (?:what|how|why|if|whether|where|who|when)\b)/g, "i do not know,"], [/\b(?:idk|dunno)\b/g, "i do not know"], [/\bidc\b/g, "i do not care"],
  [/\b(to|will|wanna|can|could|would|should|not|never|gonna) b\b/g, "$1 be"], [/\bself(harm\w*|injur\w*)\b/g, "self $1"],
  [/\bim+a\b/g, "i am going to"], [/\brn\b/g, "right now"], [/\btbh\b|\bngl\b|\blol\b|\blmao\b|\bsmh\b|\bfr\b/g, " "], [/\bw\/o\b/g, "without"], [/\bpls\b|\bplz\b/g, "please"],
];

const CONTRACTIONS: Array<[RegExp, string | ((...args: string[]) => string)]> = [
  ...BARE_CONTRACTIONS,
  [/\bo\.?d(?:'d|'?ed)\b/g, "overdosed"], [/\bcan't\b/g, "can not"], [/\bcannot\b/g, "can not"], [/\bwon't\b/g, "will not"], [/\bain't\b/g, "is not"],
  [/n't\b/g, " not"], [/'m\b/g, " am"], [/'re\b/g, " are"], [/'ve\b/g, " have"], [/'d(?= (?:never |already |just )?(?:been|done|had|gone|taken|tried|thought|planned|made|lost|left|seen|told|said|got|given)\b)/g, " had"], [/'d\b/g, " would"],
  [/\b(?:till|'til|til)\b/g, "until"], [/'ll\b/g, " will"],
  [/\b(it|that|there|what|he|she|who|where|here|everything|nothing|life|nobody|somebody|someone|everybody|everyone|anyone|anybody)'s\b/g, "$1 is"], [/\b([a-z]+)'s (?=not|never|no longer)/g, "$1 is "], [/\bgonna\b/g, "going to"], [/\bwanna\b/g, "want to"],
];

/** Lower case, plain apostrophes, contractions spelled out, idioms of dying rewritten (below), so patterns see one form. */
export function normaliseStatement(text: string): string {
  return neutraliseIdioms(normaliseWords(text));
}

function normaliseWords(text: string): string {
  let t = text.toLowerCase().replace(/[\u2018\u2019\u02bc]/g, "'").replace(/[\u201c\u201d]/g, "\"");
  for (const [re, to] of TEXTING) t = t.replace(re, to);
  for (const [re, to] of CONTRACTIONS) t = typeof to === "string" ? t.replace(re, to) : t.replace(re, to);
  t = t.replace(/[^a-z0-9'?.!,;:\s-]/g, " ").replace(/-/g, " ").replace(/[ \t]+/g, " ");
  // "fresh marks on me legs", "me mam": the possessive "me" of many dialects, before a body part or a relative.
  t = t.replace(/\bme (?=(?:arms?|legs?|wrists?|thighs?|stomach|belly|skin|face|head|hands?|neck|mam|mum|ma|da|dad|kids?|brother|sister|fella|missus|husband|wife|boyfriend|girlfriend)\b)/g, "my ");
  // A sentence opening with "of" is a fragment of the one before ("Tired. Of everything."): joined back to it.
  t = t.replace(/([a-z])[.!?]+\s+(?=of\b)/g, "$1 ");
  // Fillers and hedges carry no risk meaning and only split a phrase ("I want to just die").
  return t.replace(FILLERS, " ").replace(/[ \t]+/g, " ");
}

/**
 * Idioms that borrow the words of dying, killing or hurting for something else ("I'm dying to see it", "I could
 * murder a coffee", "this diet is killing me", "shoot me now", "I nearly died laughing"): each rewritten to plain
 * words of what it means, so no layer (patterns, concepts, word model, review cues) reads a risk word in it. Only
 * fixed phrasings whose idiomatic reading is the only one: "he'll kill me if he finds out" is not rewritten (a threat
 * read as such by the abuse patterns); "the loneliness is killing me" is not (a feeling, left to the review tier).
 */
const IDIOMS: Array<[RegExp, string]> = [
  [/\b(?:am|is|are|was|were|been|be) dying (?:to|for) (?=(?:a|an|the|some|my|see|go|get|try|hear|know|meet|tell|have|eat|watch|visit|start|find|read|show|ask)\b)/g, "is eager for "],
  [/\b(?:would|could) (?:die|kill|murder) for (?=(?:a|an|some|one|the) (?!(?:\w+ )?(?:child|children|kids?|son|daughter|family|wife|husband|partner|mum|mom|dad)\b))/g, "would love "],
  [/\b(?:could|would|will) murder (?=(?:a|an|some|one) \w+)/g, "would love "],
  [/\b(?:is|are|was|were|looks?|looked|smells?|tastes?) to die for(?= ?[.,!?;]|$)/g, "is wonderful"],
  [/\b(?:nearly |almost |about to |going to |could have |could )?(?:die|died|dying|dead) (?:of|from|with) (?:boredom|embarrassment|shame|laughter|laughing|the heat|heat|cold|fright|curiosity|envy|jealousy|hunger)\b/g, "very bored"],
  [/\b(?:nearly |almost )?(?:died|dying|die|dead) (?:laughing|of laughter)\b/g, "laughed a lot"],
  [/\bdead (?:tired|beat|on my feet|on our feet|funny|good|easy|serious|chuffed|jealous|lucky|posh|quiet|loud|nice|proud)\b/g, "very tired"],
  [/\b(bored|scared|frightened|worried|sick|tired) to death\b/g, "$1"],
  [/\b(?:the|this|that|these|those|my|his|her|our|their) (?!(?:guilt|loneliness|grief|pain|depression|sadness|thoughts?|voices?|urges?|feelings?|memories|flashbacks|anxiety|worry|stress|situation|marriage|relationship|life|abuse|drink|drinking|drugs|habit)\b)(\w+(?: \w+)?) (?:is|are|was|were|will be|has been|have been) killing me\b/g, "the $1 is wearing me out"],
  [/\b(?:(?:is|are|was|were|will be|going to be) (?:the death of me|death to me)|shoot me now|kill me now(?= ?[,.!?]|$| it is| this is| (?:i|we) (?:have|am|are)\b))/g, "is a pain"],
  [/\bshoot (?:my ?self|your ?self|ourselves|themselves) in the foot\b/g, "make a mistake"],
  // Wanting to hide from embarrassment, not to be gone: only where the sentence names the embarrassment.
  [/(?<=\b(?:embarrass\w*|mortified|cringe\w*|humiliat\w*|awkward|red faced|blushing)\b.*)\b(?:crawl|hide|curl up|climb) (?:under|into) a (?:rock|hole|stone)(?: and (?:never|not) (?:come|coming) (?:out|back)(?: again)?)?\b|\b(?:the )?(?:ground|floor|earth) (?:to )?(?:open up and )?swallow (?:me|us) (?:up|whole)?/g, "hide away"],
  [/\b(?:drown|drowning|drowned) in (?=(?:\w+ )?(?:paperwork|work|emails?|admin|bills|homework|coursework|marking|laundry|washing|deadlines|forms|orders|messages|assignments|essays|jobs)\b)/g, "swamped with "],
  [/\bburn(?:ing|ed|t)? the candle at both ends\b/g, "overworking"],
  [/\bcut (?:my|our|your|his|her|their) losses\b/g, "gave up on it"],
  [/\bkill(?:ing)? (?:some |the |a bit of )?time\b/g, "passing time"],
  [/\bover my dead body\b/g, "never"],
  [/\b(?:am|is|are) (?:absolutely |so )?dying in (?=(?:this|the) (?:heat|cold|humidity|queue|traffic|weather|sun)\b)/g, "am too hot in "],
  [/\bi am (?:absolutely |actually |so )?dead(?= (?:that|this) \w+ (?:had|has|made|makes|is|was)\b)/g, "i laughed"],
  [/\b(?:would|had) rather die than (?=(?:wear|eat|be seen|sing|dance|watch|listen|go to (?:the|a|that|his|her)|ask|admit|drink|use) )/g, "would hate to "],
  [/\b(?:going to|will|would|could) (?:kill|murder|strangle) (?:him|her|them|my \w+)(?=,? (?:he|she|they) (?:ate|drank|finished|nicked|borrowed|used|broke|forgot|spoiled|spoilt|hid) (?:my|the|all)\b)/g, "be cross with them"],
  [/(?<=\b(?:if|when) (?:my )?(?:mum|mom|mam|dad|parents|mother|father|nan|gran|grandma|grandad) (?:\w+ ){0,2}(?:found out|finds out|knew|knows|saw|sees|heard)\b.*)\b(?:she|he|they) (?:would|will) (?:kill|murder) me\b/g, "they would be cross with me"],
  [/\bso done with (?=(?:this|the|these|that|my|all this|all the) (?!(?:life|living|everything|world|people|pain)\b)\w+)/g, "fed up with "],
  [/\b(?:murder|kill) me (?:if|when|for) (?:i am |i get |i turn up |i show up |i come in |i roll in |being )?late\b/g, "be cross with me if i am late"],
  [/\b(?:going to|will|would|is going to) murder me (?=(?:when|if) (?:she|he|they|my \w+) (?:sees|see|notices|hears about) (?:the|my|what|that)\b)/g, "be cross with me "],
];

function neutraliseIdioms(t: string): string {
  for (const [re, to] of IDIOMS) t = t.replace(re, to);
  return t;
}

/** Whether the (normalised) sentence takes back a threat it reports ("I said I could kill him but I didn't mean it"). */
export function retracted(norm: string): boolean {
  return RETRACTED.test(norm);
}

/** Whether normalisation rewrote an idiom of dying or killing in the sentence (the embedding classifier, which reads the words as written, is silent on it). */
export function hasIdiom(text: string): boolean {
  const words = normaliseWords(text);
  return neutraliseIdioms(words) !== words;
}

const FILLERS = /\b(?:just|really|honestly|seriously|actually|literally|basically|simply|truly|genuinely|totally|kind of|sort of|pretty much|even)\s+/g;

const NEGATORS = new Set(["not", "never", "no", "nobody", "none", "nothing", "deny", "denies", "denied", "denying", "stopped", "quit", "rid", "without", "free", "longer"]);
/** Negators that say something ended ("I stopped cutting"): they govern only the words right after them, not "I stopped eating to punish myself". */
const ASPECTUAL = new Set(["stopped", "quit", "rid", "without", "free"]);
const FUNCTION_WORDS = new Set(["of", "the", "my", "a", "an", "all", "any", "those", "these", "that", "his", "her", "their"]);
/** "I wouldn't care if…", "it doesn't matter if…", "I can't stop thinking about…": the negator affirms what follows. */
const AFFIRMING = new Set(["mind", "care", "matter", "sad", "upset", "bothered", "fussed", "sorry", "unhappy", "stop", "help", "shake", "resist"]);
/** Words after which "I …" continues the clause rather than opening a new one ("I don't think I…", "not that I…"). */
const CLAUSE_TAKERS = new Set(["think", "thought", "say", "said", "feel", "felt", "know", "knew", "guess", "believe", "mean", "sure", "that", "like", "wish", "hope", "if", "when", "because", "where", "unless", "whether", "what", "how", "why", "until", "imagine", "pretend", "suppose", "reckon", "expect", "remember", "realise", "realize", "admit", "promise", "swear", "tell", "told", "where", "while", "whenever", "before", "after", "since", "than", "as", "so", "and", "but", "or", "then", "cause", "worried", "afraid", "scared", "glad"]);
const SUBJECTS_OTHER = new Set(["he", "she", "they", "you", "it", "anyone", "anybody", "someone", "somebody", "people", "everyone", "everybody", "who"]);
const SUBJECTS_SELF = new Set(["i", "we"]);
const DETERMINERS = new Set(["my", "his", "her", "their", "our", "a", "an", "the", "this", "that", "your"]);
/** "both of my parents…", "one of my friends…": a quantifier before the noun phrase that opens a clause. */
const QUANTIFIERS = new Set(["both", "all", "one", "two", "three", "some", "most", "many", "none", "each", "either", "neither", "several", "any"]);
export const FIRST_PERSON = /\b(?:i|me|my|myself|mine)\b/;
const LOSS = new Set(["lost", "lose", "loses", "losing"]);
const EXPLETIVE_AFTER = /^(?:would|will|could|might|should) be(?: |$)/;
const SUBORDINATORS = new Set(["after", "before", "when", "since", "until", "because", "while", "once", "whenever"]);
const POSSESSIVE_OTHER = new Set(["his", "her", "their"]);
/** Stories and reports: what a clause says happens in one is not the speaker's act. */
const MEDIA = new Set(["film", "films", "movie", "movies", "documentary", "documentaries", "book", "books", "novel", "novels", "show", "series", "programme", "program", "episode", "article", "news", "podcast", "play", "song", "story", "stories", "video", "soap", "papers", "paper", "telly", "tv", "radio", "headlines"]);
/** A bare no that answers the topic named just before it. */
const ANSWERED_NO = /^(?:no|nope|nah|never|none|not really|not at all|not me|definitely not|absolutely not|god no)\b/;
/** Words that may come before a topic answered by a bare no ("any self-harm, no"). */
const TOPIC_OPENERS = new Set(["any", "and", "as", "for", "re", "about", "the", "oh", "um", "well"]);
/** A threat said and taken back in the same sentence: "I said I could kill him but I didn't mean it". */
const RETRACTED = /\b(?:i|i have) (?:said|told(?: \w+){1,2}?) (?:that )?(?:i|he|she|they)\b.*\b(?:(?:did not|do not|never) mean (?:it|that|a word of it|any of it)|(?:was|am|were) (?:only |just )?joking|(?:was|were) (?:only )?(?:a |just a )?(?:joke|figure of speech))\b/;
/** A sentence about a story or a report ("the true crime show my husband watches is all murders"): the word model, which reads no scope, stays silent on it (patterns still read their clauses). */
const STORY = new RegExp(`\\b(?:the|a|an|this|that|his|her|their)(?: \\w+){0,2} (?:${[...MEDIA].join("|")}|characters?)\\b|\\bcharacters?\\b`);
/** Nouns for the speaker's own inner states: a clause opening with them has no third-party subject. */
const INNER = new Set(["ones", "thoughts", "thought", "urge", "urges", "idea", "ideas", "feeling", "feelings", "voice", "voices", "temptation", "desire", "need", "wish", "images", "pictures"]);
/** "so" opens a clause ("…, so I left") unless it intensifies what follows ("so many", "so tired"). */
export const CLAUSE_BREAK = /[,;:.!?]|\s(?:but|because|although|though|however|so(?! (?:many|much|bad|badly|hard|long|far|often|little|few|very|tired|sad|lonely|angry|scared|low|depressed|alone|sick|close|desperate|empty|numb|exhausted|worthless|hopeless)\b))\s/;
const QUESTION_OPENERS = /^(?:have|has|do|does|did|are|is|was|were|would|will|could|can|when|how|what|any|anything|and|so)\b/;

function words(s: string): string[] {
  return s.split(/\s+/).filter(Boolean);
}

/** Who the clause says did it, looking back from the match: the speaker, someone else, or nobody named. */
function subjectBefore(prefix: string[]): "self" | "other" | "none" {
  // "I lost a friend to suicide": what someone was lost to is their death, not the speaker's.
  if (prefix.at(-1) === "to" && prefix.some((w) => LOSS.has(w))) return "other";
  // "her overdose", "their suicide": the act belongs to whoever the possessive names.
  if (POSSESSIVE_OTHER.has(prefix.at(-1) ?? "")) return "other";
  // "there was a suicide on the line", "a documentary about overdose deaths", "in the film the main character jumps":
  // an event reported, or a story told, has no speaker as its subject.
  if (prefix[0] === "there" && /^(?:is|was|were|are|has|had|have)$/.test(prefix[1] ?? "") && [prefix.at(-1), prefix.at(-2)].some((w) => /^(?:a|an|the|another)$/.test(w ?? "")) && prefix.length <= 4) return "other";
  if (inStory(prefix)) return "other";
  for (let i = prefix.length - 1; i >= 0; i--) {
    const w = prefix[i]!;
    if (SUBJECTS_SELF.has(w)) return "self";
    // "…after my brother died", "…because my mum overdosed": a subordinate clause opens with its own subject.
    if (SUBORDINATORS.has(w) && namesSomeoneElse(prefix.slice(i + 1))) return "other";
    // "it would be a relief to…": an expletive "it" before a modal "be" names no one ("it was nice being here" keeps "it").
    if (w === "it" && EXPLETIVE_AFTER.test(prefix.slice(i + 1, i + 3).join(" "))) continue;
    if (SUBJECTS_OTHER.has(w)) return "other";
  }
  return namesSomeoneElse(prefix) ? "other" : "none";
}

/** The clause so far names a story or a report as where it happens ("in the film the main character jumps", "a documentary about overdose"). */
function inStory(prefix: string[]): boolean {
  const at = prefix.findLastIndex((w, i) => w === "character" || w === "characters" || (MEDIA.has(w) && i < prefix.length - 1 && /^(?:about|on|in|where|when|the|a|an|my|his|her|is|are|was|were|said|says|reported|reports|showed|shows)$/.test(prefix[i + 1]!)));
  // "I watched a film about it and then I cut myself": the speaker named after the story is the subject again.
  return at >= 0 && !prefix.slice(at + 1).some((w, i, rest) => SUBJECTS_SELF.has(w) && !["reading", "watching", "watched", "read", "saw", "seen", "heard"].includes(rest[i + 1] ?? ""));
}

/** Whether the clause holding the words at `index` of a normalised sentence is told inside a story or a report (see `inStory`): "there was a stabbing on the news". */
export function storyAt(sentence: string, index: number): boolean {
  let start = 0;
  for (const part of sentence.split(new RegExp(`(${CLAUSE_BREAK.source})`))) {
    if (index < start + part.length) return inStory(words(part));
    start += part.length;
  }
  return false;
}

/** "my best friend overdosed", "both of my parents…": a noun phrase naming someone opens the clause; "the thoughts of suicide" names no one else. */
function namesSomeoneElse(clause: string[]): boolean {
  const np = QUANTIFIERS.has(clause[0] ?? "") && clause[1] === "of" ? clause.slice(2) : clause;
  return np.length >= 2 && DETERMINERS.has(np[0]!) && !INNER.has(np[1]!);
}

/** "I wouldn't care if…", "I wouldn't be sad if…": the negator affirms what follows. */
function affirming(next: string, after: string): boolean {
  return AFFIRMING.has(next) || (next === "be" && AFFIRMING.has(after));
}

/** A negator shortly before the match, with no new subject between them. */
function negated(prefix: string[], matched: string[] = []): boolean {
  if (matched[0] === "if") return false;
  for (let i = prefix.length - 1, seen = 0; i >= 0 && seen < 7; i--, seen++) {
    const w = prefix[i]!;
    // "I know I shouldn't have after eight months dry": a regret says it happened.
    if ((w === "not" || w === "never") && prefix[i - 1] === "should" && (prefix[i + 1] ?? matched[0]) === "have") return false;
    if (NEGATORS.has(w)) return !affirming(prefix[i + 1] ?? matched[0] ?? "", prefix[i + 2] ?? "") && (!ASPECTUAL.has(w) || prefix.slice(i + 1).every((x) => FUNCTION_WORDS.has(x)));
    // …or where a new subject opens a clause with no comma before it ("i can't keep doing this i'm so tired of
    // being alive"), unless a verb or word that takes a clause leads into it ("I don't think I want to die").
    if (SUBJECTS_SELF.has(w) && i > 0 && !CLAUSE_TAKERS.has(prefix[i - 1]!) && !NEGATORS.has(prefix[i - 1]!)) return false;
    // A negator's scope ends where a new clause opens: "and", "then", a conditional ("no hope if I kill myself", also when the match opens with it).
    if (w === "and" || w === "then" || w === "if") return false;
  }
  return false;
}

/**
 * A match that opens its clause as the subject and is then denied ("cutting
 * is not something I do", "killing myself has never crossed my mind"); not
 * "suicide is never far from my mind".
 */
function deniedAfter(prefix: string[], suffix: string[]): boolean {
  if (prefix.length > 0) return false;
  const at = suffix.findIndex((w) => ["is", "are", "was", "were", "has", "have", "had"].includes(w));
  if (at < 0 || at > 2) return false;
  const next = suffix.slice(at + 1, at + 4).join(" ");
  return /^(?:not|never|no longer)\b/.test(next) && !/^(?:not|never) (?:far|out of|off|gone|over)\b/.test(next);
}

/** A negator inside the matched words that the pattern itself does not spell ("we have no firearms"). */
function negatedInside(match: string, source: string): boolean {
  const ws = words(match);
  return ws.slice(0, -1).some((w, i) => NEGATORS.has(w) && (!ASPECTUAL.has(w) || ws.slice(i + 1, -1).every((x) => FUNCTION_WORDS.has(x))) && !new RegExp(`\\b${w}\\b`).test(source));
}

/**
 * Whether the flag tier's negation reading denies the words at `index` (length `length`) of a normalised sentence:
 * a negator shortly before them in their clause ("my partner has never been violent", "I didn't take too many"), or
 * the clause opening with them and then denying them. For the review tier's action themes.
 */
export function deniedAt(sentence: string, index: number, length: number): boolean {
  let start = 0;
  for (const part of sentence.split(new RegExp(`(${CLAUSE_BREAK.source})`))) {
    if (index < start + part.length) {
      const clause = part, at = index - start;
      const prefix = words(clause.slice(0, at));
      return negated(prefix, words(clause.slice(at, at + length))) || deniedAfter(prefix, words(clause.slice(at + length)));
    }
    start += part.length;
  }
  return false;
}

/**
 * Whether the words at `index` of a normalised sentence are said of someone else, or inside a hypothetical, as the flag
 * tier reads its clause. With `speakerNamed` (the words themselves name the speaker) only a hypothetical counts.
 */
export function otherOrHypotheticalAt(sentence: string, index: number, speakerNamed = false): boolean {
  let start = 0;
  for (const part of sentence.split(new RegExp(`(${CLAUSE_BREAK.source})`))) {
    if (index < start + part.length) {
      const prefix = words(part.slice(0, index - start));
      return (!speakerNamed && subjectBefore(prefix) === "other") || hypothetical(prefix);
    }
    start += part.length;
  }
  return false;
}

/** The match sits inside the antecedent of a conditional, or under a hypothetical verb. */
function hypothetical(prefix: string[]): boolean {
  const at = prefix.lastIndexOf("if");
  // "I'd be lying if I said …": what follows is asserted, not supposed.
  if (at >= 0 && prefix[at - 1] !== "lying") {
    // The antecedent runs from "if" to the next subject pronoun after its own subject.
    const after = prefix.slice(at + 2);
    if (!after.some((w) => SUBJECTS_SELF.has(w) || SUBJECTS_OTHER.has(w))) return true;
    const said = after.findIndex((w) => ["said", "told", "say", "tell"].includes(w));
    if (said >= 0) return true;
  }
  // "I worry that if I lost my job I'd start using again": a feared conditional is not a report.
  return /\b(?:suppose|supposing|imagine|hypothetically|what if)\b|\b(?:worry|worried|afraid|scared|fear|frightened)\b.*\bif\b/.test(prefix.join(" "));
}

/**
 * A sentence that places the speaker's risk in a past that has ended: "I used to burn myself but I stopped years
 * ago", "I used to think everyone would be better off without me, but I don't feel that now", "it's been over a
 * year since I last cut" (months or years: a week since the last cut is recent risk), "that's all behind me now". Its risk is a screened negative, shown as such. Not a past
 * attempt told as history ("I overdosed two years ago": a risk factor, no sign it ended), and not when the sentence
 * also says it is back or still there ("I used to cut and I've started again"). Read on the normalised sentence.
 */
const NUMBER = "(?:\\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|a few|a couple of|several|many)";
const AGE = "(?:\\d+|(?:thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?: [a-z]+)?)";
/**
 * Where a sentence puts something in a past of its own: "used to", "back then", "when I was sixteen", "at uni", "years
 * ago", "in 2015", "last winter", "ages ago".
 */
const USED_TO = new RegExp(`\\b(?:used to|would often|back then|back in (?:the day|\\d{4}|year \\d+|school|uni|college)|in my (?:teens|twenties|thirties|youth|late teens|early twenties)|when i was (?:younger|young|little|small|a teenager|a teen|at school|a kid|a child|in my teens|at uni|at college|in care|(?:about |around |maybe |only |just )?${AGE})|(?:once|aged|at the age of) (?:at )?${AGE}|for a (?:while|time|bit|spell|few (?:weeks|months|years)) (?:after|when|following|back)|as a (?:teenager|teen|kid|child)|at (?:uni|university|college|school)|(?:${NUMBER} )?(?:years?|months?|decades?) (?:ago|back)|ages ago|a long time ago|(?:19|20)\\d\\d|last (?:winter|summer|spring|autumn|year)|age \\d+|there was a time|historic(?:al)?|previous|previously|history of|hx of|in the past|from (?:school|uni|university|college|my teens|years ago|back then)|(?:scars|marks) (?:are|were) (?:all |really |very )?old|old (?:scars|marks))\\b`);
const RESOLVED = new RegExp(`\\b(?:(?:i|but|and|then|that|it|they|those|the \\w+) (?:have |had )?(?:stopped|quit|gave (?:it |that |them )?up|got (?:over|past|through) (?:it|that)|went away|passed|lifted|ended|faded)|no longer|(?:off|clean from|free of|away from) (?:it|them|that|the \\w+|\\w+) (?:since|for)|(?<!\\b(?:can|could|would) )(?:not|never) (?:\\w+ ){0,5}(?:now|anymore|any more|these days|nowadays|since|for (?:years|months|ages|a long time|a while|a good while)|(?:for|in) (?:over |more than |about |nearly |almost |well over )?(?:${NUMBER} )?(?:years|months|decades?|ages|a (?:very )?long time))|(?:none|nothing|no (?:further|more|other) (?:episodes?|attempts?|incidents?)|no recurrence) since|no (?:\\w+ ){1,3}since (?:\\d{4}|then|school|uni|college|the \\w+)|no recurrence|no repeats?|(?:not|never) (?:\\w+ ){0,5}again|no (?:more )?contact|i (?:feel|am) safe|(?:he|she|they) (?:is|are|has|have) (?:been )?(?:dead|died|gone|passed away|in prison|locked up)|no further (?:episodes?|attempts?|incidents?)|resolved|remitted|(?:none|nothing|no (?:further |more )?\\w+) (?:in|for|since) (?:the (?:last|past) )?(?:over )?(?:${NUMBER} )?(?:years?|months?|decades?)|(?:that|it|all that|those days|it all) (?:is|are|was|were) (?:all |long |well )?(?:in the past|behind me|over(?: now)?|a long time ago|(?:${NUMBER} )?years ago|done with|long gone|gone)|(?:that is|it is|that has|it has) (?:been )?(?:long )?(?:gone|passed|done|over)|(?:out|free) of (?:that|it) (?:now|for)|not like that (?:now|anymore|any more)|(?:i am|i have been) (?:\\w+ )?(?:well|fine|okay|safe|in a good place|glad to be here|happy to be here) (?:now|since|these days)|i am ${AGE} now|(?:been|stayed|kept|remained) (?:\\w+ )?(?:clean|sober|dry|abstinent|well|safe) (?:ever )?since|nowhere near (?:that|there|it|doing that)|(?:handed|gave|took) (?:it|them|those|that|the \\w+) (?:all )?(?:in|back|away)|got rid of (?:it|them|those|that|the \\w+)|that was that|(?:threw|thrown) (?:it|them|those) (?:all )?away|(?:been|was|got) dealt with|(?:he|she|they) (?:went|was sent|were sent|got sent) to (?:prison|jail)|den(?:y|ies|ied) any (?:\\w+ )?since|nothing (?:new|recent|fresh)|(?:these days|now) i am (?:glad|happy|fine|okay|well|safe|doing well))\\b`);
const SINCE_LAST = /\b(?:been|is|was) (?:over |more than |about |nearly |almost |well over )?(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|eighteen|a few|a couple of|several|many|\d+) (?:\w+ )?(?:months?|years?) since (?:i |the last time i )?(?:last )?|\b(?:years|months|ages|a long time) since i (?:last )?|\blast (?:\w+ ){1,3}(?:was )?(?:over |more than |about |nearly |almost |well over )?(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|a few|a couple of|several|many|\d+) (?:months?|years?|decades?) ago\b/;
const STILL_OR_AGAIN = /\b(?:again|still|recently|lately|these days(?! (?:i am|i have) not| i am (?:glad|happy|fine|okay|well|safe|doing well))|this (?:week|month|morning|weekend)|last (?:night|week|weekend)|yesterday|today|tonight|relaps\w*(?! (?:once|twice|(?:once |twice )?(?:in|back in) (?:19|20)\d\d|(?:once |twice )?(?:\w+ )?years ago))|slipped|started|back to|but now|and now|now i(?! am (?:glad|happy|fine|okay|well|safe|doing well))|(?:now|again) (?:i am|i have)(?! (?:glad|happy|fine|okay|well|safe|doing well))|come back|came back|coming back|returned)\b/;
/** "handed them back to the chemist": a "back to" that returns something, not a return to using. */
const GIVEN_BACK = /\b(?:handed|gave|given|took|taken|sent|brought) (?:it|them|those|that|the \w+|my \w+) back to\b/g;

/** "I haven't stopped since", "it never went away": an end denied. */
const NOT_ENDED = /\b(?:not|never) (?:\w+ )?(?:stopped|quit|ended|gone away|went away|go away|passed|lifted|faded|left me)\b/;
/** The thoughts or urges themselves said to have ended: "those thoughts … stopped once I started the new medication". */
const ENDED = /\b(?:thoughts?|urges?|feelings?|ideas?|voices?) (?:\w+ ){0,5}(?:went away|stopped|passed|lifted|faded|ended|disappeared)(?! me\b| you\b)/;

/** True when the (normalised) sentence places the speaker's risk in a past it says has ended (see above). */
export function pastResolved(sentence: string): boolean {
  if (NOT_ENDED.test(sentence)) return false;
  if (STILL_OR_AGAIN.test(sentence.replace(GIVEN_BACK, " ").replace(/\b(?:not|never) (?:\w+ ){0,4}(?:since|again|come back|came back)\b|\b(?:when|once|after|since) i (?:\w+ )?(?:started|start|got|began) (?:\w+ ){0,3}(?:again)?|\b(?:sleeping|eating|working) again\b/g, " "))) return false;
  if (SINCE_LAST.test(sentence) || ENDED.test(sentence)) return true;
  return USED_TO.test(sentence) && RESOLVED.test(sentence.slice(sentence.search(USED_TO)));
}

const ALL_PATTERNS = [...RISK_PATTERNS, ...RISK_CONCEPTS];

/** Words from which a sentence counts as a long run-on turn. */
const RUN_ON_WORDS = 20;
/** The model's bar for a part of a run-on sentence. */
const RUN_ON_PART_P = 0.98;
const CONJUNCT = new RegExp(`${CLAUSE_BREAK.source}|\\s(?:and then|and|then|but anyway|anyway)\\s`);

/** A long sentence's clauses and conjuncts of at least four words that name the speaker (none for a short sentence). */
function runOnParts(sentence: string): string[] {
  if (words(sentence).length < RUN_ON_WORDS) return [];
  return sentence.split(CONJUNCT).filter((part): part is string => typeof part === "string" && words(part).length >= 4 && FIRST_PERSON.test(part));
}

/** Clinical shorthand in a clinician's documentation, spelled out (upper case as written: "si" alone is no abbreviation). */
const SHORTHAND: Array<[RegExp, string]> = [
  [/\b(?:SI|S\/I)\b/g, "suicidal thoughts"], [/\b(?:HI|H\/I)\b/g, "thoughts of harming others"], [/\bO\/?D\b/g, "overdose"], [/\bDV\b/g, "domestic violence"],
  [/\b(?:NSSI|DSH|SH)\b/g, "self harm"], [/\bE[tT]OH\b/g, "alcohol"], [/\bw\/o\b/gi, "without"], [/\bw\/(?=\s)/gi, "with"], [/\bre:\s/gi, "about "],
  [/\bx?(\d+)\/52\b/g, "$1 weeks"], [/\bx?(\d+)\/12\b/g, "$1 months"], [/\bx?(\d+)\/7\b/g, "$1 days"], [/\b(\d+)x\b/g, "$1 times"], [/\bwk\b/g, "week"], [/\byrs?\b/g, "years"], [/\bmths?\b/g, "months"],
];
const PATIENT = "(?:the )?(?:pt|patient|client)";
/** Verbs after which a note names what the patient did or said (not a denial: a clinician's recorded denial is read as such already). */
const REPORTING = "(?:reports|reported|endorses|endorsed|describes|described|states|stated|discloses|disclosed|admits|admitted(?: to)?|says|said|expressed|expresses|told me|tells me|presented|presents|minimises|minimizes|purchased|has|had|is|was)";
/**
 * A clinician's sentence that documents the patient, not a question: "Pt reports …", "Patient denies …"; a note whose
 * subject is elided ("Reports thoughts that …", "Denies current SI", "Hx OD x1", "Remains abstinent"); a finding
 * first and the patient named after it ("Fresh lacerations L forearm; pt reports cutting", "Active SI with intent
 * reported today; pt unable to …"); or the patient as "he"/"she" telling it ("He disclosed …", "She told me she …").
 */
const DOCUMENTATION = new RegExp(`^\\s*${PATIENT}\\b(?!\\s*\\?)|^\\s*(?:reports|reported|denies|denied|endorses|endorsed|discloses|disclosed|admits|admitted|describes|described|states|remains|presents|presented|has|had|hx|history of|collateral|previously|previous|historic(?:al)?|past|single|repeat|active|passive|fresh|new|multiple|current|ongoing|continued|no (?:current|evidence|reported|known|further|history|hx|signs?|indication|concerns?|safeguarding|si|hi|dv|sh|self|thoughts|plan|intent|access|recent|new|acute|active)|nil|identified|(?:intentional|accidental|deliberate) (?:od|o\\/d|overdose)(?! (?:is|are|can|often|happens?)\\b)|relapse (?:to|on|of|with|after|x|\\d)|relapsed|abstinent|homicidal ideation|owns|access to (?:a |the )?(?:firearms?|guns?|weapons?|ligatures?|means|pills|medication|knives)(?! (?:is|are|can)\\b)|(?:child|\\d+\\s*yo|\\d+\\s*y\\/o)\\b[^.;]*\\bdisclosed)\\b|(?:[;:,.]|\\band\\b|\\bbut\\b)\\s*${PATIENT}\\s+(?:${REPORTING}|unable|minimising|evasive|retains)\\b|^\\s*(?:he|she)\\s+(?:disclosed|reported|described|expressed|endorsed|admitted|told me|said|denied|denies|reports|describes)\\b`, "i");
/** "He disclosed …", "She told me she has been burning herself": the patient told in the third person, read as "I". */
const THIRD_PERSON_PATIENT = /^\s*(?:he|she)\s/i;

/**
 * A clinician's sentence documenting the patient ("Pt reports SI w/o plan", "Pt disclosed DV: partner strangled pt
 * 2/7 ago", "Pt denies NSSI") is the patient's own statement told in the third person: it is read as the patient's,
 * with the patient as "I"/"me"/"my" and the shorthand spelled out, so the same scope rules (negation, third parties,
 * a past that has ended) apply to it. Any other clinician sentence stays the clinician's. Undefined when not documentation.
 */
export function documentedStatement(text: string, role: SpeakerRole): string | undefined {
  if (role !== "clinician" || !DOCUMENTATION.test(text) || text.trim().endsWith("?")) return undefined;
  // A note whose subject is elided ("Reports thoughts that …", "Denies current SI") has the patient as its subject.
  let t = text.replace(/^\s*(?=(?:reports|reported|denies|denied|endorses|endorsed|discloses|disclosed|admits|admitted|describes|described|states|remains|presents|presented|has|had|identified|owns|relapsed)\b)/i, "I ").replace(/^\s*(?=(?:abstinent|homicidal ideation)\b)/i, "I am ").replace(/^\s*(?=access to\b)/i, "I have ").replace(/^\s*(?=(?:intentional|accidental|deliberate|relapse)\b)/i, "I had ");
  for (const [re, to] of SHORTHAND) t = t.replace(re, to);
  // "denies SI, HI, plan or intent": a documented denial covers its whole list, up to the next ";" or ".".
  t = t.replace(/\b(den(?:y|ies|ied|ying))\b([^;.]*)/gi, (_m, deny: string, list: string) => deny + list.replace(/\s*(?:,|\/|\band\b|\bor\b)\s*/gi, " no "));
  // The patient as "he"/"she" telling it, and a reflexive in a note that names no one else's relation ("instructing
  // her to kill herself"; not "her mother tried to kill herself"), are the patient's own words in the first person.
  if (THIRD_PERSON_PATIENT.test(t)) t = t.replace(/\b(?:he|she)\b/gi, "I").replace(/\b(?:himself|herself)\b/gi, "myself").replace(/\b(?:his|her)\b(?= [a-z])/gi, "my").replace(/\b(?:him|her)\b/gi, "me");
  else if (!/\b(?:his|her|their)\s+(?!to\b|own\b)[a-z]+/i.test(t)) t = t.replace(/\b(?:himself|herself|themselves)\b/gi, "myself");
  return t
    .replace(new RegExp(`\\b${PATIENT}'s\\b`, "gi"), "my")
    .replace(new RegExp(`(^\\s*|[;:.,]\\s*|\\b(?:and|but)\\s+)${PATIENT}\\s+(?:reports|reported|endorses|endorsed|describes|described|states|stated|discloses|disclosed|admits|admitted to|says|said|expressed|expresses)\\b`, "gi"), "$1I have")
    .replace(new RegExp(`(^\\s*|[;:.,]\\s*|\\b(?:and|but)\\s+)${PATIENT}\\b`, "gi"), "$1I")
    .replace(new RegExp(`\\b${PATIENT}\\b`, "gi"), "me");
}

/** Screens one statement (a sentence or a whole turn) spoken by `role`. */
export function screenStatement(text: string, role: SpeakerRole = "unknown", options: ScreenOptions = {}): RiskScreenResult {
  const documented = documentedStatement(text, role);
  if (documented !== undefined) return screenStatement(documented, "patient", options);
  const findings: RiskFinding[] = [];
  const layers = options.layers === "patterns" ? RISK_PATTERNS : options.layers === "concepts" ? RISK_CONCEPTS : ALL_PATTERNS;
  const sentences = normaliseStatement(text).split(/(?<=[.!?])\s+/);
  for (const [at, sentence] of sentences.entries()) {
    const isQuestion = sentence.trim().endsWith("?");
    const before = findings.length;
    const clauses = sentence.split(CLAUSE_BREAK).map((c) => c.trim()).filter(Boolean);
    // "Cutting? No, never.": a sentence that only names the topic, answered by the next one's bare no.
    const nextOpens = isQuestion && words(sentence).length <= 4 ? (sentences[at + 1] ?? "").trim() : "";
    for (const [ci, clause] of clauses.entries()) {
      // "Self-harm, no, never been my thing": a clause that only names the topic, answered by a bare no.
      const answeredNo = ANSWERED_NO.test(clauses[ci + 1] ?? nextOpens) && words(clause).length <= 4;
      const asksPatient = isQuestion && (role === "clinician" || (/\byou\b/.test(clause) && QUESTION_OPENERS.test(clause)) || /\byou\b/.test(clause));
      // A match inside the words of another match already read as denied is denied with it ("never felt like I'd be
      // better off dead": "dead" sits too far from "never" to be read alone).
      const deniedSpans: Array<[number, number]> = [];
      for (const pattern of layers) {
        pattern.re.lastIndex = 0;
        for (const m of clause.matchAll(pattern.re)) {
          const prefix = words(clause.slice(0, m.index));
          const end = m.index + m[0].length;
          const denial = (answeredNo && prefix.every((w) => TOPIC_OPENERS.has(w))) || deniedSpans.some(([a, b]) => m.index >= a && end <= b) || negated(prefix, words(m[0])) || deniedAfter(prefix, words(clause.slice(m.index + m[0].length))) || negatedInside(m[0], pattern.re.source.replace(/\\[a-zA-Z]/g, " "));
          if (denial) deniedSpans.push([m.index, end]);
          // What a character in a story does, or what a report tells, is no one's risk here ("the character in the soap is being abused").
          if (!denial && inStory(prefix)) continue;
          if (pattern.safety) {
            if (!denial && !asksPatient && subjectBefore(prefix) !== "other" && !hypothetical(prefix)) findings.push({ category: pattern.category, verdict: "denied", cue: m[0] });
            continue;
          }
          if (!denial && pattern.denialOnly) continue;
          // "If my partner ever hit me I'd leave": a harm supposed with "ever" is no report of one (not "if he ever hits me again").
          if (!denial && !pattern.self && hypothetical(prefix) && (prefix.includes("ever") || /\bever\b/.test(m[0])) && !/\bagain\b/.test(clause.slice(end))) continue;
          if (!denial && pattern.self) {
            if (subjectBefore(prefix) === "other") continue;
            if (hypothetical(prefix)) continue;
          }
          if (asksPatient && !denial) continue;
          const verdict = denial ? "denied" : role === "clinician" ? undefined : "risk";
          if (!verdict) continue;
          findings.push({ category: pattern.category, verdict, cue: m[0], ...(pattern.tier && verdict === "risk" ? { tier: pattern.tier } : {}) });
        }
      }
    }
    // Patterns OR model: a sentence no pattern matched (neither risk nor a denial), said by the patient and not a question to them.
    // The model speaks only where the speaker is in the sentence: on outside prose it fired on sentences about someone else.
    const modelMaySpeak = findings.length === before && role !== "clinician" && !(isQuestion && /\byou\b/.test(sentence)) && FIRST_PERSON.test(sentence) && !STORY.test(sentence);
    if (modelMaySpeak && options.model !== null) {
      const score = (t: string): ReturnType<typeof scoreRiskModel> => (options.model ? scoreRiskModel(t, options.model) : scoreRiskModel(t));
      // A long run-on turn ("… and my mum came round and there's no reason for me to be here and …") dilutes the
      // model's score: it also reads each of the sentence's own clauses and conjuncts that name the speaker.
      // A part is read without the rest of its sentence, so it must clear a higher bar (chosen on AnnoMI's even
      // sessions and the written tune splits set in run-on turns).
      const threshold = options.threshold ?? (options.model ? options.model.threshold : riskModelThreshold());
      const whole = score(sentence);
      const part = runOnParts(sentence).map(score).filter((x) => x.p >= Math.max(threshold, RUN_ON_PART_P)).sort((a, b) => b.p - a.p)[0];
      const scored = part && part.p > whole.p ? part : whole;
      if (scored.p >= threshold) {
        findings.push({ category: scored.category, verdict: "risk", cue: `model p=${scored.p.toFixed(2)}` });
      }
    }
    // A threat said and taken back ("I said I'd kill him but I didn't mean it") is a screened negative of what it threatened.
    if (RETRACTED.test(sentence)) {
      for (let i = before; i < findings.length; i++) if (findings[i]!.category === "harm_to_others") findings[i] = { category: "harm_to_others", verdict: "denied", cue: findings[i]!.cue };
    }
    // Risk the sentence places in a past it says has ended is a screened negative.
    // …also when the next sentence says it ended ("I used to cut, years back. I haven't for over a decade.").
    if (findings.length > before && (pastResolved(sentence) || (at + 1 < sentences.length && USED_TO.test(sentence) && pastResolved(`${sentence} ${sentences[at + 1]}`)))) {
      for (let i = before; i < findings.length; i++) findings[i] = { category: findings[i]!.category, verdict: "denied", cue: findings[i]!.cue };
    }
  }
  const verdict: RiskVerdict = findings.some((f) => f.verdict === "risk") ? "risk" : findings.length ? "denied" : "none";
  const seen = new Set<string>();
  // A statement pattern's (or the model's) flag wins over a concept's review flag of the same category.
  const unique = [...findings].sort((a, b) => (a.tier ? 1 : 0) - (b.tier ? 1 : 0)).filter((f) => !seen.has(`${f.verdict}:${f.category}`) && seen.add(`${f.verdict}:${f.category}`));
  return { verdict, findings: unique };
}
