/**
 * The labelled risk utterances and the measure of the screen on them.
 * `tune` and `heldout` were written in one sitting before the screener was
 * changed; patterns were tuned on `tune`, then `heldout` was measured once
 * (recall 76/83). `heldout2` was then written, before `heldout`'s misses were
 * looked at; `heldout` joined the tuning data, and `heldout2` was measured
 * once after that tuning (58/70). The same again with `heldout3`: written
 * before `heldout2`'s misses were looked at, measured once after tuning on
 * them. Session 7: `heldout4` written and committed before any change and
 * measured once before it (74/108); `heldout5` written after that session's
 * first changes, measured once (62/87), then tuned on; `heldout6` written
 * after that tuning, measured once (56/82); helper/risk2 then used it to
 * choose the learned model's threshold. `heldout7` was written and committed
 * before the learned model existed, measured once with its committed
 * weights, and never tuned on: its floor is asserted (earlier floors stay as
 * set). helper/risk8 then wrote and committed `heldout8` (c2c25ec) before any
 * change, added the concept layer (`risk-concepts.ts`), studied `heldout6` and
 * `heldout7` misses as classes (both are now tuned on), and measured
 * `heldout8` once at the end: its floor is asserted. `ordinary` is training
 * negatives for the learned model only.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { RoundsError } from "../../errors/index.ts";
import { reviewSentence } from "./risk-review.ts";
import { screenStatement, type RiskVerdict, type ScreenOptions, type SpeakerRole } from "./screen-risk.ts";

export interface LabelledUtterance {
  label: RiskVerdict;
  category: string;
  role: SpeakerRole;
  text: string;
}

/** `tune`: tuning. `heldout` … `heldout5`: held-out splits, each measured once, then tuning and training data. `heldout6`: measured once, then chose the model threshold. `heldout7`: measured once, then its misses studied for the concept layer. `heldout8`: measured once, then (2026-12-07, helper/risk14's second session) tuned on. `heldout9`: written and committed by helper/risk13 before any change in that session, measured once at its end, then tuned on like `heldout8`. `heldout10`: 363 utterances written and committed by helper/riskset14 (a35c05d) in one sitting by a writer who never read the screen's rules or ran it, scored once by the lead on the merged tree of 2026-12-07 with the rules frozen; then (helper/risk15) tuned on: its misses studied as classes, the learned model trained on it, its thresholds chosen on leave-one-set-out readings that include it. `heldout11`: 375 utterances written and committed by helper/riskset15 (4598a1e) the same way, in one sitting on 2026-12-07 by a writer who never read the screen's rules or ran it; scored once by the lead with the rules frozen (flag ∪ review 134/170); then (helper/risk16) tuned on: a fold of the leave-one-set-out training of the word model and of the sentence-embedding classifier (its text not read; the rules' one change in that session, denials of a plan or an intent, came from an outsider's finding). It is also the embedding classifier's assert fold: the test suite reads it with the classifier trained without it, at a threshold chosen on the other folds only (since helper/risk17, at its own review bar chosen on AnnoMI's bar quarter). `heldout12`: 405 utterances written and committed by helper/riskset16 (714fe72) the same way; scored once by the lead with the rules frozen (flag ∪ review 149/184 without the classifier); then (helper/risk17) a TUNING set: read for the figures of each change, its text not read, no rule changed for it, in none of the embedding classifier's training or bar choices. `heldout13`: 446 utterances written and committed by helper/riskset17 (3cdb516) the same way (the writer saw some lines of heldout11 and heldout12 by accident, never the screen; stated in its header); scored once by the lead on the merged tree of 2026-12-07 (integ19) with the rules frozen: flag ∪ review 182/203 with the sentence classifier (the default), 163/203 without. Then (helper/risk18) a TUNING set with heldout10…heldout12: the misses and unscreened denials of all four read and grouped into classes, one general mechanism a class, no line of any set in a rule; no model retrained, no bar moved. `heldout14`: 414 utterances written and committed by helper/riskset18 (5d07dcb) the same way, blind (only heldout13's header and column counts read); scored once by the lead on the merged tree of 2026-12-07 (integ20) with the rules frozen: flag ∪ review 164/186 with the sentence classifier (the default), 154/186 without. Then (helper/risk20) a TUNING set: its misses, unscreened denials and false flags read and grouped into classes, one general mechanism a class, no line of it in a rule; no model retrained, no bar moved. `heldout15`: 425 utterances written and committed by helper/riskset19 (3d85a7c) the same way, blind; scored once by the lead on the merged tree of 2026-12-07 (integ21) with helper/risk20's rules frozen: flag ∪ review 175/193 with the sentence classifier (the default), 157/193 without; then (helper/risk21) a TUNING set with heldout10…heldout14: its misses, unscreened denials and false flags read and grouped into classes (idioms of dying, stories and reports, dependants at risk now, plans and means, denials with a topic answered by a bare no, ended pasts), one general mechanism a class, no line of it in a rule; no model retrained, no bar moved. `heldout16`: 422 utterances written and committed by helper/riskset20 (a4862b8) the same way, blind (only heldout15's header read); scored once by the lead on the merged tree of 2026-12-07 (integ22) with helper/risk21's rules frozen: flag ∪ review 171/192 with the sentence classifier (the default), 158/192 without; then (helper/risk22) its own read once more at the end of that round with the code frozen (171/192 and 158/192, unchanged by the compositional reading, `risk-reading.ts`), a tuning set from then on. `heldout17`: 422 utterances written and committed by helper/riskset21 the same way, blind (only the heldout15 and heldout16 headers read); scored once by the lead on the merged tree of 2026-12-08 (integ23) with helper/risk22's rules frozen: flag ∪ review 165/192 with the sentence classifier (the default), 149/192 without; a tuning set from the next round. `heldout18`: 422 utterances (risk 191, denied 70, none 161) written and committed by helper/riskset22 the same way, in one sitting on 2026-12-07, blind (only the heldout16 header, its first three lines and its label|category counts read; heldout17 never opened; the screen's rules, models and code never read, the screen never run on it); scored once by the lead on the merged tree of 2026-12-08 (integ24) with helper/risk23's frame readings frozen: flag ∪ review 168/191 with the sentence classifier (the default), 151/191 without; a tuning set from the next round. `heldout19`: 423 utterances (risk 194, denied 70, none 159) written and committed by helper/sets23 (8747f4b) the same way, in one sitting on 2026-12-08, blind (only the heldout17 header read; the screen's rules, models and code never read, the screen never run on it); never scored. `probes`: development rounds for the concept layer, tuned on. `ordinary`: model training negatives. `cssrs-tune` / `cssrs-heldout`: sentences from public posts (Reddit C-SSRS dataset, CC BY 4.0; risk-set.cssrs.README.md), split by writer; text not committed (labels only, outside-sets.ts). `counselchat-tune` / `counselchat-heldout`: sentences from questions people wrote to therapists (Counsel Chat dataset, MIT; risk-set.counselchat.README.md), split by writer. */
export type RiskSplit = "tune" | "heldout" | "heldout2" | "heldout3" | "heldout4" | "heldout5" | "heldout6" | "heldout7" | "heldout8" | "heldout9" | "heldout10" | "heldout11" | "heldout12" | "heldout13" | "heldout14" | "heldout15" | "heldout16" | "heldout17" | "heldout18" | "heldout19" | "probes" | "ordinary" | "cssrs-tune" | "cssrs-heldout" | "counselchat-tune" | "counselchat-heldout";

