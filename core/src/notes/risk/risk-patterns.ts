/**
 * The statement patterns of the risk screen, written over lemma classes and
 * paraphrase classes rather than keywords: `<kill>` is every inflection of
 * the verb, `{PILLS}` any word of that class, `~3` up to three other words.
 * Each pattern says whether the statement needs the speaker as its subject
 * (`self`): "I overdosed" is a risk statement, "my friend overdosed" is a
 * third party's history. The grammar around a match (negation, hypotheticals,
 * questions, subjects) is judged in `screen-risk.ts`, not here.
 */

export const RISK_CATEGORIES = [
  "suicidal_ideation", "self_harm", "plan_or_means", "overdose", "harm_to_others", "abuse_safeguarding", "substance_relapse",
] as const;
export type RiskCategory = (typeof RISK_CATEGORIES)[number];

export const RISK_CATEGORY_TITLES: Record<RiskCategory, string> = {
  suicidal_ideation: "Suicidal ideation",
  self_harm: "Self-harm",
  plan_or_means: "Plan or access to means",
  overdose: "Overdose",
  harm_to_others: "Harm to others",
  abuse_safeguarding: "Abuse / safeguarding",
  substance_relapse: "Substance relapse",
};

export interface RiskPattern {
  category: RiskCategory;
  re: RegExp;
  /** The speaker must be the subject (no third party named before the match in its clause). */
  self: boolean;
  /** Only meaningful when denied ("denies SI"); never raises a flag on its own. */
  denialOnly?: boolean;
  /** A safety statement ("I've stayed sober", "I feel safe at home"): a screened negative when said, ignored when negated. */
  safety?: boolean;
  /** `review`: a risk concept (`risk-concepts.ts`) rather than a risk statement's phrasing: shown as "possible risk — review". */
  tier?: "review";
}

const IRREGULAR: Record<string, string[]> = {
  take: ["take", "takes", "took", "taken", "taking"], think: ["think", "thinks", "thought", "thinking"],
  buy: ["buy", "buys", "bought", "buying"], shoot: ["shoot", "shoots", "shot", "shooting"],
  hit: ["hit", "hits", "hitting"], cut: ["cut", "cuts", "cutting"], hurt: ["hurt", "hurts", "hurting"],
  drink: ["drink", "drinks", "drank", "drunk", "drinking"], write: ["write", "writes", "wrote", "written", "writing"],
  go: ["go", "goes", "went", "going"], make: ["make", "makes", "made", "making"], get: ["get", "gets", "got", "gotten", "getting"],
  have: ["have", "has", "had", "having"], be: ["be", "am", "is", "are", "was", "were", "been", "being"],
  say: ["say", "says", "said", "saying"], put: ["put", "puts", "putting"], hide: ["hide", "hides", "hid", "hidden", "hiding"],
  keep: ["keep", "keeps", "kept", "keeping"], fall: ["fall", "falls", "fell", "fallen", "falling"], set: ["set", "sets", "setting"],
  choose: ["choose", "chooses", "chose", "chosen", "choosing"], beat: ["beat", "beats", "beaten", "beating"],
  pick: ["pick", "picks", "picked", "picking"], give: ["give", "gives", "gave", "given", "giving"], leave: ["leave", "leaves", "left", "leaving"],
  smoke: ["smoke", "smokes", "smoked", "smoking"], feel: ["feel", "feels", "felt", "feeling"], swallow: ["swallow", "swallows", "swallowed", "swallowing"],
  slip: ["slip", "slips", "slipped", "slipping"], stab: ["stab", "stabs", "stabbed", "stabbing"], grab: ["grab", "grabs", "grabbed", "grabbing"],
  slap: ["slap", "slaps", "slapped", "slapping"], plan: ["plan", "plans", "planned", "planning"], drive: ["drive", "drives", "drove", "driven", "driving"],
  die: ["die", "dies", "died", "dying"], lock: ["lock", "locks", "locked", "locking"], hang: ["hang", "hangs", "hanged", "hung", "hanging"],
  start: ["start", "starts", "started", "starting"], stop: ["stop", "stops", "stopped", "stopping"],
  break: ["break", "breaks", "broke", "broken", "breaking"], shake: ["shake", "shakes", "shook", "shaken", "shaking"], step: ["step", "steps", "stepped", "stepping"], throw: ["throw", "throws", "threw", "thrown", "throwing"], lie: ["lie", "lies", "lay", "lying"],
  figure: ["figure", "figures", "figured", "figuring"], work: ["work", "works", "worked", "working"], mix: ["mix", "mixes", "mixed", "mixing"],
  lose: ["lose", "loses", "lost", "losing"], sit: ["sit", "sits", "sat", "sitting"], run: ["run", "runs", "ran", "running"],
  come: ["come", "comes", "came", "coming"], feed: ["feed", "feeds", "fed", "feeding"], find: ["find", "finds", "found", "finding"], bite: ["bite", "bites", "bit", "bitten", "biting"],
  hold: ["hold", "holds", "held", "holding"], eat: ["eat", "eats", "ate", "eaten", "eating"], burn: ["burn", "burns", "burned", "burnt", "burning"], knock: ["knock", "knocks", "knocked", "knocking"], slam: ["slam", "slams", "slammed", "slamming"],
};

