/**
 * Frame readings for the review tier (issue #18): risk told by the roles of a clause rather than by a risk word.
 *
 * Studied as classes, most statements both tiers missed on the tuning splits carry no risk word at all (129 of 142 on
 * heldout10…heldout16 and written22, rules alone): each is an ordinary clause whose *roles* make it risk. Adding the
 * missed phrase to a list did not carry over to the next set, because the next writer fills the same roles with other
 * words. A frame names the roles and takes any word of each role's class:
 *
 *   welcome × harm to me          "if <something adverse happened to me> … <it would be a relief / I wouldn't mind>"
 *   me × absent in a time ahead   "<I won't be around / I'll be gone> by <then / next year>", "once she goes I'm going too"
 *   affairs × after-me            "<cancelled / paid off / gave away / left X for Y> … <for after / so nobody has to sort it>"
 *   a time × it                   "<Saturday / after the 12th>, that's when", "if I do it on <day> nobody will be home"
 *   means got by a pretext        "<asked for / got> <medication> … <said I'd lost them / but really it's to keep>"
 *   me × took × too much          "<took / drank / swallowed> <medication / poison> … <all of it / the whole / a lot / more than it says>"
 *   me × a substance × again      "<on / taking / using / drinking> <substance> … <again / every day since>", or someone else's prescription
 *   me × will × violence × them   "<I'm going to / next time I> <torch / batter / go round with a weapon> <him / his car>"
 *   my body × impact × on purpose "<slam / bang / punch> my <hand / fist / head> … <on purpose / until it bled>", "damage to myself"
 *   a dependant × marks / neglect "<my child / nan / dad> … <bruise / marks / sores>", "told me to delete / keep it secret"
 *   waiting × the end             "waiting for <it / life / my time> to <end / be over / come>"
 *   someone × harm / control × me  "<he / my ex / her teacher> <goes for / tracks / takes over / does things to> <me / my phone / Mum's pension / her>" (below)
 *
 * Each role is a word class (a lexicon written for its role from the categories of the issue, never a sentence of any
 * set); the reading needs every role of its frame, so no one ordinary word raises it. Frames feed the review tier only
 * (shown to the clinician for review, never a flag), and its scope rules (negation, hypotheticals, other people,
 * stories, ended pasts) judge them as they judge the cues.
 */
import { CONCEPTS } from "./risk-concepts.ts";
import type { RiskCategory } from "./risk-patterns.ts";

const MED = CONCEPTS.MED!.join("|");
/** Things swallowed or drunk to poison oneself, beyond medication. */
const POISON = "pesticides?|weed ?killer|bleach|antifreeze|rat poison|poison|insecticide|paraquat|fertili[sz]er|drain cleaner|methadone|codeine|tramadol|co codamol|sleepers|sleeping tablets|(?:the|my|his|her) (?:pills|tablets|meds)";
/** Substances a relapse is told with: alcohol and street and misused prescription drugs (a lexicon of the role). */
const SUBSTANCE = "drink|drinking|booze|alcohol|vodka|wine|whisky|whiskey|gin|cider|beer|lager|cans|pints|spirits|the bottle|drugs|gear|heroin|smack|crack|cocaine|coke|charlie|ket|ketamine|mdma|pills|speed|meth|spice|weed|skunk|benzos?|valium|diazepam|xanax|tramadol|codeine|oxy|oxycodone|fentanyl|opiates|opioids|painkillers|sleepers|pregabalin|gabapentin|methadone|subutex|it";
const BODY = "hands?|fists?|arms?|wrists?|head|legs?|thighs?|fingers?|knuckles|face|skin|stomach|chest";
const SPEAKER_END = "(?= ?[.,!?;:]|$)";
/** Something adverse happening to the speaker: hit, run over, knocked down, a crash, a terminal diagnosis. */
const ADVERSE = "(?:got|get|was|were|am|be) (?:hit|knocked (?:down|over)|run over|killed|struck|taken|clipped)|(?:hit|hits|clipped|clips|knocked|took|takes|ran|run) me(?: (?:down|over|out))?|(?:went|goes|go|came) down|crash(?:ed|es)?|(?:came|come|comes) (?:now|at me)|(?:died|did not wake(?: up)?|never woke(?: up)?|passed away)|(?:had|have|got) (?:\\w+ ){0,3}(?:months|weeks|days) (?:left|to live)|(?:got|get|had|have) (?:\\w+ )?(?:cancer|a terminal|terminal)|it happens|something happened to me|something happens to me";
/** Welcome of, or indifference to, what the antecedent says. */
const WELCOMED = "(?:would|will|could|i would|i will|i would be|i will be|it would be|it would|that would be|would be)? ?(?:\\w+ ){0,2}(?:a blessing|a relief|relieved|a mercy|a release|grateful|glad|fine|okay|ok|welcome|so be it|at peace|not mind|not care|not be (?:sad|sorry|upset|bothered))|let it|it happens";

