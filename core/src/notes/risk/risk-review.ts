/**
 * The recall-first second tier of the risk screen: "possible risk — review".
 * The flag tier (`screen-risk.ts`: statement patterns, the learned model and
 * the concept layer, with negation, hypotheticals, third parties and
 * questions judged around every match) is tuned for precision and misses
 * about half of the risk sentences written by people who did not write it.
 * This tier casts a wide net over the patient's sentences the flag tier did
 * not flag: a sentence that names a risk *theme* in any phrasing (death and
 * dying, wanting life or pain to stop, hopelessness, being a burden,
 * farewells, weapons, medication in quantity, places to jump, hurting
 * oneself, hurting others, being hurt or controlled, a lapse) is shown for a
 * clinician to review and dismiss. It reads no scope beyond two rules: a
 * clinician's words are never the patient's risk, and a sentence the flag
 * tier read as a denial ("I've never tried to kill myself") is already shown
 * as a screened negative. The cue classes and that rule were chosen on the
 * tune splits only (README: "The review tier").
 */
import type { RiskCategory } from "./risk-patterns.ts";
import { CONCEPTS } from "./risk-concepts.ts";
import { readFrames } from "./risk-frames.ts";
import { readWishes } from "./risk-reading.ts";
import { committedRiskEmbeddingModel, scoreRiskEmbedding } from "./risk-embedding-model.ts";
import { committedRiskModel, scoreRiskModel } from "./risk-model.ts";
import { CLAUSE_BREAK, deniedAt, documentedStatement, FIRST_PERSON, hasIdiom, normaliseStatement, otherOrHypotheticalAt, pastResolved, retracted, storyAt, screenStatement, type RiskScreenResult, type ScreenOptions, type SpeakerRole } from "./screen-risk.ts";

export interface ReviewCue {
  category: RiskCategory;
  re: RegExp;
}

const w = (source: string): RegExp => new RegExp(`\\b(?:${source})\\b`);

const MED = CONCEPTS.MED!.join("|");
const DRINK = "drink|drinks|drinking|drank|drunk|booze|boozing|alcohol|pints?|beers?|vodka|wine|whisky|whiskey|gin|cider|rum|spirits|a bottle|the bottle|using|used|gear|heroin|meth|crack|cocaine|coke|lines?|spice|ketamine|mdma|rocks|bumps?|methadone|smack|dope|pills";
const PERSON = "him|her|them|someone|somebody|people|everyone|anyone|(?:my|his|her|that|the|this) (?:\\w+ )?(?:baby|son|daughter|kids?|children|child|mum|mom|mother|dad|father|step\\w+|parents?|wife|husband|partner|girlfriend|boyfriend|ex|boss|colleague|workmate|neighbours?|neighbor|brother|sister|cousin|uncle|aunt|nan|gran\\w*|flatmate|housemate|roommate|landlord|friend|guy|man|woman|girl|boy|lad|teacher|family)";