/** Every inflection of a regular or listed irregular verb. */
export function inflections(lemma: string): string[] {
  const irregular = IRREGULAR[lemma];
  if (irregular) return irregular;
  const forms = new Set([lemma]);
  if (lemma.endsWith("e")) {
    forms.add(`${lemma}s`).add(`${lemma}d`).add(`${lemma.slice(0, -1)}ing`);
  } else if (/[^aeiou]y$/.test(lemma)) {
    forms.add(`${lemma.slice(0, -1)}ies`).add(`${lemma.slice(0, -1)}ied`).add(`${lemma}ing`);
  } else {
    const es = /(s|sh|ch|x|z)$/.test(lemma) ? "es" : "s";
    forms.add(`${lemma}${es}`).add(`${lemma}ed`).add(`${lemma}ing`);
    // A short verb ending consonant-vowel-consonant doubles it: pop, popped, popping.
    if (/^[^aeiou]*[aeiou][bdgklmnprt]$/.test(lemma)) forms.add(`${lemma}${lemma.slice(-1)}ed`).add(`${lemma}${lemma.slice(-1)}ing`);
  }
  return [...forms];
}

/** Paraphrase classes: words that play the same part in a risk statement. */
const CLASSES: Record<string, string[]> = {
  PILLS: ["pills?", "tablets?", "meds", "medications?", "medicine", "sleeping pills", "painkillers?", "oxy", "oxycodone", "opioids?", "benzos?", "insulin",
    "lorazepam", "diazepam", "valium", "xanax", "lithium", "paracetamol", "acetaminophen", "tylenol", "ibuprofen", "aspirin", "antidepressants?", "methadone", "fentanyl", "heroin", "prescriptions?"],
  WEAPON: ["guns?", "rifles?", "pistols?", "shotguns?", "firearms?", "handguns?", "revolvers?", "ammo", "ammunition", "bullets"],
  BLADE: ["knife", "knives", "machetes?", "axes?", "hatchets?", "cleavers?", "razors?", "razor blades?", "blades?", "rope", "noose", "hose", "belt"],
  BODY: ["arms?", "wrists?", "legs?", "thighs?", "skin", "stomach", "hands?", "face", "chest", "body", "knuckles", "hips?", "ankles?", "forearms?", "fingers?", "head"],
  QUANTITY: ["a whole bottle", "the whole bottle", "a full bottle", "the full bottle", "a whole pack", "a full pack", "a pack", "a handful", "handfuls", "all of my", "all my", "all the", "too many", "a bunch of", "a lot of", "double", "triple", "forty", "fifty", "thirty", "twenty", "\\d+", "a pack of", "a box of", "the rest of my", "a load of", "loads of", "a heap of", "a fistful of", "dozens of", "the lot", "every one of my", "a stack of"],
  OTHER: ["him", "her", "them", "someone", "somebody", "anyone", "anybody", "everyone", "people", "every one of them", "others", "(?:my|his|her|their|our|that|this|the|a) (?:[a-z]+ )?{PERSON}"],
  PERSON: ["man", "men", "woman", "women", "guy", "guys", "girl", "boy", "kids?", "baby", "boss", "brother", "sister", "mom", "mum", "mother", "dad", "father", "wife", "husband",
    "partner", "ex", "girlfriend", "boyfriend", "neighbou?r", "friend", "flatmate", "housemate", "mate", "bloke", "lad", "nan", "grandma", "grandad", "grandmother", "grandfather", "stepmum", "stepson", "stepdaughter", "colleagues", "coworkers", "teacher", "coworker", "colleague", "roommate", "son", "daughter", "child", "children", "family", "cop", "officer",
    "doctor", "nurse", "landlord", "stepdad", "stepmom", "stepfather", "stepmother", "uncle", "aunt", "cousin", "manager", "supervisor", "people", "person", "lady"],
  CHILD: ["daughter(?:'s)?", "son(?:'s)?", "kids?(?:'s)?", "child(?:'s)?", "children(?:'s)?", "baby(?:'s)?", "grandson(?:'s)?", "granddaughter(?:'s)?", "stepson(?:'s)?", "stepdaughter(?:'s)?"],
  ABUSE: ["hit", "beat", "hurt", "touch", "rape", "molest", "choke", "strangle", "slap", "punch", "kick", "push", "shove", "force", "abuse", "assault", "lock", "threaten", "starve", "burn"],
  HARM: ["kill", "hurt", "harm", "stab", "shoot", "strangle", "beat", "hit", "choke", "punch", "attack", "smother", "murder", "kick", "poison", "slap"],
  DRUG: ["heroin", "meth", "crack", "cocaine", "coke", "fentanyl", "pills", "oxy", "opioids", "speed", "weed", "ketamine", "benzos", "drugs"],
};

