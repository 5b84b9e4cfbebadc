// Models: active / candidate / previous, versions with lineage and gate verdict,
// promote / reject / roll back, the evaluation chart, live training runs.
import { api } from "../api/client.ts";
import type { Metrics, ModelsView, ModelVersion, TrainingJob } from "../api/types.ts";
import { scopeOf } from "../scope.ts";
import { isAdmin, state } from "../state.ts";
import { onShowTab } from "../tabs.ts";
import { barChart } from "../ui/bar-chart.ts";
import { $, badge, type Child, empty, eventButton, h, table, when } from "../ui/dom.ts";
import { announce, busy, handle, showError } from "../ui/messages.ts";

const metricNames: Record<keyof Metrics, string> = { rougeL: "ROUGE-L", bleu: "BLEU", citationValidity: "Citations valid" };
const metricKeys = Object.keys(metricNames) as (keyof Metrics)[];
const metricName = (key: string): string => (metricNames as Record<string, string>)[key] ?? key;

async function loadModels(): Promise<void> {
  clearTimeout(state.jobsTimer);
  const scope = scopeOf("#model-scope");
  const data = await api<ModelsView>("GET", `/v1/training/models?scope=${encodeURIComponent(scope)}`);
  const byId = new Map(data.versions.map((v) => [v.id, v]));
  const describe = (id: string | null) => {
    const v = id ? byId.get(id) : undefined;
    return v ? `v${v.version} · ${v.baseModel}` : "none";
  };
  const alias = (name: string, id: string | null) => h("div", { "data-alias": name }, h("dt", {}, name), h("dd", {}, describe(id)));
  $("#model-aliases").replaceChildren(alias("Active", data.aliases.active), alias("Candidate", data.aliases.candidate), alias("Previous", data.aliases.previous));
  if (!data.aliases.active) $("#model-aliases").append(h("p", { class: "muted small" }, "No fine-tuned model is active: answers use the configured model."));
  $<HTMLButtonElement>("#rollback").disabled = !data.aliases.previous;

  renderJobs(data.jobs);
  if (data.jobs.length && state.tab === "models") state.jobsTimer = window.setTimeout(handle(loadModels), 3000);

  const admin = isAdmin();
  const actionButton = (v: ModelVersion, action: "promote" | "reject", label: string, cls: string) => h("button", {
    type: "button", class: `btn btn-small ${cls}`, "aria-label": `${label} v${v.version}`,
    onclick: handle((event: Event) => changeModel(eventButton(event), v, action)),
  }, label);
  const row = (v: ModelVersion): Child[] => [
    h("span", { class: "version", "data-version-id": v.id }, `v${v.version}`, v.aliases.length ? h("span", { class: "muted small" }, ` (${v.aliases.join(", ")})`) : null),
    badge(v.status, `model-${v.status}`),
    h("span", { class: "lineage" }, v.lineage.parentVersion ? `from v${v.lineage.parentVersion}, ` : "", `base ${v.lineage.baseModel}`),
    v.gateVerdict ?? "—",
    when(v.createdAt),
    ...(admin ? [h("div", { class: "row-actions" },
      ["ready", "candidate", "deprecated"].includes(v.status) && v.id !== data.aliases.active ? actionButton(v, "promote", "Promote", "btn-primary") : null,
      ["ready", "candidate"].includes(v.status) && v.id !== data.aliases.active ? actionButton(v, "reject", "Reject", "") : null)] : []),
  ];
  $("#model-history").replaceChildren(data.versions.length
    ? table(["Version", "Status", "Lineage", "Gate", "Created", ...(admin ? [""] : [])], data.versions.map(row))
    : empty("No model versions yet. Approved knowledge is used for fine-tuning once there is enough of it."));

  const evaluated = data.versions.find((v) => v.id === data.aliases.candidate && v.evaluation) ?? data.versions.find((v) => v.evaluation);
  const box = $("#model-eval");
  const ev = evaluated?.evaluation;
  if (!evaluated || !ev) {
    box.replaceChildren(empty("No evaluation yet: a candidate is compared with the active model on held-out questions when its training finishes."));
    return;
  }
  box.replaceChildren(
    h("p", {}, `v${evaluated.version} against the model active when it was evaluated, on ${ev.n} held-out question${ev.n === 1 ? "" : "s"}: `, badge(ev.verdict === "pass" ? "passed" : "regressed", ev.verdict === "pass" ? "on" : "status-failed")),
    barChart({
      title: `Evaluation of v${evaluated.version}: candidate and active model`,
      summary: metricKeys.map((k) => `${metricNames[k]}: candidate ${ev.candidate[k].toFixed(3)}, active ${ev.active[k].toFixed(3)}`).join("; "),
      labels: metricKeys.map((k) => metricNames[k]),
      series: [{ name: "Candidate", values: metricKeys.map((k) => ev.candidate[k]) }, { name: "Active", values: metricKeys.map((k) => ev.active[k]) }],
      format: (v) => Number(v).toFixed(2), max: 1,
    }),
    ...(ev.regressions.length ? [h("p", { class: "reason reason-failed" }, `Worse than the active model on: ${ev.regressions.map(metricName).join(", ")}.`)] : []));
}

function renderJobs(jobs: TrainingJob[]): void {
  $("#model-jobs").replaceChildren(jobs.length
    ? h("ul", { class: "job-list" }, jobs.map((job) => {
      const pct = job.progress === null || job.progress === undefined ? null : Math.round(Number(job.progress) * 100);
      const last = job.events.at(-1);
      return h("li", { class: "job", "data-job-id": job.id },
        h("div", { class: "doc-title" }, badge(job.status, `model-${job.status}`), h("span", { class: "muted small" }, `${job.trainer} · started ${when(job.createdAt)}`)),
        h("progress", { max: "100", value: pct ?? undefined, "aria-label": `Training progress${pct === null ? "" : ` ${pct}%`}` }),
        h("p", { class: "muted small" }, pct === null ? "Waiting for the trainer…" : `${pct}%`, last ? ` · ${last.message}` : ""));
    }))
    : empty("No training in progress."));
}

async function changeModel(button: HTMLButtonElement, version: ModelVersion, action: "promote" | "reject"): Promise<void> {
  const question = action === "promote"
    ? `Make v${version.version} the model that answers questions? Answers switch immediately.`
    : `Reject v${version.version}? It will not be promoted.`;
  if (!window.confirm(question)) return;
  const done = await busy(button, action === "promote" ? "Promoting…" : "Rejecting…", () => api("POST", `/v1/training/models/${version.id}/${action}`));
  if (!done) return;
  announce(action === "promote" ? `v${version.version} now answers questions.` : `v${version.version} rejected.`);
  await loadModels().catch(showError);
}

async function rollback(event: MouseEvent): Promise<void> {
  const button = eventButton(event);
  const scope = $<HTMLSelectElement>("#model-scope").value === "organization" ? "the organisation-wide model" : "this knowledge base's model";
  if (!window.confirm(`Roll back ${scope} to the previous version? Answers switch immediately.`)) return;
  const done = await busy(button, "Rolling back…", () => api("POST", `/v1/training/scopes/${encodeURIComponent(scopeOf("#model-scope"))}/rollback`));
  if (!done) return;
  announce("Rolled back to the previous version.");
  await loadModels().catch(showError);
}

export function wireModels(): void {
  onShowTab("models", loadModels);
  $("#model-scope").addEventListener("change", handle(loadModels));
  $("#rollback").addEventListener("click", handle(rollback));
}
