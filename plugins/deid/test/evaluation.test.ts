import type { PhiType } from "@rounds/core";
import { describe, expect, it } from "vitest";
import { SafeHarborDeidentifier } from "../src/index.ts";
import { BLIND, BLIND_2, BLIND_3, BLIND_4, BLIND_SETS, type BlindSet, evaluate, goldSpans, readLabelled, report, SPLITS, type Split } from "./evaluate.ts";

/**
 * Floors set from the measurement in README.md (`npm run evaluate -w
 * @rounds/plugin-deid`), just below it, so one more miss or false positive
 * fails: entity recall per type, overall entity recall, precision and token
 * recall, and the most over-redaction allowed (share of non-identifier tokens
 * removed). Where a type scored 1.00 the floor is 0.95 (one miss of fewer than
 * 20 fails).
 */
const FLOORS: Record<Split, { recall: Partial<Record<PhiType, number>>; overall: number; precision: number; tokenRecall: number; overRedaction: number }> = {
  dev: {
    recall: {
      NAME: 0.98, DATE: 0.95, LOCATION: 0.87, AGE: 0.95, PHONE: 0.95, ZIP: 0.95, HEALTH_PLAN: 0.95, LICENSE: 0.95, DEVICE: 0.95,
      EMAIL: 0.95, MRN: 0.95, URL: 0.95, VEHICLE: 0.95, ACCOUNT: 0.95, FAX: 0.95, ID: 0.95, IP: 0.95, SSN: 0.95,
    },
    overall: 0.97, precision: 0.99, tokenRecall: 0.98, overRedaction: 0.001,
  },
  test: {
    recall: {
      NAME: 0.89, DATE: 0.91, LOCATION: 0.73, PHONE: 0.88, AGE: 0.72, ZIP: 0.95, HEALTH_PLAN: 0.87, DEVICE: 0.85, ID: 0.83,
      ACCOUNT: 0.95, MRN: 0.95, URL: 0.95, LICENSE: 0.95, SSN: 0.75, VEHICLE: 0.95, IP: 0.95, EMAIL: 0.95, FAX: 0.95,
    },
    overall: 0.87, precision: 0.97, tokenRecall: 0.9, overRedaction: 0.004,
  },
  // Written blind. Main's rules measured 0.76 / 0.98 / 0.81 / 0.1% here (floors were 0.75 / 0.95 / 0.80 / 1%);
  // every floor below is at or above the one asserted then.
  eval: {
    recall: {
      NAME: 0.82, DATE: 0.92, LOCATION: 0.44, AGE: 0.87, ID: 0.87, PHONE: 0.95, DEVICE: 0.95, HEALTH_PLAN: 0.95, ZIP: 0.83,
      ACCOUNT: 0.8, EMAIL: 0.95, LICENSE: 0.6, VEHICLE: 0.95, FAX: 0.95, IP: 0.95, MRN: 0.95, SSN: 0.95, URL: 0.95,
    },
    overall: 0.82, precision: 0.97, tokenRecall: 0.87, overRedaction: 0.0015,
  },
};

/** The rule layer alone: precision mode (for display). The figures and floors above are this mode's. */
const precise = () => new SafeHarborDeidentifier({ mode: "precision" });

