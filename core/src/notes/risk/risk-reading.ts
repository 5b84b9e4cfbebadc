/**
 * A compositional reading of a sentence's wish about the speaker's own life, for the review tier (issue #18).
 *
 * The review cues are phrases; a paraphrase they never listed ("I hope I don't make it to Christmas", "I've lost any
 * wish to keep going", "it would be a mercy if I didn't wake up") is missed even when every word in it is ordinary.
 * What these sentences share is a structure, not a phrase: an attitude of the speaker (a wish, a hope, a welcome, or
 * its absence) applied to a predicate about the speaker's own life (ending it, or continuing it), each with its own
 * polarity. The reading composes the two:
 *
 *   wish(+) · end(+)         "I wish I could fall asleep and stay that way forever"   → risk
 *   wish(+) · continue(−)    "I hope I don't make it to next year"                   → risk
 *   wish(−) · continue(+)    "I've no will left to keep going"                       → risk
 *   wish(−) · end(+)         "I don't want to die"                                   → not risk (a fear)
 *   wish(+) · continue(+)    "I want to live to see my grandchildren"                → not risk
 *
 * The attitude must be the speaker's ("I", "part of me", "it would be a relief if I …") and the predicate's subject the
 * speaker too: "I want him gone" has someone else between the two and is not read. Predicates that are also ordinary
 * activities ("go on", "carry on", "wake up", "disappear", "make it to") count only where the clause says it is life
 * that would stop: at the end of the clause, or with "any more", "like this", "for good", a date ahead. Word classes are
 * lexicons of each role, not sentences; none was taken from a labelled split (written by helper/risk22 from the
 * categories in the issue; measured on the tuning splits and risk-set.written22.tsv, docs/quality/notes-and-risk.md).
 * Negation, hypotheticals, third parties and stories around the reading are judged by the review tier as for its cues.
 */
import { CONCEPTS } from "./risk-concepts.ts";
import type { RiskCategory } from "./risk-patterns.ts";