const OUTSIDE: ReadonlySet<RiskSplit> = new Set<RiskSplit>(["cssrs-tune", "cssrs-heldout", "counselchat-tune", "counselchat-heldout"]);

/** True for the splits whose text is not committed (see outside-sets.ts): they need `outsideData`. */
export function isOutsideRiskSplit(split: RiskSplit): boolean {
  return OUTSIDE.has(split);
}

/**
 * One labelled split. The outside splits' sentences are not in the repository: `outsideData` is
 * the folder `core/src/notes/risk/scripts/build-outside-sets.ts` rebuilt them into; without it,
 * or when the file is not there, an outside split throws a `CONFIG_INVALID` error saying how to build it.
 */
export function loadRiskSet(split: RiskSplit, outsideData?: string): LabelledUtterance[] {
  let file = fileURLToPath(new URL(`./risk-set.${split}.tsv`, import.meta.url));
  if (OUTSIDE.has(split)) {
    const how = "rebuild it from the public source file with core/src/notes/risk/scripts/build-outside-sets.ts (risk-set.cssrs.README.md, risk-set.counselchat.README.md)";
    if (!outsideData) throw new RoundsError("CONFIG_INVALID", `the ${split} risk split is not in the repository: give the folder it was built into; ${how}`);
    file = join(outsideData, `risk-set.${split}.tsv`);
    if (!existsSync(file)) throw new RoundsError("CONFIG_INVALID", `no risk-set.${split}.tsv in ${outsideData}: ${how}`);
  }
  return parseRiskSet(readFileSync(file, "utf8"), `${split} risk split`);
}