function classWords(name: string, extra: Record<string, string[]> = {}): string[] {
  const words = extra[name] ?? CLASSES[name];
  if (!words) throw new Error(`unknown risk pattern class ${name}`);
  return words;
}

/** `{CLASS}` to an alternation; classes may name other classes. Spaces inside a class word match any whitespace. */
function expandClasses(text: string, extra: Record<string, string[]>): string {
  return text.replace(/\{([A-Z]+)\}/g, (_, name: string) => `(?:${classWords(name, extra).map((w) => expandClasses(w, extra).replace(/ /g, "\\s+")).join("|")})`);
}

/** Compiles the small pattern language to a regular expression over normalised text; `extra` classes (`{NAME}`, `<NAME>`) add to or override the statement classes. */
export function compilePattern(source: string, extra: Record<string, string[]> = {}): RegExp {
  const parts = source.split(/\s+/).map((tok) => {
    if (/^~\d+$/.test(tok)) return `(?:\\s+\\S+){0,${tok.slice(1)}}`;
    const body = expandClasses(tok.replace(/<([A-Za-z|]+)>/g, (_, lemmas: string) =>
      `(?:${lemmas.split("|").flatMap((l) => (/^[A-Z]+$/.test(l) ? classWords(l, extra) : [l])).flatMap(inflections).join("|")})`), extra);
    return `\\s+${body}`;
  });
  // Gaps attach to the previous word; the first word needs no leading space.
  const joined = parts.join("").replace(/^\\s\+/, "");
  return new RegExp(`\\b${joined}\\b`, "g");
}

const p = (category: RiskCategory, self: boolean, ...sources: string[]): RiskPattern[] =>
  sources.map((s) => ({ category, self, re: compilePattern(s) }));