/** Risk themes, each as a word class over the normalised sentence (contractions spelled out, fillers dropped). */
export const REVIEW_CUES: ReviewCue[] = [
  // Death, dying and suicide said in any form; life not worth living; wanting to be gone.
  { category: "suicidal_ideation", re: w("suicid\\w*|suicdal|kill(?:ing|ed)? my ?self|end(?:ing|ed)? (?:it|it all|my life|my own life|things|everything|my ?self)|(?:take|taking|took|taken) my (?:own )?life|attempt on my life|finish (?:it|my ?self|me) ?(?:off)?|top(?:s|ped|ping)? my ?self|neck(?:s|ed|ing)? my ?self|unalive|die|dies|died|dying|dead|death|funeral|grave|in the ground|takes? me in my sleep") },
  { category: "suicidal_ideation", re: w("(?:not|never) (?:to )?(?:wake|waking) up|not (?:\\w+ )?want to (?:be|stay|live) (?:here|around|alive|on this earth|in this world|anymore)|(?:god|death|the cancer|cancer) (?:will |would |to )?takes? me|(?:hope|hoping|hopes) (?:a|the|my) (?:car|bus|train|lorry|truck|plane|flight) |(?:car|bus|train|lorry|truck|van) (?:\\w+ )?(?:took|takes|take) me out(?= ?[.,!?]|$)|sleep forever|asleep forever|(?:not|never) (?:come|coming) (?:out|back)|not (?:be|being) (?:here|around|alive)|being here|around much longer|much longer|no longer (?:be )?(?:here|around|alive)|disappear\\w*|vanish\\w*|cease to exist|stop existing|exist|existing|be gone|when i (?:go(?= ?[.,!?]|$)|am gone|am not around)|out of the picture|if anything (?:happens|happened) to me|log off|for good|permanently|go black|ready to (?:go|check out|leave (?:this|it all|everything))|i am ready(?= ?[.,!?]|$)|(?:would|will) (?:\\w+ )?forget (?:about )?me|(?:relief|relieved|peace|peaceful|mercy|easier|better|nice|good) (?:\\w+ ){0,3}to (?:not be|never be|stop being|be gone|not exist|stop existing|not wake|never wake)(?= ?[.,!?;]|$| (?:anything|anymore|any more|at all|here|around|alive|up|you know)\\b)|stay asleep|go to sleep and|out of the way|not planning on being around|insurance money|(?:hope|hopes|hoping) (?:\\w+ ){1,4}(?:comes back|kills? me|gets me)|so it is over|hit by (?:a )?(?:bus|car|train|truck|lorry)|hoping something happens|something (?:bad )?happens to me|taking up space|(?:can not|could not|do not) see myself (?:getting|growing|being|reaching|making it)|my last (?:christmas|birthday|summer|weekend|day|night|week)|(?:easy|only|quick) way out|checking out|check out (?:for good|early)|in heaven|be with (?:him|her|them|my \\w+) again|counting down|(?:nothing|no one|nobody|nothing left) (?:is )?(?:keeping|holding) me (?:here|going|alive|back)|why bother (?:carrying on|going on|living|trying|getting up)|(?:tonight|today|tomorrow|this weekend)(?: is|'s) the (?:night|day)") },
  { category: "suicidal_ideation", re: w("(?<!(?:like|love|enjoy|enjoying|glad|happy|grateful|thankful|lucky) (?:being|to be) )alive|want to live|(?:reason|reasons) (?:left )?to (?:live|stay|keep|go on|carry on)|the only reason i|to live for|worth living|point (?:in|of) (?:living|life|anything|going on|it all|trying|being)|what is the point|(?:none of (?:it|this|that)|nothing) (?:matters|will matter)|no point|see the point|pointless|meaningless|no way forward|no future|keep on going|went on for") },
  { category: "suicidal_ideation", re: w("hopeless\\w*|no hope|lost hope|losing hope|worthless\\w*|no way out|trapped|(?:can not|could not|can no longer) (?:go on|do this|do it|take it|take this|take much more|keep going|carry on|cope|handle (?:it|this|life)|live)|(?:give|gave|giving|given) up (?:on )?(?:life|everything|my ?self|living|trying|it all)|(?:give|gave|giving|given) up(?= ?[.,!?]|$)|done with (?:life|everything|it all|living)|so done|had enough|tired of (?:\\w+ )?(?:life|living|everything|it all|being|fighting|trying)|want (?:it|this|everything|the pain|all|it all|everything) to (?:stop|end|be over|go away)|make it (?:all )?stop|all be over|go away") },
  { category: "suicidal_ideation", re: w("burden|better off|better (?:in|if i|without)|without me|easier (?:for|without|if i)|a favou?r|(?:not|no longer) (?:going to )?be a problem for|would not (?:miss|notice)|nobody would|no one would|no one cares|nobody cares|hate (?:my ?self|my life|being alive)|wish i (?:was|were|had) (?:never|not|dead|gone)|never been born|should not (?:be here|exist)|waste of (?:space|air|oxygen)") },
  { category: "suicidal_ideation", re: w("goodbye|good bye|farewell|last (?:words|letter|message|goodbye)|suicide note|a note for|letters? to (?:my|each|everyone)|(?:my|a) will\\b(?! (?:to|power))|(?:gave|giving|give|given) (?:\\w+ )?away my|who gets|can have my|my affairs|look after my (?:cat|dog|kids|children|pets?)|if anything happens|(?:make|made|making) (?:my |our )?peace|sorry for everything|(?:hope|wish) (?:you|everyone) all|ready whenever|(?:will not|would not|am not going to) need (?:him|her|it|them|this|that|my \\w+) (?:anymore|any more|where|after|now)|(?:will not|would not|am not going to) need (?:him|her|it|them)(?= ?[.,!?]|$)|cancel(?:led|ed)? everything|(?:prepared|sorted|arranged|organi[sz]ed|put in order) everything|insurance (?:papers|policy|policies|documents|details)|(?:my )?(?:papers|affairs|paperwork|documents|passwords) (?:\\w+ ){0,4}(?:in order|sorted|ready for|on the table|laid out)|(?:finally |actually |really )?go(?:ing)? through with it|(?:not|never|stop|without) (?:braking|brake|turning the wheel|steering)|(?:take|took|taking) my hands off the wheel|cleared (?:my|out) (?:\\w+ )?(?:flat|room|house|things|stuff)") },
  // Passive ideation told by its constructions rather than its words: not caring whether one lives, relief or welcome
  // at one's own end, envy of the dead, a sleep to skip the rest, an end one will not outlive ("won't see Christmas",
  // "won't have to put up with me much longer"), others better off than with one, a weight round someone's neck,
  // waiting for it to be over, letting an illness take its course.
  { category: "suicidal_ideation", re: w("(?:not|never|stopped|no longer|do not) (?:\\w+ ){0,2}(?:care|caring|bothered|mind|minding) (?:\\w+ )?(?:(?:if|whether) i (?:live|die|go|wake|make it|survive|am here|am alive|see|get|(?:got|caught|had) (?:\\w+ )?(?:cancer|ill|sick|hit|run over|killed|covid|a disease|something))|what happens(?: to me)?(?= ?[.,!?;]|$| to me)|about (?:living|dying|waking))|(?:relieved|glad|a relief|a mercy|grateful|a blessing|kinder|welcome it) (?:\\w+ ){0,5}if (?:i (?:went|died|was gone|were gone|did not wake|never woke|passed|got (?:\\w+ )?(?:sick|ill)|had (?:\\w+ )?(?:months|weeks) left)|it (?:was|were|is) (?:the end|over|all over)|(?:the|my) \\w+ (?:went down|crashed|hit me))|(?:envy|envied|jealous of) (?:\\w+ ){0,3}(?:die|died|dead|dying|gone)|(?:fall asleep|go to sleep|sleep) and (?:skip|not|never|stay)|(?:will not|am not going to|do not think i will|not going to) (?:see|make it to|be (?:here|around) (?:for|at|by)) (?:christmas|my (?:\\w+ )?birthday|next (?:year|christmas|summer|spring|month)|the new year|another (?:year|christmas|birthday|summer|winter))|(?:will not|not) have to (?:put up with|deal with|worry about|look after|bother with|see) me (?:\\w+ ){0,3}(?:much longer|for long|many more|anymore|any more|soon)|(?:better off|happier|easier) (?:\\w+ ){0,5}than (?:with )?me|(?:weight|millstone|drag) (?:round|around|on) (?:\\w+ )?necks?|(?:can not|cannot) wait for (?:it|this|life|all this|it all) (?:all )?to (?:be over|end|stop)|(?:run|reached) my course|borrowed time|waiting (?:to (?:be let off|die|go|be taken)|for the end)|(?:let|letting) (?:it|nature|death|the illness|the cancer|it all) (?:happen|take (?:its|it is) course|take me)|check(?:ing)? out early|(?:finish|finishing|stop|stopping) my life|do (?:my ?self|me) in|by my own hand|kill (?:your|her|him) ?self") },
  // Command hallucinations: voices (or any agent heard) telling the speaker to die or to hurt themself or others.
  { category: "suicidal_ideation", re: w("(?:voices?|angels?|god|the devil|demons?|spirits?|(?:something|someone) in my head) (?:\\w+ ){0,4}(?:say|says|said|saying|tell|tells|told|telling|instruct\\w*|command\\w*|order\\w*|want|wants) (?:\\w+ ){0,3}(?:to )?(?:kill|hurt|harm|end|cut|die|punish|attack|go to them|join them)") },
  // Plans and means.
  { category: "plan_or_means", re: w(`guns?|rifles?|pistols?|revolvers?|shotguns?|firearms?|handguns?|bullets?|ammo|ammunition|knife|knives|blades?|machetes?|hatchets?|cleavers?|crossbows?|razors?|ropes?|noose|ligature|hang(?:ed|ing)? my ?self|(?:once |when )?i am hanging|(?:i have|i have got|i have made|got|made) a plan(?! (?:to (?:quit|stop|cut|reduce|change|cut down)|for (?:quitting|stopping|cutting)))|hang (?:from|off)|plastic bag|bridges?|cliffs?|ledge|rooftop|storeys|floors up|(?:walk|walking|walked|drive|driving|drove|step|stepping) (?:\\w+ )?(?:into|in front of|off)|jump(?:ed|ing)? (?:off|from|in front)|railway|motorway|drown\\w*|bleach|poison\\w*|antifreeze|nitrogen|helium|exhaust|carbon monoxide|charcoal|(?:planned|planning|worked out|figured out) (?:how|when|where)|know (?:how|when|where|exactly) (?:\\w+ ){0,3}i would|how i would do it|do the job|that would be it|would hold|hold my weight|the spot|picked (?:a|the) (?:spot|place|day|date)|roof|train line|the tracks|(?:stash|stashed|stashing|hoard\\w*|collect\\w*|saved|saving|kept|keeping|hidden|hiding|lined up|set aside|put aside)(?: [\\w']+){0,5} (?:${MED})|(?:${MED}) (?:[\\w']+ ){0,2}(?:lined up|ready|together|set aside|put by|saved)|(?:which|what) (?:\\w+ )?(?:${MED}) (?:would|will|to)|researched|researching|a date in mind|the best time|how (?:much|many|long|high) (?:[\\w']+ ){0,2}(?:it would take|it takes|would (?:kill|do it|be enough|take)|to (?:kill|take|die|do it)|is (?:lethal|enough)|would|to|you need)|(?:planned|planning|plan) to do it|(?:set|chose|chosen|choose|picked|pick|named) (?:a |the )?(?:date|day|time|night|method|when)|the method|a plan and|engine running|multi storey|top of the (?:car park|building|bridge|block|tower|cliff)|(?:round|around) (?:my|her|his|their) (?:neck|throat)|lethal|fatal|stockpil\\w*|(?:saved|saving|stashed|hidden|hoarded|collected|collecting|kept) (?:up )?(?:\\w+ )?(?:${MED})|enough (?:\\w+ )?(?:${MED})|enough (?:\\w+ ){0,3}to (?:do it|finish|end|kill)|(?:how|when|where) i (?:will|would|am going to) do it|(?:${MED}) (?:saved|stashed|hidden|hoarded)|extra (?:${MED})|(?:held|holding|counted|counting|laid out|emptied out|tipped out) (?:\\w+ ){0,2}(?:${MED})|two (?:pharmacies|chemists|doctors)|(?:measured|measuring|checked|checking|tested|testing) (?:\\w+ ){0,2}(?:beam|beams|rafters?|banisters?|loft hatch|drop|height|rope|cord|knot)|(?:taped|hidden|stashed|tucked|kept) (?:under|behind|inside|in) (?:\\w+ ){0,3}(?:sink|mattress|floorboards?|drawer|wardrobe|cupboard|bed)|(?:different|several|separate|other|two|three|four) (?:shops|chemists|pharmacies|stores|supermarkets|doctors)|another (?:shop|chemist|pharmacy|store|supermarket|doctor)|(?:big|bigger|biggest|large|larger|largest) (?:pack|packs|box|boxes|bottle|bottles|packet|packets|tub) (?:of )?(?:${MED})|(?:pharmacist|chemist|pharmacy) (?:\\w+ ){0,3}(?:big|bigger|biggest|large|larger|largest) (?:pack|box|bottle|packet|tub)|(?:the|a) (?:whole|entire|full) (?:\\w+ )?(?:box|pack|packet|bottle|strip|tub|blister)|trains? (?:times|timetables?|schedules?)|(?:practi[sc]\\w*|rehears\\w*|tested|testing|tried out|trying out|a (?:dry|trial|practice) run) (?:\\w+ ){0,3}(?:knot|knots|noose|ligature|rope|cord|belt|the weight|my weight)|(?:look|looked|looking|search|searched|searching|googl\\w*|read|reading) (?:up )?(?:\\w+ ){0,2}(?:methods|ways to (?:die|go|do it))|plan (?:is|was|would be) (?:to use )?(?:the |my )?(?:${MED})|so (?:they|nobody|no one) (?:would not|will not|does not|do not|did not|could not|would) (?:ask|notice|know|suspect)|hose ?pipe|a hose|duct tape|(?:times|timetable|schedule) (?:\\w+ ){0,3}trains?|(?:fast|express|freight) trains?|trains? (?:\\w+ ){0,3}without stopping|all i (?:would|will|\\w+) (?:need|want)|everything i (?:would|will) need`) },
  // Overdose.
  { category: "overdose", re: w(`overdos\\w*|od|(?:swallow|swallowed|took|taken|take|taking|necked|downed|ate|chugged|tipped|popped) (?:out )?(?:all|the whole|a whole|the lot|a bunch|a handful|a lot|loads|lots|way too many|too many|double|twice|triple|about|twenty|thirty|forty|fifty|\\d+|a bottle|a pack|a box|a packet|a strip)|handful|(?:taken|took|swallowed) (?:something|some stuff|a lot|loads)(?= ?[.,!?;]|$| of something)|a lot of something|(?:swallow|swallowed|took|taken|take|taking|necked|downed|ate|popped) (?:like |about |around )?(?:a full|a load|the rest|all the|every)|(?:${MED}) (?:all )?(?:at once|in one go|on purpose)|a bottle of (?:${MED})|stomach pumped|intensive care|icu|unconscious|passed out|narcan|naloxone|knock(?:ed)? my ?self out|mixing (?:my )?(?:${MED})|(?:${MED}) (?:with|and) (?:alcohol|vodka|gin|wine|booze|whisky|drink)`) },
  // Self-harm.
  { category: "self_harm", re: w("self harm\\w*|harm(?:ing|ed)? my ?self|hurt(?:ing)? my ?self|injur\\w* my ?self|punish(?:ing|ed)? my ?self|pain my ?self|cut(?:s|ting)?(?! (?:down|back|out|off|it out|through|in(?! (?:over|about|nearly|almost|more than|\\d|a|years|months|weeks|ages))|the|a|my hair|ties|corners)\\b)|sliced|slash\\w*|burn(?:ed|t|ing)? my(?! (?:dinner|food|toast|bridges))|burn\\w* my ?self|(?:slam|smash|hit|knock)\\w* my head|scratch\\w*|scars?|scarred|bleed\\w*|bled|blood(?! (?:pressure|sugar|tests?|work|levels?|count))|hit(?:ting)? my ?self|bang(?:ing|ed)? my head|punch(?:ed|ing)? (?:a |the )?(?:wall|mirror|window|door)|starv\\w*|purg\\w*|stitches|wanted it to hurt|carv\\w*|boiling|lighter|stubbed|break the skin|bite my|until (?:it|they) (?:bruise|bled|bleed|went white|hurt)|(?:into|on|to|across|against) my (?:arms?|wrists?|legs?|thighs?|skin|stomach)|over the (?:gas|flame|hob|ring)|held my (?:hand|arm)|pull(?:s|ed|ing)? (?:out )?my (?:hair|eyelashes|nails)|hair out|bald (?:patches|spots)|pick(?:s|ed|ing)? (?:at )?my (?:skin|scabs)") },
  // Harm to others told as a target watched, a threat of payback, or something put in someone's food or drink.
  { category: "harm_to_others", re: w("(?:know|knows|found out|worked out|writing down|wrote down|watching|watched|learned|clocked|noted) (?:\\w+ ){0,3}(?:where|when|what time) (?:he|she|they) (?:parks|leaves|lives|goes|works|finishes|is alone|gets (?:home|off)|walks)|(?:his|her|their) routine|(?:is|are|will be|be) going to (?:pay|regret|be sorry)|(?:will|going to) pay for (?:what|this|that)|(?:see|be|read about) (?:it|this|me|us) (?:on|in) the news|(?:put|putting|slip|slipping|add|adding) (?:something|stuff|\\w+) (?:in|into) (?:his|her|their|[a-z]+'s|my \\w+'s|\\w+ \\w+'s) (?:tea|drink|food|coffee|dinner|meal|pills)|urges? to (?:push|hurt|harm|hit|stab|kill|strangle|drown|drop)") },
  // Harm to others.
  { category: "harm_to_others", re: w(`murder\\w*|fantasi\\w* about|beat the crap|chok(?:e|ing) (?:${PERSON})|(?:hit|beat|beats|hits|kill|killing|hurting|harming) (?:my|his|her) (?:\\w+ )?(?:girlfriend|boyfriend|ex|wife|husband|partner|brother|sister|son|daughter|stepdad|stepmum|mum|dad)|stab(?:s|bed|bing)?|shoot|strangl\\w*|smother\\w*|suffocat\\w*|hands (?:round|around) (?:his|her|their)|squeez\\w*|(?:kill|hurt|harm|hit|punch|beat|smash|attack|batter|slap|kick|strike|push|pushing|throw|throwing|shake|shook|slapped|hit|end|run|running) (?:${PERSON})|(?:hurting|harming|killing|choking|strangling|stabbing|punching|hitting|beating|shooting|smothering) (?:${PERSON}|children|kids|babies|people)|(?:punched|pushed|kicked|attacked|battered|slapped|stabbed|choked|strangled|hurts|hits|beats|kicks|slaps|punches) (?:${PERSON})|by the throat|shoot(?:ing)? up (?:the|my|a|his|her|their|that) |smash (?:his|her|their) (?:\\w+ )?(?:face|head)|beat the (?:hell|crap|shit|living daylights) out of|violen\\w*|rage|revenge|(?:make|see) (?:him|her|them) (?:all )?(?:pay|suffer)|suffer|life hell|lash(?:ed|ing)? out|bat round|set fire|burn (?:his|her|their) (?:house|car|flat)|broke (?:his|her|their) (?:nose|jaw|arm|leg|ribs)|want (?:him|her|them) to be scared|threat\\w* to (?:kill|harm|hurt|stab|shoot|attack)|(?:kill|hurt|harm|stab|attack) (?:ex|ex partner|partner|wife|husband|girlfriend|boyfriend|mother|father|neighbour|colleague|child|children|son|daughter)\\b|following (?:${PERSON}|my ex)|i (?:used to |have been |keep |kept |would |always )?(?:get|got|getting) into (?:fights|a fight|scraps|punch ups)`) },
  // Abuse and safeguarding.
  { category: "abuse_safeguarding", re: w("abus\\w*|rap(?:e|ed|ing|ist)|molest\\w*|assault\\w*|grop\\w*|touch(?:ed|es|ing)? me|(?:hit|hits|hitting|beat|beats|beaten|hurt|hurts|kicked|kicks|pushed|pushes|shoved|shoves|grabbed|grabs|choked|chokes|slapped|slaps|punched|punches|threw|throws|strangled|locked|locks|threatens|threatened|threaten|knocks|knocked|controls|controlled) (?:me|us|him|her)(?! (?:up|out|over))|(?:threw|throws|thrown) (?:\\w+ ){1,3}at (?:me|us)|closed (?:\\w+ ){1,3}on my|(?:scared|afraid|terrified|frightened) (?:of (?:him|her|them|my|what he|what she)|to (?:go home|say|tell|be at home))|shares? (?:\\w+ )?(?:pictures|photos|videos) of me|without my (?:say so|consent|permission)|won't let me|will not let me|would not let me|does not let me|did not let me|not allowed to|will not give me|would not give me|does not give me|unless i|makes? me (?:sleep|shower|stay|watch|touch|promise|keep|do)|made me (?:sleep|shower|stay|watch|touch|promise|keep|do)|not to tell|our secret|a secret|post (?:the )?(?:videos|photos|pictures)|comes? in(?:to)? (?:my room|the bathroom|my bed)|comes? (?:in|into) (?:my|the) (?:room|bed|bathroom) at night|door open|takes my (?:money|pension|bank card|card|benefits|wages|phone|passport)|controlling|coercive|isolat\\w*|domestic|unsafe|not safe|bruises|black eye|neglect\\w*|groom\\w*|trafficking|stalk\\w*|exploit\\w*|forced (?:me|to)|forc\\w* (?:him|her|them)sel(?:f|ves) on (?:me|her|him|us)|(?:boyfriend|girlfriend|man|guy|bloke|partner|friend) (?:\\w+ ){0,2}(?:is|was|who is|aged) (?:[2-9]\\d|twenty\\w*|thirty\\w*|forty\\w*|fifty\\w*) (?:\\w+ ){0,4}(?:she|he|they|i) (?:is|are|am|was) (?:only )?(?:1[0-5]|eleven|twelve|thirteen|fourteen|fifteen)\\b|forc(?:e|es|ing) me|i am (?:only |just )?(?:1[0-5]|eleven|twelve|thirteen|fourteen|fifteen)\\b(?: \\w+){0,10} (?:[2-9]\\d|twenty\\w*|thirty\\w*|forty\\w*|fifty\\w*)(?: \\w+)? (?:year old|years old|yr old) (?:boyfriend|man|guy|bloke|girlfriend|partner|friend|lad)|threaten\\w*|kill me if|would get hit|get hit|shouts? at (?:me|him|her)|leaves? (?:me|us|him|her|them) (?:in|alone|without|sitting|on (?:my|our|his|her|their) own)|not feed|feeds? (?:me|us) |(?:taking|took|taken|steals?|stealing|stole) my (?:money|pension|bank card|card|benefits|wages)|com(?:es|ing) in(?:to)? (?:my|the) (?:room|bedroom|bathroom|bed|shower)|own mess|knocks us about|grab(?:s|bed|bing)? my (?:wrist|arm|neck|hair|throat|face)|(?:leaves|left|leaving) (?:\\w+ )?marks|when i am (?:changing|undressed|getting changed|in the (?:shower|bath)|asleep|in bed)|(?:made|make|makes|making) me (?:have sex|sleep with|do (?:things|stuff))|have sex with (?:him|her|them|his|her|their)|(?:kept|keep|was|were) saying no|(?:even though|after|when) i (?:said|kept saying|told (?:him|her|them)) no|keep (?:it|them|this|that|these|things|it all) (?:a )?secret|secret (?:messages|texts|chats|photos|pictures)|(?:asks?|asking|asked|wants?|wanted) (?:me )?for (?:pictures|photos|pics|nudes|videos)|nudes|tell (?:my|your) (?:parents|mum|mom|dad|family|wife|husband|boss|school|teacher) (?:\\w+ ){0,2}if i|(?:never|no|not any|not enough|hardly any) (?:any )?food in the (?:house|flat|fridge|cupboards?)|(?:look after|fend for|feed) (?:ourselves|myself) (?:most|all)|nobody (?:feeds|looks after|picks up) (?:us|me)") },
  // Abuse and neglect told by its facts: papers kept, what one eats or wears decided, children asked for pictures,
  // children left alone or without food, signatures got from someone who cannot refuse, someone locked in.
  { category: "abuse_safeguarding", re: w("(?:keep|keeps|kept|hold|holds|held|took|take|takes|taken|has) (?:\\w+ )?(?:my|our) (?:passport|passports|documents|papers|id|visa)|(?:decides|decide|chooses|controls|checks|check|tells me) (?:what|who|where|when|how much) i (?:eat|wear|see|text|go|spend|talk|can|am allowed)|(?:asks?|asking|asked|wants?|wanted|getting|gets|got) (?:me |(?:my|her|his|our) (?:\\w+ ){0,3})?for (?:pictures|photos|pics|nudes|videos)|(?:left|leaves?|leaving) (?:me|us|him|her|them|the kids|the children|the baby|(?:my|our|his|her|their) \\w+) (?:\\w+ ){0,5}(?:for days|all weekend|all night|overnight|for hours|on (?:my|our|their|his|her) own)|(?:left|leaves?|leaving) (?:\\w+ ){0,3}without (?:food|water|heating|care|medication|meds)|(?:are|is|were|was|get|gets|got) left (?:on (?:their|his|her|our|my) own|alone)|no food|(?:getting|got|gets|makes?|made) (?:him|her|them|me|my \\w+) (?:to )?sign (?:cheques|checks|papers|over|things)|(?:(?:keep|keeps|kept) (?:\\w+ ){0,3}locked|(?:locked|lock|locks) (?:\\w+ ){0,2}) (?:in|out of) (?:the|their|a|my|his|her) (?:house|room|flat|cupboard|bedroom|car)|(?:she|he|they) is always hungry|always hungry") },
  // Self-harm told obliquely: a cover story for the marks, new ones under a plaster, water hot enough to burn.
  { category: "self_harm", re: w("(?:burn|burns|burned|burnt|burning|cut|cuts|cutting|scratch\\w*|carv\\w*|slash\\w*) (?:his|her|their) (?:arms?|wrists?|legs?|thighs?|skin|stomach)|(?:fresh|new|raw|recent) (?:marks|cuts|scratches|burns|wounds|scars) (?:on|across|up) my|(?:think|thinks|thought) (?:\\w+ ){0,2}(?:i got (?:these|them|it)|(?:it is|it was|they are|they were)) from (?:the|a|my)|i got (?:these|them) from|(?:fresh|new) ones|under (?:this|the|my) (?:plasters?|bandages?|dressings?|sleeves?)|(?:hot|cold) enough to (?:burn|scald|hurt|blister)|scabs?|(?:hide|hiding|hid|cover|covering|covered) (?:up )?(?:the|my|them|it) (?:\\w+ )?(?:marks|cuts|scars|burns|arms|wrists|legs)") },
  // Relapse told by its pattern: a substance every or most weekends, again after other words, topping up, drinking in
  // the car or before work, back to it alongside something else.
  { category: "substance_relapse", re: w(`(?:${DRINK}|coke|weed) (?:\\w+ )?(?:every|most) (?:weekend|night|day|morning)s?|(?:using|drinking|smoking|taking|doing|snorting) (?:\\w+ ){0,3}(?:${DRINK}|coke|tablets|stuff) (?:\\w+ ){0,3}again|topping up|(?:drinking|using|drugs|booze|the drink|the drinking|the using|gambling)(?: is|'s| are) back|the shakes|(?:had|have had|drank|necked|downed) (?:a couple|a few|one or two|a couple more|a few more)(?= ?[.,!?;]|$| more\\b)|top up with|drinking (?:in the car|before work|at work|in the morning|secretly|in secret|on my own)|back to (?:\\w+ and )?(?:drinking|using|smoking|gambling)|street (?:stuff|gear|drugs|methadone)`) },
  // Substance relapse.
  { category: "substance_relapse", re: w(`relaps\\w*|broke my (?:sobriety|abstinence)|(?:days|weeks|months|years) (?:sober|clean|dry)|a fifth of|(?:a few|a couple of|some|did) (?:lines|bumps)|chip(?! (?:butty|butties|shop|shops|supper|van|pan|fat|sandwich))|lapse\\w*|a slip|slipped|(?:a|the) bottle (?:of \\w+ )?a day|(?:${DRINK}) a day|i used (?:last|yesterday|on|this|over|at|again)|slip up|slipped up|fell off the wagon|back on (?:the|it)|(?:used|using|drinking|drank|drunk|smoking|started|taking|doing) (?:\\w+ )?again|again (?:${DRINK})|went back to|gone back to|back to (?:a |the )?(?:${DRINK}|bottle)|binge\\w*|bender|blackout|blacked out|hammered|wasted|wrecked|loaded|pissed|smashed|(?:got|get|getting|was|been) (?:so )?high|stoned|shot up|inject\\w*|needles?|heroin|meth|crack|fentanyl|opiates?|hitting the bottle|on the sauce|sneak\\w* (?:\\w+ )?(?:${DRINK})|a (?:massive |big )?session|first time (?:in|since)|(?:lost|reset) my (?:\\w+ )?chip|couldn't hold out|could not hold out|had a drink|(?:${DRINK}) every (?:night|day)|(?:a|my) (?:\\w+ )?(?:dad|mum|mom|friend)'?s methadone|(?:meant|supposed) to be (?:sober|clean|dry|off (?:it|the \\w+))|(?:drank|downed|necked|finished|drunk) (?:the|a) (?:whole|entire) bottle|(?:bought|buying|scored|score) (?:some )?(?:${DRINK}|weed|drugs)|off a (?:lad|guy|dealer|bloke)|dealer`) },
];

