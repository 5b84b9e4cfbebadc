// The risk screen on sentences from OUTSIDE the project: Reddit C-SSRS posts (CC BY 4.0) and Counsel
// Chat questions (MIT), labelled here by a written rule before any scoring and split by writer (see
// core/src/notes/risk/risk-set.cssrs.README.md and risk-set.counselchat.README.md). Their text comes
// from fetched data, which is never committed: the repository holds labels only, and
// core/src/notes/risk/scripts/build-outside-sets.ts rebuilds the four sentence files from the public
// source files. So this is an evaluation command, not part of the test suite (which must run, and
// never skip, on a fresh clone):
//
//   node --conditions=rounds-source --import tsx bot/eval/risk-outside.ts <folder with the rebuilt risk-set.*.tsv> [AnnoMI-simple.csv]
//
// Both tiers: the flag tier alone, the recall-first review tier's own precision, and recall of flag ∪ review.
// With AnnoMI's csv (github uccollab/AnnoMI) it also counts review flags per ordinary MI session: their cost.
//
// It prints the figures and exits non-zero when the folder or a split is missing, or when any floor
// is not met. The floors are the ones the test suite asserted before the text left the repository.
import { resolve } from "node:path";
import { annomiFlagsPerSession, loadRiskSet, measureRiskScreen, measureTwoTiers } from "@rounds/core";

type RiskMeasure = ReturnType<typeof measureRiskScreen>;

function fail(message: string): never {
  process.stderr.write(`risk-outside: ${message}\n`);
  process.exit(1);
}

const data = process.argv[2] ? resolve(process.argv[2]) : fail("give the folder build-outside-sets.ts rebuilt the outside splits into (see core/src/notes/README.md)");
const failures: string[] = [];
const atLeast = (name: string, value: number, floor: number): void => { if (!(value >= floor)) failures.push(`${name} ${value} < ${floor}`); };
const show = (split: string, m: RiskMeasure): void => {
  process.stdout.write(`${split}: ${m.n} sentences, recall ${m.truePositives}/${m.positives} = ${m.recall.toFixed(3)}, precision ${m.truePositives}/${m.truePositives + m.falsePositives} = ${m.precision.toFixed(3)}, denials ${m.denialsRecognised}/${m.denials}\n`);
};

let sets;
try {
  sets = Object.fromEntries((["cssrs-tune", "cssrs-heldout", "counselchat-tune", "counselchat-heldout"] as const).map((s) => [s, loadRiskSet(s, data)]));
} catch (e) {
  fail((e as Error).message);
}
for (const [split, set] of Object.entries(sets)) {
  show(split, measureRiskScreen(set));
  const t = measureTwoTiers(set);
  process.stdout.write(`  + review tier: ${t.review.truePositives + t.review.falsePositives} review flags, precision ${t.review.truePositives}/${t.review.truePositives + t.review.falsePositives} = ${t.review.precision.toFixed(3)}; flag ∪ review recall ${t.union.truePositives}/${t.positives} = ${t.union.recall.toFixed(3)}; denials review-flagged ${t.denialsReviewed}/${t.denials}\n`);
}

// helper/risk10 scored `cssrs-heldout` once with the screen as it was (17/35 = 0.486, precision 17/26 on the
// corrected labels), then changed the screen from `cssrs-tune`'s misses as classes only, and scored it once more:
// recall 19/35 = 0.543, precision 19/29 = 0.655. The floors sit just under that second figure; never tuned on.
const c = measureRiskScreen(sets["cssrs-heldout"]!);
atLeast("cssrs-heldout sentences", c.n, 390);
atLeast("cssrs-heldout risk sentences", c.positives, 35);
atLeast("cssrs-heldout recall", c.recall, 0.52);
atLeast("cssrs-heldout precision", c.precision, 0.63);

// helper/risk11 scored `counselchat-heldout` once with the screen as it was (11/22 = 0.500, precision 11/30 = 0.367),
// changed the screen from `counselchat-tune` only (classes, never its strings), and scored it once more: recall
// 14/22 = 0.636, precision 14/29 = 0.483. The floors sit just under that second figure; never tuned on.
const q = measureRiskScreen(sets["counselchat-heldout"]!);
atLeast("counselchat-heldout sentences", q.n, 460);
atLeast("counselchat-heldout risk sentences", q.positives, 22);
atLeast("counselchat-heldout recall", q.recall, 0.62);
atLeast("counselchat-heldout precision", q.precision, 0.46);
if (q.denialsRecognised !== q.denials) failures.push(`counselchat-heldout denials ${q.denialsRecognised}/${q.denials}`);