/** The frames, each over the normalised sentence (contractions spelled out, fillers dropped). */
const FRAMES: Array<{ category: RiskCategory; re: RegExp }> = [
  // welcome × harm to me: the antecedent names the speaker (or is said crossing a road) and an adverse event.
  { category: "suicidal_ideation", re: new RegExp(`\\bif (?:i |a |an |the |my |something |it |\\w+ )(?:\\w+ ){0,4}?(?:${ADVERSE})\\b(?:[^.!?;]{0,50}?)[ ,.]+(?:${WELCOMED})\\b`, "g") },
  // me × absent in a time ahead.
  { category: "suicidal_ideation", re: /\bi (?:doubt|do not think|do not expect|will not|am not going to|would not)(?: that)? (?:i (?:will|would) )?(?:still )?(?:be (?:around|here|alive)|see|make it to) (?:\w+ ){0,2}(?:by then|then|that long|next (?:year|month|christmas|summer)|much longer|for long|in (?:a|a few) (?:year|years|months))\b|\b(?:once|when|after) (?:she|he|they|my \w+) (?:goes|go|is gone|are gone|dies|die|passes)(?:,)? i am (?:going|gone|off|following) (?:too|as well|with (?:her|him|them))\b|\bnothing (?:left )?(?:for me|keeping me) here\b|\bno light at the end\b/g },
  // affairs × after-me: putting things in order, with a time after the speaker or a why that names it.
  { category: "plan_or_means", re: /\b(?:cancel\w*|paid off|pay off|paying off|given away|gave away|giving away|rehom\w*|sorted|sorting|written|wrote|writing|drafting|drafted|left|leaving|put|putting|shown|showed|said (?:bye|goodbye)|getting (?:my )?(?:stuff|things|affairs) (?:sorted|in order)|tidying|tidy)\b[^.!?]{0,120}?\b(?:for after|after i (?:am|have) (?:gone|done it)|after i go|until i am gone|when i am gone|once i am gone|before i go|so (?:nobody|no one) (?:has|have|will have|would have|needs?|will need) to (?:sort|clean|deal|find|break|worry|go through)|(?:will|would) be fine after|will not need (?:\w+ ){0,2}after|when it happens)\b/g },
  { category: "plan_or_means", re: /\b(?:for after|after i (?:am|have) gone|until i am gone|nobody will find me|no one will find me|(?:everything|it) is all (?:arranged|sorted|in order)|tidying up before i go)\b/g },
  // a time × it: a moment set for an unnamed act.
  { category: "plan_or_means", re: new RegExp(`\\b(?:that is|that will be|then is|is) when${SPEAKER_END}|\\bif i do it (?:on|at|after|before|when) (?:\\w+ ){0,4}(?:nobody|no one) (?:will|would) be\\b|\\bi (?:have not|did not|am yet to) (?:picked|chosen|set|decided) (?:the|a) (?:day|date|time) yet\\b`, "g") },
  // means got by a pretext: medication asked for with a reason the speaker says is false.
  { category: "plan_or_means", re: new RegExp(`\\b(?:asked|ask|got|get|getting|requested|ordered|repeat)\\b(?:[^.!?]{0,60}?)\\b(?:${MED}|${POISON}|sleepers)\\b[^]{0,80}?\\b(?:(?:said|saying|told (?:him|her|them)|telling (?:him|her|them)) (?:that )?i (?:had )?lost (?:them|some|it|my)|(?:but|it is) (?:it is )?really (?:it is )?(?:to|for) (?:keep|keeping|save|saving|stock)|i did not lose)\\b|\\b(?:keeping|kept|keep|filling|filled) (?:up )?(?:the|a|my) (?:whole|entire|jar|tub|box|bag|supply)\\b(?: (?:supply|with|of))?`, "g") },
  // me × took × too much.
  { category: "overdose", re: new RegExp(`\\b(?:i|already|and) (?:have |had |also |already )?(?:took|taken|drank|drunk|swallowed|downed|necked|had|did the thing with|keep taking|kept taking|been taking|keep takin)\\b(?: (?:\\w+)){0,5}? (?:(?:all|the whole|a whole|the lot|half|a pack|a packet|a box|a strip|a load|loads|a lot|lots)\\b(?: of)?(?: \\w+){0,4} (?:${MED}|${POISON})|(?:${MED}|${POISON})\\b(?: \\w+){0,6} (?:all of (?:it|them)|at once|in one go|the lot|a lot|how many|half a box|too many)|more than (?:it says|the (?:box|packet|label)|prescribed|i (?:should|am supposed)|you are supposed))`, "g") },
  { category: "overdose", re: new RegExp(`\\bi (?:have |had )?(?:took|taken|drank|swallowed) (?:the|some|a bottle of|a cup of) (?:${POISON})\\b(?! (?:as|like|for my|for the|every|each|this morning as))`, "g") },
  { category: "overdose", re: /\bi (?:have |had )?(?:already )?(?:took|taken|swallowed) them,? i do not know,? how many\b|\bthe (?:\w+ )?(?:tablets|pills) i (?:had|would) taken\b|\b(?:the|that) (?:paracetamol|pills|tablets|overdose) thing\b|\bthe thing with the (?:pills|tablets)\b/g },
  // me × a substance × again; or someone else's prescription taken.
  { category: "substance_relapse", re: new RegExp(`\\b(?:on|taking|using|drinking|smoking|snorting|got on|been on|back on|started on|buying|doing|putting)(?: the| my| some)? (?:(?:\\w+ ){0,3}(?:${SUBSTANCE})\\b(?: (?:\\w+ ){0,8}?)?)(?:again|every day since|every (?:weekend|night|day) since)\\b|\\b(?:taking|started taking|been taking|took|nicking|pocketing|using) (?:my |our )?(?:\\w+'s|\\w+ s) (?:\\w+ )?(?:${MED}|tablets|pills|${SUBSTANCE})\\b|\\b(?:my )?(?:sobriety|sober time|clean time|abstinence) is gone\\b|\\b(?:went|been|go) to the (?:offie|off licence|off license|pub|bar|dealer)\\b[^.!?]{0,40}\\b(?:have not stopped|cans|bottle|in my bag|and drank)`, "g") },
  // me × will × violence × them.
  { category: "harm_to_others", re: /\b(?:i am going to|i will|i am gonna|next time i am|next time i will|one of these days i am going to|i am taking|i am going round with|going round with|i will go round with|i know what i need to do)\b(?: \w+){0,6}? (?:torch|torching|shank|glass|bottle|batter|deck|cave|smash|do (?:him|her|them)(?: in| properly)?|set fire to|burn|(?:with )?(?:the|a|my) (?:hammer|bat|knife|machete|crowbar|blade|axe|acid|wrench))\b/g },
  { category: "harm_to_others", re: /\b(?:putting|put|slip|slipping|add|adding) (?:something|stuff|a few|some) (?:\w+ )?in (?:\w+ ){0,2}(?:tea|coffee|food|drink|dinner|meal|bottle|glass)\b|\bnext time it will not be\b|\bafraid of what i (?:will|would|might) do to\b/g },
  // my body × impact × on purpose; "damage to myself".
  { category: "self_harm", re: new RegExp(`\\b(?:slam|slams|slammed|slamming|bang|bangs|banged|banging|punch|punches|punched|punching|bash|bashes|bashed|hit|hits|hitting|smash|smashed|smashing|crush|crushed|trap|trapped) my (?:${BODY})\\b(?: \\w+){0,6}? (?:on purpose|deliberately|until (?:\\w+ ){0,2}(?:split|splits|bled|bleed|bleeds|bruise|bruised|broke|swell|swelled|cracked)|to feel)\\b|\\b(?:did|do|doing|done) (?:some |a bit of |a lot of )?damage to (?:my ?self|meself)\\b|\\bi (?:still )?do it\\b(?:[^.!?]{0,40})\\b(?:plasters|sleeves|bandages|hide|cover)\\b|\\bi did it (?:in|at) the (?:toilets|bathroom|loo)\\b`, "g") },
  // a dependant × marks / neglect; secrecy asked by an adult.
  { category: "abuse_safeguarding", re: /\b(?:marks?|bruises?|bruising|sores|welts|burns|cuts) (?:visible )?(?:on|across|all over) (?:his|her|their|the|my) (?:back|cheek|face|wrists?|arms?|legs?|neck|bottom|body)\b|\b(?:a|the|with a|with the) (?:belt|cable|wire|stick|slipper|buckle) (?:on|across|at|by)\b|\b(?:hit|hits|beat|beats|belts|belted|whipped|whips) (?:\w+ ){0,3}(?:us|him|her|them|the \w+|the eldest|the youngest) (?:with a|with the) (?:belt|cable|wire|stick|slipper|buckle|shoe)\b|\bbelts us\b|\btold me to (?:delete|keep (?:it|this|them) (?:a )?secret|not tell)\b|\b(?:messag\w*|texting|snapchat\w*|dm\w*) (?:me|her|him) (?:\w+ ){0,3}(?:at night|late at night|in the night)\b|\b(?:nobody|no one) (?:feeds|looks after|is feeding) (?:my|the|our) (?:\w+ )?(?:brothers?|sisters?|kids|children|baby)\b|\b(?:home|at home) on (?:their|his|her) own (?:most|every|all) (?:nights|days|night|day)\b|\b(?:lock|locked|locking|locks) (?:\w+ ){0,2}in (?:her|his|their|my) room\b|\b(?:left|leave|leaves|leaving) (?:\w+ ){1,3}in (?:wet|soiled|dirty) (?:sheets|clothes|pads|nappies|beds?)\b|\block on the (?:fridge|food|cupboards?)\b|\b(?:only|not) (?:get|allowed) to eat (?:when|if)\b/g },
  // waiting × the end.
  { category: "suicidal_ideation", re: /\bwaiting (?:\w+ ){0,2}for (?:it|it all|all this|all of it|everything|life|my life|my time|the day|my turn|this) (?:all )?to (?:end|be over|stop|come|finish)\b|\b(?:disappointed|gutted|annoyed|angry|upset|sad) (?:that |when )?i (?:did|woke|wake|still wake|am still (?:here|alive|breathing))\b|\b(?:switch|turn|shut) me off\b|\bshould (?:never|not) have been born\b|\bmight as well (?:make it official|finish (?:it|the job))\b|\bwho would (?:even )?(?:miss|notice|care about) me\b|\bworth more (?:\w+ ){0,3}than i am\b|\b(?:slide|slip|sink|go) under and (?:\w+ )?stay\b|\bnot have to do (?:tomorrow|another day|any (?:more )?days?)\b|\b(?:i|and) (?:\w+ ){0,3}(?:hope|hoping|pray|praying|wish|wishing|ask god|asking god)\b(?: \w+){0,3} (?:my heart|my body|my lungs) (?:\w+ ){0,2}(?:stops|stop|gives out|give out|fails|fail|packs in)\b/g },
];

