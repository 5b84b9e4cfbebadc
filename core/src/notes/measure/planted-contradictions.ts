/**
 * Statements planted against the turn they cite, to measure the support
 * check (generated-note.ts `supports`): each contradicts its turn in one way
 * (negation flipped, a number/dose/frequency/duration changed, the therapist's
 * words attributed to the client or the reverse, certainty added where the
 * turn hedges), or is a faithful statement the check must keep (`faithful`).
 * Written by helper/notes13 before the contradiction checks existed, in two
 * halves: the checks were tuned looking at `tune` only; `heldout` is asserted
 * (support-check.test.ts) and reported, never tuned on.
 */
export type PlantedKind = "negation" | "number" | "speaker" | "certainty" | "faithful";

export interface PlantedCase {
  split: "tune" | "heldout";
  kind: PlantedKind;
  /** The cited turn(s): speaker and text. */
  turns: Array<{ speaker: "Therapist" | "Client"; text: string }>;
  statement: string;
}

const c = (speaker: "Therapist" | "Client", text: string) => ({ speaker, text });

export const PLANTED: PlantedCase[] = [
  // ---- tune --------------------------------------------------------------
  { split: "tune", kind: "negation", turns: [c("Client", "No, I haven't had any thoughts of suicide, not since the spring.")], statement: "The client reports thoughts of suicide since the spring." },
  { split: "tune", kind: "negation", turns: [c("Client", "I've been taking the sertraline every morning like you said.")], statement: "The client has not been taking the sertraline in the morning." },
  { split: "tune", kind: "negation", turns: [c("Client", "I never drink before work, that's one rule I keep.")], statement: "The client drinks before work." },
  { split: "tune", kind: "negation", turns: [c("Client", "Honestly the cravings are not as bad this week, I barely noticed them.")], statement: "The client reported the cravings were bad this week." },
  { split: "tune", kind: "negation", turns: [c("Client", "My husband does not know about the debts yet.")], statement: "The client's husband knows about the debts." },
  { split: "tune", kind: "number", turns: [c("Client", "I'm down to about ten cigarettes a day now.")], statement: "The client smokes about twenty cigarettes a day." },
  { split: "tune", kind: "number", turns: [c("Client", "The doctor put me on 50 milligrams of quetiapine at night.")], statement: "The client takes 150 milligrams of quetiapine at night." },
  { split: "tune", kind: "number", turns: [c("Client", "I've been sober for three months now.")], statement: "The client has been sober for six months." },
  { split: "tune", kind: "number", turns: [c("Client", "I go to the gym twice a week, mostly Saturdays.")], statement: "The client goes to the gym five times a week." },
  { split: "tune", kind: "number", turns: [c("Client", "I drink on weekends, maybe four or five beers each night.")], statement: "The client drinks every day, four or five beers each night." },
  { split: "tune", kind: "speaker", turns: [c("Therapist", "You could try writing down the cravings when they come, and what you were doing.")], statement: "The client suggested writing down the cravings and what she was doing." },
  { split: "tune", kind: "speaker", turns: [c("Therapist", "Smoking during pregnancy raises the risk of a low birth weight.")], statement: "The client explained that smoking during pregnancy raises the risk of low birth weight." },
  { split: "tune", kind: "speaker", turns: [c("Client", "I think I should cut down to weekends only.")], statement: "The therapist proposed cutting down to weekends only." },
  { split: "tune", kind: "speaker", turns: [c("Therapist", "It sounds like your job is the main source of the stress right now.")], statement: "The client said that the job is the main source of stress right now." },
  { split: "tune", kind: "certainty", turns: [c("Client", "I might try the meeting on Thursday, I'm not sure yet.")], statement: "The client will attend the meeting on Thursday." },
  { split: "tune", kind: "certainty", turns: [c("Client", "Maybe I could talk to my sister about it, I guess.")], statement: "The client decided to talk to her sister about it." },
  { split: "tune", kind: "certainty", turns: [c("Client", "I think I'm probably ready to stop, kind of.")], statement: "The client is definitely ready to stop." },
  { split: "tune", kind: "certainty", turns: [c("Client", "I'm thinking about quitting the job, perhaps in the summer.")], statement: "The client has decided to quit the job in the summer." },
  { split: "tune", kind: "faithful", turns: [c("Client", "No, I haven't had any thoughts of suicide, not since the spring.")], statement: "The client denies thoughts of suicide since the spring." },
  { split: "tune", kind: "faithful", turns: [c("Client", "I'm down to about ten cigarettes a day now.")], statement: "The client now smokes about ten cigarettes a day." },
  { split: "tune", kind: "faithful", turns: [c("Therapist", "You could try writing down the cravings when they come, and what you were doing.")], statement: "The therapist suggested writing down cravings when they come." },
  { split: "tune", kind: "faithful", turns: [c("Client", "I might try the meeting on Thursday, I'm not sure yet.")], statement: "The client is considering the meeting on Thursday but is not sure yet." },
  { split: "tune", kind: "faithful", turns: [c("Therapist", "Would you be willing to keep a sleep diary this week?"), c("Client", "Yes, I'll keep the sleep diary.")], statement: "The client agreed to keep a sleep diary this week." },
  { split: "tune", kind: "faithful", turns: [c("Therapist", "I'd like you to walk for twenty minutes after dinner.")], statement: "The client was encouraged to walk twenty minutes after dinner." },
  { split: "tune", kind: "faithful", turns: [c("Client", "I don't drink at work, but at home I drink every night.")], statement: "The client drinks at home every night." },
  { split: "tune", kind: "faithful", turns: [c("Client", "I stopped using heroin two years ago and haven't touched it since.")], statement: "The client stopped using heroin two years ago." },

  // ---- heldout -------------------------------------------------------------
  { split: "heldout", kind: "negation", turns: [c("Client", "I'm not hearing the voices any more, the new tablets helped.")], statement: "The client is hearing the voices, despite the new tablets." },
  { split: "heldout", kind: "negation", turns: [c("Client", "I told my manager about the panic attacks last week.")], statement: "The client has not told the manager about the panic attacks." },
  { split: "heldout", kind: "negation", turns: [c("Client", "There are no guns or weapons in the house, my wife made sure of that.")], statement: "The client reports weapons in the house." },
  { split: "heldout", kind: "negation", turns: [c("Client", "I've been eating properly again, three meals most days.")], statement: "The client has not been eating properly." },
  { split: "heldout", kind: "negation", turns: [c("Client", "I didn't use anything at the party, I just had water.")], statement: "The client used drugs at the party." },
  { split: "heldout", kind: "number", turns: [c("Client", "I sleep maybe four hours a night at the moment.")], statement: "The client sleeps about eight hours a night." },
  { split: "heldout", kind: "number", turns: [c("Client", "They upped my lithium to 800 mg last month.")], statement: "The client's lithium was raised to 400 mg last month." },
  { split: "heldout", kind: "number", turns: [c("Client", "We've been married for twelve years.")], statement: "The client has been married for twenty years." },
  { split: "heldout", kind: "number", turns: [c("Client", "I use the inhaler once a day, in the morning.")], statement: "The client uses the inhaler three times a day." },
  { split: "heldout", kind: "number", turns: [c("Client", "I see my kids every other weekend.")], statement: "The client sees the kids every weekday." },
  { split: "heldout", kind: "speaker", turns: [c("Therapist", "Nicotine patches can double your chances of quitting.")], statement: "The client noted that nicotine patches can double the chances of quitting." },
  { split: "heldout", kind: "speaker", turns: [c("Therapist", "What if you set a quit date for the first of the month?")], statement: "The client proposed a quit date for the first of the month." },
  { split: "heldout", kind: "speaker", turns: [c("Client", "I want to go back to college and finish the nursing course.")], statement: "The therapist wants the client to go back to college and finish the nursing course." },
  { split: "heldout", kind: "speaker", turns: [c("Therapist", "So you feel trapped between your parents and your girlfriend.")], statement: "The client described feeling trapped between the parents and the girlfriend." },
  { split: "heldout", kind: "certainty", turns: [c("Client", "I suppose I could possibly ask the pharmacist about it.")], statement: "The client will ask the pharmacist about it." },
  { split: "heldout", kind: "certainty", turns: [c("Client", "I'm not sure I can manage without the pills, maybe in a few weeks.")], statement: "The client is confident they can manage without the pills in a few weeks." },
  { split: "heldout", kind: "certainty", turns: [c("Client", "I'm kind of thinking about moving out of my mum's place.")], statement: "The client is moving out of the mother's place." },
  { split: "heldout", kind: "certainty", turns: [c("Client", "Perhaps I should call the helpline if it gets bad again.")], statement: "The client committed to call the helpline if it gets bad again." },
  { split: "heldout", kind: "faithful", turns: [c("Client", "I'm not hearing the voices any more, the new tablets helped.")], statement: "The client no longer hears the voices since the new tablets." },
  { split: "heldout", kind: "faithful", turns: [c("Client", "They upped my lithium to 800 mg last month.")], statement: "The client's lithium was increased to 800 mg last month." },
  { split: "heldout", kind: "faithful", turns: [c("Therapist", "Nicotine patches can double your chances of quitting.")], statement: "The therapist explained that nicotine patches can double the chances of quitting." },
  { split: "heldout", kind: "faithful", turns: [c("Client", "I suppose I could possibly ask the pharmacist about it.")], statement: "The client might ask the pharmacist about it." },
  { split: "heldout", kind: "faithful", turns: [c("Client", "There are no guns or weapons in the house, my wife made sure of that.")], statement: "The client denies any guns or weapons in the house." },
  { split: "heldout", kind: "faithful", turns: [c("Therapist", "Let's meet again in two weeks and review the diary."), c("Client", "Okay, two weeks works for me.")], statement: "The client agreed to meet again in two weeks to review the diary." },
  { split: "heldout", kind: "faithful", turns: [c("Client", "I want to go back to college and finish the nursing course.")], statement: "The client wants to go back to college and finish the nursing course." },
  { split: "heldout", kind: "faithful", turns: [c("Client", "I haven't missed a dose since we last met, not one.")], statement: "The client has not missed a dose since the last session." },
];