const ADVERBS = "(?:(?:sometimes|often|still|almost|half|secretly|kind of|sort of|quietly|always|keep|kept|lately|now|do|did|would|could|will|have|had|am|was) )*";
/** The speaker holding the attitude. */
const SPEAKER = `(?:i|part of me|a part of me|some part of me|bits of me)`;
/** A positive attitude to what follows, said by the speaker. */
const WISH = `(?:want(?:s|ed|ing)?|wish(?:es|ed|ing)?|hop(?:e|es|ed|ing)|pray(?:s|ed|ing)?(?: (?:to )?(?:god|the lord))?|ask(?:s|ed|ing)? (?:god|the lord|(?:the )?good lord)|(?:would|will) be (?:better off|happier|at peace|relieved|glad|grateful)|(?:would|will) not (?:mind|care|be (?:sad|upset|bothered|sorry))(?: (?:so|that|too) much)?|long(?:s|ed|ing)? (?:for|to)|yearn\\w* (?:for|to)|crav\\w*|would (?:like|love|prefer|rather|welcome it if|not mind(?: if)?|be (?:glad|happy|fine|okay|ok|relieved)(?: if)?)|am (?:ready|tempted|looking forward)|look(?:ing)? forward|(?:can|could) not wait|dream(?:s|ed|ing)? (?:of|about)|fantasi[sz]\\w* (?:about|of))`;
/** An impersonal positive evaluation of what follows ("it would be a relief if I …", "easier for everyone if I …"). */
const WELCOME = `(?:would|will|'d) be (?:(?:a|so|such a|much|far|a lot) )?(?:relief|blessing|mercy|kindness|release|better|easier|nicer|nice|good|peaceful|fine|okay|ok|simpler|kinder|best)(?: (?:for|to) (?:everyone|everybody|all of them|them|my \\w+|the \\w+|me))?`;
/** A negative attitude to what follows, or the lack of any reason for it, said by the speaker. */
const NO_WISH = `(?:i (?:am|feel|have got|have been|have become|have grown) (?:so |very |really |completely |totally )?(?:tired|sick|weary|exhausted|done|finished|fed up) (?:of|with)|i have had (?:more than )?enough of|i (?:can not|could not|will not be able to|do not think i can|do not know (?:how|if|whether) (?:much longer |long )?i (?:can|could))(?: \\w+)?(?= (?:go on|carry on|keep going|live|keep living|face (?:another|tomorrow)))|i (?:do|did|would) not ${ADVERBS}(?:want|wish|feel like|care to|see (?:the|any) (?:point|reason) (?:in|to|of))|i (?:no longer|never|do not ever) want|i (?:have )?(?:lost|got|have) (?:no |any |all |the |my )?(?:wish|will|desire|reason|drive|urge|energy|strength|fight|interest|want)(?: left)?|i (?:can not|could not) (?:be bothered|face|see (?:the|any) (?:point|reason) (?:in|to|of)|see a reason)|i see no (?:reason|point) (?:in|to|for|of)|(?:there is )?no (?:reason|point) (?:left )?(?:for me )?(?:in|to|for|of)|nothing (?:left )?(?:to|worth) (?:\\w+ )?for)`;
/** Words allowed between the attitude and its predicate: the speaker as subject, modals, "to", "that", "if". */
// "were" stays "were" (the bare-contraction rule spells out only "youre" and "theyre"); "we are" is read the same way.
const LINK = "(?: (?:to|that|if|when|for|i|me|my ?self|could|would|can|might|will|should|was|were|we are|had|did|do|am|just|one day|one night|some day|it|this|everything|it all|all|things|life|my life|to be|be|of|about|in|myself to|in my sleep|at night|every night|each night|every day|each morning|every morning|sometimes|often))*";
const NEG = "(?: (?:not|never|no longer|no more))";
/** Clause end, or words that make an ordinary verb phrase about life itself. */
const LIFE_ANCHOR = "(?= ?(?:[.,!?;:]|$)| (?:anymore|any more|any longer|like this|much longer|for long|another (?:day|week|year|morning)|tomorrow|in the mornings?|each (?:day|morning)|every (?:day|morning)|on this earth|in this world|for good|forever|for ever|(?:to|until|till|past|for) (?:christmas|new year|the new year|my (?:\\w+ )?birthday|next (?:year|week|month|summer|spring|winter|autumn|christmas|birthday)|the (?:weekend|summer|spring|winter|autumn|end of the (?:year|month|week)))|at all))";
/** Continuing one's life: verbs that are ordinary activities too need the anchor. */
const CONTINUE = `(?:(?:live|living|lived|life|breathing|be alive|being alive|stay alive|staying alive|exist|existing|be here|being here|be around|being around|stay|staying|survive|surviving|wake up|waking up|woke up|woken up|wake|waking|woke|keep going|keeping going|go on|going on|carry on|carrying on|keep living|continue|continuing|get up|getting up|make it|making it|see (?:(?:another|next|my next) (?:\\w+ )?(?:day|week|month|year|birthday|christmas|summer|spring|winter|autumn)|tomorrow|the morning)|get through (?:this|another day|the night|it)|face (?:another day|tomorrow|the day|each day|life))${LIFE_ANCHOR})`;
/** Ending one's life or being gone: unambiguous forms, and forms that need the anchor ("disappear for the weekend"). */
const END = `(?:(?:be |was |were |we are |being |am |better off )?(?:dead|die|died|dying|to die)(?! (?:of|from|for|laughing|down|out|than)\\b)|(?:god|the lord|(?:the )?good lord|death|it|something|the cancer|cancer)(?: (?:would|will|to|could|might))? (?:(?:come|came|comes) and )?(?:take|takes|took|fetch|fetches|collect|collects) me|(?:be|get) (?:collected|taken|fetched)|(?:switch|switched|turn|turned|let) me (?:off|go)|(?:switched|turned) off(?: (?:permanently|for good|forever))?|(?:my|the) heart (?:would |to |will |could )?(?:stop|stops|stopped|give out|gives out|gave out)|(?:a|the) (?:\\w+ )?(?:car|bus|train|lorry|truck|van|plane|flight)(?: would| will| to| could)? (?:hits? me|hit me|took me out|takes? me out|go(?:es)? down|went down|crash(?:es|ed)?)|pass(?:ed)? away|stop(?:ped)? existing|cease to exist|(?:not|never) (?:exist|existing|be born|been born)|(?:end|ending|ended) (?:it all|my life|my ?self|everything)|(?:go|leave)(?= (?:forever|for ever|for good|permanently|and (?:never|not) (?:wake|come back|be found|be seen)|from (?:this|the) (?:world|earth|planet)))|(?:disappear|vanish|fade(?: away| out)?|be gone|gone|sleep|go to sleep|fall asleep|drift off|be taken)(?= ?(?:[.,!?;:]|$)| (?:forever|for ever|for good|permanently|and (?:never|not) (?:wake|come back|be found|be seen)|and stay (?:that way|asleep|gone)|from (?:this|the) (?:world|earth|planet)|off the face of|without a trace|and nobody|and no one))|(?:the|a|my) (?:\\w+ )?(?:crash(?:es|ed)?|goes down|went down|hits me|hit me|takes me|took me|kills me|killed me|gets me|got me)|(?:get|got|getting) (?:hit|run over|knocked down|killed)|(?:it|everything|life|this|it all)(?: (?:would|to|will|could))?(?: all)? (?:be over|end|ended|stop|stopped|finish|finished)(?= ?(?:[.,!?;:]|$)| (?:forever|for good|for ever|permanently|now)))`;