export const RISK_PATTERNS: RiskPattern[] = [
  ...p("suicidal_ideation", true,
    "<kill> myself(?! laughing)", "suicid[a-z]*", "<end|take> ~1 my ~1 life", "<finish> (?:my|this) (?:own )?life(?=\\s*[.,!?;]|$|\\s+(?:now|today|tonight|soon|here|and|because|so|but|with|by)\\b)", "<do> myself in", "<do> away with myself", "<take> my own life", "(?<!\\bthe )<end> it(?!\\s+(?:with|for)\\b)", "<end> everything",
    "<want|wish|urge|urges|need> to <die>", "<hang> myself", "<jump> ~1 (?:off|from) ~3 (?:bridge|roof|building|balcony|cliff|window|edge)",
    "<think> about <jump>", "<drive|crash|steer> ~3 into (?:a|the|oncoming) ~1 (?:tree|wall|traffic|truck|river|bridge|lake|pole)", "(?:goodbye|suicide) (?:letter|note)",
    "<off|top|neck> myself", "unalive", "attempts? (?:by|via|with) (?:hanging|ligature|overdose|drowning|jumping|cutting|strangulation|asphyxiation|suffocation|poisoning|self poisoning|gunshot)", "intent to (?:repeat|act|die|end (?:it|my life)|kill myself|do it|go through with it)", "take myself out", "attempts? (?:on|at) (?:my|taking my) (?:own )?life", "<end> things(?!\\s+with\\b)", "<end> it all",
    "<step|jump|throw|walk|lie> ~2 in front of ~2 (?:train|bus|car|truck|lorry|traffic)", "<walk> into (?:traffic|the sea|the river|the lake)",
    "<jump> ~1 (?:off|from) ~3 (?:car park|multi storey|ledge|overpass|tower|motorway bridge|platform)", "<drown> myself", "slit my (?:wrists?|throat)",
    "(?:put|putting) a bullet in my", "blow my (?:brains|head)", "(?:engine|car|motor) running in ~2 garage", "exhaust (?:pipe|fumes) ~3 (?:car|hose|window)",
    "ready to (?:die|go over|jump|end it|do it)", "(?:picture|picturing|imagine|imagining|see|seeing) myself (?:dead|dying|jumping|hanging|stepping|in a coffin)",
    "<want> (?:to )?(?:be )?dead", "<want> out (?:of (?:this|my) life|for good|of life)", "<write> ~4 (?:letters?|notes?) ~4 goodbye", "<say> goodbye (?:to everyone|for good|forever)",
    "<plan|decide> (?:to|how to|when to|where to) do it", "<go|drive|walk|climb> ~8 to jump(?! (?:in|on|around|up|over the)\\b)", "(?:ways?|how|methods?) to (?:die|kill myself|end (?:it|my life))",
    "<drive|crash|steer|swerve> ~4 on purpose", "<give> away ~6 (?:will not|would not|am not going to|won't) need", "<like|love> to <die>(?! (?:my|her|his|the) hair)", "(?:how|where|when|method|way) i (?:would|will|could|am going to|might) (?:do it|use)",
    "(?:which|the) (?:bridge|building|roof|place|spot|tree|method|way) i (?:would|will|could|am going to) (?:use|jump|do it)"),
  ...p("suicidal_ideation", false,
    "better off (?:without me|if i (?:was|were|am) (?:gone|dead|not here))", "(?:not|never) (?:to )?wake up", "wish i (?:was|were) dead",
    "wish i (?:had )?never been born", "rather be dead", "rather not be (?:alive|here)", "(?:no|the|any|a) ~1 (?:point|reason) ~1 (?:of|in|to|for me to) ~1 (?:living|being alive|going on|keep going|live|be alive|go on)",
    "no reason (?:for me )?to (?:live|be alive|keep going|go on)", "not want to (?:live|be alive|exist)(?! (?:with|in|at|near|for|there)\\b)", "not want to be (?:here|around) (?:anymore|any more|any longer|at all)", "<want> to disappear forever",
    "not worth living", "(?:a|the) burden (?:to|on|for)", "can not go on", "tired of (?:living|life|being alive)", "if i (?:was|were) gone", "(?:peaceful|better|happier|easier|calmer|fine|okay|relieved) ~4 if i (?:am|was|were) not (?:there|here|around)(?! (?:to|for|when|at|on|in|with)\\b)",
    "easier if i ~1 (?:was|were) not (?:here|around|alive)", "(?:car|truck|bus|train|lorry|van) (?:would |could |will )?(?:(?:hit|hits|killed|kill|kills) me|(?:took|takes|take) me out(?=\\s*[.,!?;]|$)|(?:ran|runs|run) me over)", "<die> in my sleep", "(?:nobody|no one) (?:would|will) ~2 (?:notice|care|miss me)", "<hope|wish|pray> ~3 something ~2 happen to me",
    "do not (?:see|have) (?:a|any) future", "not see (?:a|any|the) ~1 (?:reason|point|future)", "if i (?:died|was dead|were dead)",
    "better off dead", "(?:better|happier|easier|better off|fine|okay) (?:off )?without (?:me|their (?:mother|father|mum|mom|dad|parent))", "(?:better|happier|easier) if i ~1 (?:disappeared|vanished|died|was gone|were gone|was not (?:here|around|alive)|were not (?:here|around|alive))",
    "wish i (?:was|were) (?:not alive|not here|gone|not around)", "if i (?:was|were) not (?:here|around|alive)", "if i (?:vanished|disappeared)",
    "<hope|wish|pray> ~3 (?:hit by|run over|killed|die|dies|dead|not wake)", "<get> hit by (?:a|the) (?:bus|car|truck|train|lorry)", "<hope|wish|pray> ~3 (?:god|he|the lord) (?:takes|would take|will take|took) me",
    "<disappear|vanish> ~2 (?:forever|for good|and never come back|and not come back|and never be found)", "(?:to )?not exist(?:ing)?\\b", "<stop> existing", "<want> to cease",
    "(?:no|not any|not a) future for me", "no point (?:to|in|of) (?:any of it|anything|it all|life|me)", "what is the point (?:of|in)? ~1 (?:going on|living|life|anything|any of it|carrying on|me|trying)",
    "not want to be (?:on this earth|in this world)", "(?:cope|fine|better|happier|care|notice|miss me) ~2 if i (?:killed myself|died|was dead|were dead|was gone|disappeared)",
    "(?:tired|sick|exhausted|weary) of (?:living|life|being alive|being here)", "wish i (?:had|would) never been born", "<hope|wish|pray> ~4 (?:car|bus|truck|train|lorry|plane|flight) ~2 (?:does not stop|hits me|would hit me|runs me over|goes down|would go down|crashes|would crash|falls out of the sky)",
    "(?:want|wish|need) (?:it|everything) (?:all )?to (?:stop|end) ~1 (?:permanently|for good|forever)", "mind (?:dying|being dead|not waking up)", "(?:okay|fine|happy|at peace) with dying",
    "not see myself (?:being |still )?(?:alive|here|around)", "<go> to sleep (?:forever|and never wake)", "<give> up on (?:life|living)"),
  ...p("suicidal_ideation", false, "\\bs\\.?i\\b", "(?<!homicidal )ideation"),
  ...p("harm_to_others", false, "\\bh\\.?i\\b").map((x) => ({ ...x, denialOnly: true })),
  // Denials told without a risk word: "I'd never lay a finger on them".
  ...p("harm_to_others", true, "<lay|put> (?:a )?(?:finger|hand) on").map((x) => ({ ...x, denialOnly: true })),
  // Denials of a plan or an intent ("I haven't made any plans", "no intention of acting on it"): a screened negative, never a flag by itself.
  ...p("plan_or_means", true, "<make|have|get|form|draw> ~2 (?:plans?|intent|intentions?)(?= (?:or|and) (?:any )?(?:intent|intention|means|a plan|plans?)\\b| to (?:act|do|hurt|harm|kill|end|die|go through|use)\\b| of (?:acting|doing|hurting|harming|killing|ending|suicide|going through|using)\\b| for (?:it|that|suicide|killing|ending|how)\\b| like (?:that|this)\\b|$)").map((x) => ({ ...x, denialOnly: true })),
  // Denials of the preparations themselves: "no notes, nothing like that", "I haven't looked anything up", "nothing saved up".
  ...p("plan_or_means", true, "(?:goodbye |suicide |farewell )?(?:notes?|letters?)(?=\\s*[.,;!?]|$| (?:or|and|written|like that|left)\\b)", "<look|search|google|research> ~1 (?:anything|it|things|methods|ways|how) up", "<look|search|google|research> up (?:anything|methods|ways|how)", "(?:anything|any ~1) (?:saved|stashed|stockpiled|hoarded|put) (?:up|aside|away|by)").map((x) => ({ ...x, denialOnly: true })),
  // Denials of having the thoughts ("I'm not having those thoughts at all"), of using, of harming a child: screened negatives only.
  ...p("suicidal_ideation", true, "<have> (?:those|these|any|the|them|that kind of|such) thoughts").map((x) => ({ ...x, denialOnly: true })),
  ...p("substance_relapse", true, "using(?=\\s*[.,;!?]|$| (?:at all|anything|now|since|anymore|any more)\\b)", "touched (?:anything|a thing|a drop|drugs|alcohol|the stuff)").map((x) => ({ ...x, denialOnly: true })),
  ...p("harm_to_others", true, "<touch|hurt|harm> (?:the|my|his|her|their|our) (?:kids|children|baby|son|daughter|boy|girl)").map((x) => ({ ...x, denialOnly: true })),
  // Taking medication as it is prescribed, all of it still there: a screened negative of an overdose.
  ...p("overdose", true, "<take> (?:exactly|only) (?:what is|what|as) (?:on the (?:label|box|packet)|prescribed|it says)", "<take> (?:them|it|my [a-z]+) (?:exactly )?as prescribed", "(?:tablets|pills|meds|medication) (?:are|is) all (?:there|accounted for)").map((x) => ({ ...x, safety: true })),
  // The same told as a bare noun phrase ("no plan, no access to means", "no intent"): a screened negative only when denied.
  ...p("plan_or_means", true, "(?:plans?|intent|intention|access to ~2 (?:means|{WEAPON}|{PILLS}|{BLADE}))(?=\\s*[.,;!?]|$| (?:or|and|to|of|identified|reported|currently)\\b)").map((x) => ({ ...x, denialOnly: true })),
  ...p("overdose", true, "<take|swallow> ~2 (?:anything|any ~1 (?:extra|excess|more)|extra|excess|too many|too much)(?! (?:for|to|about|at|on|with|from)\\b)").map((x) => ({ ...x, denialOnly: true })),
  // Safety statements: each a screened negative of its category when the speaker says it (not when negated or about someone else).
  ...p("substance_relapse", true, "<stay|keep> ~1 (?:sober|clean|dry|abstinent)", "<remain> (?:sober|clean|dry|abstinent)", "(?:am|been|is) abstinent", "(?:been|stayed|kept) (?:sober|clean|dry) ever since", "still (?:sober|clean|dry|abstinent)",
    "(?:did|have|has|had) not (?:used|use|drunk|drink|drank|had a drink|touched (?:a drop|a drink|drugs|alcohol|the stuff|it))(?! (?:to|the|that|this|my|your|it|them|him|her)\\b)").map((x) => ({ ...x, safety: true })),
  ...p("abuse_safeguarding", true, "(?:<feel>|am|is|are|be|been) (?:completely |totally |quite |perfectly )?safe (?:at home|with (?:him|her|them|my [a-z]+)|there|in (?:my|the|our) (?:house|home|flat|room)|where (?:i|we) (?:am living|am staying|live|am|are living|are))").map((x) => ({ ...x, safety: true })),

  ...p("self_harm", true,
    "<cut|burn|hurt|harm|hit|punch|scratch|injure|bang|slap|starve> myself", "<cut|burn|scratch> my {BODY}", "self ?-?(?:harm|inflict)[a-z]*",
    "cutting(?! (?:back|down|out|off|the|my hair|my own hair|in|corners|it|them|ties|costs|class|classes|school|loose|up|edge|board))", "(?:urge|urges) to (?:cut|self|hurt myself)", "<punch|hit|bang> (?:the|a) wall ~6 (?:on purpose|to feel)",
    "<bang|hit|slam|smash|bash> my head", "<slam|bang|smash> ~2 (?:head|fist|fists) (?:against|into)", "{BLADE} on my {BODY}", "<use> (?:a|the|my) {BLADE} on (?:my|myself)", "<cut> (?:anymore|any more|again)", "<carve|slash|gouge> ~2 (?:into |at )?my {BODY}", "<pick> (?:at )?my skin until", "<punish> myself",
    "<want|need|urge|urges> to (?:cut (?:myself|again|so badly|tonight)|burn myself|self harm|hurt myself)", "<burn> ~2 with (?:a )?(?:lighter|cigarette|match|iron)", "<punch|hit|bang> ~3 until ~2 (?:broke|bled|bleed|bleeds|bruised|swelled)", "until (?:it|they|i) ~1 (?:bleed|bleeds|bled)"),

  ...p("plan_or_means", true,
    "<have|keep|get|buy|own|carry> ~4 {WEAPON}", "<have|keep|get|buy|carry> ~3 {BLADE}", "{WEAPON} (?:in|under) (?:my|the|our) ~1 (?:house|home|nightstand|car|truck|glovebox|glove box|wallet|bag|pocket|locker|room|closet|drawer|bed|bedroom|garage|safe|shed)", "loaded {WEAPON}",
    "know where the (?:key|keys|bullets|ammo|gun|pills) (?:is|are)", "<save|stash|stockpile|hoard|hide|collect> ~4 {PILLS}", "{PILLS} ~3 <save|stash|stockpile|hoard|hide>", "{PILLS} ~3 put aside",
    "stash of {PILLS}", "enough {PILLS} ~3 to do it", "<stockpile|hoard>", "<pick|choose|set> (?:a|the) date", "plan and a date", "how i would do it", "know how to do it",
    "how many {PILLS} ~3 <take>", "<google|search> ~3 how (?:many|much) ~4 (?:die|kill|overdose|lethal)", "lethal (?:dose|doses|amount)", "<research|look> ~3 (?:how to (?:die|kill)|lethal|overdose)",
    "{WEAPON} (?:is|are) (?:in|under) (?:my|the|our) ~1 (?:house|home|nightstand|car|truck|glovebox|cupboard|wardrobe|attic|loft|basement|cabinet|closet|drawer|bedroom|garage|safe|shed)",
    "how (?:many|much) {PILLS} ~3 (?:take|takes|kill|die|enough|lethal|to)", "plan and (?:the )?means", "means to (?:do it|carry it out|kill|end)", "(?:a|the|my) plan to (?:kill|end|die|do it)",
    "(?:for|until|on) the right (?:night|day|time|moment)", "<pick|choose> ~1 the spot", "<identify|choose|pick|decide> (?:on )?(?:a |the )?(?:method|means)", "(?:method|means) (?:identified|chosen|decided)", "(?:when|where) (?:nobody|no one) (?:will be|is|would be|is going to be) (?:home|around|there|in)", "<work|figure> out ~3 (?:how|method|way|where|when) ~3 (?:do it|die|kill)", "<figure|work> out the (?:method|way)"),

  ...p("plan_or_means", false, "{WEAPON} ~10 i ~2 (?:about|of) using (?:it|them)", "{WEAPON} ~8 and i ~2 (?:the key|the keys|the code|the combination|know where)"),

  ...p("overdose", true,
    "overdos[a-z]*", "\\bod(?:'d|'?ed)?\\b", "<take|swallow> ~2 {QUANTITY} ~3 {PILLS}", "<take|swallow> ~4 {PILLS} ~4 on purpose",
    "<mix> ~3 {PILLS} ~2 with (?:alcohol|vodka|drink|booze|wine|whisky|whiskey|beer|gin)", "(?:twice|double|triple|three times) (?:my|the) ~1 dose ~3 (?:on purpose|to)", "<take> ~4 (?:dose|doses) ~2 on purpose"),
  ...p("overdose", false, "<give> me (?:narcan|naloxone)"),

  ...p("harm_to_others", true,
    "<HARM> {OTHER}", "<grab> {OTHER} by the (?:throat|neck)", "<make> {OTHER} pay", "<push|shove|throw> {OTHER} ~1 (?:hard|down|over|into|against|off|across)", "<threaten> {OTHER} with (?:a|my|his|her) ~1 (?:knife|gun|weapon|bat|blade|pistol|rifle)", "<burn> ~2 (?:house|car|place) down", "<shoot> up (?:the|my|a) [a-z]+",
    "homicid[a-z]*", "<think|thought|thoughts|urge|urges> (?:about|of) <HARM> ~2 (?:him|her|them|my|someone|people)",
    "<make> {OTHER} ~1 pay", "<beat|kick|knock> the (?:hell|shit|crap|life) out of {OTHER}", "<shake> (?:the|my|our|her|his) (?:baby|child|son|daughter|kid)", "<smash|punch|kick|bash> (?:his|her|their) (?:face|head|teeth|skull)"),

  ...p("abuse_safeguarding", false,
    "(?!(?<=^(?:it|this|that|what|which|[a-z]+ing) [^,;]*)hurts?\\b)<ABUSE> me(?! (?:at|in) (?:cards|chess|games?|[a-z]+ball|pool|tennis|poker|golf|scrabble|darts|it|a race|the race)\\b| to it\\b| away\\b| out\\b)", "(?:will|would|going to|gonna|threatened to|threaten to) (?:kill|hurt) me(?! (?:if|when|once) (?:they|he|she|i|you|my|mum|mom|dad) (?:[a-z]+ )?(?:knew|know|knows|find|finds|found|sees|see|saw|hear|hears|heard))", "<force> me to",
    "(?:afraid|scared|terrified) (?:of my|to go home)", "what (?:he|she|they) (?:does|do|did) to me", "<take> my (?:money|pension|benefits|phone)",
    "(?:not|never) let me (?:leave|see|go|out)", "<lock> me (?:in|out)", "my {CHILD} ~6 <ABUSE|leave> (?:her|him|them) ~3 (?:alone|when|at night|with nothing)?",
    "<leave> (?:him|her|them) alone for (?:days|hours)", "(?:not|never) <feed> (?:us|me|him|her|them|the kids|the children)", "<come> into my (?:room|bed|bedroom) (?:at night|when)", "<leave> (?:him|her|them) (?:alone|on (?:his|her|their) own) ~2 (?:all|for) ~1 (?:days?|hours|weekend|night|nights)", "<hurt|hit|beat|abuse|molest|rape|choke|strangle|slap|punch|kick|starve|burn> my (?:little |younger |baby )?(?:brother|sister|{CHILD})"),

  ...p("substance_relapse", true,
    "relaps[a-z]*", "<use|drink|smoke|shoot> ~2 again", "<start|go> (?:back )?(?:to )?(?:drinking|using|smoking|shooting) ~2 again", "<go> back (?:to|on) (?:drinking|using|the bottle|the {DRUG}|{DRUG}|the {PILLS})", "back on (?:the )?(?:{DRUG}|bottle|booze|drink)", "<break|lose> my (?:sobriety|clean time|streak|abstinence)", "clean ~4 then i (?:used|drank|had a drink|smoked|picked up)",
    "<use> (?:last|on|yesterday|this) (?:week|night|weekend|monday|tuesday|wednesday|thursday|friday|saturday|sunday|morning)\\b", "<get> (?:drunk|high|wasted|smashed|hammered) ~4 first time in",
    "<shoot> up(?! (?:the|my|a)\\b)", "<pick> up again", "fell off the wagon", "on a bender", "<get> (?:drunk|high|wasted) again", "<slip> (?:up|and)", "after ~2 (?:days|weeks|months|years) (?:of )?(?:sober|clean|sobriety)",
    "<buy> ~3 (?:off|on) the street", "high (?:every day|daily|all week|again)", "<buy|score> ~2 (?:heroin|meth|crack|cocaine|coke|fentanyl|speed|drugs|dope|smack)", "a bottle of [a-z]+ a day", "<drink> ~4 a day again", "<use|drink> since", "<use> (?:every day|daily)", "<use|drink> ~1 in ~2 (?:days|weeks|months|years|ages)", "had a drink (?:since|in)", "<use> {DRUG}"),
];