export interface PlantedMeasure {
  split: PlantedCase["split"];
  /** Contradictions the check refuses (by any of its checks), per kind and in all. */
  caught: Record<Exclude<PlantedKind, "faithful">, [number, number]>;
  contradictions: [number, number];
  /** Faithful statements the check keeps. */
  faithfulKept: [number, number];
  /** The cases it gets wrong, for reading. */
  wrong: Array<{ kind: PlantedKind; statement: string; verdict: string }>;
}

/** The support check on one half of the planted set: `check` returns why a statement is refused, or undefined when kept. */
export function measurePlanted(split: PlantedCase["split"], turnsOf: (c: PlantedCase) => import("../transcript-turns.ts").TranscriptTurn[], check: (statement: string, turns: import("../transcript-turns.ts").TranscriptTurn[]) => string | undefined): PlantedMeasure {
  const m: PlantedMeasure = { split, caught: { negation: [0, 0], number: [0, 0], speaker: [0, 0], certainty: [0, 0] }, contradictions: [0, 0], faithfulKept: [0, 0], wrong: [] };
  for (const p of PLANTED.filter((x) => x.split === split)) {
    const verdict = check(p.statement, turnsOf(p));
    if (p.kind === "faithful") {
      m.faithfulKept[1]++;
      if (verdict === undefined) m.faithfulKept[0]++;
      else m.wrong.push({ kind: p.kind, statement: p.statement, verdict });
    } else {
      m.caught[p.kind][1]++;
      m.contradictions[1]++;
      if (verdict !== undefined) { m.caught[p.kind][0]++; m.contradictions[0]++; } else m.wrong.push({ kind: p.kind, statement: p.statement, verdict: "kept" });
    }
  }
  return m;
}
