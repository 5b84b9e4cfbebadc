/**
 * What a turn does in the session, from its form and its place in the
 * dialogue rather than its topic: a clinician asks, reflects, informs or
 * proposes a next step; a patient reports, responds to what the clinician
 * just did, assents, states a goal or commits. The extractive note picks
 * turns for each section by these functions.
 *
 * A turn is read sentence by sentence (helper/notes14): a clinician's
 * acknowledgements ("Okay, all right.") and social sentences (greetings,
 * thanks, welcomes) do nothing for a note, so a turn made only of them is a
 * backchannel, and what the rest of the turn does decides its function — its
 * last sentence a question makes it a question unless that question offers a
 * next step. A patient sentence commits only when it states the speaker's own
 * next action plainly: not quoted or reported speech, not inside a condition,
 * not hedged ("maybe", "I guess", "think about it"), not a habit ("every
 * weekend I'll…"). A patient turn is a response when the clinician turn just
 * before it is an intervention (reflection, information, proposal,
 * affirmation), by that turn's function rather than its length.
 */
import { splitSentences } from "../ingest/chunker.ts";
import type { TranscriptTurn } from "./transcript-turns.ts";

export type TurnFunction =
  | "question" | "reflection" | "information" | "proposal" | "affirmation"
  | "self_report" | "response" | "goal" | "commitment" | "assent" | "backchannel";

