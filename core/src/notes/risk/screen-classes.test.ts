import { describe, expect, it } from "vitest";
import type { RiskEmbeddingModelFile } from "./risk-embedding-model.ts";
import { reviewSentence } from "./risk-review.ts";
import { hasIdiom, screenStatement, type ScreenOptions, type SpeakerRole } from "./screen-risk.ts";

// The failure classes of helper/risk21 (studied on heldout15 and the older tuning splits), each checked on sentences
// written for this file: none is a line of any labelled split.

/** Both tiers on one sentence: the flag tier's verdict, and the review tier's flag or screened negative. */
function read(text: string, role: SpeakerRole = "patient", options: ScreenOptions = {}): { verdict: string; review: string | undefined } {
  const flag = screenStatement(text, role, options);
  const review = reviewSentence(text, role, flag, options);
  return { verdict: flag.verdict, review: review && (review.screenedNegative ? "screened negative" : review.category) };
}

/** Shown as a screened negative by either tier (as `measureTwoTiers` counts a denial recognised). */
function screenedNegative(text: string): boolean {
  const { verdict, review } = read(text);
  return verdict === "denied" || review === "screened negative";
}

describe("risk screen: idioms of dying and killing", () => {
  it("raises nothing on an idiom that borrows the words of dying, killing or hurting", () => {
    for (const text of [
      "I'm dying to try that new Thai place.", "I could murder a pint after that shift.", "These new boots are killing me.",
      "Ugh, shoot me now, it's raining again.", "I nearly died laughing at the wedding speech.", "I'll die of boredom if this queue gets any longer.",
      "I'm dead tired after the night shift.", "I'd die for a hot bath right now.", "My sister's going to murder me when she sees the mess in her car.",
      "My manager will kill me if I'm late again.", "I'm drowning in emails this week.", "I really shot myself in the foot with that interview.",
      "I was so embarrassed I wanted to hide under a rock and never come out.", "The chocolate cake there is to die for.", "I'm so done with this traffic.",
      "im literally dead that video had me crying", "I'm absolutely dying in this heat.", "I'd rather die than wear those shoes.",
      "I'm going to kill my sister, she ate all my chocolate.", "If my dad finds out I crashed the car he'd kill me.",
    ]) {
      expect({ text, ...read(text) }).toEqual({ text, verdict: "none", review: undefined });
    }
  });

  it("leaves the same words alone where they mean risk: a wish to die, a threat, a feeling that is killing the speaker", () => {
    expect(read("I've been wanting to die for weeks now.").verdict).toBe("risk");
    expect(read("I want to crawl into a hole and never come out.").verdict).toBe("risk");
    expect(read("He'll kill me if he finds out I told you.").verdict).toBe("risk");
    expect(read("If he finds out I went to the refuge he'd kill me.").verdict).toBe("risk");
    expect(read("I'd rather die than go back to him.").verdict).toBe("risk");
    expect(read("I'm going to kill him, he took my kids.").verdict).toBe("risk");
    expect(hasIdiom("The loneliness is killing me.")).toBe(false);
    expect(hasIdiom("I'm dying to see the match.")).toBe(true);
  });

  it("the sentence-embedding classifier is silent on an idiom (its vector reads the word 'dying'), not on other sentences", () => {
    // A classifier that raises every sentence it is given a vector for: only the idiom rule can keep it silent.
    const always: RiskEmbeddingModelFile = { modelId: "test", dimensions: 1, trainedOn: [], chosenOn: "test", l2: 0, bias: 5, weights: [0], reviewThreshold: 0.5, reviewChosenOn: "test" };
    const options: ScreenOptions = { embeddingModel: always, embeddings: () => [1] };
    expect(read("I'm literally dying to see my nephew's new baby.", "patient", options).review).toBeUndefined();
    expect(read("Lately I feel like a ghost in my own house.", "patient", options).review).toBeDefined();
  });
});

describe("risk screen: stories, reports and third parties", () => {
  it("reads what a character in a story does, or what a report tells, as no one's risk", () => {
    for (const text of [
      "In the novel I'm reading the main character poisons her sister.", "The character in the soap is being beaten by her husband, it's awful.",
      "There was a shooting on the news last night near my work.", "The news said a teenager was stabbed in town.",
      "There was a celebrity suicide in the papers and everyone was talking about it.",
    ]) {
      expect({ text, ...read(text) }).toEqual({ text, verdict: "none", review: undefined });
    }
    // The speaker's own act beside a story is still read.
    expect(read("I watched a film about it and then I cut myself.").verdict).toBe("risk");
  });

  it("a harm supposed with 'ever' is no report; one that has happened before still is", () => {
    expect(read("If my husband ever hit me I'd leave him that night.").verdict).toBe("none");
    expect(read("If he ever hits me again I'm calling the police.").verdict).toBe("risk");
  });

  it("reviews a dependant's or a companion's risk told as happening now, not someone's past", () => {
    expect(read("My son has been cutting his arms, I found blood on his sheets this morning.").review).toBe("self_harm");
    expect(read("He's taken something, he's slurring and there's an empty packet by the sofa.").review).toBe("overdose");
    expect(read("My daughter has been tying a scarf round her neck, I found her like that tonight.").review).toBe("plan_or_means");
    expect(read("My cousin cut herself at school, but that was fifteen years ago and she's fine now.")).toEqual({ verdict: "none", review: "screened negative" });
    expect(read("My friend took an overdose last year.").review).toBeUndefined();
  });
});

