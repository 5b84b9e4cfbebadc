/**
 * Session-note quality: the risk screen's recall and precision on the
 * labelled risk set (eighth held-out split, measured once and never tuned on; target recall >= 0.95; the outside
 * splits only when ROUNDS_RISK_OUTSIDE_DATA names the folder they were rebuilt into), patterns alone
 * and patterns OR the learned model beside the full screen (patterns OR model OR concepts), and, when the
 * public AnnoMI transcripts are at bench/data/AnnoMI-simple.csv (copy it from
 * github.com/uccollab/AnnoMI; not committed, the repository has no licence
 * file), the share of extractive-note statements whose cited turn supports
 * them by AnnoMI's own annotations, turn-exact citations, role inference and
 * inserted risk statements reaching the note. See core/src/notes/README.md.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { annomiClientSentences, annomiFlagsPerSession, annomiScreenSentences, bagOfWordsBaseline, committedRiskEmbeddingModel, embedForRiskScreen, FALSE_ALARM_BUDGET, markedAt, readAnnoMiTurns, loadRiskSet, measureAnnoMi, measureRiskScreen, measureTwoTiers, screenStatement } from "@rounds/core";
import { packagedModelDir, UseEmbedder } from "@rounds/plugin-embedder-use";
import type { BenchResult } from "../../bench/run.ts";

const ANNOMI = join(import.meta.dirname, "../../bench/data/AnnoMI-simple.csv");

export default async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  // The outside splits' text is not committed: measured only when ROUNDS_RISK_OUTSIDE_DATA names the folder
  // build-outside-sets.ts rebuilt them into (core/src/notes/README.md).
  const outsideData = process.env.ROUNDS_RISK_OUTSIDE_DATA;
  const outside = ["cssrs-tune", "cssrs-heldout", "counselchat-tune", "counselchat-heldout"] as const;
  if (!outsideData) {
    for (const split of outside) out.push({ suite: "notes", name: `risk recall (${split})`, value: 0, unit: "skipped", notes: "not measured: data not present (set ROUNDS_RISK_OUTSIDE_DATA to the folder build-outside-sets.ts wrote)" });
  }
  for (const split of ["tune", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "probes", "heldout8", "heldout9", ...(outsideData ? outside : [])] as const) {
    const set = loadRiskSet(split, outsideData);
    const m = measureRiskScreen(set);
    const p = measureRiskScreen(set, { model: null, layers: "patterns" });
    const pm = measureRiskScreen(set, { layers: "patterns" });
    const notes = `${m.truePositives}/${m.positives} risk statements flagged (patterns alone ${p.truePositives}, patterns OR model ${pm.truePositives}), ${m.falsePositives} false alarms, ${m.denialsRecognised}/${m.denials} denials recognised (${split} split of ${m.n}; model trained on tune..heldout5, threshold chosen on heldout6; concepts from heldout6/7, probes, cssrs-tune and counselchat-tune misses)`;
    out.push({ suite: "notes", name: `risk recall (${split})`, value: m.recall, unit: "", ...(split === "heldout8" || split === "heldout9" || split === "cssrs-heldout" || split === "counselchat-heldout" ? { target: ">= 0.95", passed: m.recall >= 0.95 } : {}), notes });
    out.push({ suite: "notes", name: `risk precision (${split})`, value: m.precision, unit: "", notes });
    // The recall-first review tier beside the flag tier (cue classes chosen on the tune splits; heldout8 and the outside held-out halves scored once).
    const t = measureTwoTiers(set);
    const tNotes = `${t.union.truePositives}/${t.positives} risk statements by flag ∪ review; review tier ${t.review.truePositives + t.review.falsePositives} flags, ${t.review.truePositives} of them risk (${split} split)`;
    out.push({ suite: "notes", name: `risk recall flag ∪ review (${split})`, value: t.union.recall, unit: "", ...(split === "heldout8" || split === "heldout9" || split === "cssrs-heldout" || split === "counselchat-heldout" ? { target: ">= 0.95", passed: t.union.recall >= 0.95 } : {}), notes: tNotes });
    out.push({ suite: "notes", name: `review-tier precision (${split})`, value: t.review.precision, unit: "", notes: tNotes });
  }
  // The sentence-embedding classifier on the Universal Sentence Encoder plugin (local files, no network), as a
  // deployment with that plugin runs it: embedding every sentence, then both tiers. heldout11 is tuned on (a fold of
  // its training; its out-of-fold reading is in core/src/notes/README.md). Time is wall clock over the whole set.
  const use = new UseEmbedder(packagedModelDir(), 1);
  const rssBefore = process.memoryUsage().rss;
  const loadMs = await use.load();
  const rssAfter = process.memoryUsage().rss;
  const set11 = loadRiskSet("heldout11");
  const t0 = performance.now();
  const embeddings = await embedForRiskScreen(use, set11.map((u) => u.text));
  const withUse = measureTwoTiers(set11, { embeddings: embeddings! });
  const perUtterance = (performance.now() - t0) / set11.length;
  const t1 = performance.now();
  const withoutUse = measureTwoTiers(set11);
  const perUtteranceRules = (performance.now() - t1) / set11.length;
  out.push({ suite: "notes", name: "risk screen with the embedding classifier: time per utterance", value: perUtterance, unit: "ms", notes: `embedding (USE lite, WASM) + both tiers, ${set11.length} utterances of heldout11; the screen without it ${perUtteranceRules.toFixed(2)} ms; model load ${Math.round(loadMs)} ms` });
  out.push({ suite: "notes", name: "risk screen with the embedding classifier: resident memory of the model", value: Math.round((rssAfter - rssBefore) / 2 ** 20), unit: "MB", notes: `process RSS ${Math.round(rssBefore / 2 ** 20)} → ${Math.round(rssAfter / 2 ** 20)} MB across the model's load` });
  out.push({ suite: "notes", name: "risk recall flag ∪ review with the embedding classifier (heldout11, tuned on)", value: withUse.union.recall, unit: "", notes: `flag ∪ review ${withUse.union.truePositives}/${withUse.positives} (without ${withoutUse.union.truePositives}); the classifier speaks in the review tier only: review precision ${withUse.review.precision.toFixed(3)} (without ${withoutUse.review.precision.toFixed(3)}), flag tier ${withUse.flag.truePositives} at ${withUse.flag.precision.toFixed(3)}; denials shown ${withUse.denialsRecognised}/${withUse.denials}` });
  // The learned alternative (logistic regression over word n-grams, trained on `tune` only), for comparison.
  for (const b of bagOfWordsBaseline(["heldout", "heldout5", "heldout6", "heldout7"])) {
    out.push({ suite: "notes", name: `bag-of-words baseline recall (${b.split})`, value: b.recall, unit: "", notes: `${b.truePositives}/${b.positives}, ${b.falsePositives} false alarms, precision ${b.precision.toFixed(3)}; trained on tune only` });
  }
  if (!existsSync(ANNOMI)) {
    out.push({ suite: "notes", name: "AnnoMI measures", value: 0, unit: "skipped", notes: `no ${ANNOMI}` });
    return out;
  }
  const a = measureAnnoMi(ANNOMI);
  const sum = (keys: string[]) => keys.reduce((acc, k) => ({ s: acc.s + (a.support[k]?.statements ?? 0), ok: acc.ok + (a.support[k]?.supported ?? 0) }), { s: 0, ok: 0 });
  const all = sum(Object.keys(a.support));
  out.push({ suite: "notes", name: "AnnoMI statements supported by cited turn", value: all.ok / all.s, unit: "", notes: `${all.ok}/${all.s} over ${a.transcripts} transcripts, 4 formats` });
  for (const key of ["birp.intervention", "birp.response", "girp.goals", "soap.plan", "soap.assessment"]) {
    const x = a.support[key];
    if (x) out.push({ suite: "notes", name: `AnnoMI supported: ${key}`, value: x.supported / x.statements, unit: "", notes: `${x.supported}/${x.statements}` });
  }
  out.push({ suite: "notes", name: "AnnoMI citations turn-exact", value: a.exactCitations.exact / a.exactCitations.total, unit: "", target: "1", passed: a.exactCitations.exact === a.exactCitations.total, notes: `${a.exactCitations.exact}/${a.exactCitations.total}` });
  out.push({ suite: "notes", name: "AnnoMI inserted risk reaching the note", value: a.insertedRisk.flagged / a.insertedRisk.inserted, unit: "", notes: `${a.insertedRisk.flagged}/${a.insertedRisk.inserted} ${a.insertedRisk.split} risk statements inserted as client turns; cited by a section in all four formats ${a.insertedRisk.inNote}` });
  out.push({ suite: "notes", name: "AnnoMI inserted risk cited by a section in every format", value: a.insertedRisk.inNote / a.insertedRisk.inserted, unit: "", notes: `${a.insertedRisk.inNote}/${a.insertedRisk.inserted}; flagged and cited ${a.insertedRisk.flaggedInNote}/${a.insertedRisk.flagged} (tune/held-out halves: bot/eval/notes-annomi.ts)` });
  // Every turn the screen flags, listed in the rendered note's risk block with its own speaker and time, in all four formats (helper/notes14).
  for (const [name, r] of [["unmodified", a.riskInNote.original], ["with inserted statements", a.riskInNote.inserted]] as const) {
    out.push({ suite: "notes", name: `AnnoMI risk turns that reach the note (${name})`, value: r.riskTurns ? r.inBlock / r.riskTurns : 0, unit: "", target: "1", passed: r.inBlock === r.riskTurns, notes: `${r.inBlock}/${r.riskTurns} flagged turns in the risk block with their speaker and time; cited by the risk section ${r.inSection}/${r.riskTurns}; review-tier turns listed ${r.reviewInBlock}/${r.reviewTurns}` });
  }
  out.push({ suite: "notes", name: "AnnoMI risk flags on unmodified transcripts", value: a.flagsOnOriginal, unit: "flags", notes: "no risk labels in AnnoMI: read by hand (README)" });
  const sentences = annomiClientSentences(ANNOMI);
  const flagged = sentences.filter((s) => screenStatement(s, "patient").verdict === "risk").length;
  out.push({ suite: "notes", name: "AnnoMI client sentences flagged", value: flagged / sentences.length, unit: "", notes: `${flagged}/${sentences.length} (patterns OR model OR concepts; budget 1%)` });
  // The classifier's false-alarm budget (core/src/notes/measure/risk-embedding-budget.ts): client turns marked by any
  // layer on AnnoMI's held-out half, at the committed review bar (chosen on the bar quarter).
  const annomiVectors = await embedForRiskScreen(use, annomiScreenSentences(ANNOMI, "heldout"));
  const model = committedRiskEmbeddingModel(), heldoutTurns = readAnnoMiTurns(ANNOMI, "heldout", annomiVectors!, model);
  const marked = markedAt(heldoutTurns, model.reviewThreshold), markedWithout = markedAt(heldoutTurns, 2);
  out.push({ suite: "notes", name: "AnnoMI client turns marked with the embedding classifier (held-out half)", value: marked / heldoutTurns.length, unit: "", target: `<= ${FALSE_ALARM_BUDGET}`, passed: marked / heldoutTurns.length <= FALSE_ALARM_BUDGET, notes: `${marked}/${heldoutTurns.length} client turns with a flag or review flag at review bar ${model.reviewThreshold} (without the classifier ${markedWithout}); budget ${FALSE_ALARM_BUDGET * 100}%, the bar chosen on the bar quarter` });
  const per = annomiFlagsPerSession(ANNOMI), review = per.reduce((n, x) => n + x.review, 0);
  out.push({ suite: "notes", name: "AnnoMI review flags per session", value: review / per.length, unit: "flags", notes: `${review} possible-risk review flags on ${per.length} ordinary MI sessions, each one a clinician reads and (nearly always) dismisses; ${per.filter((x) => !x.review).length} sessions with none` });
  const roles = a.roles.right + a.roles.wrong + a.roles.unknown;
  out.push({ suite: "notes", name: "AnnoMI roles right with neutral speaker names", value: a.roles.right / roles, unit: "", notes: `${a.roles.right} right, ${a.roles.wrong} wrong, ${a.roles.unknown} unknown of ${roles}` });
  for (const [k, [ok, n]] of Object.entries(a.functionAgreement)) out.push({ suite: "notes", name: `AnnoMI therapist ${k} recognised`, value: ok / n, unit: "", notes: `${ok}/${n}` });
  return out;
}
