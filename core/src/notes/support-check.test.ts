import { describe, expect, it } from "vitest";
import { measurePlanted, type PlantedCase } from "./measure/planted-contradictions.ts";
import { contradiction, sharesWords, supports } from "./support-check.ts";
import { transcriptTurns, type TranscriptTurn } from "./transcript-turns.ts";

const turnsOf = (c: Pick<PlantedCase, "turns">): TranscriptTurn[] => transcriptTurns(c.turns.map((t, i) => ({ speaker: t.speaker, text: t.text, startMs: i * 1000 })));
const client = (text: string) => turnsOf({ turns: [{ speaker: "Client", text }] });
const therapist = (text: string) => turnsOf({ turns: [{ speaker: "Therapist", text }] });
const check = (statement: string, turns: TranscriptTurn[]) => (sharesWords(statement, turns) ? contradiction(statement, turns) : "not_supported");

describe("the support check reads more than shared words", () => {
  it("a negation flipped against the cited turn", () => {
    const denial = client("I have not had any suicidal thoughts this month.");
    expect(contradiction("The client reports suicidal thoughts this month", denial)).toBe("negation");
    expect(contradiction("The client denies suicidal thoughts this month", denial)).toBeUndefined();
    expect(contradiction("The client has no appetite and skips meals", client("My appetite is fine and I eat three meals."))).toBe("negation");
    // A word said both ways in the turn decides nothing; a bare "No," is an answer, not a negation.
    expect(contradiction("The client smokes at home", client("I don't smoke at work, but at home I smoke a lot."))).toBeUndefined();
    expect(contradiction("The client has been walking every morning", client("No, I've been walking every morning."))).toBeUndefined();
  });

  it("a number, dose, duration or frequency the turns do not have", () => {
    const dose = client("The psychiatrist started me on 20 mg of fluoxetine two weeks ago, once a day.");
    expect(contradiction("The client takes 40 mg of fluoxetine", dose)).toBe("number");
    expect(contradiction("The client started fluoxetine three weeks ago", dose)).toBe("number");
    expect(contradiction("The client takes fluoxetine twice a day", dose)).toBe("number");
    expect(contradiction("The client takes 20 mg of fluoxetine daily, started two weeks ago", dose)).toBeUndefined();
    expect(contradiction("The client drinks every night", client("I only drink at the weekend."))).toBe("number");
    expect(contradiction("The client drinks every weekend", client("I only drink at the weekend."))).toBeUndefined();
  });

  it("the clinician's words attributed to the client, or the client's to the clinician", () => {
    const info = therapist("Cutting down slowly lowers the risk of withdrawal seizures.");
    expect(contradiction("The client explained that cutting down slowly lowers the risk of withdrawal seizures", info)).toBe("speaker");
    expect(contradiction("The therapist explained that cutting down slowly lowers the risk of withdrawal seizures", info)).toBeUndefined();
    expect(contradiction("The therapist suggested moving in with the brother", client("I could move in with my brother for a while."))).toBe("speaker");
    // Passive: the client was told something; that is not the client saying it.
    expect(contradiction("The client was advised to cut down slowly", info)).toBeUndefined();
    // Citing both sides of an exchange is not a misattribution.
    const exchange = turnsOf({ turns: [{ speaker: "Therapist", text: "Would you try one meeting this week?" }, { speaker: "Client", text: "Yes, I'll go on Tuesday." }] });
    expect(contradiction("The client agreed to one meeting on Tuesday", exchange)).toBeUndefined();
  });

  it("certainty added where every cited patient turn hedges", () => {
    const hedged = client("Maybe I'll look for a sponsor, I'm not sure.");
    expect(contradiction("The client will look for a sponsor", hedged)).toBe("certainty");
    expect(contradiction("The client might look for a sponsor but is not sure", hedged)).toBeUndefined();
    expect(contradiction("The client will look for a sponsor", client("I'll look for a sponsor this week."))).toBeUndefined();
    // The clinician's "could" is a proposal, not the patient hedging.
    expect(contradiction("The client will try the breathing exercise", turnsOf({ turns: [{ speaker: "Therapist", text: "You could try the breathing exercise." }, { speaker: "Client", text: "I will try the breathing exercise tonight." }] }))).toBeUndefined();
  });

  it("supports needs both layers: shared words and no contradiction", () => {
    expect(supports("The client reports poor sleep and evening anxiety", client("I have been sleeping poorly and the anxiety comes back every evening."))).toBe(true);
    expect(supports("The client enjoys skiing in the mountains", client("I have been sleeping poorly."))).toBe(false);
    expect(supports("The client reports sleeping well every evening", client("I have not been sleeping well, not any evening."))).toBe(false);
  });

  // Planted contradictions (measure/planted-contradictions.ts), written before the checks. The checks were tuned on
  // the `tune` half only; these floors for the `heldout` half were written before it was first run, and never moved.
  it("catches planted contradictions on the held-out half and keeps its faithful statements", () => {
    const m = measurePlanted("heldout", turnsOf, check);
    expect(m.contradictions[1]).toBe(18);
    expect(m.contradictions[0] / m.contradictions[1]).toBeGreaterThanOrEqual(0.6);
    expect(m.faithfulKept[0]).toBeGreaterThanOrEqual(6);
    // The lexical layer alone (the check before) is the control: it misses most of them.
    const lexical = measurePlanted("heldout", turnsOf, (s, t) => (sharesWords(s, t) ? undefined : "not_supported"));
    expect(lexical.contradictions[0]).toBeLessThan(m.contradictions[0]);
  });
});
