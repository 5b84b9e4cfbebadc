/**
 * The recall-first layer of the risk screen: risk *concepts* rather than
 * risk statements' phrasings. A statement patterns call a risk statement is
 * a flag; a statement that only brings a risk concept into the speaker's
 * own clause is a flag of the `review` tier ("possible risk — review"):
 * death or dying said of oneself, life negated ("not be around next year"),
 * a counterfactual absence ("they'd manage without me"), final acts (notes,
 * giving things away, making peace), a method's place or object (a bridge,
 * a platform, a rope round the neck), research into a method, medication
 * kept back or taken in quantity (drug names by their suffixes, not a
 * list), injury verbs on one's own body, harm verbs on another person,
 * control or violence done to the speaker, and a substance with a lapse
 * word. Each concept is written once over word classes with their
 * morphology (`<verb>` is every inflection); the grammar around a match
 * (negation, conditionals, someone else as subject, a question to the
 * patient, a clinician speaking) is judged by the screen exactly as for a
 * statement pattern, so "my dad died" and "if I ever felt like dying" stay
 * unflagged. Written from the risk classes, not from any labelled split's
 * sentences; its cost is measured on AnnoMI's client sentences (README).
 */
import { compilePattern, type RiskCategory, type RiskPattern } from "./risk-patterns.ts";

/** Concept classes; they add to the statement classes of `risk-patterns.ts`. */
export const CONCEPTS: Record<string, string[]> = {
  /** Medicines by name ending (sertraline, quetiapine, diazepam, co-codamol, tramadol, oxycodone, ibuprofen…) and by kind. */
  MED: ["pills?", "tablets?", "meds", "medications?", "medicines?", "prescriptions?", "painkillers?", "pain meds", "sleeping (?:pills|tablets)", "antidepressants?", "insulin", "lithium", "paracetamol", "aspirin",
    "xanax", "valium", "cough (?:syrup|medicine|mixture)", "tylenol", "advil", "nurofen", "panadol", "ambien", "zopiclone", "benzos?", "opioids?", "methadone", "[a-z]+(?:zepam|zolam|triptyline|oxetine|etine|faxine|raline|alopram|apine|odone|codamol|amol|adol|azepine|pramine|profen|phine|barbital|ridone|pidem|iclone|azine|tadine)"],
  /** A quantity that makes a dose an overdose. */
  LOTS: ["a whole", "the whole", "whole", "an entire", "my entire", "the entire", "all", "all of", "everything", "a load of", "loads of", "a lot of", "lots of", "a handful of", "handfuls of", "a bottle of", "a packet of", "a pack of", "a strip of", "a box of", "a tub of", "a month of", "a bunch of", "a fistful of", "\\d+", "twenty", "thirty", "forty", "fifty", "a hundred", "too many", "way too many", "double", "triple"],
  /** Things a person uses to end their life. */
  MEANS: ["rope", "noose", "belt", "cord", "ligature", "guns?", "rifles?", "shotguns?", "pistols?", "handguns?", "firearms?", "knife", "knives", "blades?", "razors?", "charcoal", "hose(?:pipe)?"],
  /** Places a person jumps from or in front of. */
  PLACE: ["bridge", "bridges", "cliff", "cliffs", "roof", "rooftop", "car park", "multi storey", "multistorey", "platform", "tracks", "railway", "level crossing", "motorway", "overpass", "balcony", "ledge", "tower", "block of flats", "river", "sea", "quarry"],
  BODYPART: ["arms?", "wrists?", "legs?", "thighs?", "skin", "stomach", "belly", "hands?", "face", "chest", "body", "knuckles", "hips?", "ankles?", "forearms?", "fingers?", "head", "neck", "throat", "feet", "foot", "shoulders?", "back", "ribs", "breasts?", "scalp"],
  INJURE: ["cut", "slash", "slice", "carve", "scratch", "scrape", "burn", "scald", "bite", "stab", "pierce", "gouge", "bruise", "mark", "hurt", "harm", "injure", "punish", "starve"],
  STRIKE: ["kill", "murder", "stab", "shoot", "strangle", "throttle", "smother", "suffocate", "choke", "batter", "beat", "punch", "kick", "headbutt", "glass", "deck", "hurt", "harm", "attack", "knife", "torch", "poison", "slap", "hit", "drown", "end", "maim", "hammer", "bash", "thump", "wallop", "strike"],
  VIOLATE: ["knock", "smack", "thump", "batter", "belt", "bully", "hit", "beat", "hurt", "touch", "rape", "molest", "grope", "choke", "strangle", "throttle", "slap", "punch", "kick", "push", "shove", "pin", "drag", "grab", "pinch", "spit", "bite", "burn", "force", "abuse", "assault", "lock", "threaten", "starve", "control", "follow", "stalk", "trap", "scream", "shout", "belittle", "humiliate", "isolate", "blackmail"],
  VICTIM: ["him", "her", "them", "someone", "somebody", "anyone", "anybody", "everyone", "everybody", "people", "the lot of them", "all of them", "them all", "the lot", "(?:my|his|her|their|our|that|this|the|a|some) (?:[a-z]+ )?{PERSON}(?:'s)?"],
  SUBSTANCE: ["drink", "drinks", "drinking", "drank", "drunk", "booze", "boozing", "alcohol", "pints?", "beers?", "cans", "vodka", "wine", "whisky", "whiskey", "gin", "cider", "rum", "spirits", "drugs?", "using", "used", "gear", "smack", "heroin", "meth", "crack", "cocaine", "coke", "lines?",
    "weed", "spice", "ketamine", "mdma", "pills", "xanax", "benzos?", "high", "stoned", "wasted", "hammered", "smashed", "a bottle"],
  LAPSE: ["relapse", "lapse", "slip", "cave", "give", "fall", "break", "pick", "use"],
  SKIN: ["arms?", "wrists?", "legs?", "thighs?", "skin", "stomach", "belly", "chest", "hips?", "forearms?", "ankles?", "breasts?"],
  ILLICIT: ["gear", "smack", "heroin", "meth", "crack", "cocaine", "coke", "spice", "ketamine", "mdma", "weed", "benzos?", "xanax", "drugs", "pills off", "dope", "crystal", "ice", "molly", "pills from"],
  DEATHWORD: ["die", "dies", "died", "dying", "dead", "death", "deceased"],
};

