import { describe, expect, it } from "vitest";
import { terms } from "../text/analyze.ts";
import { asksWhatItIs, headingCues, questionIntents, subjectTerms } from "./question-intent.ts";
import { answersIntent, rankForAnswer, selectSentences, type QuotablePassage } from "./select-sentences.ts";

// A small, invented knowledge base: two conditions, each with overview, treatment and dosing sections.
const passages: QuotablePassage[] = [
  { n: 1, documentId: "gout", title: "Crystal arthritis", context: "Crystal arthritis › Overview",
    text: "Crystal arthritis is joint inflammation caused by urate crystals. It usually starts in the big toe. Attacks come on at night." },
  { n: 2, documentId: "gout", title: "Crystal arthritis", context: "Crystal arthritis › Treatment",
    text: "How is crystal arthritis treated? Acute attacks are treated with colchicine or an anti-inflammatory drug within the first day. Ice and rest help. Long-term therapy lowers urate with allopurinol." },
  { n: 3, documentId: "burs", title: "Knee bursitis", context: "Knee bursitis › Treatment",
    text: "Knee bursitis is treated with rest, ice and a compression bandage. Steroid injections are used when swelling persists." },
  { n: 4, documentId: "gout", title: "Crystal arthritis", context: "Crystal arthritis › Dosing",
    text: "Colchicine is given as 1 mg at the first sign of an attack, then 0.5 mg an hour later. The daily dose is lower in kidney disease." },
];

