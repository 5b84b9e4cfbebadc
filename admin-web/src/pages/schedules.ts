// Schedules: every schedule of the organisation, and the form that sets one
// (validation errors shown under the field the API names).
import { api, ApiError } from "../api/client.ts";
import type { Schedule, ScheduleInput, TrainingParams } from "../api/types.ts";
import { projectName, scopeOf } from "../scope.ts";
import { isAdmin, state } from "../state.ts";
import { onShowTab } from "../tabs.ts";
import { $, badge, byId, empty, eventButton, h, submitButton, when } from "../ui/dom.ts";
import { announce, busy, clearError, handle, showError } from "../ui/messages.ts";

const scheduleName = (sch: Schedule): string => (sch.projectId ? projectName(sch.projectId) : "Whole organisation");

async function loadSchedules(): Promise<void> {
  const schedules = await api<Schedule[]>("GET", "/v1/training/schedules");
  state.schedules = schedules;
  const admin = isAdmin();
  $("#schedule-list").replaceChildren(schedules.length
    ? h("ul", { class: "schedule-list" }, schedules.map((sch) => h("li", { class: "schedule", "data-schedule-id": sch.id },
      h("div", { class: "schedule-main" },
        h("div", { class: "doc-title" }, h("strong", {}, scheduleName(sch)), badge(sch.enabled ? "on" : "off", sch.enabled ? "on" : "off")),
        h("p", { class: "schedule-when" }, sch.description ?? "No timetable", sch.cron ? h("span", { class: "muted" }, ` (${sch.timezone})`) : null),
        sch.thresholdNewExamples ? h("p", { class: "muted" }, `Also after ${sch.thresholdNewExamples} new approved examples.`) : null,
        paramsLine(sch.params ?? {}),
        h("p", { class: "muted small next-run" }, sch.enabled ? `Next run: ${when(sch.nextRunAt)}` : "Turned off"),
        h("p", { class: "muted small last-run" }, sch.lastRunAt || sch.lastResult
          ? `Last run: ${when(sch.lastRunAt ?? sch.lastResult?.at)} · ${sch.lastResult?.status ?? "—"}${sch.lastResult?.reason ? ` (${sch.lastResult.reason})` : ""}`
          : "Not run yet")),
      admin ? h("div", { class: "actions" },
        h("button", { type: "button", class: "btn btn-small", "aria-label": `Edit schedule for ${scheduleName(sch)}`, onclick: () => editSchedule(sch) }, "Edit"),
        h("button", {
          type: "button", class: "btn btn-small", "aria-label": `${sch.enabled ? "Turn off" : "Turn on"} schedule for ${scheduleName(sch)}`,
          onclick: handle((event: Event) => toggleSchedule(eventButton(event), sch)),
        }, sch.enabled ? "Turn off" : "Turn on")) : null)))
    : empty("No schedules yet: training only starts when an admin asks for it."));
  if (admin) resetScheduleForm();
}

function paramsLine(params: TrainingParams): HTMLParagraphElement | null {
  const parts = [
    params.minConfidence !== undefined ? `min confidence ${params.minConfidence}` : null,
    params.humanReviewedOnly ? "human-reviewed only" : null,
    params.epochs ? `${params.epochs} epochs` : null,
    params.learningRateMultiplier ? `learning rate ×${params.learningRateMultiplier}` : null,
  ].filter(Boolean);
  return parts.length ? h("p", { class: "muted small params-line" }, `Training: ${parts.join(", ")}`) : null;
}

/** The API's field names and the inputs they are about. */
const fieldInputs: Record<string, string> = {
  cron: "schedule-cron", timezone: "schedule-timezone", thresholdNewExamples: "schedule-threshold",
  "params.minConfidence": "param-min-confidence", "params.epochs": "param-epochs", "params.learningRateMultiplier": "param-lr",
};

function clearFieldErrors(): void {
  for (const [field, inputId] of Object.entries(fieldInputs)) {
    const box = byId(`error-${field}`);
    box.hidden = true;
    box.textContent = "";
    byId(inputId).removeAttribute("aria-invalid");
  }
}

/** Shows a validation error under its field (and focuses it); `false` when the field is not on this form. */
function showFieldError(field: string | null, message: string): boolean {
  const inputId = field ? fieldInputs[field] : undefined;
  if (!field || !inputId) return false;
  const box = byId(`error-${field}`);
  box.textContent = message;
  box.hidden = false;
  const input = byId(inputId);
  input.setAttribute("aria-invalid", "true");
  input.focus();
  return true;
}