/**
 * Someone else × a harmful or controlling act × the speaker or someone in their care (issue #18, helper/risk24).
 *
 * Studied as classes, the abuse and safeguarding statements both tiers still missed on the tuning splits name no
 * abuse word: a partner "goes for" the speaker's face, an adult "will break" the speaker's legs "if" they are late, an
 * ex tracks a phone, a relative takes over someone's pension, an adult "does things to" a child, a child gets presents
 * off older lads. Each is one clause with three roles, read here as a frame:
 *
 *   agent    someone other than the speaker: he / she / they, a relation or a person with power (a noun of the role)
 *   act      a harmful or controlling act of one of six kinds (below), each a lexicon of its kind
 *   patient  the speaker ("me", "my face", "my phone") or a dependant ("her", "Mum's pension"), never the agent
 *            themselves: "he checks his phone", "she's using her savings", "she went for her walk" are no reading
 *
 * Polarity and time are the review tier's, as for every frame: a denied act ("he has never gone for me") is a
 * screened negative, an act in a past the sentence says has ended is one too, a story is nobody's. The act alone is
 * ordinary ("went for", "taking", "checks", "touches"); only with an agent before it and a patient that is not the
 * agent is it read. Review tier only.
 */
const KIN = "partner|husband|wife|boyfriend|girlfriend|ex|ex partner|ex husband|ex wife|fella|fiance|dad|father|stepdad|stepfather|mum|mother|stepmum|stepmother|uncle|auntie|aunt|brothers?|sisters?|cousin|son|daughter|stepson|stepdaughter|nephew|niece|grandson|granddaughter|son in law|daughter in law|brother in law|carer|landlord|boss|manager|teacher|coach|tutor|neighbour|grandad|grandfather|lodger|flatmate|family|parents";
const AGENT = new RegExp(`\\b(?:he|she|they|someone|somebody|a man|a guy|(?:my|our|her|his|their|the|mum's|dad's|[a-z]+'s) (?:[a-z]+ )?(?:${KIN}))\\b`, "g");
/** A pronoun patient must end its phrase ("went for her", not "went for her walk", where it is a possessive). */
const FOLLOWERS = "and|again|when|whenever|if|in|at|last|every|because|after|before|for|until|while|but|so|then|once|now|too|or|with|behind|about|all|over|in front";
const PRONOUN_ENDS = `(?= ?[.,!?;:]|$| (?:${FOLLOWERS})\\b)`;
const PATIENT = `(?:me|us|(?:her|him|them)${PRONOUN_ENDS}|my (?:face|head|throat|neck|eyes?|body|legs?|arms?|ribs|back|stomach|hair))`;
const OWNER = "(?:my|our|her|his|their|mum's|dad's|nan's|[a-z]+'s)";
const ACTS: string[] = [
  // bodily violence aimed at the patient
  `(?:lays?|laid|laying) into ${PATIENT}(?! (?:about|over|for|verbally)\\b)|(?:goes|went|go|going|gone) for ${PATIENT}|(?:spat|spits|spitting) (?:at|on|in) ${PATIENT}|(?:headbutt\\w*|bit|bites|biting|smack\\w*|belt(?:s|ed)|clip(?:s|ped)|leather(?:s|ed)|pin(?:s|ned)|dragg?(?:s|ed)|twist(?:s|ed)) ${PATIENT}|(?:put|puts|putting|got|gets) (?:his|her|their) hands? (?:on|round|around) ${PATIENT}|(?:rais(?:es|ed|ing)|lift(?:s|ed)) (?:his|her|their) (?:hand|fist) (?:to|at) ${PATIENT}|squar(?:es|ed|ing) up to ${PATIENT}|(?:throws?|threw|thrown|throwing|chucks?|chucked|chucking|lobbed|hurled) [^.!?;]{0,60}?\\bat ${PATIENT}`,
  // a threat to the patient's body, or a threat made conditional on the patient's compliance
  `(?:will|would|is going to|are going to|going to|threatens? to|threatened to) (?:break|smash|snap|batter|cut|burn|stab|strangle|do in) (?:both |all )?${PATIENT}`,
  `(?:will|would|is going to|are going to|going to|threatens? to|threatened to) (?:share|post|send|show|leak|spread|put (?:\\w+ )?online|take (?:the|my|our) (?:kids|children|baby|son|daughter)|throw (?:me|us) out|kick (?:me|us) out|report (?:me|us)|have (?:me|us) (?:deported|sectioned|arrested|taken)|make (?:me|us) (?:pay|suffer|regret)|(?:kill|hurt|harm) (?:himself|herself|themselves))\\b[^.!?;]{0,40}?\\b(?:if (?:i|we)|unless (?:i|we))\\b`,
];
/** Acts on something the patient owns ("my phone", "Mum's pension"): the owner must not be the agent (below). */
const OWNED_ACTS: string[] = [
  // control: watching what is the patient's, turning up persistently
  `(?:tracks?|tracking|tracked|monitors?|monitoring|monitored|reads?|reading|goes through|going through|went through|checks?|checking|checked|hacks?|hacked|hacking|bugged|bugging) (?:all )?(?:of )?${OWNER} (?:phone|messages|texts|emails|location|whatsapp|social media|post|browser|laptop|car)\\b`,
  `(?:keeps?|kept|still|again)\\b[^.!?;]{0,20}?\\b(?:turn(?:s|ed|ing)?|show(?:s|ed|ing)?) up (?:at|outside) my (?:work|house|flat|door|school|home|job|college)|(?:turn(?:s|ed|ing)?|show(?:s|ed|ing)?) up (?:at|outside) my (?:work|house|flat|door|school|home|job|college) (?:again|every|all the time|uninvited|even though)`,
  // money and property of the patient taken or used
  `(?:taken over|took over|takes over|taking over|emptied|empties|emptying|drained|drains|draining|cleared out|clears out|help(?:s|ed|ing) (?:himself|herself|themselves) to|taking|takes|took|taken|keeps|kept|keeping|spends|spending|spent|cash(?:es|ed|ing)|pocket(?:s|ed|ing)) (?:all (?:of )?)?${OWNER} (?:\\w+ )?(?:bank account|account|accounts|pension|benefits|savings|money|bank card|cards?|wages|allowance|inheritance)\\b`,
];
ACTS.push(
  // sexual acts on the patient, told without a word for them
  `(?:did|does|do|doing|done|tried) (?:things|stuff|something) to ${PATIENT}|touch(?:es|ed|ing)? ${PATIENT}|(?:makes?|made|making) (?:me|her|him) stay (?:back|behind|late) (?:\\w+ )?(?:alone|on (?:my|her|his) own)`,
  // the patient's refusal overridden
  `(?:make|making|made|take|taking|took|send|sending|marry|marrying|force|forcing) (?:me|her|him)\\b[^.!?;]{0,40}?\\b(?:whether|even if|even though) (?:i|she|he) (?:\\w+ ){0,2}(?:agree|agrees|want|wants|consent|like it|say no|said no)\\b`,
);
const ACT = new RegExp(ACTS.join("|"), "g");
const OWNED_ACT = new RegExp(OWNED_ACTS.join("|"), "g");
/**
 * Fear of someone told by what the speaker does around them: careful what they say near them, scared when they come
 * home or drink (the speaker the experiencer, another the one feared).
 */
