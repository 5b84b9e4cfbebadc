/**
 * Word lists for the name detector. Plain data, no logic.
 *
 * FIRST_NAMES: common given names (US census, England and Wales ONS, and
 * frequent Hispanic, African, African-American, Arabic, South and East Asian
 * names), lower-case. A capitalised occurrence is treated as a name.
 */
const words = (s: string) => new Set(s.trim().split(/\s+/));

export const FIRST_NAMES = words(`
aaliyah aaron abdul abdullah abigail abraham ada adam adrian adriana ahmed aidan aiden aisha akira alan albert alberto alejandro alex alexa alexander
alexandra alexis alfred alfredo ali alice alicia alina alison allison alma alvin amanda amara amber amelia amina amir amy ana anan anastasia andre andrea
andreas andrew andy angela angelica angelo anika anita anjali ann anna anne annette annie anthony antoine antonio anya april arjun arnold arthur arturo
ashley aubrey audrey aurora austin ava avery ayesha barbara barry beatrice beatriz becky belinda ben benjamin bernard bernice beth bethany betty beverly
bianca bill billy blake bob bobby bonnie brad bradley brandon brenda brendan brent brett brian brianna bridget brittany brooke bruce bryan caleb calvin
camila cameron camille candace carl carla carlos carmen carol caroline carolyn carrie casey cassandra catherine cecilia chad chantal charlene charles
charlie charlotte chelsea cheng cheryl chidi chinedu chloe chris christian christina christine christopher cindy claire clara clarence claudia clifford
clyde cody colin colleen connor constance corey courtney craig crystal curtis cynthia dale damian damon dan dana daniel daniela danielle darius darnell
darren daryl dave david dawn dean deborah debra deepak deirdre delores demetrius denise dennis derek derrick desmond devin devon devontae diana diane
diego dmitri dolores dominic donald donna doris dorothy douglas duane dwayne dylan earl ebony eddie edgar edith eduardo edward edwin eileen elaine elena
eleanor eli elias elijah elise elizabeth ella ellen ellie elsa emeka emily emma emmanuel enrique eric erica erik erin ernest esperanza esther ethan
eugene eva evan evelyn fabian faith farah farid farida fatima felicia felix fernando fiona florence frances francesca francis francisco frank franklin
fred frederick gabriel gabriela gail gareth gary gavin gemma geoffrey george georgia gerald gerardo gilbert gina giovanni giselle gladys glen glenn
gloria gordon grace graham grant greg gregory gustavo gwen hailey hakim hamid hannah harold harriet harry harvey hassan hazel heather hector heidi
helen henry herbert hiroshi holly howard hugh hugo ian ibrahim ida imani imran ines ingrid irene iris isaac isabel isabella isaiah ismael ivan ivy
jack jackie jackson jacob jacqueline jade jaime jake jamal james jamie jan jane janet janice jared jasmine jason javier jay jayden jean jeanne jeff
jeffrey jenna jennifer jenny jeremiah jeremy jerome jerry jesse jessica jesus jill jim jimmy jin joan joanna joanne joaquin jocelyn joe joel johanna
john johnny jon jonathan jordan jorge jose josefina joseph josephine josh joshua joy joyce juan juana judith judy julia julian juliana julie julio
june justin kai kaitlyn kamal karen karim karina karl kate katelyn katherine kathleen kathryn kathy katie kayla keisha keith kelly kelvin ken kendra
kenji kenneth kerry kevin khalid kim kimberly kirsten krista kristen kristin kurt kwame kyle lakisha lamar lana lance latoya laura lauren laurie
lawrence leah lee leila leo leon leonard leroy leslie lester liam lila lillian lily linda lindsay lisa liz logan lois lorenzo lorraine louis louise
lucas lucia lucy luis luke luz lydia lynn madeline madison maggie malik mandy manuel marcela marco marcus margaret margarita maria mariah marian marie
marilyn mario marisol marjorie mark marlene marsha marshall martha martin marvin mary mason mateo matthew maureen maurice max maxine maya megan mehmet
mei melanie melinda melissa melvin mercedes meredith mia michael michelle miguel mike mildred miles milton mina miranda miriam misty mohamed mohammad
mohammed molly monica monique morgan muhammad mustafa nadia nancy naomi natalia natalie natasha nathan nathaniel neil nelson nia nicholas nicole nikhil
nina noah noel nora norma norman nour oliver olivia omar oscar owen pablo paige pamela patricia patrick paul paula pauline pedro peggy penelope
perry peter philip phillip phyllis pierre pooja preeti priscilla priya rachel rafael rahul raj rajesh ralph ramon randall randy raquel rashid raul
ravi ray raymond rebecca regina reginald renee rhonda ricardo richard rick ricky rita rob robert roberta roberto robin rochelle rodney roger roland
roman ronald rosa rosalind rosalie rose rosemary ross roxanne roy ruby rudy russell ruth ryan sabrina sadie salma sam samantha samir samuel sandra
sanjay santiago sara sarah saul scott sean sebastian serena sergio seth shana shane shannon sharon shawn sheila shelby shelly sherry shirley sienna
simon simone sofia sonia sophia sophie stacey stacy stanley stella stephanie stephen steve steven sue sunil susan suzanne sylvia tamara tamika tamsin
tanya tara tasha taylor ted teresa terrence terry thelma theodore theresa thomas tiffany tim timothy tina toby todd tom tommy toni tony tracy travis
trevor tricia tristan troy tyler tyrone valentina valerie vanessa vera veronica vicki victor victoria vijay vincent viola violet virginia vivian wade
walter wanda warren wayne wei wendy wesley whitney will william willie wilma xavier yasmin yolanda yosef yuki yusuf yvette yvonne zachary zainab zoe
`);