describe("risk screen: plans and means", () => {
  it("flags or reviews rehearsal, a weapon or blade hidden ready, affairs put in order", () => {
    expect(read("I've measured the rafters in the loft.").review).toBe("plan_or_means");
    expect(read("There's a knife hidden under my mattress for when I finally go through with it.").review).toBeDefined();
    expect(read("I've sorted out everything, the insurance documents are laid out for my husband.").review).toBe("suicidal_ideation");
    expect(read("I keep a machete by the back door.").verdict).toBe("risk");
    expect(read("I'm after thinking about doing away with myself.").verdict).toBe("risk");
    expect(read("Everyone would be more peaceful if I am not there.").verdict).toBe("risk");
    expect(read("Those thoughts are back, the ones about not braking on the motorway.").review).toBe("suicidal_ideation");
  });

  it("reads a clinician's note of a method, an overdose, a relapse or access to a weapon as the patient's", () => {
    expect(screenStatement("Identified method (ligature) and place (stairwell).", "clinician").verdict).toBe("risk");
    expect(screenStatement("Intentional OD 20 x co-codamol 24h ago.", "clinician").verdict).toBe("risk");
    expect(screenStatement("Relapse to heroin over the weekend after 3/12 abstinence.", "clinician").verdict).toBe("risk");
    expect(screenStatement("Access to firearm at home; declines to remove it.", "clinician").verdict).toBe("risk");
    // …not the clinician's own teaching.
    expect(screenStatement("Relapse is a normal part of recovery for many people.", "clinician").verdict).toBe("none");
    expect(screenStatement("Accidental overdoses are common with street benzos.", "clinician").verdict).toBe("none");
  });
});

describe("risk screen: denials as screened negatives", () => {
  it("reads a topic answered by a bare no, and denials of the preparations, the thoughts, using, harming a child", () => {
    for (const text of [
      "Cutting? No, never.", "Overdose, no, not my thing at all.", "No letters, nothing like that.", "I haven't looked anything up, and I haven't made plans like that.",
      "I'm not having those thoughts at all these days.", "nah not using, not touched anything since detox", "I would never hurt the kids.",
      "No, I take exactly what is prescribed, my husband keeps the box.", "No, I haven't got anything saved up.", "No, I feel safe where I live now.",
    ]) {
      expect({ text, screenedNegative: screenedNegative(text) }).toEqual({ text, screenedNegative: true });
    }
  });

  it("reads a past the sentence says has ended: an age said roughly, a spell after an event, means handed in, clean ever since", () => {
    for (const text of [
      "I had suicidal thoughts when I was about seventeen, but nothing since.", "I took an overdose once at nineteen and I'm nowhere near that now.",
      "I relapsed once in 2019 but I've stayed clean ever since.", "I used to hoard my tablets but I handed them back to the chemist and that was that.",
      "I felt like a burden for a while after the accident, but I don't now.", "I was abused as a teenager but it's been dealt with, he went to prison.",
      "I haven't cut in over a year and the urges have gone.",
    ]) {
      expect({ text, screenedNegative: screenedNegative(text) }).toEqual({ text, screenedNegative: true });
    }
    // …not when it is back.
    expect(read("I relapsed once in 2019 and I've started using again this week.").verdict).toBe("risk");
  });

  it("a threat said and taken back is a screened negative, not a review flag; one meant is a flag", () => {
    expect(read("I told my brother I'd kill him but I didn't mean it.")).toEqual({ verdict: "denied", review: undefined });
    expect(read("I said I'd hurt her but I was only joking, I'd never touch her.")).toEqual({ verdict: "denied", review: undefined });
    expect(read("I said I'd kill him and I meant every word.").verdict).toBe("risk");
  });

  it("reads a clinician's note of no concern or of abstinence as a screened negative", () => {
    expect(screenStatement("No current safeguarding concerns; no DV disclosed.", "clinician").verdict).toBe("denied");
    expect(screenStatement("Abstinent from alcohol x 9/12; denies cravings.", "clinician").verdict).toBe("denied");
  });
});
