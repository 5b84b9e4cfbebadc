// Practice data (issue #20), in the Plugins tab when a plugin contributes a
// data source: the allow list the practice database grants (tables, columns,
// relations), which admins narrow for their organisation (hide a table or a
// column, restore it; widening needs the database owner's DDL), and its named
// metrics, which admins add, edit and remove. Everything goes through the
// `data` command (`data sources`, `data allow-list [hide|restore]`, `data
// metrics`, `data metric save|remove`), so the server checks everything.
import { ApiError, command } from "../api/client.ts";
import type { AllowListView, DataMetric, DataSourcesView, PluginInfo } from "../api/types.ts";
import { isAdmin } from "../state.ts";
import { $, badge, byId, eventButton, empty, h, submitButton, table } from "../ui/dom.ts";
import { announce, busy, clearError, handle, showError } from "../ui/messages.ts";

/** The form's fields, by the name the server's `field` gives (its first path segment). */
const fields = ["id", "title", "description", "phrases", "parameters", "sql"] as const;
type Field = typeof fields[number];
const control = (f: Field) => byId<HTMLInputElement | HTMLTextAreaElement>(`metric-${f}`);

let metrics: DataMetric[] = [];

function clearFieldErrors(): void {
  for (const f of fields) {
    const box = byId(`error-metric-${f}`);
    box.hidden = true;
    box.textContent = "";
    control(f).removeAttribute("aria-invalid");
  }
}

/** Shows the error under the field it names (and focuses it); `false` when it names none of this form's fields. */
function showFieldError(field: string | null, message: string): boolean {
  const f = fields.find((x) => x === field?.split(".")[0]);
  if (!f) return false;
  const box = byId(`error-metric-${f}`);
  box.textContent = message;
  box.hidden = false;
  control(f).setAttribute("aria-invalid", "true");
  control(f).focus();
  return true;
}

function fillForm(m: DataMetric | null): void {
  clearFieldErrors();
  control("id").value = m?.id ?? "";
  control("title").value = m?.title ?? "";
  control("description").value = m?.description ?? "";
  control("phrases").value = (m?.phrases ?? []).join("\n");
  control("parameters").value = m?.parameters.length ? JSON.stringify(m.parameters, null, 2) : "[]";
  control("sql").value = m?.sql ?? "";
  $("#metric-form-title").textContent = m ? `Edit the metric ${m.id}` : "Add a metric";
}

/** A button that hides or restores `name` (a relation or relation.column) for this organisation. */
function hideButton(name: string, hidden: boolean): HTMLButtonElement {
  return h("button", {
    type: "button", class: "btn btn-small", "aria-label": `${hidden ? "Restore" : "Hide"} ${name}`,
    onclick: handle((event: Event) => changeAllowList(eventButton(event), hidden ? "restore" : "hide", name)),
  }, hidden ? "Restore" : "Hide");
}

function sourcesCard(view: DataSourcesView, list: AllowListView): HTMLElement {
  const admin = isAdmin();
  return h("section", { class: "card spaced", "aria-labelledby": "data-sources-title" },
    h("h3", { id: "data-sources-title" }, `${view.title} `, h("code", {}, view.sourceId)),
    h("p", { class: "muted small" }, `Read-only, your organisation's rows only. Results about fewer than ${view.k} patients are withheld.`),
    h("p", { class: "muted small", id: "allow-list-help" },
      "Narrowing needs no change to the database: a hidden table or column is no longer shown, offered to the language model or queried for your organisation, and metrics that use it are refused until it is restored. ",
      "Widening (a table or column the database does not grant Rounds) needs the database owner: change the source's settings, then run \"rounds data connect\" with the owner's connection."),
    table(["Table", "Columns", "About", ...(admin ? [""] : [])], list.tables.map((t) => [
      h("span", { class: t.hidden ? "allow-hidden" : "" }, h("code", {}, t.name), t.hidden ? [" ", badge("hidden", "off")] : null),
      h("ul", { class: "allow-columns" }, t.columns.map((c) => h("li", { class: c.hidden || t.hidden ? "allow-hidden" : "", "data-column": `${t.name}.${c.name}` },
        h("code", {}, c.name), ` ${c.type}${c.unit ? ` (${c.unit})` : ""}`, c.hidden ? [" ", badge("hidden", "off")] : null,
        admin && !c.fixed && !t.hidden ? [" ", hideButton(`${t.name}.${c.name}`, c.hidden)] : null))),
      [t.description, t.patientLinked ? [" ", badge("patient rows", "patient")] : null],
      ...(admin ? [hideButton(t.name, t.hidden)] : []),
    ])),
    view.relations.length
      ? h("ul", { class: "small" }, view.relations.map((r) => h("li", {}, h("code", {}, r.from), " → ", h("code", {}, r.to), r.description ? `: ${r.description}` : "")))
      : null);
}