describe("safe-harbor (precision mode) on the labelled clinical and therapy sentences", () => {
  it("has 591 sentences over the three sets, every Safe Harbor type this text detector handles in each, and hard negatives", () => {
    const sizes = { dev: 167, test: 214, eval: 210 };
    let negatives = 0;
    for (const split of Object.keys(SPLITS) as Split[]) {
      const rows = readLabelled(SPLITS[split].file);
      expect(rows.length, SPLITS[split].file).toBe(sizes[split]);
      const types = new Set(rows.flatMap((r) => r.phi.map(([, t]) => t)));
      expect([...types].sort(), SPLITS[split].file).toEqual(Object.keys(FLOORS[split].recall).sort());
      negatives += rows.filter((r) => r.phi.length === 0).length;
    }
    expect(negatives).toBeGreaterThanOrEqual(160);
  });

  for (const split of Object.keys(SPLITS) as Split[]) {
    it(`${split} (${SPLITS[split].role}): per-type recall, recall, precision, token recall and over-redaction at or above the measured floors`, async () => {
      const { file, gazetteer } = SPLITS[split];
      const e = await evaluate(precise(), readLabelled(file), gazetteer);
      console.log(report(`${split} (${file}, ${SPLITS[split].role})`, e));
      const floors = FLOORS[split];
      for (const [type, floor] of Object.entries(floors.recall)) {
        const score = e.perType.find((t) => t.type === type);
        expect(score, `${type} has gold identifiers in ${file}`).toBeDefined();
        expect(score!.recall, `${type} recall on ${file}`).toBeGreaterThanOrEqual(floor);
      }
      expect(e.recall, `recall on ${file}`).toBeGreaterThanOrEqual(floors.overall);
      expect(e.precision, `precision on ${file}`).toBeGreaterThanOrEqual(floors.precision);
      expect(e.tokenRecall, `token recall on ${file}`).toBeGreaterThanOrEqual(floors.tokenRecall);
      expect(e.overRedaction, `over-redaction on ${file}`).toBeLessThanOrEqual(floors.overRedaction);
    });
  }

  it("the older sets, now the head of dev and test, stay above the floors they had (raised to just under today's figures)", async () => {
    // labelled.jsonl is dev.jsonl's first 85 sentences, holdout.jsonl test.jsonl's first 25 (one lone month relabelled a date in each).
    const labelled = await evaluate(precise(), readLabelled(SPLITS.dev.file).slice(0, 85), SPLITS.dev.gazetteer);
    expect(labelled.recall).toBeGreaterThanOrEqual(0.98);
    expect(labelled.precision).toBeGreaterThanOrEqual(0.98);
    const holdout = await evaluate(precise(), readLabelled(SPLITS.test.file).slice(0, 25), SPLITS.test.gazetteer);
    expect(holdout.recall).toBeGreaterThanOrEqual(0.88);
    expect(holdout.precision).toBeGreaterThanOrEqual(0.96);
  });

  it("no hard negative (a sentence with no identifier: doses, scores, eponyms, vitals, states) loses a word", async () => {
    const d = precise();
    for (const { file, gazetteer } of Object.values(SPLITS)) {
      for (const row of readLabelled(file).filter((r) => r.phi.length === 0)) {
        expect(await d.detect(row.text, { gazetteer: [...gazetteer] }), row.text).toEqual([]);
      }
    }
  });

  it("placeholders remove every found identifier, and re-detection of the output finds nothing new", async () => {
    const d = new SafeHarborDeidentifier();
    for (const { file, gazetteer } of Object.values(SPLITS)) {
      for (const row of readLabelled(file)) {
        const { text: out, spans } = await d.deidentify(row.text, { gazetteer: [...gazetteer] });
        const gold = goldSpans(row);
        // Where every identifier of a sentence was found, none of them is left in the output.
        if (gold.every((g) => spans.some((s) => s.start <= g.start && s.end >= g.end))) for (const g of gold) expect(out).not.toContain(g.value);
        expect(await d.detect(out, { gazetteer: [...gazetteer] })).toEqual([]);
      }
    }
  });
});

/**
 * Recall mode (the default: what leaves the machine). Floors just under the
 * figures measured with `npm run evaluate -w @rounds/plugin-deid` (README.md):
 * entity recall per type (0.95 where a type scored 1.00), entity recall
 * overall, token recall (the share of identifier tokens removed: every label
 * in these sets is a Safe Harbor identifier) and the most over-redaction
 * allowed. dev.jsonl is where the recall pass was tuned (with the public
 * synthetic set); test.jsonl and eval.jsonl were not looked at while tuning
 * it; blind.jsonl was written for this mode before it existed and scored once
 * at the end. In #16's second round the misses of all four (and of synth-dev)
 * were studied for classes, so from then on they are tuning sets and these
 * floors guard against regressions only. blind-2.jsonl was written before the
 * second round's rules and scored once with them frozen (commit 5391f3e); in
 * the third round its misses (and synth-dev's) were studied, so it is a
 * regression guard too. blind-3.jsonl was written before the third round's
 * rules (commit 729cb82) and scored once with them frozen (commit d1d46df); it
 * was studied from the fourth round on. blind-4.jsonl was written before the
 * seventh round's rules (commit 45aa7a7) and scored once with them frozen
 * (commit 55b3aea); the eighth round tuned on it, so it is a regression guard
 * too. No own set is unread now: the honest figures are the outside held-out
 * parts (bot/eval/) and a blind set written by someone else, scored by the lead.
 */