describe("questionIntents and subjectTerms", () => {
  it("reads what is asked for and what it is about", () => {
    expect(questionIntents("How is crystal arthritis treated?")[0]).toBe("treatment");
    expect(questionIntents("What dose of colchicine is given?")[0]).toBe("dosage");
    expect(questionIntents("What are the signs of knee bursitis?")[0]).toBe("symptoms");
    expect(questionIntents("How common is crystal arthritis?")[0]).toBe("frequency");
    expect(questionIntents("What is crystal arthritis?")).toEqual(["definition"]);
    // The intent most asked for leads, not the first in a fixed order: two inheritance words against one symptom word.
    expect(questionIntents("How is knee bursitis present from birth passed on in families?")[0]).toBe("inheritance");
    expect(questionIntents("What research or trials are being done for knee bursitis?")[0]).toBe("research");
    expect(subjectTerms("How is crystal arthritis treated?")).toEqual(terms("crystal arthritis"));
  });

  it("reads the intent from the question's structure, not from every cue word in it", () => {
    // Words in a clause describing the subject do not ask: "make" here describes, "treated" asks.
    expect(questionIntents("How is it treated when crystals make the big toe swell?")).toEqual(["treatment"]);
    // A participle with "by" describes the subject of a definition question.
    expect(questionIntents("What is joint inflammation caused by urate crystals?")).toEqual(["definition"]);
    // "caused by" with nothing after it asks.
    expect(questionIntents("What is knee bursitis caused by?")[0]).toBe("causes");
    // An adjective inside a name is part of the name.
    expect(questionIntents("What is Smith hereditary knee swelling?")).toEqual(["definition"]);
    expect(questionIntents("Is hereditary knee swelling inherited?")[0]).toBe("inheritance");
    // The noun a what-phrase asks about outweighs a generic verb ("done" also asks for treatment).
    expect(questionIntents("What research is being done for knee bursitis?")[0]).toBe("research");
    // "What should someone do …" asks for management.
    expect(questionIntents("What should a coach do when a player's knee swells?")).toEqual(["treatment"]);
    // A clause's first word asks even after a dash.
    expect(questionIntents("Swollen knee after kneeling - which tests confirm it?")[0]).toBe("diagnosis");
    // "More likely" asks for risk although "makes" can ask for causes.
    expect(questionIntents("What makes knee bursitis more likely?")[0]).toBe("risk");
    // A participle between a determiner (or "is/are") and a noun describes the subject: this asks for causes, then for treatment.
    expect(questionIntents("What change causes the inherited knee swelling in runners?")).toEqual(["causes"]);
    expect(questionIntents("How are inherited knee swellings treated?")[0]).toBe("treatment");
    // Imaging is asked for to diagnose.
    expect(questionIntents("Swollen knee after a fall - which imaging?")[0]).toBe("diagnosis");
  });

  it("reads lay ways of asking for frequency, outlook, prevention, causes, risk and tests (issue #17, answer14 round)", () => {
    expect(questionIntents("How often is knee bursitis seen in runners?")[0]).toBe("frequency");
    expect(questionIntents("How rare is knee bursitis?")[0]).toBe("frequency");
    expect(questionIntents("What percentage of runners get knee bursitis?")[0]).toBe("frequency");
    // A question word after an opening preposition still asks ("which" is not a clause describing the subject here).
    expect(questionIntents("In which population is knee bursitis most often found?")[0]).toBe("frequency");
    expect(questionIntents("How does knee bursitis progress over the years?")[0]).toBe("outlook");
    expect(questionIntents("Does knee bursitis keep getting worse?")[0]).toBe("outlook");
    expect(questionIntents("How can I lower my chances of getting knee bursitis?")[0]).toBe("prevention");
    // Avoiding is more specific than the "help" that also asks for treatment.
    expect(questionIntents("What habits help runners avoid knee bursitis?")[0]).toBe("prevention");
    expect(questionIntents("What is usually behind knee bursitis in runners?")[0]).toBe("causes");
    expect(questionIntents("Which age groups get knee bursitis?")[0]).toBe("risk");
    expect(questionIntents("Which scan or biopsy shows knee bursitis?")[0]).toBe("diagnosis");
    // A schedule is not a frequency: "how often" counts cases only with seen, found, born …
    expect(questionIntents("How often are vital signs checked during the infusion?")[0]).not.toBe("frequency");
    // "short-term" does not ask for the outlook ("long-term" was an outlook word and split into "term").
    expect(questionIntents("What is knee bursitis with short-term pain?")).toEqual(["definition"]);
  });

  it("reads what the subject leads to as complications, and what leads to the subject as causes", () => {
    expect(questionIntents("What problems does knee bursitis cause?")).toEqual(["complications"]);
    expect(questionIntents("What can knee bursitis lead to?")).toEqual(["complications"]);
    expect(questionIntents("What can cause knee bursitis?")[0]).toBe("causes");
    expect(questionIntents("Can kneeling cause knee bursitis?")[0]).toBe("causes");
    expect(questionIntents("What causes knee bursitis?")[0]).toBe("causes");
  });

  it("reads the intent from the sentences that ask when the question states its context first (issue #17, answer17 round)", () => {
    // The context's "diagnosed", "scan" and "family" describe the patient; the question asks for risk, causes, frequency.
    expect(questionIntents("I was diagnosed with knee bursitis. Does that raise my risk of arthritis?")[0]).toBe("risk");
    expect(questionIntents("The scan showed fluid over my kneecap. What causes that?")[0]).toBe("causes");
    expect(questionIntents("Runner family, two sons with swollen knees. How common is it?")[0]).toBe("frequency");
    // With nothing asked in the question sentence, the whole question is read.
    expect(questionIntents("My knee swells after kneeling. Why?")[0]).toBe("causes");
    expect(questionIntents("My son's knees swell. What is this condition?")).toEqual(["definition"]);
  });

  it("reads recurrence in the next generation as inheritance, an untreated course as complications, and drugs as treatment", () => {
    expect(questionIntents("Knee swelling in our first child - could it happen again in our next baby?")[0]).toBe("inheritance");
    expect(questionIntents("I have hereditary knee swelling. Will my kids get it?")[0]).toBe("inheritance");
    expect(questionIntents("What happens if knee bursitis is not treated?")[0]).toBe("complications");
    expect(questionIntents("What's the drug for knee bursitis?")[0]).toBe("treatment");
    expect(questionIntents("Which meds are used for knee bursitis?")[0]).toBe("treatment");
    expect(questionIntents("Which ethnic groups get knee bursitis most often?")[0]).toBe("risk");
  });

  it("reads asking phrases no single cue word carries, and cue words that also name the subject (issue #17, quote20 round)", () => {
    // Inheritance patterns asked of the subject; "carriers" asks too, and stays in the subject (and retrieval's query).
    expect(questionIntents("Can knee bursitis be dominant as well as recessive?")[0]).toBe("inheritance");
    expect(questionIntents("We are both healthy - are we both carriers of knee bursitis?")[0]).toBe("inheritance");
    expect(subjectTerms("Are we both carriers of knee bursitis?")).toContain(terms("carriers")[0]);
    // Inside the name it describes ("the recessive inherited knee swelling"): the genes are asked for.
    expect(questionIntents("Which genes are behind the recessive inherited knee swelling?")[0]).toBe("genetics");
    // Such a word asks half as much as an asking word; after "which" the next word is the noun asked about.
    expect(questionIntents("Which genes cause the recessive and dominant forms of knee swelling?")[0]).toBe("genetics");
    // Surgery asks for treatment in the asking clause, not in a clause describing when the subject happens.
    expect(questionIntents("Knee bursitis - when can they do surgery?")[0]).toBe("treatment");
    expect(questionIntents("Why do runners get swollen knees a week after knee surgery?")).toEqual(["causes"]);
    // "Why" asks when it opens a clause; inside one it says what is researched.
    expect(questionIntents("Is anyone researching why runners get knee bursitis?")[0]).toBe("research");
    expect(questionIntents("What does knee bursitis look like?")[0]).toBe("symptoms");
    expect(questionIntents("Which specialists look after a child with knee bursitis?")[0]).toBe("treatment");
    expect(questionIntents("What painkillers are used for knee bursitis?")[0]).toBe("treatment");
    expect(questionIntents("What is colchicine used for?")).toEqual(["definition"]);
    expect(questionIntents("How does the doctor check for knee bursitis?")[0]).toBe("diagnosis");
    expect(questionIntents("Does knee bursitis come back?")[0]).toBe("outlook");
    expect(questionIntents("How bad will my knee bursitis get?")[0]).toBe("outlook");
    expect(questionIntents("Where in the world do people pick up knee bursitis, and why there?")[0]).toBe("risk");
    expect(questionIntents("Where was knee bursitis first described?")[0]).not.toBe("risk");
    // "How common" asks first, before the inheritance a "hereditary" in the subject's description reads.
    expect(questionIntents("How common is hereditary knee swelling in runners?")[0]).toBe("frequency");
  });

  it("reads a trailing how-many as a detail, signs a subject causes as symptoms, and outlook, inheritance and risk in lay phrases (issue #17, rank21 round)", () => {
    // "How many / how often" after what the question asks first is a detail of it; asked first, it still asks for frequency.
    expect(questionIntents("How is knee bursitis confirmed - how many weeks of swelling?")).not.toContain("frequency");
    expect(questionIntents("Can knee bursitis appear in a family with nobody affected before, and how often does that happen?")[0]).toBe("inheritance");
    expect(questionIntents("How many people get knee bursitis?")[0]).toBe("frequency");
    // The signs or features a subject causes are its symptoms; the problems it causes stay its complications.
    expect(questionIntents("What signs does knee bursitis cause?")[0]).toBe("symptoms");
    expect(questionIntents("What problems can knee bursitis cause?")[0]).toBe("complications");
    // Passing it on asks for inheritance; passing urine does not.
    expect(questionIntents("Knee bursitis - can a mother pass it on to her sons?")[0]).toBe("inheritance");
    expect(questionIntents("My father cannot pass urine - what will the ward do first?")).not.toContain("inheritance");
    expect(questionIntents("If both of us carry it, what are the odds for each pregnancy?")[0]).toBe("inheritance");
    // Its course: whether it kills, whether it happens again.
    expect(questionIntents("Is knee bursitis fatal?")[0]).toBe("outlook");
    expect(questionIntents("Knee bursitis - is it life-threatening?")[0]).toBe("outlook");
    expect(questionIntents("Once knee bursitis has settled, will it flare up again?")[0]).toBe("outlook");
    // What raises the chances of it: who is at risk.
    expect(questionIntents("What raises your chances of knee bursitis?")[0]).toBe("risk");
    // "A child diagnosed with knee bursitis" names the patient's condition; the question asks what follows.
    expect(questionIntents("Child diagnosed with knee bursitis - nobody in the family has it, is it a new mutation?")).not.toContain("diagnosis");
  });

  it("knows a section heading named with the question's own asking word", () => {
    for (const heading of ["Frequency", "Prognosis", "Treatment", "Outlook"]) {
      const intent = questionIntents(`What is the ${heading.toLowerCase()} of knee bursitis?`)[0]!;
      expect(terms(heading).some((t) => headingCues(intent).has(t)), heading).toBe(true);
    }
  });
});