// helper/risk14 chose the review tier's cue classes on the tune halves (and the written tune splits), froze them
// (3b87eb3), then scored the held-out halves once: cssrs-heldout flag ∪ review 26/35 = 0.743, review precision
// 7/27 = 0.259; counselchat-heldout 19/22 = 0.864, review precision 5/43 = 0.116. Floors just under; never tuned on.
const ct = measureTwoTiers(sets["cssrs-heldout"]!), qt = measureTwoTiers(sets["counselchat-heldout"]!);
atLeast("cssrs-heldout flag ∪ review recall", ct.union.recall, 0.7);
atLeast("cssrs-heldout review precision", ct.review.precision, 0.24);
atLeast("counselchat-heldout flag ∪ review recall", qt.union.recall, 0.8);
atLeast("counselchat-heldout review precision", qt.review.precision, 0.1);
// helper/risk13 made a denial a screened negative, not a review flag (the review tier reads only the clauses the flag
// tier did not read as denied), and widened the review cue classes, all chosen on the tune halves and written tune
// splits, then scored the held-out halves once more (their 2nd reading after tuning, rules frozen at 7a9c527):
// cssrs-heldout flag ∪ review 25/35 = 0.714, review precision 6/24 = 0.250; counselchat-heldout 18/22 = 0.818, review
// precision 4/37 = 0.108, denials review-flagged 1/4. The denial fix costs one risk sentence on each (a risk clause
// the flag tier misread as a denial, which the review tier used to catch), so the two recall floors above are NOT met:
// the helper left them for the lead to decide. The lead kept the fix and moved the two floors (0.72 -> 0.70, 0.85 ->
// 0.80) to just under the new figures: each lost sentence is still shown at the top of the note, quoted with its
// turn, as a screened negative, while 79 of 83 denials on the tune splits no longer raise a false "possible risk".
// A deliberate trade, named in the closing note of 2026-12-06; the 0.95 target is unmet either way.
// The new check: denials review-flagged, just below.
// helper/risk14's second session (2026-12-07) tuned on heldout8/9 and the tune halves (past-resolved denials, texting,
// run-on turns, review cues and review scope), froze the rules at 1225f3b, then read the held-out halves once (their
// 6th read): cssrs-heldout flag ∪ review 25/35, review precision 6/19; counselchat-heldout 18/22, review precision
// 4/30, denials review-flagged 1/4; AnnoMI odd sessions 0.73 review flags a session. No floor was moved.
if (!(qt.denialsReviewed <= 1)) failures.push(`counselchat-heldout denials review-flagged ${qt.denialsReviewed}/${qt.denials} > 1`);

// The review tier's cost on ordinary MI sessions (AnnoMI has no risk labels: every flag there is one to read, and
// nearly all are false alarms). Even-numbered sessions were looked at while choosing the cue classes; odd-numbered
// ones were scored once after they were frozen: 66 flags on 66 sessions (1.00 a session). helper/risk13's change (denials
// are not review flags; wider cue classes; chosen on the even sessions) scored them once more: 62 flags, 0.94 a session.
// Ceiling just above.
if (process.argv[3]) {
  const per = annomiFlagsPerSession(resolve(process.argv[3]));
  const report = (name: string, rows: typeof per): number => {
    const review = rows.map((r) => r.review).sort((a, b) => a - b), total = review.reduce((a, b) => a + b, 0), risk = rows.reduce((a, r) => a + r.risk, 0);
    process.stdout.write(`AnnoMI ${name}: ${rows.length} sessions; flag-tier risk flags ${risk} (${(risk / rows.length).toFixed(2)} a session); review flags ${total} (${(total / rows.length).toFixed(2)} a session, median ${review[review.length >> 1]}, most ${review.at(-1)}, sessions with none ${review.filter((x) => !x).length})\n`);
    return total / rows.length;
  };
  report("all", per);
  report("even (tuned on)", per.filter((r) => Number(r.transcriptId) % 2 === 0));
  const odd = report("odd (held out)", per.filter((r) => Number(r.transcriptId) % 2 === 1));
  if (!(per.length >= 130)) failures.push(`AnnoMI sessions ${per.length} < 130`);
  if (!(odd <= 0.97)) failures.push(`AnnoMI odd sessions: ${odd.toFixed(2)} review flags a session > 0.97`);
}

// The outside halves (both sources) share no sentence with each other or with the written splits.
const outside = Object.values(sets).flatMap((set) => set.map((u) => u.text.toLowerCase()));
if (new Set(outside).size !== outside.length) failures.push(`${outside.length - new Set(outside).size} sentence(s) repeated across the outside halves`);
const written = new Set((["tune", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "probes", "ordinary"] as const).flatMap((s) => loadRiskSet(s).map((u) => u.text.toLowerCase())));
const shared = outside.filter((t) => written.has(t)).length;
if (shared) failures.push(`${shared} outside sentence(s) also in a written split`);

if (failures.length) fail(`below floor: ${failures.join("; ")}`);
process.stdout.write("risk-outside: every floor met\n");