const c = (category: RiskCategory, self: boolean, ...sources: string[]): RiskPattern[] =>
  sources.map((s) => ({ category, self, re: compilePattern(s, CONCEPTS), tier: "review" as const }));

/** Idiomatic senses of the death words ("dying to see", "dead tired", "died laughing"), and fear of death, which is not ideation. */
const DEATH_IDIOM = "(?! (?:row|metal|trap|star|to|for|of (?:laughter|laughing|embarrassment|shame|boredom|cold|heat|thirst|hunger)|laughing|tired|on (?:time|my feet|arrival)|easy|set|right|serious|end|beat|centre|center|ringer|weight|line|battery|quiet|cert|loss|heat|wood|zone|giveaway|keen))";
const FEAR = "(?<!(?:bored|sick|freezing|frozen|love|loved|afraid|scared|fear|fearful|frightened|terrified|worried|worry|worrying|petrified|panic|anxious|anxiety|nearly|almost|could have|could of|ways to) (?:of |to |about |that |i |i am |i will |i would |i might )?(?:be |being )?)";

export const RISK_CONCEPTS: RiskPattern[] = [
  ...c("suicidal_ideation", true,
    `${FEAR}(?<!\\b(?:me|him|her|them|you|us|it) to ){DEATHWORD}${DEATH_IDIOM}`, "suicid[a-z]*",
    "(?:not|never|no longer) (?:want to |wish to |going to |see myself |be |being |still |stay |staying |even |to |deserve to |should |should be |ought to be |be able to |planning on |plan on |planning to |plan to |expect to |expecting to |expecting to be )+(?:alive|living|here|around|existing|exist)(?= (?:anymore|any more|any longer|this time next|next (?:year|month|week|christmas|birthday)|for (?:much )?longer|for (?:christmas|my birthday|long|the (?:summer|winter|new year))|by (?:christmas|the summer|next year)|tomorrow|much longer)|$)",
    "(?:no|not any|not a|not the|what is the|what's the) ~1 (?:point|reason|use) ~2 (?:of |in |to )?(?:carrying on|carry on|going on|go on|keep going|keeping going|living|being alive|being here|life|existing|me being|me even being)",
    "<want|need> out(?! of (?:the|this|that|my) (?:job|house|relationship|marriage|contract|town|city|program|programme|course|flat|area|deal|group))", "(?:only|easiest|one|best|a|the) way out",
    "<give> ~2 (?:stuff|things|belongings|possessions|clothes|records|games) away", "<give> away ~2 (?:stuff|things|belongings|possessions)", "<write|leave> ~3 (?:a|the|my) ~1 (?:note|notes|letter|letters)(?! (?:to|for) (?:my |the )?(?:boss|teacher|school|work|doctor|landlord|council|court|gp|office))",
    "<pick|choose|set|decide> (?:a|the|on a|on the) (?:day|date|night|time)", "<google|search|research|look|read> ~5 (?:painless|quick|quickest|easiest|lethal|fatal|ways to go|way to go|how to go|how to die|to do it|would do it|would work|kill myself|end it)",
    "<drive|crash|steer|swerve|plough|plow|drove> ~4 (?:into|off|through) ~3 (?:tree|wall|traffic|lorry|truck|bridge|cliff|river|sea|barrier|edge|lake|oncoming)",
    "<step|jump|throw|lean|walk|fling> ~3 (?:off|from|in front of|onto|over|into) ~3 {PLACE}", "<step|jump|throw|walk|fling> ~3 in front of ~2 (?:train|lorry|bus|car|truck|traffic|tube)",
    "(?:urge|urges|temptation|tempted|impulse) to ~3 (?:step|jump|drive|crash|swerve|walk|throw|let go)", "{MEANS} ~2 (?:round|around) my (?:neck|throat)", "<tie|put|wrap> ~3 (?:round|around) my (?:neck|throat)",
    "<hope|wish|pray> ~4 (?:i do not wake|i never wake|i am gone|it takes me|takes me|it kills me|something happens)",
    "(?:sleep|rest) forever", "(?:my own|my) (?:funeral|grave|eulogy|obituary|headstone|coffin)", "<knock|put|send> myself (?:out|to sleep|under) (?:for good|forever|permanently)", "did (?:it|this|that) to myself", "it was me (?:that|who) did (?:it|this|that)",
    "<read|look|research|google|watch|stare|think|dream|picture|fixate> ~2 (?:about|up|into|at|over|of|on) ~4 (?:jump|jumped|jumping|hanging|hanged|overdoses?|suicides?|{PLACE}|train line|railway line|the line)",
    "<want|wish|like|hope|need> to ~5 (?:stay asleep|never come (?:out|back|home)|not come (?:out|back|home)|never wake|not wake|never be found|never be seen again)", "{MEANS} (?:to|against|at|on|across|into) my (?:wrists?|throat|neck|head|temple|chest|heart)",
    "<check> out (?:for good|of (?:life|this world|here for good)|permanently|early)", "six (?:feet|foot) under", "(?:in|into) the ground", "\\bkms\\b",
    "<wish|pray|hope> (?:it|this|everything) (?:was|were|would be|is) (?:all )?(?:over|done|finished)", "<want|wish|need> (?:it|everything|it all|this) (?:all )?to be (?:over|done)(?! (?:soon|quickly|with|by))", "<know|work|figure|plan|decide|pick|choose> (?:out )?(?:how|when|where|which|the (?:method|way|place|spot|day|date|time)) ~3 (?:do it|use (?:it|them)|go through with it)",
    "(?:had|have|sick of|tired of) enough of (?:life|living|it all|everything|this life|being alive|being here)", "(?:<want|wish|need|like>|ready) to be (?:gone|no more|at peace|with (?:god|jesus|the angels|my (?:late|dead) [a-z]+)|out of (?:it|here) for good)",
    "ready to go(?= now|$)", "(?:sorted|sort|sorting|worked|decided|written down|planned) ~2 who (?:gets|will get|will have|has|is having|takes|will take|will look after)", "<put> ~2 (?:affairs|things|will) in order",
    "<say> (?:my )?goodbyes?(?! to (?:the|my) (?:old|job|house|flat))", "(?:bag|pillow|plastic) ~2 over my (?:head|face)", "so (?:it is|it will be|it would be|that it is|i would be) (?:over|all over|the end|gone|dead)", "(?:finish|top|off) myself", "<be> done with (?:it all|everything|life|living|this life)"),
  // helper/risk10, from classes seen in outside sentences (risk-set.cssrs-tune): going on negated
  // with what follows it; life held by one thing; a wish for everything to stop; wanting to cut or jump.
  ...c("suicidal_ideation", true,
    "(?:<can>|could) not (?:go on|carry on|keep going|keep living|continue) (?:living|existing|like this|this way|with this|with life)",
    "(?:the only|my only|the one) (?:reason|thing) ~3 (?:i am (?:still (?:alive|here|living|around)|alive|living)|i went on|i go on|i keep going|i have not|i did not|keeps me (?:alive|here|going)|kept me (?:alive|here|going)|i stay|i stayed|i am still)",
    "(?:<want|wish|need> (?:everything|it all|all of it|the world|life|all this|this all) to (?:stop|go away|end|be over|disappear))",
    "sui?c[iy]?d(?:e|es|al|ally)", "(?:i|we) (?:am|was|is) hanging(?! (?:out|around|about|on|in|with|up|off|over|by|there|onto))",
    "(?:<want|wish|need>|urges?|tempted|temptation|thought about|think about|thinking about) to jump(?! (?:in|on|at|into the|up|through|ship|the gun|the queue|start|around|for|over|ahead|out of (?:bed|my skin)))"),
  ...c("self_harm", true,
    "(?:<want|need|crave>|urges?|itch|itching|tempted|temptation) to (?:cut|burn|bleed|self harm)(?= (?:again|sometimes|so bad|so badly|badly|tonight|deeper|every (?:day|night)|all the time|myself)\\b)"),
  ...c("abuse_safeguarding", true,
    "(?:been in|was in|in|had|have|has|from|grew up in|survived|escaped|left) ~5 abusive (?:relationships?|partners?|ex|home|household|marriage|family|parents?|father|dad|mother|mum|mom|boyfriend|girlfriend|husband|wife|stepdad|stepfather|stepmother|childhood|upbringing)"),
  // helper/risk11, from classes seen in a second outside source (risk-set.counselchat-tune): abuse told in the passive
  // or as what the speaker survived ("I was … raped", "a survivor of … abuse", "a domestic abuse situation"), life
  // judged pointless, and someone else's violence described by an adjective or to the speaker's body.
  ...c("abuse_safeguarding", true,
    "(?:was|were|been|got|being|get) ~4 (?:raped|molested|groped|abused|assaulted|trafficked|kidnapped)",
    "survivor of ~3 (?:abuse|rape|assault|incest|trafficking|violence|domestic violence|domestic abuse)",
    "domestic (?:abuse|violence)(?! (?:shelter|charity|hotline|helpline|service|services|awareness|training|course|unit|team|worker|workers|officer|advocate|program|programme|campaign|law|laws|statistics))"),
  ...c("abuse_safeguarding", false,
    "my (?:abuser|abusers|rapist|attacker|attackers)",
    "(?:he|she|they|my [a-z]+|my [a-z]+ [a-z]+) ~3 (?:<be>|became|become|becomes|gets|got|getting) (?:(?:very|so|really|extremely|verbally|emotionally|physically|mentally|sexually|psychologically|financially|quite|incredibly|always|often|and|both) ){0,4}abusive(?! (?:relationships?|marriages?|homes?|households?|famil(?:y|ies)|partners?|men|women|people))",
    "abusive (?:to|towards|toward|with) (?:me|us)", "and (?:<be>|became|becomes|gets|got) (?:(?:very|so|really|extremely|verbally|emotionally|physically|mentally|sexually|psychologically|financially|quite|incredibly|always|often|and|both) ){0,4}abusive(?! (?:relationships?|marriages?|homes?|households?|famil(?:y|ies)|partners?|men|women|people))",
    "(?:he|she|they|my [a-z]+) ~3 <close|slam|shut|trap> ~4 on my {BODYPART}",
    "<throw|push|shove|drag|pull|kick> me (?:out of|off|down|from) (?:his|her|their|the|a|my) ~1 (?:car|truck|van|stairs|bed|balcony|window)"),
  ...c("suicidal_ideation", true,
    "(?<!(?:his|her|their|your|its) )life (?:is|feels|seems|was|has been) ~1 (?:pointless|meaningless|worthless|not worth (?:it|living)|a waste)"),
  // The speaker weighing their own suicide, not a hypothetical: "if I kill myself…" (without "ever"/"were to"), "not enough
  // to live for", "can't give me a reason to keep going", and whatever stops (or does not stop) them from ending their life;
  // the negation that carries the risk is spelled inside these patterns, so it does not deny them.
  ...c("suicidal_ideation", false,
    "for me to be (?:gone|dead|no more|not here|not around)",
    "if i (?:do not |did not )?(?:<kill> myself|<end|take> my (?:own )?life|commit suicide|<end> it all)",
    "(?:not|never|nothing|no) ~10 (?:enough|worth) (?:to live for|living for|to stay alive for|to keep going for|to keep me (?:alive|here|going))",
    "(?:not|no|never) ~3 (?:a |any |one )?reasons? to (?:keep (?:on )?going|go on|carry on|stay alive|keep living|live|be alive|stay)(?! (?:here|at|in|with|for (?:the|a) (?:night|day|week|weekend)))",
    "(?:not ~4 )?<stop> me (?:from )?(?:<kill> myself|<end|take> my (?:own )?life|<end> it|doing it|trying it again|killing)",
    "(?:upset|sad|sorry|miss me|relieved|fine|better off|glad) ~2 (?:when|after|once) i (?:go|am gone|die|pass|pass away)(?! (?:to|out|away|back|home|on|into|in|there|for|with|through|off|up|down|under|over|abroad|to))"),
  ...c("suicidal_ideation", false,
    "(?:when|after|once) i am (?:gone|dead|not here|not around|no longer (?:here|around|alive))",
    "(?:not|no longer) ~3 (?:a problem|a burden|a bother|in (?:the|anyone's|your|their) way) ~3 (?:much longer|for long|anymore|any more|soon)",
    "(?:at peace|okay|ok|fine|happy|comfortable|content) with (?:not being (?:here|around|alive)|dying|the idea of dying|being dead|the thought of dying)", "(?:see|check|know|work out|find out) if (?:there is|i have|there are|it is|it would be|i have got) enough", "(?:tell|told|telling|ask|asked|asking|pray|prayed|praying) ~2 (?:god|the lord|jesus) ~4 (?:ready|take me|to take me)",
    "(?:would|will|could|can) (?:hold|take|bear) my weight", "if i (?:was|were) (?:out of the way|out of the picture|not in the picture)", "insurance (?:money|payout|policy) ~6 (?:if i|when i|after i|once i)",
    "waste of (?:space|oxygen|air|skin|a life|life)", "taking up (?:space|room|air|oxygen)", "(?:nobody|no one) (?:needs|wants|would miss|cares about|will miss) me",
    "enough ~6 (?:to|that would|that will|it would) (?:do it|finish (?:it|me|myself)|end it|kill (?:me|myself|a horse)|do the job)", "(?:which|what) ~5 (?:would|will|could) (?:do it|do the job|finish it|finish me|kill|be enough)",
    "(?:not sure|do not know if|do not know whether) i (?:want to|can|will) (?:be |stay |keep |go on )?(?:alive|here|around|going|living|on)", "how (?:many|much|high|far|tall) ~5 (?:fall|jump|drop|die|kill|fatal|lethal)", "{MEANS} ~4 (?:is |are )?(?:in|under) (?:the|my|our) ~1 (?:wardrobe|loft|attic|shed|garage|glovebox|glove box|boot|car|drawer|cupboard|house|bedroom|safe)",
    "(?:would|will|could|might|can) ~5 without me(?! (?:there|coming|going|knowing|asking|telling|saying|being there|around to|at|for))",
    "(?:better|happier|easier|fine|okay|ok) ~3 if i (?:was|were|am) (?:gone|dead|not here|not around|out of the way)",
    "if i (?:did not|do not|never|was to not|were to not) wake up", "(?:ask|asked|asking|told|tell|make sure|arranged|sorted) ~8 if (?:anything|something) (?:happens|happened|were to happen|was to happen) to me", "(?:would|will) ~2 (?:notice|care|miss me) ~2 if i (?:was|were|am|went|died|disappeared)",
    "(?:welcome|would not mind|would not care|not bothered) ~2 if (?:something|anything) ~2 (?:happened|happens) to me", "<can> not (?:do this|cope|go on|carry on|keep going|take it) (?:anymore|any more|any longer)", "<can> not (?:take|face|do|handle|bear|stand) (?:another|one more) (?:day|night|week)"),

  ...c("self_harm", true,
    "<bite|carve|slash|gouge|stab|scratch|slice|cut|burn> ~1 my {SKIN}", "<want|need> (?:it|myself) to (?:hurt|bleed|sting)", "<want|need> to feel (?:the )?(?:pain|it hurt)",
    "(?:cigarette|lighter|iron|match|blade|razor|knife|needle|compass|glass) ~4 (?:on|into|against|across|along) my {BODYPART}",
    "to feel (?:something|anything|real|pain)$", "<hold|put|press|stick> my {BODYPART} ~3 (?:flame|hob|gas ring|candle|stove|boiling|kettle|iron|fire|cooker|radiator|lighter)", "take it out on (?:myself|my body)", "<INJURE|hit|punch|bang|slap|pinch|pull|poison> ~3 (?:myself|my own|at my {BODYPART}|into my {BODYPART}|my {BODYPART} ~3 (?:until|with|on purpose|raw|open))",
    "my {BODYPART} ~3 with (?:a|the|my) ~1 (?:{MEANS}|lighter|iron|compass|scissors|glass|pen|needle|cigarette|kettle|pin)",
    "(?:until|till) ~3 (?:bleed|bled|bleeds|bleeding|raw|bruised|scarred|broke the skin|blistered)", "~1 (?:fresh|new|deep) (?:cuts|scars|burns|wounds|marks) (?:on|all over|up) my",
    "<do|use> ~4 (?:blades?|razors?)", "<punch|hit|bang|kick|headbutt> (?:walls|the walls|doors|the door|a door|windows)", "self ?-?(?:injur|harm|destruct|inflict)[a-z]*",
    "<INJURE|hit|punch|bang|burn|cut|take|swallow|drink> ~5 (?:on purpose|deliberately|intentionally)"),

  ...c("plan_or_means", true,
    "<keep|hold|put|set> (?:back|aside|by|away) ~6 {MED}", "<save|stash|squirrel|stockpile|hoard|collect|gather|hide|tuck> ~6 {MED}", 
    "how (?:much|many) ~6 (?:it would take|would do it|to do it|would be enough|would kill|i would need|is fatal|is lethal|is a fatal)", "(?:which|what) ~3 (?:would|will|could) (?:do it|work|kill|be enough)",
    "<count|line|lay> ~3 {MED}", "<test|try> ~3 {MEANS} ~9 (?:hold|take my weight|strong enough)", "{MED} ~2 (?:saved|put aside|put by|stashed|hidden|hoarded|stockpiled|kept back|squirrelled|squirreled)", "(?:access to|got hold of|get hold of|get my hands on|getting hold of) ~3 (?:{MEANS}|{MED})",
    "{MEANS} ~4 (?:is |are )?(?:ready|waiting|hidden|set up|sorted|loaded|in the (?:wardrobe|loft|attic|shed|garage|glovebox|glove box|boot|car|drawer|cupboard))",
    "<research|google|look|read|buy|order|get> ~3 (?:helium|nitrogen|carbon monoxide|exit bag|sodium nitrite|nitrite|cyanide|a noose)", "<check|look|find|pick|choose|scope|visit|recce|found> ~4 (?:which|what|a|the|where) ~1 {PLACE}"),

  ...c("overdose", true,
    "<take|swallow|down|neck|drink|eat|pop|chug|gulp|glug> ~2 {LOTS} ~5 {MED}", "<take|swallow|down|neck|pop> ~2 {LOTS} ~3 (?:in the|in my|from the) ~1 (?:cabinet|medicine cabinet|cupboard|drawer|box)",
    "stomach (?:pumped|pump)", "<take> ~3 more ~3 than (?:i should|i am (?:meant|supposed) to|prescribed|the (?:dose|label|box))", "(?:ended up|end up|ending up|woke up|came round) in (?:hospital|the hospital|a e|a and e|the er|er|icu|intensive care|resus) after", "<take> ~2 {MED} ~4 (?:sleep forever|never wake|not wake|to die|so i would die|to end)"),

  ...c("overdose", false, "(?:narcan|naloxone) (?:on|to|into|in) me"),

  ...c("harm_to_others", true,
    "<STRIKE> (?:up )?{VICTIM}(?! (?:at|in) (?:the )?(?:quiz|game|games|match|football|cards|pool|darts|chess|tennis|golf|poker|race|scrabble|fifa|trivia)| for\\b)",
    "<run> {VICTIM} (?:over|down)", "<bring|take|get|fetch> (?:the|my|a) (?:bat|knife|gun|machete|hammer|crowbar|blade|shotgun|axe) (?:round|over|to|with me)", "(?:hands?|arm|belt|rope|cord|fingers) (?:round|around|on) (?:his|her|their|the baby's|the baby|my [a-z]+'s) (?:neck|throat)", "<lash> out at {VICTIM}", "(?:left|leave|leaving) (?:marks|bruises|welts) on (?:him|her|them|my)",
    "<get> (?:revenge|back at|even with) ~2", "<set> fire to", "<burn> ~3 (?:house|flat|car|home|place) ~1 down", "<break|smash|bust> (?:his|her|their) (?:nose|jaw|arm|arms|legs?|ribs|face|teeth|skull|head|fingers)",
    "<put> {VICTIM} in (?:hospital|the hospital|a wheelchair|the ground|a coffin)",
    "(?:hurt|harm|kill|stab|shoot|strangle|smother) ~1 (?:my|the) (?:kids|baby|children|child|son|daughter|partner|wife|husband)"),

  ...c("abuse_safeguarding", false,
    "(?:he|she|they|my [a-z]+|my [a-z]+ [a-z]+) ~3 <VIOLATE> (?:me|us)(?! (?:at|in) (?:cards|chess|games?|[a-z]+ball|pool|tennis|poker|golf|scrabble|darts|it|a race|the race|the quiz)\\b| to it\\b| up\\b| out\\b| off\\b| on the\\b| away\\b)",
    "<VIOLATE> me (?:against|into|onto|down|to the|by the|in the|up against)", "(?:pinned|held|pushed|shoved|grabbed|dragged) me ~3 (?:throat|neck|hair|arm|wall|floor|ground|bed)",
    "(?:controls?|controlled|controlling|takes?|took|keeps?|kept|has) ~2 (?:all )?(?:the |my )?(?:money|bank card|cards|benefits|pension|wages|pills|medication|tablets|passport|phone|keys) ~2 (?:from me|off me|away from me|and|so i)",
    "(?:controls?|controlled|controlling) (?:all )?(?:the|my) (?:money|finances|bank)",
    "<leave> (?:us|me|him|her|them|the kids) ~3 (?:alone|on (?:our|my|his|her|their) own) ~4 (?:days|nights|weekend|hours|no food)", "no food in the (?:house|flat|fridge|cupboards)",
    "(?:have|has|had) not <feed> (?:us|me|him|her|them)", "<keep> ~3 (?:from me|away from me)",
    "(?:frightened|scared|afraid|terrified|petrified) (?:of going|to go|of getting|to get|of) (?:back )?home", "not safe (?:at home|with (?:him|her|them)|there|in my (?:house|home|flat|room))",
    "(?:says|said|threatens|threatened|told me|tells me|keeps saying) ~2 if i (?:leave|tell|go|report|ever leave|call)", "<rape|molest|grope|abuse|assault> (?:me|us)", "(?:was|been|got|being|get) (?:raped|molested|groped|abused|assaulted|hit|beaten|battered)",
    "(?:scared|afraid|frightened|terrified|petrified) of (?:him|her|my (?:partner|husband|wife|boyfriend|girlfriend|dad|father|stepdad|mum|mother|mom|stepmum|stepmom|carer|son|daughter|brother|uncle|ex)|what (?:he|she|they) (?:will|would|might|could|does|did|is going to))",
    "(?:will not|would not|does not|did not|refuses to|refused to|never) (?:give|let) me ~3 (?:{MED}|food|money|keys|phone|passport|inhaler|glasses|wheelchair)",
    "<make> me (?:shower|undress|strip|get undressed|take my clothes off|watch|touch|do things|sleep in (?:his|her|their) bed|sit on)", "<make> me (?:promise|swear) ~2 not to tell", "(?:our|a) (?:little )?secret(?! (?:santa|recipe|garden|ingredient|weapon))",
    "(?:he|she|they|my [a-z]+) ~4 <post|share|leak|send|show> ~3 (?:videos?|pictures|photos|pics|nudes|images)", "<come|walk|barge> (?:in|into) (?:the|my) (?:bathroom|bedroom|room|bed|shower) ~3 when i am", "(?:not allowed|never allowed|am not let) to (?:eat|leave|go out|see|talk|sleep|use the phone|have money|have food) ~3 (?:until|unless|without) (?:he|she|they|my)",
    "<throw|hurl|chuck|fling> ~4 at (?:me|my head|my face)", "<threaten> (?:to|me)", "in (?:her|his|their|my) own (?:mess|urine|faeces|feces|dirt|filth)", "<leave> ~4 (?:for|all) (?:days|hours|the weekend|night|day)"),

  ...c("substance_relapse", true,
    "<drink|use|smoke|pop|snort|inject|score|shoot> ~5 again(?! (?:if|when|once|next|tomorrow|soon|ever|one day))", "<go|went|be|slip|fall|drift> back (?:on|to|into|onto) (?:the |my |on the )?{SUBSTANCE}",
    "(?:a|had a|little|small|bit of a|bad) (?:slip|slip up|setback)", "bender", "binge(?! watch)", "lapse(?! (?:in|of) (?:concentration|memory|judgement|judgment|attention|time))", "could not (?:hold out|resist|stop myself|hold on|stay (?:clean|sober|off it|dry))",
    "<get> (?:high|drunk|wasted|stoned|smashed|hammered|off my face|off my head) ~5 again", "<buy|score|get|pick> ~3 {ILLICIT}", "<cave> ~4 {SUBSTANCE}", "<give> in ~4 {SUBSTANCE}", "<fall> off the (?:wagon|rails)",
    "after ~2 (?:days|weeks|months|years|week|month|year) (?:of being )?(?:dry|sober|clean|off it|off the|without)", "(?:clean|dry|sober) (?:for|since) ~4 (?:then|but|until|and then)",
    "<score|buy|get|pick> ~2 (?:a gram|some gear|some smack|some coke|a wrap|a few lines|some lines|a score)", "(?:some gear|a wrap|a gram|a couple of lines|a few lines|a line) ~4 (?:on|at|last|this|the other) ~1 (?:night|weekend|party|friday|saturday|sunday|monday|tuesday|wednesday|thursday|day)",
    "<pick> up again", "on the (?:sauce|booze|bottle|gear|pipe|crack pipe|needle|smack)", "first time since (?:rehab|detox|treatment|recovery|i got clean|i got sober|i quit|i stopped|i came out)", "<drink|smoke|snort> my way through",
    "<share|borrow> ~1 (?:needles|works|pins|syringes)", "(?:a few|a couple of|some|two|three|four) (?:bumps|lines|tokes)", "<sneak|hide|stash> ~2 (?:vodka|booze|alcohol|drink|drinks|bottles|cans|wine|gin|whisky|whiskey|pills|gear)",
    "<get> (?:absolutely |completely |totally |so )?(?:wrecked|wasted|hammered|smashed|trashed|plastered|steaming|off my face|off my head|mashed|munted|blotto|obliterated)", "<hit> the (?:bottle|booze|sauce|drink|gear|pipe|pills)", "first (?:drink|time|one|hit|line|pint|drop) in (?:a|ages|\\d+|[a-z]+) ~1 (?:years?|months?|weeks?|ages)", "<lose> my ~3 (?:chip|token|clean date|sober date|sobriety date)", "<break|lose|blow> (?:my )?(?:sobriety|clean time|streak|abstinence|recovery)"),
];