export interface ReviewMatch {
  category: RiskCategory;
  cue: string;
  /** The theme is in a past the sentence says has ended ("it's been a year since I last cut"): a screened negative, shown as such, not a review flag. */
  screenedNegative?: true;
  /** Raised by the learned word model or the embedding classifier: its probability. */
  p?: number;
}

/**
 * The review tier on one sentence, given the flag tier's result on it: nothing when the flag tier flagged it as
 * risk; when the flag tier read a denial in it ("denies SI", "I've never tried to kill myself"), the denied clauses
 * are a screened negative, shown as such, and only the sentence's other clauses are read ("I'm not suicidal, but I
 * keep thinking everyone would be better off without me" is still a review flag). The one entry point the
 * transcript screen and the measures share.
 */
export function reviewSentence(text: string, role: SpeakerRole, flag: RiskScreenResult, options: ScreenOptions = {}): ReviewMatch | undefined {
  if (flag.verdict === "risk") return undefined;
  const documented = documentedStatement(text, role);
  if (documented !== undefined) return reviewSentence(documented, "patient", flag, options);
  if (flag.verdict === "none") {
    if (role === "clinician") return undefined;
    const norm = normaliseStatement(text);
    const found = allCues(norm);
    if (!found.length) return modelReview(norm, options) ?? embeddingReview(text, norm, options);
    // Every theme the sentence names is read, in order, not only the first: "my mum found the razor but I have
    // another …", "I keep getting urges to push people onto the tracks" (the tracks are said with someone else in the
    // clause; pushing people is not). A theme in a past the sentence says has ended, or an act the sentence denies
    // ("my partner has never been violent", "I didn't take too many"), is a screened negative. Not for ideation's
    // themes, whose cues carry their own negation ("I can't see the point", "no one would miss me").
    // A self-directed theme (ideation, self-harm, overdose, means, relapse) said of someone else or inside a
    // hypothetical, as the flag tier reads its clause ("my flatmate took an overdose", "if I ever felt like ending it"),
    // is no review flag (someone else as the subject does not count when the theme's own words name the speaker:
    // "you won't have to put up with me much longer", "it's on my thighs now"), in a short sentence only: in a long run-on one the subject the flag tier finds may belong to
    // an earlier conjunct ("he said to rest it and part of me wants to…"). Harm to others and abuse keep no scope: a
    // third party hurting a child is a safeguarding concern, and a conditional threat is a threat.
    const scoped = norm.split(/\s+/).length < SCOPED_WORDS;
    // A theme of the same category as a denied one is read with the denial ("I haven't cut since I was sixteen, the
    // scars are old").
    const denied = found.filter((one) => deniedTheme(norm, one));
    for (const one of found) {
      if (denied.some((d) => d.category === one.category)) continue;
      if (SELF_DIRECTED.has(one.category) && scoped && otherOrHypotheticalAt(norm, one.index, SPEAKER_NAMED.test(one.cue)) && !dependantAtRiskNow(norm)) continue;
      if (storyAt(norm, one.index)) continue;
      return { category: one.category, cue: one.cue };
    }
    return denied[0] && { category: denied[0].category, cue: denied[0].cue, screenedNegative: true };
  }
  if (pastResolved(normaliseStatement(text))) return undefined;
  for (const clause of normaliseStatement(text).split(CLAUSE_BREAK).map((c) => c.trim()).filter(Boolean)) {
    if (screenStatement(clause, role).verdict === "denied") continue;
    const found = reviewStatement(clause, role);
    // A clause that does not name the speaker and names the same act the flag tier read as denied is part of that
    // denial ("Denies self-harm; old scars bilateral forearms"; not "…, but I've been doing coke most weekends"); not
    // ideation, whose cues carry their own negation ("I'm not suicidal, but … better off without me").
    if (found && found.category === "harm_to_others" && retracted(normaliseStatement(text))) continue;
    if (found && found.category !== "suicidal_ideation" && !FIRST_PERSON.test(clause) && flag.findings.some((f) => f.verdict === "denied" && f.category === found.category)) continue;
    if (found) return found;
  }
  return undefined;
}