const SPEAKERS: Record<string, SpeakerRole> = { client: "patient", patient: "patient", therapist: "clinician", clinician: "clinician", unknown: "unknown" };

/**
 * A labelled set in the held-out format: one utterance a line, `label|category|speaker|text` (or tab-separated; a
 * byte-order mark is ignored) (label `risk`,
 * `denied` or `none`; speaker `client` or `therapist`, also `patient`, `clinician`, `unknown`), `#` comment lines
 * and blank lines skipped. Any other line is a `PARSE_FAILED` error naming its line number (never its text: a set's
 * text may be a held-out set nobody should read back), so a malformed file is never scored in part.
 */
export function parseRiskSet(text: string, source: string): LabelledUtterance[] {
  const out: LabelledUtterance[] = [];
  text.replace(/^\uFEFF/, "").split(/\r?\n/).forEach((line, i) => {
    if (!line.trim() || line.startsWith("#")) return;
    // Fields are separated by "|"; a line with none but tabs (a spreadsheet's export) is read by its tabs.
    const [label, category, speaker, ...rest] = line.includes("|") || !line.includes("\t") ? line.split("|") : line.split("\t");
    const where = `${source}, line ${i + 1}`;
    if (label !== "risk" && label !== "denied" && label !== "none") throw new RoundsError("PARSE_FAILED", `${where}: the label must be risk, denied or none`);
    if (!category?.trim()) throw new RoundsError("PARSE_FAILED", `${where}: no category`);
    const role = SPEAKERS[(speaker ?? "").trim()];
    if (!role) throw new RoundsError("PARSE_FAILED", `${where}: the speaker must be client or therapist (or patient, clinician, unknown)`);
    const utterance = rest.join("|");
    if (!utterance.trim()) throw new RoundsError("PARSE_FAILED", `${where}: no utterance text`);
    out.push({ label, category: category.trim(), role, text: utterance });
  });
  if (!out.length) throw new RoundsError("PARSE_FAILED", `${source}: no labelled utterance`);
  return out;
}

export interface RiskMeasure {
  n: number;
  positives: number;
  truePositives: number;
  falsePositives: number;
  recall: number;
  precision: number;
  /** Denials the screen recognised as screened negatives. */
  denialsRecognised: number;
  denials: number;
  misses: LabelledUtterance[];
  falseAlarms: LabelledUtterance[];
}

export function measureRiskScreen(set: LabelledUtterance[], options: ScreenOptions = {}): RiskMeasure {
  let tp = 0, fp = 0, denialsRecognised = 0;
  const misses: LabelledUtterance[] = [], falseAlarms: LabelledUtterance[] = [];
  for (const u of set) {
    const got = screenStatement(u.text, u.role, options).verdict;
    if (u.label === "risk") {
      if (got === "risk") tp++;
      else misses.push(u);
    } else if (got === "risk") {
      fp++;
      falseAlarms.push(u);
    }
    if (u.label === "denied" && got === "denied") denialsRecognised++;
  }
  const positives = set.filter((u) => u.label === "risk").length;
  return {
    n: set.length, positives, truePositives: tp, falsePositives: fp,
    recall: positives ? tp / positives : 1, precision: tp + fp ? tp / (tp + fp) : 1,
    denialsRecognised, denials: set.filter((u) => u.label === "denied").length, misses, falseAlarms,
  };
}