const READINGS: Array<{ category: RiskCategory; re: RegExp }> = [
  // wish(+) · end(+), and its welcome form.
  { category: "suicidal_ideation", re: new RegExp(`\\b${SPEAKER} ${ADVERBS}${WISH}${LINK} ${END}`, "g") },
  { category: "suicidal_ideation", re: new RegExp(`\\b${WELCOME}(?: (?:if|when|to|that))(?: (?:i|me|my ?self|could|would|were|was|just|did|to|be|for|all|it))* ${END}`, "g") },
  // wish(+) · continue(−), and its welcome form.
  { category: "suicidal_ideation", re: new RegExp(`\\b${SPEAKER} ${ADVERBS}${WISH}${LINK}${NEG}(?: (?:to|be|i|even|ever|have to))* ${CONTINUE}`, "g") },
  { category: "suicidal_ideation", re: new RegExp(`\\b${WELCOME}(?: (?:if|when|to|that))(?: (?:i|me|my ?self|could|would|were|was|did|do|to|be|for|it))*${NEG}(?: (?:to|be|have to))* ${CONTINUE}`, "g") },
  // The same attitude said after the event: "if a lorry took me out I wouldn't mind", "death would be a relief".
  { category: "suicidal_ideation", re: new RegExp(`\\bif (?:i )?${END}(?: [\\w']+){0,4} i (?:would|will) (?:not (?:mind|care|be (?:sad|upset|bothered|sorry))|be (?:relieved|glad|grateful|fine|okay|ok|happy))`, "g") },
  { category: "suicidal_ideation", re: new RegExp(`(?<!\\b(?:his|her|their|your|its|[a-z]+'s) )\\b(?:death|dying|being dead|me being dead|not being (?:here|around|alive)|being gone|not existing|not waking up)(?: [\\w']+){0,2} (?:would|will|could|is|sounds|feels|seems)(?: be)?(?: (?:a|such a|so|not))? (?:relief|blessing|mercy|rest|release|peaceful|easier|better|nice|welcome|comforting|the answer|sort (?:out|things)|solve|the worst)`, "g") },
  // wish(−) · continue(+).
  { category: "suicidal_ideation", re: new RegExp(`\\b${NO_WISH}(?: (?:to|in|for|of|on|with|me|my ?self|do|it|trying to|having to|bother to|bother))* ${CONTINUE}`, "g") },
];

/**
 * Means read the same way: the speaker (subject) doing something to a lethal means (getting, keeping, hiding,
 * checking, looking it up, going to it) within a few words, and the sentence saying why it is not ordinary: kept
 * back or hidden, in quantity, for later, not taken as prescribed, looked at for what it would do. Each of the three
 * alone is ordinary talk ("I bought paracetamol", "I walked over the bridge", "just in case it rains"); the reading
 * needs all three.
 */
