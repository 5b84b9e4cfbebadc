import { describe, expect, it } from "vitest";
import { readFrames } from "./risk-frames.ts";
import { reviewSentence } from "./risk-review.ts";
import { normaliseStatement, screenStatement } from "./screen-risk.ts";

// Sentences written for this file by helper/risk23: none is a line of any labelled split (nor of risk-set.written22.tsv).

const read = (text: string): string[] => readFrames(normaliseStatement(text)).map((r) => r.category);

/** The review tier's answer on a patient's sentence the flag tier did not flag (undefined when it did, or nothing). */
function review(text: string): string | undefined {
  const flag = screenStatement(text, "patient");
  if (flag.verdict === "risk") return "flagged";
  const r = reviewSentence(text, "patient", flag);
  return r && (r.screenedNegative ? "screened negative" : r.category);
}

describe("frame readings: risk told by a clause's roles, not a risk word", () => {
  it("reads each frame when every role is filled, with words of each role's class", () => {
    const cases: Array<[string, string]> = [
      ["If the bus knocked me over on Monday I'd call it a mercy.", "suicidal_ideation"],
      ["I don't think I'll be around next summer, so don't plan anything for me.", "suicidal_ideation"],
      ["When my dog goes, I'm going too.", "suicidal_ideation"],
      ["I've been giving away my records and books, so nobody has to go through them.", "plan_or_means"],
      ["I rang the bank and cancelled the standing orders, it's all in order for after.", "plan_or_means"],
      ["Bank holiday Monday, when the house is empty. That's when.", "plan_or_means"],
      ["I got the GP to give me more zopiclone, told her I'd lost them, but I hadn't.", "plan_or_means"],
      ["Last night I swallowed the whole strip of my diazepam.", "overdose"],
      ["I drank some bleach in the kitchen before anyone got up.", "overdose"],
      ["I'm back on the coke again most Fridays.", "substance_relapse"],
      ["I've been taking my husband's oxycodone to get to sleep.", "substance_relapse"],
      ["Next time he parks in my space I'm going round with a bat.", "harm_to_others"],
      ["I'm going to torch that shop of his.", "harm_to_others"],
      ["I punched my fist into the door on purpose after the call.", "self_harm"],
      ["I did a bit of damage to myself in the shower this morning.", "self_harm"],
      ["My stepdaughter has bruises on her back and says she fell.", "abuse_safeguarding"],
      ["Her coach keeps messaging her late at night and told her to keep it secret.", "abuse_safeguarding"],
      ["Most days I'm just waiting for my life to be over.", "suicidal_ideation"],
      ["I keep hoping my heart gives out in the night.", "suicidal_ideation"],
    ];
    for (const [text, category] of cases) expect(read(text), text).toContain(category);
  });

  it("does not read a sentence with one role filled and the others ordinary", () => {
    for (const text of [
      "If I got the promotion I'd be relieved, honestly.",
      "I cancelled the gym and paid off the car, money's tight.",
      "I'll be around next summer, we're going camping.",
      "When my sister goes to Leeds I'm going too, for the concert.",
      "I took my tablets this morning with breakfast as usual.",
      "I drank some water and went to bed early.",
      "I'm on the new antidepressant and it's helping.",
      "I'm going to paint the shed this weekend.",
      "I slammed the door when I left, I was fuming.",
      "My son has a bruise on his knee from football.",
      "I'm waiting for the bus to come.",
      "That's when I realised I'd left my keys at work.",
    ]) expect(read(text), text).toEqual([]);
  });

  it("is shown as review, never as a flag, and the review tier's scope still applies", () => {
    expect(review("I've been filling a tub with the zopiclone they give me, there's maybe thirty now.")).toBe("plan_or_means");
    expect(review("I took a whole box of my sertraline last night.")).not.toBeUndefined();
    // Someone else's past, a story: not the speaker's risk now.
    expect(review("In the film the mother drank the bleach in the last scene.")).toBeUndefined();
  });
});

// Sentences written for this block by helper/risk24 from the classes of issue #18 (none is a line of any labelled split).
describe("role frame: someone else × a harmful or controlling act × the speaker or a dependant", () => {
  const roles = (text: string): string[] => readFrames(normaliseStatement(text)).filter((r) => r.category === "abuse_safeguarding").map((r) => r.category);

  it("reads each kind of act when an agent precedes it and the patient is the speaker or someone in their care", () => {
    for (const text of [
      "Whenever the football's on and he loses money he goes for me.", // violence
      "Saturday my stepdad chucked a mug across the room at my face.",
      "He says he'll snap my arm if I tell anyone.", // threat to the body
      "She said she'd post the video unless I send her more money.", // threat made conditional on compliance
      "My husband goes through my texts every night while I'm in the bath.", // control
      "He keeps turning up outside my house after I blocked him.",
      "Since the fall my nephew has emptied Dad's savings.", // money
      "The lodger does things to her when I'm at work.", // sexual acts, no word for them
      "My parents will make me marry him whether I agree or not.", // refusal overridden
      "My lad keeps getting new phones off some older lads from the estate.", // drawn in
      "Last month my fella put his hands round my throat in the car.",
      "He says he'll kill himself if I leave, so I stay.", // coercion by a threat to himself
      "I'm terrified for when my husband gets home tonight.", // fear of a partner, told by what the speaker does
      "I have to be careful what I say around him or it starts.",
    ]) expect(roles(text), text).toContain("abuse_safeguarding");
  });

  it("does not read the act when the agent is the patient, the speaker acts, or the act is ordinary", () => {
    for (const text of [
      "He checks his phone all through dinner.",
      "She went for her walk at six.",
      "My brother spends his wages on trainers.",
      "He says I keep checking my phone too much.",
      "She told me the same goes for me.",
      "My mum went for a run this morning.",
      "He threw the ball at the dog.",
      "She laid into me about the dishes again.",
      "They're taking their pension early this year.",
      "My daughter touches her toes every morning.",
      "I'll pay another way, by card.",
      "If my boyfriend ever raised his hand to me I'd leave him.",
      "I'm scared when my dad drives on the motorway.",
      "He put his hands on the table and sighed.",
    ]) expect(roles(text), text).toEqual([]);
  });

  it("is a review reading: a denied act is a screened negative and an ended past is not a review flag", () => {
    expect(review("My sister is still going through my emails behind my back.")).toBe("abuse_safeguarding");
    expect(review("My partner has never gone for me, not once.")).not.toBe("abuse_safeguarding");
    expect(review("In the novel her uncle does things to her in the attic.")).toBeUndefined();
  });
});