export interface TwoTierMeasure {
  n: number;
  positives: number;
  /** The flag tier alone (`screenStatement`): as `measureRiskScreen`. */
  flag: { truePositives: number; falsePositives: number; recall: number; precision: number };
  /** The review tier's own flags (sentences the flag tier did not flag): how many were risk statements. */
  review: { truePositives: number; falsePositives: number; precision: number };
  /** Risk statements flagged by either tier. */
  union: { truePositives: number; recall: number };
  /** Risk statements neither tier flagged. */
  misses: LabelledUtterance[];
  /** Non-risk sentences the review tier flagged (each one a clinician dismisses). */
  reviewFalseAlarms: LabelledUtterance[];
  /** Denials (label `denied`), and how many of them the review tier still flagged (a denial should be shown as a screened negative). */
  denials: number;
  denialsReviewed: number;
  /** Denials shown as screened negatives (the flag tier's verdict `denied`, or a review theme in a past the sentence says has ended), and those the flag tier flagged as risk. */
  denialsRecognised: number;
  denialsFlagged: number;
  /** The same counts per labelled category (e.g. `suicidal_passive`, `third_party`), in the order first seen. */
  byCategory: Map<string, CategoryMeasure>;
}

/** One labelled category of a set: how many of each label, and what each tier did with them. */
export interface CategoryMeasure {
  n: number;
  risk: number;
  denied: number;
  none: number;
  /** Flag tier (verdict `risk`), review tier (a review flag), screened negative (flag-tier verdict `denied`). */
  flagged: number;
  reviewed: number;
  screenedNegative: number;
  /** Risk statements flagged by either tier. */
  riskCaught: number;
}

/** Both tiers on a labelled split, statement by statement, as `screenTranscript` runs them on a sentence. */
export function measureTwoTiers(set: LabelledUtterance[], options: ScreenOptions = {}): TwoTierMeasure {
  let ftp = 0, ffp = 0, rtp = 0, rfp = 0, denialsReviewed = 0, denialsRecognised = 0, denialsFlagged = 0;
  const misses: LabelledUtterance[] = [], reviewFalseAlarms: LabelledUtterance[] = [];
  const byCategory = new Map<string, CategoryMeasure>();
  for (const u of set) {
    const result = screenStatement(u.text, u.role, options);
    const flagged = result.verdict === "risk";
    const review = reviewSentence(u.text, u.role, result, options);
    const reviewed = review !== undefined && !review.screenedNegative;
    const screenedNegative = result.verdict === "denied" || review?.screenedNegative === true;
    const risk = u.label === "risk";
    if (flagged && risk) ftp++;
    else if (flagged) ffp++;
    if (reviewed) {
      if (risk) rtp++;
      else { rfp++; reviewFalseAlarms.push(u); }
      if (u.label === "denied") denialsReviewed++;
    }
    if (u.label === "denied" && screenedNegative) denialsRecognised++;
    if (u.label === "denied" && flagged) denialsFlagged++;
    if (risk && !flagged && !reviewed) misses.push(u);
    const c = byCategory.get(u.category) ?? { n: 0, risk: 0, denied: 0, none: 0, flagged: 0, reviewed: 0, screenedNegative: 0, riskCaught: 0 };
    c.n++;
    c[u.label]++;
    if (flagged) c.flagged++;
    if (reviewed) c.reviewed++;
    if (screenedNegative) c.screenedNegative++;
    if (risk && (flagged || reviewed)) c.riskCaught++;
    byCategory.set(u.category, c);
  }
  const positives = set.filter((u) => u.label === "risk").length;
  const ratio = (a: number, b: number): number => (b ? a / b : 1);
  return {
    n: set.length, positives,
    flag: { truePositives: ftp, falsePositives: ffp, recall: ratio(ftp, positives), precision: ratio(ftp, ftp + ffp) },
    review: { truePositives: rtp, falsePositives: rfp, precision: ratio(rtp, rtp + rfp) },
    union: { truePositives: ftp + rtp, recall: ratio(ftp + rtp, positives) },
    misses, reviewFalseAlarms, denials: set.filter((u) => u.label === "denied").length, denialsReviewed, denialsRecognised, denialsFlagged, byCategory,
  };
}