const FEARED = new RegExp(`\\b(?:i|we) (?:\\w+ ){0,3}(?:scared|afraid|terrified|frightened|petrified|dread|dare not|do not dare)\\b(?: \\w+){0,3}? (?:when|until|before|in case|if|for when) (?:he|she|they|my (?:\\w+ )?(?:${KIN})) (?:\\w+ ){0,2}?(?:gets? (?:home|back|in|drunk|angry|wound up)|comes? (?:home|back|in)|drinks|has (?:had )?(?:a drink|been drinking)|kicks? off|loses? (?:his|her|their) temper|is (?:drunk|in a mood|angry))\\b|\\bcareful (?:about )?what i (?:say|do|wear|cook|spend) (?:around|in front of|near|with) (?:him|her|them|my (?:\\w+ )?(?:${KIN}))\\b|\\b(?:walk|walking|tread|treading) on eggshells (?:around|with) (?:him|her|them|my (?:\\w+ )?(?:${KIN}))\\b`, "g");
/** Acts one is drawn in by, whose agent is named after the act ("gets money off older lads") or is the one proposing it: no agent needed before. */
const DRAWN_IN = /\b(?:getting|gets|got|been given|given|receiving|taking) (?:\w+ ){0,5}(?:off|from) (?:some |these |the )?(?:older|grown|much older|adult) (?:lads|boys|men|man|guys|girls|women|people|friends|kids)\b|\b(?:said|says|told me|tells me|offered|offers|suggested|suggests) (?:\w+ ){0,3}pay (?:\w+ ){0,3}(?:another|some other|a different) way\b(?!,? (?:by|with|using|online|through|via|in cash)\b)/g;
/** The possessive a pronoun agent owns with, and a possessive before a noun in the patient's words (not an object "her" ending the phrase). */
const OWN: Record<string, string> = { he: "his", she: "her", they: "their" };
const POSSESSIVE = new RegExp(`\\b(his|her|their) (?!(?:${FOLLOWERS})\\b)[a-z]`);