describe("selectSentences", () => {
  it("within the anchor document, the section answering the question's kind comes before an overview sharing more of its lay words", () => {
    // The overview holds the lay words ("inflammation", "joint", "toe", "night"); the question asks for treatment.
    const lay = "How is inflammation of the big toe joint at night treated?";
    const { cited } = selectSentences(lay, [passages[0]!, passages[3]!, { ...passages[1]!, n: 5 }]);
    expect(cited[0]).toBe(5);
  });

  it("quotes the answering section first, from the subject's document only, skipping the restated question", () => {
    const { quotes, cited } = selectSentences("How is crystal arthritis treated?", passages);
    expect(cited[0]).toBe(2);
    expect(quotes[0]).toMatch(/^> Acute attacks are treated with colchicine/);
    expect(quotes[0]).not.toContain("How is crystal arthritis treated?");
    // The other condition's treatment section is not padding for this answer.
    expect(cited).not.toContain(3);
  });

  it("quotes the anchor document's frequency section for a how-common question, not its overview", () => {
    const overview: QuotablePassage = { n: 1, documentId: "b", title: "Knee bursitis", context: "Knee bursitis › Information",
      text: "Knee bursitis is a swelling of the fluid sac at the front of the knee. It follows kneeling on hard floors." };
    const frequency: QuotablePassage = { n: 2, documentId: "b", title: "Knee bursitis", context: "Knee bursitis › Frequency",
      text: "About one in a thousand adults sees a doctor for it each year. It is most often seen in carpet fitters." };
    expect(selectSentences("How many adults get a swollen sac in front of the knee from kneeling?", [overview, frequency]).cited[0]).toBe(2);
  });

  it("weighs the subject's words by how rare they are: the rare word names the subject", () => {
    const common: QuotablePassage = { n: 1, documentId: "aki", title: "Acute kidney injury", context: "Acute kidney injury › Treatment",
      text: "Acute kidney injury is treated by restoring fluids and stopping harmful drugs." };
    const rare: QuotablePassage = { n: 2, documentId: "un", title: "Urate nephropathy", context: "Urate nephropathy › Treatment",
      text: "Urate nephropathy is treated with fluids and drugs that lower urate." };
    const question = "How is urate kidney injury treated?";
    // Evenly weighted, two title words of three name the wrong document.
    expect(selectSentences(question, [common, rare]).cited[0]).toBe(1);
    const idf = new Map(terms("urate kidney injury").map((t, i) => [t, i === 0 ? 6 : 1]));
    expect(selectSentences(question, [common, rare], { weight: (t) => idf.get(t) ?? 0 }).cited[0]).toBe(2);
  });

  it("prefers the dosing section for a dose question", () => {
    const { cited, quotes } = selectSentences("What dose of colchicine for a crystal arthritis attack?", passages);
    expect(cited[0]).toBe(4);
    expect(quotes[0]).toContain("1 mg");
  });

  it("a section of the asked kind that holds none of the subject's words does not anchor the answer", () => {
    // Retrieval ranked another condition's prevention section first; it shares the kind of answer asked for, not the subject.
    const lipsPrevention: QuotablePassage = { n: 1, documentId: "lips", title: "Chapped lips", context: "Chapped lips › Prevention",
      text: "Use a lip balm with sunscreen and avoid licking the lips." };
    const lipsOverview: QuotablePassage = { n: 2, documentId: "lips", title: "Chapped lips", context: "Chapped lips › Overview",
      text: "Chapped lips crack in dry winter air. Wind draws moisture from the skin of the lips." };
    const nose: QuotablePassage = { n: 3, documentId: "nose", title: "Nosebleeds", context: "Nosebleeds › Overview",
      text: "A nosebleed is bleeding from the lining of the nose. Dry winter air cracks that lining; a humidifier and saline spray keep it moist." };
    const { cited } = selectSentences("How can a nosebleed in dry winter air be prevented?", [lipsPrevention, lipsOverview, nose]);
    expect(cited[0]).toBe(3);
    expect(cited).not.toContain(1);
  });

  it("adds no quote from a section of the same document about something else (no padding)", () => {
    const warfarin: QuotablePassage = { n: 1, documentId: "mi", title: "Medicine interactions", context: "Medicine interactions › Warfarin",
      text: "Warfarin is usually continued before a dental extraction. Check the INR within a day of the extraction." };
    const antacids: QuotablePassage = { n: 2, documentId: "mi", title: "Medicine interactions", context: "Medicine interactions › Antacids",
      text: "Antacids taken before a dental extraction can delay the absorption of antibiotics given afterwards. Space them two hours apart." };
    const question = "Should patients take their warfarin before a dental extraction?";
    // The rare word names the subject: the antacids section shares only the common words of the question.
    const weight = (t: string) => (t === terms("warfarin")[0] ? 5 : 1);
    const { quotes, cited } = selectSentences(question, [warfarin, antacids], { weight });
    expect(cited).toEqual([1]);
    expect(quotes).toHaveLength(1);
  });

  it("a second quote from the anchor document is kept when it is about the subject and answers the kind asked for", () => {
    const surgery: QuotablePassage = { n: 5, documentId: "gout", title: "Crystal arthritis", context: "Crystal arthritis › Surgery",
      text: "Surgery is rarely needed, to remove large urate deposits from a crystal arthritis joint." };
    const work: QuotablePassage = { n: 6, documentId: "gout", title: "Crystal arthritis", context: "Crystal arthritis › Living with it",
      text: "Most people with crystal arthritis work normally between attacks and keep playing sport." };
    const { cited } = selectSentences("How is crystal arthritis treated?", [work, ...passages, surgery], { maxQuotes: 3 });
    expect(cited[0]).toBe(2);
    // The surgery section answers a treatment question in its words; the page on daily life does not, nor do the overview and the dosing section.
    expect(cited).toEqual([2, 5]);
  });

  it("keeps the answer order it is given when told the passages are ranked (rankForAnswer's), instead of scoring them again", () => {
    const bursitis: QuotablePassage = { n: 1, documentId: "a", title: "Knee bursitis", context: "Knee bursitis › Treatment", text: "Knee bursitis is treated with rest and ice for two weeks." };
    const pain: QuotablePassage = { n: 2, documentId: "b", title: "Knee pain", context: "Knee pain › Treatment", text: "Most knee pain is treated with rest and simple pain relief." };
    const question = "How is knee bursitis treated?";
    expect(selectSentences(question, [pain, bursitis]).cited[0]).toBe(1);
    expect(selectSentences(question, [pain, bursitis], { ranked: true }).cited[0]).toBe(2);
  });

  it("puts the overview first only for a question that asks what the subject is, not for one whose intent the cues cannot read (issue #17, answer19)", () => {
    const tests: QuotablePassage = { n: 1, documentId: "gout", title: "Crystal arthritis", context: "Crystal arthritis › Exams and tests",
      text: "Crystal arthritis is confirmed by finding urate crystals in joint fluid under a microscope. Blood urate is measured as well." };
    const overview: QuotablePassage = { n: 2, documentId: "gout", title: "Crystal arthritis", context: "Crystal arthritis › Overview",
      text: "Crystal arthritis is joint inflammation caused by urate crystals. It usually starts in the big toe." };
    // No cue asks for anything here ("definition" is only the fallback) and it is not in a definition's form: retrieval's order stands.
    const unread = "Needle-shaped urate crystals in joint fluid under the microscope - crystal arthritis?";
    expect(questionIntents(unread)).toEqual(["definition"]);
    expect(asksWhatItIs(unread)).toBe(false);
    expect(answersIntent(unread, overview.context)).toBe(false);
    expect(rankForAnswer(unread, [tests, overview]).map((p) => p.n)).toEqual([1, 2]);
    expect(selectSentences(unread, [tests, overview]).cited[0]).toBe(1);
    // A question in a definition's form (also in its asking sentence after some context) asks for the overview.
    for (const q of ["What is crystal arthritis?", "The GP mentioned urate. What is crystal arthritis?"]) {
      expect(asksWhatItIs(q)).toBe(true);
      expect(answersIntent(q, overview.context)).toBe(true);
      expect(rankForAnswer(q, [tests, overview])[0]!.n).toBe(2);
    }
  });

  it("marks skipped sentences inside a quote with an ellipsis", () => {
    const long: QuotablePassage = { n: 1, documentId: "d", title: "Knee bursitis", context: "Knee bursitis › Notes",
      text: "Knee bursitis swells the front of the knee after kneeling. The clinic opens at nine on weekdays. Parking is free for patients. The swelling of knee bursitis settles with ice and rest over two weeks." };
    const { quotes } = selectSentences("What happens with the swelling in knee bursitis?", [long], { maxSentences: 2 });
    expect(quotes[0]).toMatch(/kneeling\. … The swelling/);
  });

  it("quotes nothing when no sentence says more than the question", () => {
    const echo: QuotablePassage = { n: 1, documentId: "d", title: "Knee bursitis", context: "Knee bursitis › Treatment", text: "How is knee bursitis treated?" };
    expect(selectSentences("How is knee bursitis treated?", [echo]).cited).toEqual([]);
  });
});
