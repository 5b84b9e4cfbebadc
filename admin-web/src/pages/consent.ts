// Consent: a patient's status per consent type with Grant / Revoke, and the append-only ledger.
import { api } from "../api/client.ts";
import type { CareTeamView, ConsentView, Patient } from "../api/types.ts";
import { isAdmin } from "../state.ts";
import { $, badge, empty, eventButton, h, submitButton, table, when } from "../ui/dom.ts";
import { announce, busy, handle, showError } from "../ui/messages.ts";
import { loadAudit } from "./audit-log.ts";

const consentLabels: Record<string, string> = { recording: "Recording", transcription: "Transcription", ai_analysis: "AI analysis", training_use: "Training use", psychotherapy_notes: "Psychotherapy notes (authorisation)" };
const consentLabel = (type: string): string => consentLabels[type] ?? type;

/** Fills both patient pickers (consent and the audit filter), keeping their choices. */
export async function loadPatients(): Promise<void> {
  const select = $<HTMLSelectElement>("#patient-select");
  const auditSelect = $<HTMLSelectElement>("#audit-patient");
  const chosen = select.value;
  const auditChosen = auditSelect.value;
  const patients = await api<Patient[]>("GET", "/v1/patients");
  const label = (p: Patient) => (p.externalRef ? `${p.displayName} (${p.externalRef})` : p.displayName);
  select.replaceChildren(
    h("option", { value: "" }, patients.length ? "Choose a patient…" : "No patients yet"),
    ...patients.map((p) => h("option", { value: p.id, selected: p.id === chosen }, label(p))));
  auditSelect.replaceChildren(h("option", { value: "" }, "Any"), ...patients.map((p) => h("option", { value: p.id, selected: p.id === auditChosen }, label(p))));
  if (select.value) await loadConsent();
}

async function loadConsent(): Promise<void> {
  const select = $<HTMLSelectElement>("#patient-select");
  const patientId = select.value;
  $("#consent-body").hidden = !patientId;
  $("#care-team").hidden = !patientId;
  $("#consent-empty").hidden = Boolean(patientId);
  if (!patientId) return;
  await loadCareTeam(patientId);
  const { status, history } = await api<ConsentView>("GET", `/v1/patients/${encodeURIComponent(patientId)}/consent`);
  const patientName = select.selectedOptions[0]?.textContent ?? "this patient";
  const admin = isAdmin();
  $("#consent-status").replaceChildren(...Object.entries(status).map(([type, value]) => {
    const label = consentLabel(type);
    const button = (action: string, text: string, cls: string) => h("button", {
      type: "button", class: `btn btn-small ${cls}`, disabled: value === action, "aria-label": `${text} ${label}`,
      onclick: handle((event: Event) => recordConsent(eventButton(event), { patientId, type, action, label, patientName })),
    }, text);
    return h("tr", { "data-consent-type": type },
      h("th", { scope: "row" }, label),
      h("td", {}, badge(value, `consent-${value}`)),
      h("td", { class: "row-actions" }, admin ? [button("granted", "Grant", "btn-primary"), button("revoked", "Revoke", "")] : null));
  }));
  $("#consent-history").replaceChildren(history.length
    ? table(["When", "Consent", "Action", "How"], [...history].reverse().map((e) => [when(e.at), consentLabel(e.type), badge(e.action, `consent-${e.action}`), e.method.replace("_", " ")]))
    : empty("Nothing recorded yet."));
}

interface ConsentChange { patientId: string; type: string; action: string; label: string; patientName: string }

async function recordConsent(button: HTMLButtonElement, change: ConsentChange): Promise<void> {
  const { patientId, type, action, label, patientName } = change;
  const done = await busy(button, action === "granted" ? "Granting…" : "Revoking…",
    () => api("POST", `/v1/patients/${encodeURIComponent(patientId)}/consent`, { json: { type, action } }));
  if (!done) return;
  announce(`${label} consent ${action} for ${patientName}.`);
  await Promise.all([loadConsent(), loadAudit()]).catch(showError);
}

/** The patient's care team: members (an admin can remove each) and, for an admin, the clinicians who could be added. */
async function loadCareTeam(patientId: string): Promise<void> {
  const { members, candidates } = await api<CareTeamView>("GET", `/v1/patients/${encodeURIComponent(patientId)}/care-team`);
  const admin = isAdmin();
  const remove = (userId: string, name: string) => h("button", {
    type: "button", class: "btn btn-small", "aria-label": `Remove ${name} from the care team`,
    onclick: handle(async (event: Event) => {
      if (!(await busy(eventButton(event), "Removing…", () => api("DELETE", `/v1/patients/${encodeURIComponent(patientId)}/care-team/${encodeURIComponent(userId)}`)))) return;
      announce(`${name} removed from the care team.`);
      await Promise.all([loadCareTeam(patientId), loadAudit()]).catch(showError);
    }),
  }, "Remove");
  $("#care-team-members").replaceChildren(members.length
    ? table(["Clinician", "Since", ""], members.map((m) => [m.displayName ?? m.userId, when(m.assignedAt), admin ? remove(m.userId, m.displayName ?? "The clinician") : ""]))
    : empty("No one is on this patient's care team yet."));
  const form = $<HTMLFormElement>("#care-team-form");
  form.hidden = !admin || candidates.length === 0;
  $<HTMLSelectElement>("#care-team-add").replaceChildren(...candidates.map((c) => h("option", { value: c.userId }, c.displayName)));
}

async function addToCareTeam(event: Event): Promise<void> {
  event.preventDefault();
  const patientId = $<HTMLSelectElement>("#patient-select").value;
  const choice = $<HTMLSelectElement>("#care-team-add");
  const name = choice.selectedOptions[0]?.textContent ?? "The clinician";
  if (!patientId || !choice.value) return;
  if (!(await busy(submitButton(event.currentTarget), "Adding…", () => api("PUT", `/v1/patients/${encodeURIComponent(patientId)}/care-team/${encodeURIComponent(choice.value)}`)))) return;
  announce(`${name} added to the care team.`);
  await Promise.all([loadCareTeam(patientId), loadAudit()]).catch(showError);
}

export function wireConsent(): void {
  $("#patient-select").addEventListener("change", handle(loadConsent));
  $("#care-team-form").addEventListener("submit", handle(addToCareTeam));
}