async function changeAllowList(button: HTMLButtonElement, change: "hide" | "restore", name: string): Promise<void> {
  const result = await busy(button, change === "hide" ? "Hiding…" : "Restoring…", () => command("data", `allow-list ${change} ${name}`));
  if (!result) return;
  const refused = (result.data as { metricsRefused?: string[] } | undefined)?.metricsRefused ?? [];
  announce(change === "hide"
    ? `Hid ${name} for your organisation.${refused.length ? ` Metrics refused until it is restored: ${refused.join(", ")}.` : ""}`
    : `Restored ${name}.`);
  await loadPracticeData();
}

function metricRows(): HTMLElement {
  if (!metrics.length) return empty("No metrics yet: without a language model, data questions can only be answered by a metric.");
  return table(["Metric", "Parameters", "Defined", ""], metrics.map((m) => [
    [h("code", {}, m.id), " ", m.title, h("div", { class: "muted small" }, m.description),
      m.usesHidden ? h("div", { class: "small field-error" }, `Refused while ${m.usesHidden} is hidden.`) : null],
    m.parameters.map((p) => `${p.name} (${p.type})`).join(", ") || "—",
    badge(m.origin === "stored" ? "on this page" : "in the settings", m.origin === "stored" ? "on" : "off"),
    isAdmin()
      ? h("span", { class: "actions" },
        h("button", { type: "button", class: "btn", "data-metric": m.id, "aria-label": `Edit ${m.id}`, onclick: () => { fillForm(m); control("title").focus(); } }, "Edit"),
        h("button", { type: "button", class: "btn btn-danger", "aria-label": `Remove ${m.id}`, onclick: handle((event: Event) => removeMetric(eventButton(event), m)) }, "Remove"))
      : "",
  ]));
}

async function removeMetric(button: HTMLButtonElement, m: DataMetric): Promise<void> {
  if (!window.confirm(`Remove the metric ${m.id}? Questions will no longer be matched to it.`)) return;
  const done = await busy(button, "Removing…", () => command("data", `metric remove ${m.id}`));
  if (!done) return;
  announce(`Removed the metric ${m.id}.`);
  await loadPracticeData();
}

async function saveMetric(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  clearFieldErrors();
  clearError();
  let parameters: unknown;
  try {
    parameters = JSON.parse(control("parameters").value.trim() || "[]");
  } catch {
    showFieldError("parameters", "Parameters must be a JSON list, e.g. [{\"name\": \"start\", \"type\": \"date\", \"role\": \"start\", \"default\": \"start_of_month\"}].");
    return;
  }
  const metric = {
    id: control("id").value.trim(),
    title: control("title").value.trim(),
    description: control("description").value.trim(),
    phrases: control("phrases").value.split("\n").map((p) => p.trim()).filter(Boolean),
    parameters,
    sql: control("sql").value.trim(),
  };
  const button = submitButton(event.currentTarget);
  const label = button.textContent;
  button.disabled = true;
  button.textContent = "Checking and saving…";
  try {
    const result = await command("data", `metric save ${JSON.stringify(metric)}`);
    const saved = (result.data as { replaced?: boolean } | undefined)?.replaced;
    announce(`${saved ? "Replaced" : "Added"} the metric ${metric.id}; its SQL passed the guard.`);
    fillForm(null);
    await loadPracticeData();
  } catch (error) {
    if (!(error instanceof ApiError && showFieldError(error.field, error.message))) showError(error);
  } finally {
    button.disabled = false;
    button.textContent = label;
  }
}

/** Loads the allow list and the metrics; says so plainly when this organisation has no practice database. */
async function loadPracticeData(): Promise<void> {
  const section = $("#practice-data");
  section.hidden = false;
  try {
    const [sources, list, allowList] = await Promise.all([command("data", "sources"), command("data", "metrics"), command("data", "allow-list")]);
    metrics = (list.data as { metrics: DataMetric[] }).metrics;
    $("#data-source-list").replaceChildren(sourcesCard(sources.data as DataSourcesView, allowList.data as AllowListView));
    $("#data-metric-list").replaceChildren(metricRows());
    $("#metric-form").hidden = !isAdmin();
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
    metrics = [];
    $("#data-source-list").replaceChildren(empty(error.message));
    $("#data-metric-list").replaceChildren();
    $("#metric-form").hidden = true;
  }
}

/** Shown only when a configured plugin contributes a data source. */
export function practiceDataFor(plugins: PluginInfo[]): Promise<void> {
  const any = plugins.some((p) => (p.contributes.dataSources ?? []).length > 0);
  $("#practice-data").hidden = !any;
  return any ? loadPracticeData() : Promise.resolve();
}

export function wirePracticeData(): void {
  $("#metric-form").addEventListener("submit", handle(saveMetric));
  $("#metric-cancel").addEventListener("click", () => { fillForm(null); announce("Changes discarded."); });
  fillForm(null);
}