/** Given names that are also ordinary English words: flagged only with a surname or a reporting verb after them. */
export const AMBIGUOUS_NAMES = words(`
april art bill carol chase crystal dale dawn dean faith frank grace guy holly hope iris ivy jade jan jay joy june lily mark max miles
misty nora penny ray rich robin rose ruby sam sue summer will victor violet
`);

/** Verbs and marks after a given name that make it a person ("Mark said"). */
export const REPORTING = /^(?:'s|’s|\s+(?:said|says|told|tells|reported|reports|called|calls|asked|asks|was|is|has|had|and I|felt|feels|came|comes|went|goes|stated|states|shared|shares|mentioned|wants|wanted|thinks|thought|cried|left|arrived|agreed|declined|denied|admitted|explained|described|noted|seems|seemed)\b)/;

/** Capitalised words that are never names: generic vocabulary, roles, headings, calendar words. */
export const COMMON_WORDS = words(`
a about after again all also am an and any are as at back be because been before being better both but by can care center centre clinic
could did do doing done down during each education email fine for from going good group had has have he health help her here him his home
hospital how i id if in information intake into is it just less like manager may me more most my name no not now number of office ok okay on
one only or our out over phone plan portal practitioner program really record records she so some sorry still such sure team than thank thanks
that the their them then there these they this those to today too trying under unit up us very was we well were what when where which who why
with would yes yesterday you your
assistant coordinator advocate support services service worker nurse doctor therapist counselor counsellor clinician psychiatrist psychologist
patient client provider caregiver interviewer respondent speaker participant facilitator moderator staff member family parent mother father
questionnaire inventory scale rating score depression anxiety disorder disease syndrome assessment screening test form consent
note notes subjective objective impression diagnosis medications medication allergies history summary contact address fax insurance residence
date time re subject attn reason vitals labs results goals interventions response risk mood affect follow update warning important attention
dx rx hx pt tx mse hpi cc ros pmh session sessions week month year day morning afternoon evening night weekend
monday tuesday wednesday thursday friday saturday sunday january february march july august september october november december
christmas thanksgiving easter hanukkah ramadan eid diwali halloween
god catholic christian jewish muslim hindu buddhist american english spanish french portuguese
mr mrs ms miss mx dr prof
age gender dob language religion occupation employer nationality postcode eircode zip postal
disposition recommendations recommendation findings exam examination presentation complaint background observations observation comments
comment instructions status location source referral referrals discharge admission signature signed author title topic agenda homework
attendees present absent pain sleep appetite energy concentration suicidality safety strengths barriers progress next steps action actions
outcome outcomes problem problems plans med meds labs imaging procedure procedures social family employment education legal substance
`);

/** Clinical vocabulary that looks like a name: eponyms, instruments and drugs (brand and generic). */
export const CLINICAL_WORDS = words(`
parkinson parkinsons alzheimer alzheimers huntington huntingtons crohn crohns hodgkin tourette asperger aspergers cushing addison graves hashimoto
wernicke korsakoff bell raynaud lyme beck hamilton likert montgomery asberg young columbia epworth glasgow apgar babinski romberg heimlich foley
doppler holter pap madrs phq gad moca mmse audit
ketamine esketamine spravato sertraline zoloft fluoxetine prozac escitalopram lexapro citalopram celexa paroxetine paxil bupropion wellbutrin
venlafaxine effexor duloxetine cymbalta mirtazapine remeron trazodone lithium lamotrigine lamictal quetiapine seroquel olanzapine zyprexa aripiprazole
abilify risperidone risperdal clozapine haloperidol lorazepam ativan clonazepam klonopin alprazolam xanax diazepam valium midazolam naloxone narcan
buprenorphine suboxone methadone naltrexone vivitrol psilocybin mdma gabapentin propranolol clonidine ondansetron zofran metformin insulin adderall
ritalin methylphenidate tylenol acetaminophen advil ibuprofen motrin aspirin prednisone zolpidem ambien melatonin
medicare medicaid
resus majors minors neuro obs haemolysed hemolysed haemolysis lipaemic icteric
`);

/**
 * Lab tests and bedside scores named before their value ("Plt 210", "Na 134", "Cr 0.9", "Barthel 14/20", "Waterlow 22"); some
 * scales are also given names ("Braden 14", "Norton 12"), and before a value they are the scale.
 */
export const MEASURES = new Set(("wbc plt plts neut lymph na k cr ur urea alt ast alp ggt bili alb tsh ft4 ldh ck trop troponin ferritin mcv hct esr ca mg po4 " +
  "barthel waterlow braden must cfs 4at 6cit curb-65 das28 edss nihss mrs ecog asa " +
  // (Scales named after people: "Kessler 6", "Fazekas 2", "Gleason 7", "Karnofsky 70".)
  "kessler fazekas gleason karnofsky epworth norton centor rockall blatchford ranson killip hinchey mallampati breslow tanner").split(" "));

/** Cue patterns that are not fixed words: "session 3 with Ignatius". */
export const NAME_CUE_PATTERNS = ["[Ss]ession\\s+\\d+\\s+with"];

/**
 * Places larger than a geographic subdivision of a state, which Safe Harbor
 * keeps: US states, nations of the UK and countries people commonly name.
 */
export const NOT_SUBDIVISIONS = words(`
alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho illinois indiana iowa kansas kentucky
louisiana maine maryland massachusetts michigan minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon pennsylvania
tennessee texas utah vermont virginia washington wisconsin wyoming
england scotland wales ireland britain uk usa america canada australia zealand germany france spain italy portugal poland india pakistan
china japan korea vietnam philippines mexico brazil colombia nigeria ghana kenya ethiopia somalia egypt morocco iran iraq syria lebanon
israel turkey greece ukraine russia jamaica haiti cuba guatemala honduras venezuela peru chile argentina
`);

export const TITLES = "(?:Dr|Doctor|Mr|Mrs|Ms|Miss|Mx|Prof|Professor|Nurse|Rev|Reverend|Pastor|Rabbi|Imam|Officer|Judge|Sgt|Capt)";

/** Words before a name in clinical prose ("her daughter Emily", "my name is Daniel", "session with Sarah"). */
export const NAME_CUES = [
  "my name is", "name is", "i am", "i'm", "this is", "named", "called", "known as", "goes by",
  "patient", "pt", "client", "resident", "participant",
  "son", "daughter", "husband", "wife", "partner", "spouse", "mother", "father", "mom", "mum", "dad", "brother", "sister",
  "grandmother", "grandfather", "grandma", "grandpa", "grandson", "granddaughter", "aunt", "uncle", "niece", "nephew", "cousin",
  "boyfriend", "girlfriend", "fiance", "fiancé", "fiancee", "fiancée", "friend", "roommate", "neighbor", "neighbour", "coworker", "colleague", "boss",
  "caseworker", "case manager", "sponsor", "guardian", "caregiver", "carer",
  "stepson", "stepdaughter", "stepmother", "stepfather", "stepbrother", "stepsister", "half-brother", "half-sister",
  "mother-in-law", "father-in-law", "son-in-law", "daughter-in-law", "brother-in-law", "sister-in-law", "godmother", "godfather",
  "social worker", "pharmacist", "therapist", "counsellor", "counselor", "psychiatrist", "psychologist", "midwife", "chaplain",
  "physiotherapist", "occupational therapist", "landlord", "landlady", "teacher", "employer", "manager", "supervisor",
  "re", "yours sincerely", "yours faithfully", "kind regards", "best wishes", "warm regards", "regards", "sincerely",
  "how is", "how's",
  "emergency contact", "contact", "session with", "met with", "spoke with", "spoke to", "talked to", "talked with", "seen by", "referred by",
  "accompanied by", "visited by", "signed by", "supervised by",
];