/**
 * The review tier's cues on one sentence (or clause), with no scope read beyond the speaker:
 * the first risk theme it names, or nothing. Clinicians' sentences are never a review flag.
 */
export function reviewStatement(text: string, role: SpeakerRole): ReviewMatch | undefined {
  if (role === "clinician") return undefined;
  const found = firstCue(normaliseStatement(text));
  return found && { category: found.category, cue: found.cue };
}

/**
 * The learned model as the review tier's second net: a sentence no cue named, whose risk probability reaches the
 * model file's `reviewThreshold` (below the flag tier's bar), unless it is a question put to the listener or places
 * its risk in a past it says has ended. `options.model` as in the flag tier (`null`: no model).
 */
function modelReview(norm: string, options: ScreenOptions): ReviewMatch | undefined {
  if (options.model === null) return undefined;
  const m = options.model ?? committedRiskModel();
  const bar = options.reviewThreshold ?? m.reviewThreshold;
  if (bar === undefined || (norm.trim().endsWith("?") && /\byou\b/.test(norm)) || pastResolved(norm)) return undefined;
  // The whole sentence only: read alone at this lower bar, a long turn's clauses raised two to three times the
  // review flags on AnnoMI's even sessions for two more risk statements out of fold (measure/train-risk-model.ts).
  const scored = scoreRiskModel(norm, m);
  return scored.p >= bar ? { category: scored.category, cue: `model p=${scored.p.toFixed(2)}`, p: scored.p } : undefined;
}

