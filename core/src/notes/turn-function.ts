/**
 * What a turn does in the session, from its form and its place in the
 * dialogue rather than its topic: a clinician asks, reflects, informs or
 * proposes a next step; a patient reports, responds to what the clinician
 * just did, assents, states a goal or commits. The extractive note picks
 * turns for each section by these functions.
 */
import type { TranscriptTurn } from "./transcript-turns.ts";

export type TurnFunction =
  | "question" | "reflection" | "information" | "proposal" | "affirmation"
  | "self_report" | "response" | "goal" | "commitment" | "assent" | "backchannel";

const words = (t: string) => t.split(/\s+/).filter(Boolean).length;
const INTERROGATIVE = /^(?:so,?\s+)?(?:what|how|why|when|where|who|which|do|does|did|are|is|was|were|have|has|had|can|could|would|will|should|shall)\b/i;
const REFLECTION = /^(?:so,?\s+|and\s+|it\s+)?(?:it sounds like|sounds like|it seems|seems like|you(?:'re| are| feel| felt|'ve| have| want| don't| do not| were| said| mentioned)|what i(?:'m| am) hearing|i(?:'m| am) hearing|so for you|on (?:the )?one hand)/i;
const PROPOSAL = /\b(?:let's|let us|we(?:'ll| will| can| could| should) (?:start|try|meet|talk|look|work|plan|book|schedule|review|check|set|see)|next (?:session|week|time|appointment|visit)|between (?:now and|sessions)|before (?:we meet|next)|(?:would|could) you (?:be willing|try|like to)|i(?:'d| would) like you to|i want you to|you (?:could|might|can) try|how about|i(?:'ll| will) (?:send|refer|book|call|write|prescribe|start|give|order|see you|check)|(?:start|put) you on|(?:refer|referral)|homework|this week,? (?:try|practi[cs]e))\b/i;
const AFFIRM = /^(?:that's |that is )?(?:great|good|wonderful|excellent|well done|good for you|nice|fantastic|awesome|that's a big step|i appreciate)/i;
const COMMIT = /\b(?:i(?:'ll| will| am going to|'m going to|'m gonna| am gonna| can try| could try| plan to| promise| agree to)|i(?:'m| am) (?:ready|willing) to)\b/i;
const GOAL = /\b(?:i (?:want|wanna|would like|'d like|need|hope|wish) to|my goal|i(?:'d| would) love to|i(?:'m| am) trying to)\b/i;
const ASSENT = /^(?:yes|yeah|yep|okay|ok|sure|right|alright|all right|sounds good|that works|i can do that|i agree|agreed|definitely|absolutely|i will|i'll do that|uh-huh|mm-hmm|mhm)\b/i;

export function turnFunction(turn: TranscriptTurn, previous: TranscriptTurn | undefined): TurnFunction {
  const text = turn.text.trim();
  const n = words(text);
  if (turn.role === "clinician") {
    if (n < 3 && !PROPOSAL.test(text)) return "backchannel";
    if (PROPOSAL.test(text)) return "proposal";
    if (/\?\s*$/.test(text) || (INTERROGATIVE.test(text) && text.includes("?"))) return "question";
    if (REFLECTION.test(text)) return "reflection";
    if (AFFIRM.test(text) && n < 12) return "affirmation";
    return "information";
  }
  if (ASSENT.test(text) && n <= 6) return "assent";
  if (n < 4) return "backchannel";
  if (COMMIT.test(text)) return "commitment";
  if (GOAL.test(text)) return "goal";
  if (previous?.role === "clinician" && !/\?\s*$/.test(previous.text.trim()) && words(previous.text) >= 4) return "response";
  return "self_report";
}

/** Functions of every turn, and which clinician proposals the patient agreed to (assent or commitment in the next patient turn). */
export function turnFunctions(turns: TranscriptTurn[]): { functions: TurnFunction[]; agreed: Set<number> } {
  const functions = turns.map((t, i) => turnFunction(t, turns[i - 1]));
  const agreed = new Set<number>();
  turns.forEach((t, i) => {
    if (functions[i] !== "proposal") return;
    const next = turns.slice(i + 1).findIndex((u) => u.role !== "clinician");
    const j = next < 0 ? -1 : i + 1 + next;
    if (j >= 0 && j <= i + 2 && (functions[j] === "assent" || functions[j] === "commitment")) agreed.add(i);
  });
  return { functions, agreed };
}