const MEANS = `(?:(?:\\w+ ){0,2}(?:${CONCEPTS.MED!.join("|")})|(?:\\w+ ){0,2}(?:${CONCEPTS.MEANS!.join("|")}|bleach|antifreeze|weedkiller|rat poison|helium|exhaust)|(?:\\w+ ){0,3}(?:${CONCEPTS.PLACE!.join("|")}|viaduct|top floor|the drop))\\b`;
const ACT = "(?:bought|buy|buying|ordered|ordering|got hold of|picked up|collected|collecting|saved|saving|stockpiled|stockpiling|hoarded|hoarding|kept|keep|keeping|hid|hidden|hide|hiding|stashed|stashing|put aside|set aside|put by|putting aside|counted|counting|checked|checking|tested|testing|measured|looked (?:up|into|over|down from|at)|googled|searched|researched|read up on|worked out|visited|went (?:up )?to|go (?:up )?to|going (?:up )?to|been (?:up )?to|been going (?:up )?to|drove to|drive to|walked to|stood (?:on|at|by)|standing (?:on|at|by)|have got|have|know where (?:he|she|they|my \\w+) keeps?)";
const SELF_ACT = new RegExp(`\\bi (?:(?:have|had|am|was|have been|keep|kept|still|already|secretly|quietly|also) )*${ACT} (?:(?:a|an|the|some|my|his|her|their|our|all|more|extra|enough|spare|two|three|four|five|several|a few|a couple of|boxes of|packs of|packets of|bottles of|strips of|of|up|on|at|for|online) )*${MEANS}`, "g");
/** The means held back ("two boxes of codeine saved up"), or someone else's means the speaker can reach ("I know where he keeps the key"). */
const HELD_BACK = new RegExp(`\\bi (?:(?:have|had|have got|got|keep|kept|still|already) )*(?:(?:a|an|the|some|my|all|more|extra|enough|spare|two|three|four|five|several|a few|a couple of|boxes of|packs of|packets of|bottles of|strips of|of) )*${MEANS} (?:\\w+ ){0,3}(?:saved|stashed|hidden|put aside|set aside|put by|hoarded|lined up|tucked away|squirrelled away)`, "g");
const ACCESS = /\bi (?:have |had )?(?:know|seen|found|found out|worked out) where (?:\w+ ){1,3}keeps? (?:the keys?|it|them|the \w+)/g;
const ANY_MEANS = new RegExp(`\\b${MEANS}`);
const NOT_ORDINARY = new RegExp(`\\b(?:just in case|in case i|for when|for if|for later|for the day|for the right|when the time|when i (?:need|am ready|decide)|if i (?:need|decide|ever need)|so (?:nobody|no one|they|the \\w+|he|she) (?:would not|will not|does not|did not|could not|can not|would|will) (?:\\w+ )?(?:know|notice|ask|find|see|suspect|miss)|without (?:telling|anyone|them|him|her) (?:knowing|noticing)?|nobody knows|no one knows|not for (?:sport|work|cooking|the garden|the car|the \\w+|that)|(?:not|never|stopped|instead of) (?:been )?tak(?:ing|en) them|(?:have not|has not|did not|do not) (?:been )?(?:take|taking|taken) (?:them|it|any)|enough (?:to|for)|all of them|every (?:one|last one)|(?:\\d+|two|three|four|five|six|several|a few|a couple of|a month of|months of|weeks of) (?:boxes|packs|packets|bottles|strips|tubs|months|weeks)(?: worth)?|(?:months|weeks) worth|how (?:much|many|long|high|far|deep|strong|quick|quickly|fast)|lethal|fatal|would (?:it )?(?:take|kill|do it|hold|work)|(?:the|how) (?:height|drop|times|timetable|schedule|fall)|look(?:ed|ing)? (?:over|down)|the edge|the key|(?:hold|take) my weight|hidden|hide|hiding|stash\\w*|secret\\w*|in the (?:loft|boot|glovebox|locker|shed|wardrobe|drawer)|(?:under|behind) (?:my|the) (?:bed|mattress|floorboards|sink))\\b`);

/** The sentence's compositional readings of a wish about the speaker's own life, and of the speaker's lethal means, each with where it starts. */
export function readWishes(norm: string): Array<{ category: RiskCategory; cue: string; index: number }> {
  const means: RegExpMatchArray[] = [
    ...(NOT_ORDINARY.test(norm) ? norm.matchAll(SELF_ACT) : []), ...norm.matchAll(HELD_BACK), ...(ANY_MEANS.test(norm) ? norm.matchAll(ACCESS) : []),
  ];
  return [
    ...READINGS.flatMap(({ category, re }) => [...norm.matchAll(re)].map((m) => ({ category, cue: m[0], index: m.index }))),
    ...means.map((m): { category: RiskCategory; cue: string; index: number } => ({ category: "plan_or_means", cue: m[0], index: m.index ?? 0 })),
  ];
}