/**
 * The sentence-embedding classifier as the review tier's third net: a patient's sentence no cue named and the word
 * model did not raise, that names the speaker, is not a question put to the listener and places no risk in a past it
 * says has ended, whose probability reaches the classifier's review bar. It never raises a flag-tier flag: on ordinary
 * talk it cannot tell distress from risk well enough (core/src/notes/README.md), so what it adds is shown for a
 * clinician to look at, under a false-alarm budget. Silent without vectors (no embedder for it) or with `null`.
 */
function embeddingReview(text: string, norm: string, options: ScreenOptions): ReviewMatch | undefined {
  if (options.embeddingModel === null || hasIdiom(text) || !FIRST_PERSON.test(norm) || (norm.trim().endsWith("?") && /\byou\b/.test(norm)) || pastResolved(norm)) return undefined;
  const vector = options.embeddings?.(text);
  if (!vector) return undefined;
  const m = options.embeddingModel ?? committedRiskEmbeddingModel();
  const p = scoreRiskEmbedding(vector, m);
  if (p < (options.embeddingReviewThreshold ?? m.reviewThreshold)) return undefined;
  return { category: scoreRiskModel(norm).category, cue: `embedding p=${p.toFixed(2)}`, p };
}

/** A theme in a past the sentence says has ended, or an act the sentence denies. */
function deniedTheme(norm: string, found: ReviewMatch & { index: number }): boolean {
  return pastResolved(norm) || (found.category !== "suicidal_ideation" && deniedAt(norm, found.index, found.cue.length));
}