const RECALL_FLOORS: Record<Split | BlindSet, { recall: Partial<Record<PhiType, number>>; overall: number; tokenRecall: number; spansFullyRemoved: number; overRedaction: number }> = {
  dev: {
    recall: {
      NAME: 0.95, DATE: 0.95, LOCATION: 0.95, AGE: 0.95, PHONE: 0.95, ZIP: 0.95, HEALTH_PLAN: 0.95, LICENSE: 0.95, DEVICE: 0.95,
      EMAIL: 0.95, MRN: 0.95, URL: 0.95, VEHICLE: 0.95, ACCOUNT: 0.95, FAX: 0.95, ID: 0.95, IP: 0.95, SSN: 0.95,
    },
    // Raised after #16's fifth round (measured 0.9945 / 0.9974 / 0.9945 / 0.82%).
    overall: 0.99, tokenRecall: 0.99, spansFullyRemoved: 0.99, overRedaction: 0.009,
  },
  // test, eval and blind: raised after #16's fifth round to just under its figures (regression guards; see the comment above).
  test: {
    recall: {
      NAME: 0.98, DATE: 0.97, LOCATION: 0.97, PHONE: 0.95, AGE: 0.81, ZIP: 0.95, HEALTH_PLAN: 0.95, DEVICE: 0.85, ID: 0.83,
      ACCOUNT: 0.95, MRN: 0.95, URL: 0.95, LICENSE: 0.95, SSN: 0.75, VEHICLE: 0.95, IP: 0.95, EMAIL: 0.95, FAX: 0.95,
    },
    // Ceiling raised in the tenth round (1.61% -> 1.71%): a weekday straight before a date now goes with it (blind-5 and
    // blind-6 label it part of the date; this set leaves it outside, so "Tuesday" and "Monday" count as over-redacted).
    overall: 0.96, tokenRecall: 0.985, spansFullyRemoved: 0.98, overRedaction: 0.0175,
  },
  eval: {
    recall: {
      NAME: 0.94, LOCATION: 0.92, DATE: 0.92, AGE: 0.95, ID: 0.95, PHONE: 0.95, DEVICE: 0.95, HEALTH_PLAN: 0.95, ZIP: 0.95,
      ACCOUNT: 0.95, EMAIL: 0.95, LICENSE: 0.95, VEHICLE: 0.95, FAX: 0.95, IP: 0.95, MRN: 0.95, SSN: 0.95, URL: 0.95,
    },
    overall: 0.96, tokenRecall: 0.985, spansFullyRemoved: 0.985, overRedaction: 0.007,
  },
  // Measured once, at the end of the first round, with the rules frozen; studied in the second.
  blind: {
    recall: {
      NAME: 0.88, LOCATION: 0.95, DATE: 0.94, ZIP: 0.66, PHONE: 0.95, ACCOUNT: 0.74, HEALTH_PLAN: 0.74, AGE: 0.95, DEVICE: 0.95,
      FAX: 0.95, ID: 0.95, LICENSE: 0.49, MRN: 0.95, EMAIL: 0.95, IP: 0.95, SSN: 0.95, URL: 0.95, VEHICLE: 0.95,
    },
    overall: 0.9, tokenRecall: 0.99, spansFullyRemoved: 0.99, overRedaction: 0.028,
  },
  // Measured once, with the second round's rules frozen (entity recall LOCATION 0.81, NAME 0.91, DATE 0.73, PHONE 0.82;
  // token recall 0.940, spans fully removed 0.918, over-redaction 4.2%); its misses were studied for classes in the third
  // round, so from then on these floors guard against regressions only (raised after the fifth round: 0.846 / 0.982 /
  // 0.969 / 2.41%).
  "blind-2": {
    recall: {
      LOCATION: 0.85, NAME: 0.93, DATE: 0.76, PHONE: 0.81, ZIP: 0.58, MRN: 0.71, ACCOUNT: 0.79, HEALTH_PLAN: 0.74, AGE: 0.95,
      DEVICE: 0.95, FAX: 0.66, ID: 0.95, LICENSE: 0.95, URL: 0.95, VEHICLE: 0.95, EMAIL: 0.95, IP: 0.95, SSN: 0.95,
    },
    // Ceiling raised in the tenth round (2.45% -> 2.58%): one weekday before a date, which this set leaves outside it.
    // Fourteenth round (deidrec21, tuned on blind-10, this set not looked at): overall 0.8462 -> 0.8564, raised 0.84 -> 0.85.
    overall: 0.85, tokenRecall: 0.98, spansFullyRemoved: 0.965, overRedaction: 0.026,
  },
  // Written before the third round's rules, scored once with them frozen at d1d46df (entity recall LOCATION 0.629, NAME
  // 0.774, DATE 0.743; overall 0.738, token recall 0.873, spans fully removed 0.836, over-redaction 3.25%). A regression
  // guard since the fourth round; the floors on splits never tuned on are the outside held-out sets' evaluation commands
  // (bot/eval/deid-asq-phi.ts, bot/eval/deid-contextual-anonymizer.ts). Raised after the fifth round (0.787 / 0.921 /
  // 0.898 / 3.14%). The sixth round studied its over-redacted words as classes (languages, form labels in another
  // language, medicines before how they are taken): 3.14% -> 2.35%, recall unchanged; the ceiling follows.
  "blind-3": {
    recall: {
      LOCATION: 0.77, NAME: 0.82, DATE: 0.74, ZIP: 0.73, PHONE: 0.85, AGE: 0.95, ID: 0.59, HEALTH_PLAN: 0.74, ACCOUNT: 0.49,
      DEVICE: 0.95, EMAIL: 0.95, IP: 0.95, LICENSE: 0.95, MRN: 0.95, URL: 0.49, FAX: 0.95, SSN: 0.95, VEHICLE: 0.95,
    },
    // Studied again in the seventh round (its remaining misses, as classes): raised to just under 0.836 / 0.968 / 0.951;
    // and in the eighth (lower-case streets after a place preposition): 0.840 / 0.9718 / 0.9556 / 2.39%, LOCATION 0.771.
    // Tenth round: 0.8444 / 0.9738 / 0.9600; over-redaction 2.39% -> 2.74%, three weekdays before dates this set leaves
    // outside them (one weekday it labels inside a date is now found).
    // Fourteenth round (deidrec21, tuned on blind-10, this set not looked at): overall 0.8444 -> 0.8533, raised 0.84 -> 0.85.
    overall: 0.85, tokenRecall: 0.97, spansFullyRemoved: 0.955, overRedaction: 0.028,
  },
  // Written before the seventh round's rules (commit 45aa7a7), never run while they were made, scored ONCE with them frozen
  // (commit 55b3aea): entity recall 0.836, token recall 0.9245, spans fully removed 0.913, over-redaction 1.61% (titles and
  // state codes removed by recall-mode policy counted apart: 31 of 31). In the eighth round it became a TUNING set: its
  // misses and over-redactions were studied one by one, as classes (spoken numbers, facility names, street words of other
  // languages, reference suffixes…); measured after: 0.8875 / 0.9909 / 0.9775 / 1.36%. These floors, just under that, are
  // regression guards only; the set no longer says anything about text nobody here has read (a new blind set, written by
  // someone else and scored once by the lead, does).
  "blind-4": {
    recall: {
      NAME: 0.87, LOCATION: 0.86, DATE: 0.94, PHONE: 0.86, ZIP: 0.76, ACCOUNT: 0.87, HEALTH_PLAN: 0.87, ID: 0.87, EMAIL: 0.99,
      LICENSE: 0.99, MRN: 0.99, DEVICE: 0.99, FAX: 0.99, VEHICLE: 0.99, AGE: 0.99, IP: 0.99, SSN: 0.95, URL: 0.99,
    },
    // Fourteenth round (deidrec21, tuned on blind-10, this set not looked at): overall 0.8907 -> 0.8971, raised 0.88 -> 0.89.
    overall: 0.89, tokenRecall: 0.99, spansFullyRemoved: 0.975, overRedaction: 0.014,
  },
  // Written blind by someone else (helper/deidset14, commit 595b215: 120 texts, 731 identifiers, 360 look-alikes that must
  // stay), never run while the eighth round's rules were made, scored ONCE by the lead with them frozen (2026-12-07):
  // entity recall 0.7756, token recall 0.9176, spans fully removed 0.8810, over-redaction 6.05% (8.07% counting the titles
  // and state codes recall mode removes by policy). The targets (0.95 / 0.90 / 3%, per type 0.90) are MISSED
  // here. In the ninth round it became a TUNING set (helper/deid15): its misses and over-redactions were sorted into classes
  // (labels and words of texts in another language, lab names before their units, the time after a date, ages after a
  // name, facility names ending in a service word, codes where a label stands, ranges of years) and fixed as classes; measured after: 0.8003 / 0.9336 / 0.9015 / 3.34%
  // (5.43% counting policy tokens). These floors, just under that, are regression guards only: blind-5 no longer says
  // anything about text nobody here has read (blind-6, written by someone else and scored by the lead, does). The targets
  // are still missed on it.
  "blind-5": {
    recall: {
      NAME: 0.76, LOCATION: 0.80, DATE: 0.78, PHONE: 0.81, ZIP: 0.75, SSN: 0.74, HEALTH_PLAN: 0.86, AGE: 0.76, ID: 0.92,
      EMAIL: 0.99, LICENSE: 0.99, MRN: 0.69, ACCOUNT: 0.74, URL: 0.99, DEVICE: 0.83, FAX: 0.83, IP: 0.99, VEHICLE: 0.59,
    },
    // Tenth round (classes of blind-6, none of blind-5 read): 0.8126 / 0.9414 / 0.9124 / 3.38%. Eleventh round (classes of
    // blind-7: safe words of the text's own language, chat speakers, weekdays of other languages): 0.8126 / 0.9447 / 0.9138 / 3.20%.
    overall: 0.81, tokenRecall: 0.944, spansFullyRemoved: 0.91, overRedaction: 0.033,
  },
  // Written blind by someone else (helper/deidset15, commit 2474278: 125 texts, 755 identifiers, 525 look-alikes that must
  // stay), never run while the ninth round's rules were made, scored ONCE by the lead on the merged tree with them frozen
  // (2026-12-07): entity recall 0.7563, token recall 0.8878, spans fully removed 0.8623, over-redaction 4.16% (5.4% counting
  // the titles and state codes recall mode removes by policy). In the tenth round it became a TUNING set (helper/deid16):
  // its misses and over-redactions were sorted into classes (identifiers spelled out, months and weekdays of other
  // languages, a weekday before a date, syllable given names, facility words, lab names before their values, clock times
  // in four digits, contact lines after an address) and fixed as classes; measured after: 0.7960 / 0.9500 / 0.9113 /
  // 2.91% (4.1% counting policy tokens). These floors, just under that, are regression guards only: blind-6 no longer
  // says anything about text nobody here has read; the estimates for that are the outside held-out parts (bot/eval/)
  // and the next blind set the lead scores once.
  "blind-6": {
    recall: {
      NAME: 0.80, LOCATION: 0.74, DATE: 0.88, PHONE: 0.80, ZIP: 0.79, ID: 0.70, MRN: 0.63, HEALTH_PLAN: 0.72, SSN: 0.77,
      AGE: 0.66, EMAIL: 0.99, LICENSE: 0.62, ACCOUNT: 0.85, URL: 0.99, DEVICE: 0.99, FAX: 0.99, IP: 0.99, VEHICLE: 0.66,
    },
    // Eleventh round (classes of blind-7): 0.7996 / 0.9516 / 0.9152 / 2.79%.
    overall: 0.79, tokenRecall: 0.951, spansFullyRemoved: 0.91, overRedaction: 0.0285,
  },
  // Written blind by someone else (helper/deidset16, commit 032f74a: 129 texts in the registers and countries of 17
  // places, 991 identifiers, 305 look-alikes that must stay), never run while the tenth round's rules were made, scored
  // ONCE by the lead on the merged tree with them frozen (integ18, 2026-12-07): entity recall 0.7528, token recall
  // 0.9265, spans fully removed 0.8900, over-redaction 7.21% (9.13% counting the titles and state codes recall mode
  // removes by policy). The targets (0.95 / 0.90 / 3%, per type 0.90) are MISSED here: most over-redaction is
  // capitalised nouns of German, French, Dutch, Spanish and Portuguese texts; most misses are addresses and names in
  // those languages and in Japanese and Filipino order. In the eleventh round it became a TUNING set (helper/deid17):
  // its over-redactions and misses were sorted into classes (capitalised words of texts in other languages, clinical
  // cognates, surname particles, lower-case chat speakers, weekdays of other languages before a day/month) and fixed as
  // classes; measured after: 0.7558 / 0.9339 / 0.8990 / 6.06% (8.01% counting policy tokens). These floors, just under
  // that, are regression guards only: blind-7 no longer says anything about text nobody here has read (blind-8 does).
  "blind-7": {
    recall: {
      NAME: 0.73, LOCATION: 0.70, DATE: 0.86, ZIP: 0.59, PHONE: 0.72, MRN: 0.74, HEALTH_PLAN: 0.72, ID: 0.83, EMAIL: 0.99,
      AGE: 0.64, SSN: 0.84, LICENSE: 0.73, DEVICE: 0.80, ACCOUNT: 0.73, FAX: 0.99, IP: 0.99, VEHICLE: 0.79, URL: 0.99,
    },
    overall: 0.75, tokenRecall: 0.933, spansFullyRemoved: 0.895, overRedaction: 0.062,
  },
  // blind-8 (commit 7ff05b4): 130 texts from 39 countries (non-Latin scripts among them: Japanese, Korean, Hebrew, Greek),
  // 1,155 identifiers, 499 look-alikes, written blind by helper/deidset17, never run while the eleventh round's rules were
  // made, scored ONCE by the lead on the merged tree with them frozen (integ19, 2026-12-07): entity recall 0.7229, token
  // recall 0.9036, spans fully removed 0.8589, over-redaction 5.71% (7.8% counting policy tokens). The targets
  // (0.95 / 0.90 / 3%, per type 0.90) are MISSED. These floors, just under that read, guard against regression only; no
  // rule or threshold was chosen on this set. From the next round on it is a tuning set and blind-9 estimates unread text.
  "blind-8": {
    recall: {
      NAME: 0.66, LOCATION: 0.66, DATE: 0.84, ZIP: 0.63, PHONE: 0.64, MRN: 0.74, HEALTH_PLAN: 0.96, ID: 0.83, EMAIL: 0.99,
      AGE: 0.83, SSN: 0.79, LICENSE: 0.99, DEVICE: 0.74, ACCOUNT: 0.71, FAX: 0.99, IP: 0.99, VEHICLE: 0.99, URL: 0.99,
    },
    overall: 0.72, tokenRecall: 0.903, spansFullyRemoved: 0.858, overRedaction: 0.058,
  },
  // blind-9 (commits 0033c1d, efb2149): 132 texts (~70% from English-speaking clinics), 1,102 identifiers, 443
  // look-alikes, written blind by helper/deidset18, never run while the twelfth round's rules were made, scored ONCE by the
  // lead on the merged tree with them frozen (integ20, 2026-12-07): entity recall 0.7405, token recall 0.8914, spans fully
  // removed 0.8412, over-redaction 5.33% (6.8% counting policy tokens). The targets (0.95 / 0.90 / 3%) are MISSED.
  // These floors, just under that read, guard against regression only; no rule or threshold was chosen on this set. Its
  // one VEHICLE (missed) has no floor. From the next round on it is a tuning set and blind-10 estimates unread text.
  "blind-9": {
    recall: {
      NAME: 0.71, LOCATION: 0.65, DATE: 0.91, ZIP: 0.68, PHONE: 0.65, MRN: 0.73, HEALTH_PLAN: 0.87, ID: 0.77, EMAIL: 0.99,
      AGE: 0.61, SSN: 0.82, LICENSE: 0.99, DEVICE: 0.99, ACCOUNT: 0.99, FAX: 0.99, IP: 0.99, URL: 0.99,
    },
    overall: 0.735, tokenRecall: 0.889, spansFullyRemoved: 0.838, overRedaction: 0.055,
  },
  // blind-10 (commit 60124d7): 131 texts (~71% from English-speaking clinics), 1,051 identifiers, 452 look-alikes,
  // written blind, never run while the thirteenth round's rules were made, scored ONCE by the lead on the merged tree
  // with them frozen (integ21, 2026-12-07): entity recall 0.7650, token recall 0.8913, spans fully removed 0.8820,
  // over-redaction 7.46% (8.6% counting policy tokens). The targets (0.95 / 0.90 / 3%) are MISSED, and
  // over-redaction is the worst of any blind set. These floors, just under that read, guard against regression only; no
  // rule or threshold was chosen on this set. From the next round on it is a tuning set and blind-11 estimates unread text.
  // Fourteenth round (helper/deidrec21 + helper/deidworld21 TUNED ON blind-10; merged tree integ22): entity recall 0.8402,
  // token recall 0.9600, spans fully removed 0.9458, over-redaction 4.78%. The four overall floors below were raised just
  // under that as regression floors on a tuning set (they no longer estimate unread text); per-type floors left as read.
  "blind-10": {
    recall: {
      NAME: 0.78, LOCATION: 0.61, DATE: 0.83, ZIP: 0.57, PHONE: 0.82, MRN: 0.82, HEALTH_PLAN: 0.91, ID: 0.88, EMAIL: 0.99,
      AGE: 0.71, SSN: 0.96, LICENSE: 0.99, DEVICE: 0.87, ACCOUNT: 0.79, FAX: 0.99, IP: 0.99, VEHICLE: 0.66, URL: 0.99,
    },
    overall: 0.835, tokenRecall: 0.955, spansFullyRemoved: 0.94, overRedaction: 0.05,
  },
  // blind-11 (commits of helper/deidset20): 130 texts (~66% from English-speaking clinics), 1,132 identifiers, 361
  // look-alikes, written blind, never run while the fourteenth round's rules were made (helper/deidrec21 and
  // helper/deidworld21, which tuned on blind-10), scored ONCE by the lead on the merged tree with them frozen (integ22,
  // 2026-12-07): entity recall 0.7562, token recall 0.9272, spans fully removed 0.8790, over-redaction 7.62% (9.2%
  // counting policy tokens). The targets (0.95 / 0.90 / 3%) are MISSED. These floors, just under that read, guard
  // against regression only; no rule or threshold was chosen on this set. From the next round on it is a tuning set and
  // blind-12 estimates unread text.
  "blind-11": {
    recall: {
      NAME: 0.71, LOCATION: 0.7, DATE: 0.85, ZIP: 0.66, PHONE: 0.75, MRN: 0.79, HEALTH_PLAN: 0.91, ID: 0.99, EMAIL: 0.99,
      AGE: 0.79, SSN: 0.86, LICENSE: 0.99, DEVICE: 0.99, ACCOUNT: 0.49, FAX: 0.99, IP: 0.99, VEHICLE: 0.32, URL: 0.99,
    },
    // Tightened in the fifteenth round (helper/deidspan22; blind-11 not tuned on, read once with the code frozen:
    // 0.928 / 0.880 / 7.37%): a regression guard just under that read.
    overall: 0.75, tokenRecall: 0.927, spansFullyRemoved: 0.879, overRedaction: 0.075,
  },
  // blind-12 (commits of helper/deidset21): 130 texts, 1,252 identifiers, 331 look-alikes, written blind, never run while
  // the fifteenth round's rules were made (helper/deidspan22, which tuned on blind-1..10, and helper/deidperf22, output
  // byte-identical), scored ONCE by the lead on the merged tree with them frozen (integ23, 2026-12-08): entity recall
  // 0.7596, token recall 0.9072, spans fully removed 0.8826, over-redaction 5.37% (6.8% counting policy tokens). The
  // issue's targets (0.95 / 0.90 / 3%) are MISSED. These floors, just under that read, guard against regression only; no
  // rule or threshold was chosen on this set. From the next round on it is a tuning set and blind-13 estimates unread text.
  "blind-12": {
    recall: {
      NAME: 0.78, LOCATION: 0.65, DATE: 0.87, ZIP: 0.53, PHONE: 0.74, MRN: 0.77, HEALTH_PLAN: 0.91, ID: 0.81, EMAIL: 0.99,
      AGE: 0.68, SSN: 0.75, LICENSE: 0.72, DEVICE: 0.99, ACCOUNT: 0.99, FAX: 0.99, IP: 0.99, VEHICLE: 0.49, URL: 0.99,
    },
    // Tightened in the sixteenth round (helper/deidrecall23 tuned on blind-1..11 and synth-dev; blind-12 held out and read
    // once with the code frozen: entity 0.7620, token 0.9090, spans 0.8850, over-redaction 5.31%, NAME 0.789): a
    // regression guard just under that read.
    overall: 0.76, tokenRecall: 0.908, spansFullyRemoved: 0.884, overRedaction: 0.054,
  },
  // blind-13 (commits of helper/deidset22): 130 texts generated from 54 templates (so each template's shape repeats 2-3
  // times), 1,313 identifiers, 375 look-alikes, written blind, never run while the sixteenth round's rules were made
  // (helper/deidrecall23, which tuned on blind-1..11 and synth-dev, held blind-12 out; helper/deidperf23, output
  // byte-identical), scored ONCE by the lead on the merged tree with them frozen (integ24, 2026-12-08): entity recall
  // 0.78, token recall 0.94, spans fully removed 0.93, over-redaction 7.4% (319 of 4,287; 8.3% counting policy tokens).
  // Token recall and over-redaction MISS the targets (0.95 / 3%); spans fully removed meets 0.90. PHOTO (8 file
  // names) and BIOMETRIC (6 codes) were never found as such (entity recall 0; their tokens 0.46 and 1.00 removed) and have
  // no floor. These floors, just under that read, guard against regression only; no rule or threshold was chosen on this
  // set. From the next round on it is a tuning set and blind-14 estimates unread text.
  "blind-13": {
    recall: {
      NAME: 0.82, LOCATION: 0.68, DATE: 0.84, ZIP: 0.51, PHONE: 0.7, MRN: 0.82, HEALTH_PLAN: 0.95, ID: 0.99, EMAIL: 0.99,
      AGE: 0.66, SSN: 0.83, LICENSE: 0.99, DEVICE: 0.99, ACCOUNT: 0.84, FAX: 0.99, IP: 0.66, VEHICLE: 0.7, URL: 0.99,
    },
    overall: 0.77, tokenRecall: 0.934, spansFullyRemoved: 0.924, overRedaction: 0.075,
  },
};

