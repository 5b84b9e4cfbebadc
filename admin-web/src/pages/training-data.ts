// Training data: what a fine-tune would use now (a dry run), its charts,
// export with download links, and starting a training run.
import { api } from "../api/client.ts";
import type { ExportResult, StartTrainingResult, TrainingData } from "../api/types.ts";
import { scopeOf } from "../scope.ts";
import { onShowTab } from "../tabs.ts";
import { barChart } from "../ui/bar-chart.ts";
import { $, eventButton, h, when } from "../ui/dom.ts";
import { announce, busy, handle } from "../ui/messages.ts";

const sourceNames: Record<string, string> = { chunk: "Approved guidance", qa: "Verified Q&A", rated_answer: "Helpful answers" };

async function loadTrainingData(): Promise<void> {
  const data = await api<TrainingData>("GET", `/v1/training/data?scope=${encodeURIComponent(scopeOf("#training-scope"))}`);
  const c = data.counts;
  const count = (label: string, value: number | undefined) => h("div", {}, h("dt", {}, label), h("dd", {}, value ?? "—"));
  $("#training-counts").replaceChildren(
    h("dl", { class: "counts" }, count("Examples", c.exported), count("Training", c.train), count("Held out", c.validation), count("Excluded", c.excluded)),
    h("p", { class: `threshold ${data.minimum.met ? "ok" : "warn"}`, "data-minimum-met": String(data.minimum.met) },
      data.minimum.met ? `Enough to train (at least ${data.minimum.required} needed).` : `${data.minimum.required - c.exported} more examples needed (minimum ${data.minimum.required}).`));
  const t = data.threshold;
  $("#training-threshold").replaceChildren(t
    ? h("p", { class: `threshold ${t.reached ? "ok" : ""}`, "data-threshold-reached": String(t.reached) },
      `Threshold trigger: ${t.newExamples} of ${t.threshold} new examples since ${t.since ? when(t.since) : "the start"}`,
      t.reached ? (t.enabled ? " — reached; the schedule starts training on its next check." : " — reached, but the schedule is off.") : ".")
    : h("p", { class: "muted small" }, "No threshold trigger is set for this scope (see Schedules)."));
  const sources = Object.keys(sourceNames);
  const bySource = (k: string) => data.bySource[k] ?? 0;
  $("#training-chart").replaceChildren(barChart({
    title: "Training examples by source",
    summary: sources.map((k) => `${sourceNames[k]}: ${bySource(k)}`).join("; "),
    labels: sources.map((k) => sourceNames[k] ?? k),
    series: [{ name: "Examples", values: sources.map(bySource) }],
  }));
  const placeholders = data.placeholders ?? {};
  const types = Object.keys(placeholders).sort();
  const placeholderCount = (k: string) => placeholders[k] ?? 0;
  $("#placeholder-chart").replaceChildren(types.length
    ? h("div", {}, h("h4", {}, "Identifiers replaced by placeholders"), barChart({
      title: "De-identified identifiers by type",
      summary: types.map((k) => `${k}: ${placeholderCount(k)}`).join("; "),
      labels: types, series: [{ name: "Placeholders", values: types.map(placeholderCount) }],
    }))
    : h("p", { class: "muted small" }, "No identifiers had to be replaced."));
}

async function exportData(event: MouseEvent): Promise<void> {
  const done = await busy(eventButton(event), "Exporting…", () => api<ExportResult>("POST", "/v1/training/exports", { json: { scope: scopeOf("#training-scope") } }));
  if (!done) return;
  const box = $("#export-result");
  box.replaceChildren(
    h("p", {}, `Exported ${done.metadata.counts.exported} examples (${done.metadata.counts.train} training, ${done.metadata.counts.validation} held out).`),
    h("ul", { class: "files" }, done.files.map((f) => h("li", {}, h("a", { href: f.url, download: f.name }, `Download ${f.name}`)))));
  box.hidden = false;
  announce("Training data exported.");
}

async function startTrainingRun(event: MouseEvent): Promise<void> {
  if (!window.confirm("Start a fine-tune on this training data now?")) return;
  const done = await busy(eventButton(event), "Starting…", () => api<StartTrainingResult>("POST", "/v1/training/jobs", { json: { scope: scopeOf("#training-scope") } }));
  if (!done) return;
  announce(done.status === "started"
    ? `Training started: candidate v${done.version.version}. Follow it under Models.`
    : `Not enough data yet: ${done.missing} more examples are needed.`);
}

export function wireTrainingData(): void {
  onShowTab("training", loadTrainingData);
  $("#training-scope").addEventListener("change", handle(loadTrainingData));
  $("#export-data").addEventListener("click", handle(exportData));
  $("#start-training").addEventListener("click", handle(startTrainingRun));
}