/**
 * Someone in the speaker's care, or someone with them now, at risk now: a child or teenager of theirs ("my lad's been
 * burning his arms", "I found the marks on my daughter this morning"), or a person in an emergency as it is told
 * ("she's taken something, she's slurring"). A self-directed theme said of them is a safeguarding concern for the
 * clinician to review, not a third party's history ("my friend overdosed years ago", "a character in the film
 * jumps"): it needs the present (a progressive or perfect tense, "today", "this morning", "found") and no ended past.
 */
const DEPENDANT = /\b(?:my|our) (?:\w+ )?(?:daughter|son|lad|boy|girl|kids?|child|children|teenager|teen|grandson|granddaughter|stepson|stepdaughter|baby)\b|\b(?:his|her|their) (?:school|teacher|school bag|schoolbag|head of year)\b/;
const EMERGENCY_NOW = /\b(?:she|he|they) (?:is|are) (?:slurring|unconscious|not breathing|not waking|unresponsive|barely awake|drowsy|vomiting|fitting)|\b(?:will not|can not|could not) wake (?:her|him|them)\b|\bempty (?:blister|packet|pack|bottle|box)/;
const NOW = /\b(?:been|is|are) \w+ing\b|\b(?:has|have) (?:taken|cut|burned|burnt|hurt|tried|been|done|swallowed|written|left)\b|\b(?:today|tonight|this (?:morning|afternoon|evening|week)|last night|right now|just now|found|find|keep finding)\b/;
function dependantAtRiskNow(norm: string): boolean {
  if (pastResolved(norm) || /\b(?:if|what if|imagine|suppose|worried that|worry that|afraid that|scared that)\b/.test(norm) || storyAt(norm, norm.length - 1)) return false;
  return EMERGENCY_NOW.test(norm) || (DEPENDANT.test(norm) && NOW.test(norm));
}