const input = (selector: string): HTMLInputElement => $<HTMLInputElement>(selector);
const text = (value: number | null | undefined): string => (value === null || value === undefined ? "" : String(value));

/** Fills the form with the chosen scope's schedule (Cancel goes back to it), or empties it. */
function resetScheduleForm(): void {
  clearFieldErrors();
  const projectId = $<HTMLSelectElement>("#schedule-scope").value === "organization" ? null : state.projectId;
  const sch = state.schedules.find((x) => x.projectId === projectId);
  input("#schedule-cron").value = sch?.cron ?? "";
  input("#schedule-timezone").value = sch?.timezone ?? "UTC";
  input("#schedule-threshold").value = text(sch?.thresholdNewExamples);
  input("#param-min-confidence").value = text(sch?.params?.minConfidence);
  input("#param-human-reviewed").checked = Boolean(sch?.params?.humanReviewedOnly);
  input("#param-epochs").value = text(sch?.params?.epochs);
  input("#param-lr").value = text(sch?.params?.learningRateMultiplier);
  input("#schedule-enabled").checked = sch ? sch.enabled : true;
}

function editSchedule(sch: Schedule): void {
  $<HTMLSelectElement>("#schedule-scope").value = sch.projectId ? "project" : "organization";
  if (sch.projectId && sch.projectId !== state.projectId) {
    state.projectId = sch.projectId;
    $<HTMLSelectElement>("#project-select").value = sch.projectId;
  }
  resetScheduleForm();
  input("#schedule-cron").focus();
}

const numberOrUndefined = (value: string): number | undefined => (value.trim() === "" ? undefined : Number(value));

async function saveSchedule(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  clearFieldErrors();
  clearError();
  const button = submitButton(event.currentTarget);
  const threshold = input("#schedule-threshold").value.trim();
  if (threshold && !/^\d+$/.test(threshold)) {
    showFieldError("thresholdNewExamples", "The number of new examples must be a whole number.");
    return;
  }
  const params = Object.fromEntries(Object.entries({
    minConfidence: numberOrUndefined(input("#param-min-confidence").value),
    humanReviewedOnly: input("#param-human-reviewed").checked || undefined,
    epochs: numberOrUndefined(input("#param-epochs").value),
    learningRateMultiplier: numberOrUndefined(input("#param-lr").value),
  }).filter(([, v]) => v !== undefined)) as TrainingParams;
  const body: ScheduleInput = {
    cron: input("#schedule-cron").value.trim() || null,
    timezone: input("#schedule-timezone").value.trim() || "UTC",
    thresholdNewExamples: threshold ? Number(threshold) : null,
    enabled: input("#schedule-enabled").checked,
    params,
  };
  const label = button.textContent;
  button.disabled = true;
  button.textContent = "Saving…";
  try {
    const saved = await api<Schedule>("PUT", `/v1/training/schedules/${encodeURIComponent(scopeOf("#schedule-scope"))}`, { json: body });
    announce(`Schedule saved: ${saved.description ?? "threshold only"}; next run ${saved.nextRunAt ? when(saved.nextRunAt) : "when the threshold is reached"}.`);
    await loadSchedules();
  } catch (error) {
    if (!(error instanceof ApiError && showFieldError(error.field, error.message))) showError(error);
  } finally {
    button.disabled = false;
    button.textContent = label;
  }
}

async function toggleSchedule(button: HTMLButtonElement, sch: Schedule): Promise<void> {
  const body: ScheduleInput = { cron: sch.cron, timezone: sch.timezone, thresholdNewExamples: sch.thresholdNewExamples, enabled: !sch.enabled, params: sch.params ?? {} };
  const done = await busy(button, sch.enabled ? "Turning off…" : "Turning on…",
    () => api<Schedule>("PUT", `/v1/training/schedules/${encodeURIComponent(sch.projectId ?? "organization")}`, { json: body }));
  if (!done) return;
  announce(`Scheduled training for ${scheduleName(sch)} is ${done.enabled ? "on" : "off"}.`);
  await loadSchedules().catch(showError);
}

export function wireSchedules(): void {
  onShowTab("schedules", loadSchedules);
  $("#schedule-form").addEventListener("submit", handle(saveSchedule));
  $("#schedule-cancel").addEventListener("click", () => { resetScheduleForm(); announce("Changes discarded."); });
  $("#schedule-scope").addEventListener("change", resetScheduleForm);
}