/** The agent × act × patient readings of a sentence (above), each with where its act starts. */
function readRoles(norm: string): Array<{ category: RiskCategory; cue: string; index: number }> {
  const found: Array<{ category: RiskCategory; cue: string; index: number }> = [];
  for (const clause of clausesOf(norm)) {
    const acts = [...[...clause.text.matchAll(ACT)].map((m) => ({ m, owned: false })), ...[...clause.text.matchAll(OWNED_ACT)].map((m) => ({ m, owned: true }))];
    for (const { m, owned } of acts) {
      const before = clause.text.slice(0, m.index);
      const agents = [...before.matchAll(AGENT)];
      const last = agents[agents.length - 1];
      // The act is the agent's: its subject, a few words before it, with no other subject between ("he says I keep
      // checking my phone", "she said the same goes for me").
      const between = last ? before.slice(last.index + last[0].length) : "";
      if (!last || between.split(/\s+/).filter(Boolean).length > 6 || /\b(?:i|it|that|this|which|what|same|who)\b/.test(between)) continue;
      // An act supposed with "ever" is no report of one ("if he ever raised his hand to me I'd leave"; not "… again").
      if (/\b(?:if|what if|imagine|suppose|supposing)\b(?:\s\S+){0,4}\s+ever\b/.test(before + m[0]) && !/\bagain\b/.test(clause.text)) continue;
      const agent = last[0];
      // The patient is not the agent. An object pronoun never is ("the lodger does things to her"); the owner of what
      // an owned act takes or watches may be: "he checks his phone" is not read, nor a noun agent with a his/her/their
      // owner ("my brother spends his wages", ambiguous), unless that pronoun is the agent's own possessor ("her
      // teacher reads her messages").
      const owner = owned ? POSSESSIVE.exec(m[0].replace(/^\S+\s/, ""))?.[1] : undefined;
      if (owner && (OWN[agent] ? OWN[agent] === owner : /^(his|her|their) /.exec(agent)?.[1] !== owner)) continue;
      found.push({ category: "abuse_safeguarding", cue: `${agent} … ${m[0]}`, index: clause.at + m.index });
    }
    for (const m of [...clause.text.matchAll(DRAWN_IN), ...clause.text.matchAll(FEARED)]) found.push({ category: "abuse_safeguarding", cue: m[0], index: clause.at + m.index });
  }
  return found;
}

/** The sentence's clauses (split at ";", ":" and sentence ends, not commas: an agent often sits before a comma), each with its offset. */
function clausesOf(norm: string): Array<{ text: string; at: number }> {
  const out: Array<{ text: string; at: number }> = [];
  let at = 0;
  for (const part of norm.split(/(?<=[.!?;:])/)) {
    out.push({ text: part, at });
    at += part.length;
  }
  return out;
}

/** The sentence's frame readings, each with where it starts. */
export function readFrames(norm: string): Array<{ category: RiskCategory; cue: string; index: number }> {
  return [...FRAMES.flatMap(({ category, re }) => [...norm.matchAll(re)].map((m) => ({ category, cue: m[0], index: m.index }))), ...readRoles(norm)];
}