/** The speaker named inside a theme's words ("put up with me", "my thighs"; a reflexive needs the speaker as subject anyway). */
const SPEAKER_NAMED = /\b(?:i|me|my|mine)\b/;
const SELF_DIRECTED: ReadonlySet<RiskCategory> = new Set<RiskCategory>(["suicidal_ideation", "self_harm", "overdose", "plan_or_means", "substance_relapse"]);
/** Sentences of fewer words than this get the third-party and hypothetical scope (above). */
const SCOPED_WORDS = 20;

function firstCue(norm: string): (ReviewMatch & { index: number }) | undefined {
  return allCues(norm)[0];
}

const GLOBAL_CUES = new Map(REVIEW_CUES.map((cue) => [cue, new RegExp(cue.re.source, "g")]));

/** Every cue match in the sentence, cue by cue in their order, each cue's matches left to right; then the compositional readings of a wish about the speaker's own life (`risk-reading.ts`), then the frame readings (`risk-frames.ts`). */
function allCues(norm: string): Array<ReviewMatch & { index: number }> {
  return [...REVIEW_CUES.flatMap((cue) => [...norm.matchAll(GLOBAL_CUES.get(cue)!)].map((m) => ({ category: cue.category, cue: m[0], index: m.index }))), ...readWishes(norm), ...readFrames(norm)];
}