const words = (t: string) => t.split(/\s+/).filter(Boolean).length;
const INTERROGATIVE = /^(?:(?:so|and|but|now),?\s+)?(?:what|how|why|when|where|who|which|do|does|did|are|is|was|were|have|has|had|can|could|would|will|should|shall)\b/i;
const REFLECTION = /^(?:so,?\s+|and\s+|it\s+)?(?:it sounds like|sounds like|it seems|seems like|you(?:'re| are| feel| felt|'ve| have| want| don't| do not| were| said| mentioned)|what i(?:'m| am) hearing|i(?:'m| am) hearing|so for you|on (?:the )?one hand)/i;
/** "Let's…" steering the talk in the session ("let's talk about…", "let's say…", "let's see…") is not a proposed next step. */
const IN_SESSION = String.raw`(?![\s-]+(?:let(?:'s|s| us)[\s-]+)?(?:talk|say|see|look|get back|go back|think|start with|move on|ask|summari[sz]e|hear|explore|just|take a (?:look|step|moment|minute)|focus|go over|try to understand)\b)`;
const PROPOSAL = new RegExp(String.raw`\b(?:let(?:'s| us)${IN_SESSION}|we(?:'ll| will| can| could| should) (?:start|try|meet|work|plan|book|schedule|review|check|set)|next (?:session|week|time|appointment|visit)|between (?:now and|sessions)|before (?:we meet|next)|(?:would|could) you (?:be willing|try|like to)|i(?:'d| would) like you to|i want you to|you (?:could|might|can) try|how about|i(?:'ll| will) (?:send|refer|book|call|write|prescribe|start|give|order|see you|check)|(?:start|put) you on|(?:refer|referral)|homework|this week,? (?:try|practi[cs]e))\b`, "i");
/**
 * A question that offers a next step rather than asking for talk: willingness to act, "shall we…", "how about we…",
 * a next appointment, a referral. "Would you like to talk about…?", "How about your sleep?" and a wh-question ("What
 * would you like to do?") ask; they are questions.
 */
const OFFER = /\b(?:(?:would|could|will) you be (?:willing|open|interested)(?! (?:to|in) (?:(?:perhaps|maybe|just|kind of|sort of) )?(?:talk|tell|shar|say|think|explor|discuss|hear|look|go over)\w*\b)|(?:would|could) you (?:like to|try)(?! (?:talk|tell|share|say|think|explore|discuss|hear|start|begin|look|go|do)\b)|(?:shall|should|can|could) we (?:start|try|meet|book|schedule|set|plan|make)|how about (?:if )?we|what if we|next (?:session|week|time|appointment|visit)|refer|referral|homework)\b/i;
/** A request to talk that is a question in the form of a statement: "Tell me about…", "I wonder if…", "I was wondering whether…". */
const ELICIT = /\btell me\b|\bi(?:'m| am| was)? wonder(?:ing|ed)? (?:if|whether|what|how|why|where|when)\b/i;
const WH_QUESTION = /^(?:(?:and|so|okay|well|then),?\s+)*(?:what|where|how(?! about (?:if )?we)|when|which|who|why)\b/i;
const AFFIRM = /^(?:that's |that is )?(?:great|good|wonderful|excellent|well done|good for you|nice|fantastic|awesome|that's a big step|i appreciate)/i;
/**
 * A step the patient states: "I'll…", "I'm going to…", "I can try", "I'm ready to…", and a step hedged by the speaker's
 * own doubt ("I guess I could…", "I could probably…", "I could maybe try to…"). "I could (probably) have…" is read as
 * looking back ("…have stopped"), so "I could probably have a soda instead" is missed.
 */
const COMMIT = /\b(?:i(?:'ll| will| am going to|'m going to|'m gonna| am gonna| plan to| promise| agree to)|i (?:can|could)(?:,? (?:probably|maybe|perhaps|at least|definitely|certainly))*,? try|i (?:can|could)(?:,? (?:probably|maybe|perhaps|at least|definitely|certainly))+(?! have\b| not\b| never\b)|i(?:'m| am) (?:ready|willing) to|i (?:think|guess|suppose) i (?:can|could)(?!n't| not| never))\b/i;
/**
 * What keeps a first-person "I'll…" from being a commitment: a condition ("if I'm not careful, I will"), putting it
 * off ("I'll think about it"), not knowing ("I don't know what I'm going to do"), a habit ("every weekend I'll…"), a
 * manner of speaking ("I'll be honest"), readiness denied ("I'm not at a point where I'm ready to"). A hedged step ("I guess I could try to…") is still the patient's step.
 */
const NOT_COMMITTED = /\b(?:not\b[^.?!]*\b(?:ready|willing)|if|unless|when|whenever|think about|thinking about|i don't know|(?:what|how|why|where|whether) i(?:'m| am)? (?:going|gonna|will|'ll)|usually|always|sometimes|often|normally|every|weekends?|tell you|be honest|i(?:'ll| will) (?:just )?(?:make (?:it|this|that) (?:short|quick|brief)|keep (?:it|this) (?:short|brief)|give you an example|explain|put it|admit|be (?:straight|frank)|say (?:this|that|it)))\b/i;
/** A sentence narrating a routine: an "I'll…" after it in the same turn is habitual ("I usually… Then I'll…"), not a step. */
const HABIT = /\b(?:usually|always|sometimes|often|normally|typically|generally|tend to|every|weekends?)\b/i;
/** Quoted or reported speech: the words are someone's (or the speaker's own, then), not a commitment made now. */
const REPORTED = /["“”]|\b(?:i|they|he|she|people|you) (?:say|said|says|thought|think|told|tell)\b[^.?!]*\b(?:i'll|i will|i'm going|i'm gonna)/i;
/** Wanting to talk, say or ask in the session is about the session, not a goal ("I want to talk about…"). */
const ABOUT_SESSION = String.raw`(?!\s+(?:talk|say|tell|discuss|ask|explain|mention|share|go over)\b)`;
/** A goal said with emphasis is the same goal: "I really want to…", "I definitely need to…". */
const GOAL = new RegExp(String.raw`\b(?:(?:i (?:(?:really|definitely|truly) )?(?:want|would like|need|hope|wish) to|i'd (?:really )?like to|i (?:(?:really|definitely|truly) )?wanna)${ABOUT_SESSION}|my goal|i(?:'d| would) (?:really )?love to${ABOUT_SESSION})\b`, "i");
const ASSENT = /^(?:yes|yeah|yep|okay|ok|sure|right|alright|all right|sounds good|that works|i can do that|i agree|agreed|definitely|absolutely|i will|i'll do that|uh-huh|mm-hmm|mhm)\b/i;
/** Leading acknowledgements and fillers of a clinician sentence. */
const ACK = /^(?:(?:okay|ok|all right|alright|right|yeah|yes|yep|mm-hmm|mhm|mm|uh-huh|hmm|um|uh|oh|ah|sure|i see|i gotcha|gotcha|i get it|i understand|i hear you|i remember that|exactly|absolutely|of course|wow)\b[,.!]*\s*)+/i;
/** Sentences that greet, thank, welcome, apologise for the wait or take leave ("I'll see you later" names no next meeting). */
const SOCIAL = /^(?:(?:well|and|so|oh),?\s+)*(?:hi|hello|hey|welcome|good (?:morning|afternoon|evening)|(?:it's |it is |it was )?(?:(?:very|really|so) )?(?:nice|good|great|lovely|a pleasure) (?:to (?:meet|see)|meeting|seeing)|thanks?|thank you|(?:i'm )?sorry (?:about|for) (?:the|your) wait|i (?:really )?(?:enjoyed|look forward)|take care|bye|goodbye)\b|^(?:i'll |i will |we'll )?see you (?:later|soon|around)\W*$/i;
/** A sentence cut off before its end ("…and I'll still-", "I'm gonna [crosstalk]"): what it would have said is not known. */
const UNFINISHED = /(?:-|—|–|\.\.\.|…|\[(?:crosstalk|inaudible)[^\]]*\][.!?,]*)\s*$/i;
const INTERVENTIONS: readonly TurnFunction[] = ["reflection", "information", "proposal", "affirmation"];

/** A clinician turn's sentences that do something: leading acknowledgements dropped, acknowledgement-only and social sentences left out. */
function substantive(text: string): string[] {
  return splitSentences(text).map((s) => s.replace(ACK, "").trim()).filter((s) => words(s) > 0 && !SOCIAL.test(s));
}

function clinicianFunction(text: string): TurnFunction {
  const said = substantive(text);
  const rest = said.join(" ");
  const n = words(rest);
  if (n === 0 || (n < 3 && !PROPOSAL.test(rest))) return "backchannel";
  const last = said.at(-1)!;
  // A question transcribed without its mark ("So what happened.") or cut off by the patient ("Do you know what-") still
  // asks; so does a request to talk anywhere in the turn.
  const asks = /\?\s*$/.test(last) || INTERROGATIVE.test(last) || (INTERROGATIVE.test(rest) && rest.includes("?")) || said.some((s) => ELICIT.test(s));
  // A next step said plainly and then checked ("…bring your tablets in next time. How would that sound?") is proposed.
  // A sentence cut off before its end proposes nothing that can be known.
  if (said.some((s) => !s.includes("?") && !ELICIT.test(s) && !UNFINISHED.test(s) && PROPOSAL.test(s))) return "proposal";
  if (asks) return OFFER.test(last) && !WH_QUESTION.test(last) && !UNFINISHED.test(last) ? "proposal" : "question";
  if (REFLECTION.test(rest)) return "reflection";
  if (AFFIRM.test(rest) && n < 12) return "affirmation";
  return "information";
}

/**
 * "I'll…" foretelling what will happen to the speaker rather than what they will do: a state ("I'm gonna be 21"), a
 * mishap ("that I'll fall again", "I'm going to fail", "I'll get caught"). A fear or a forecast is not a step.
 */
const FORECAST = /\b(?:i(?:'ll| will| am going to|'m going to|'m gonna| am gonna))\s+(?:(?:just|probably|still|never|definitely)\s+)?(?:be|fall|fail|end up|get (?:caught|hurt|sick|worse|fired|in trouble)|lose|die)\b/i;
/** A sentence that states the speaker's own next action plainly. */
const commits = (sentence: string) => COMMIT.test(sentence) && !NOT_COMMITTED.test(sentence) && !REPORTED.test(sentence) && !UNFINISHED.test(sentence) && !FORECAST.test(sentence);
/**
 * "I need to / I want to…" said inside someone else's words or a not-knowing frame is not the speaker's goal: "you told
 * me that I need to…", "he feels like I need to…", "I don't know what I need to…", "I don't feel that I need to".
 */
const NOT_OWN_GOAL = /\b(?:told me|tells me|tell me|says|said|thinks|feels like|wants me|(?:don't|do not) (?:really )?(?:know|feel|think)|not sure)\b[^.?!]*\bi(?:'d)? (?:(?:really|definitely|truly) )?(?:want|wanna|would like|like|need|hope|wish|love)\b/i;
/** A sentence that states what the speaker wants or needs to change, in their own voice. */
const statesGoal = (sentence: string) => GOAL.test(sentence) && !NOT_OWN_GOAL.test(sentence);

/**
 * The step a sentence stands by is in the clause after its last "but": a step said before a "but" is taken back by what
 * follows ("I'll think about cutting back, but I'm not ready to"), one said after it stands ("I don't know how it'll
 * go, but I can try"). A goal or reason for change is not taken back so: "I know I need to, but I don't know if I can"
 * still states the need (MI's change talk beside the sustain talk), and Goals holds reasons as well as goals.
 */
const stepClause = (sentence: string) => sentence.split(/\bbut\b/i).at(-1)!;

function patientFunction(text: string, previous: TurnFunction | undefined): TurnFunction {
  const n = words(text);
  if (ASSENT.test(text) && n <= 6) return "assent";
  if (n < 4) return "backchannel";
  const sentences = splitSentences(text);
  const routine = sentences.findIndex((s) => HABIT.test(s));
  if (sentences.some((s, i) => commits(stepClause(s)) && (routine < 0 || i < routine))) return "commitment";
  if (sentences.some(statesGoal)) return "goal";
  if (previous && INTERVENTIONS.includes(previous)) return "response";
  return "self_report";
}

/** What one turn does; `previous` is the function of the clinician turn just before it (a patient turn after one may respond to it). */
export function turnFunction(turn: TranscriptTurn, previous?: TurnFunction): TurnFunction {
  const text = turn.text.trim();
  return turn.role === "clinician" ? clinicianFunction(text) : patientFunction(text, previous);
}

/** Functions of every turn, and which clinician proposals the patient agreed to (assent or commitment in the next patient turn). */
export function turnFunctions(turns: TranscriptTurn[]): { functions: TurnFunction[]; agreed: Set<number> } {
  const functions: TurnFunction[] = [];
  turns.forEach((t, i) => functions.push(turnFunction(t, turns[i - 1]?.role === "clinician" ? functions[i - 1] : undefined)));
  const agreed = new Set<number>();
  turns.forEach((t, i) => {
    if (functions[i] !== "proposal") return;
    const next = turns.slice(i + 1).findIndex((u) => u.role !== "clinician");
    const j = next < 0 ? -1 : i + 1 + next;
    if (j >= 0 && j <= i + 2 && (functions[j] === "assent" || functions[j] === "commitment")) agreed.add(i);
  });
  return { functions, agreed };
}