describe("safe-harbor (recall mode, the default) on the labelled sets", () => {
  for (const [split, { file, gazetteer, role }] of [...Object.entries(SPLITS), ...Object.entries(BLIND_SETS)]) {
    it(`${split} (${role}): per-type recall, recall, token recall and over-redaction at or above the measured floors`, async () => {
      const e = await evaluate(new SafeHarborDeidentifier(), readLabelled(file), gazetteer, "recall");
      console.log(report(`${split} (${file}, recall mode)`, e));
      const floors = RECALL_FLOORS[split as Split | BlindSet];
      for (const [type, floor] of Object.entries(floors.recall)) {
        const score = e.perType.find((t) => t.type === type);
        expect(score, `${type} has gold identifiers in ${file}`).toBeDefined();
        expect(score!.recall, `${type} recall on ${file}`).toBeGreaterThanOrEqual(floor);
      }
      expect(e.recall, `recall on ${file}`).toBeGreaterThanOrEqual(floors.overall);
      expect(e.tokenRecall, `token recall on ${file}`).toBeGreaterThanOrEqual(floors.tokenRecall);
      expect(e.spansFullyRemoved, `spans fully removed on ${file}`).toBeGreaterThanOrEqual(floors.spansFullyRemoved);
      expect(e.overRedaction, `over-redaction on ${file}`).toBeLessThanOrEqual(floors.overRedaction);
    });
  }

  it("recall mode removes the honorifics before a labelled name and the state codes after a labelled place; precision mode none (seventh-round policy)", async () => {
    for (const { file, gazetteer } of [...Object.values(SPLITS), BLIND, BLIND_2, BLIND_3, BLIND_4]) {
      const rows = readLabelled(file);
      const wide = await evaluate(new SafeHarborDeidentifier(), rows, gazetteer, "recall");
      const narrow = await evaluate(precise(), rows, gazetteer, "precision");
      expect(wide.policyTokens, file).toBeGreaterThan(0);
      expect(wide.policyRemoved / wide.policyTokens, `policy tokens removed in recall mode on ${file}`).toBeGreaterThanOrEqual(0.94);
      expect(narrow.policyRemoved, `policy tokens removed in precision mode on ${file}`).toBe(0);
    }
  });

  it("recall mode finds everything precision mode finds (it only adds)", async () => {
    const recall = new SafeHarborDeidentifier();
    for (const { file, gazetteer } of [...Object.values(SPLITS), BLIND, BLIND_2, BLIND_3, BLIND_4]) {
      for (const row of readLabelled(file)) {
        const wide = await recall.detect(row.text, { gazetteer: [...gazetteer] });
        for (const s of await precise().detect(row.text, { gazetteer: [...gazetteer] })) {
          expect(wide.some((w) => w.start <= s.start && w.end >= s.end), `${row.text.slice(s.start, s.end)} in ${file}`).toBe(true);
        }
      }
    }
  });
});
