// The audit log: filters, keyset paging (Older entries) and a CSV link with the same filters.
import { api } from "../api/client.ts";
import type { AuditPage } from "../api/types.ts";
import { state } from "../state.ts";
import { $, empty, h, table, when } from "../ui/dom.ts";
import { clearError, handle } from "../ui/messages.ts";

const value = (selector: string): string => $<HTMLInputElement | HTMLSelectElement>(selector).value;

/** The filter form as API query parameters (shared by the table and the CSV link). */
function auditParams(): URLSearchParams {
  const params = new URLSearchParams();
  const put = (name: string, v: string) => { if (v.trim()) params.set(name, v.trim()); };
  put("action", value("#audit-action"));
  put("actorUserId", value("#audit-actor"));
  put("patientId", value("#audit-patient"));
  // Date fields are whole days in the browser's time zone; the API takes instants.
  const day = (v: string, time: string) => (v ? new Date(`${v}T${time}`).toISOString() : "");
  put("from", day(value("#audit-from"), "00:00:00"));
  put("to", day(value("#audit-to"), "23:59:59.999"));
  params.set("limit", value("#audit-limit"));
  return params;
}

export async function loadAudit(before: number | null = null): Promise<void> {
  const params = auditParams();
  const csv = new URLSearchParams(params);
  csv.delete("limit"); // the CSV holds every matching entry
  csv.set("format", "csv");
  $("#audit-csv").setAttribute("href", `/v1/audit?${csv.toString()}`);
  if (before !== null) params.set("before", String(before));
  const page = await api<AuditPage>("GET", `/v1/audit?${params.toString()}`);
  state.auditBefore = page.next;
  $("#audit-older").hidden = !page.next;
  const patientOptions = [...$<HTMLSelectElement>("#audit-patient").options].filter((o) => o.value);
  const patientNames = new Map(patientOptions.map((o) => [o.value, o.textContent]));
  $("#audit-list").replaceChildren(page.entries.length
    ? table(["When", "Action", "Who", "Target", "Patient", "Channel"], page.entries.map((r) => [
      when(r.at), h("code", {}, r.action), r.actorRole ? `${r.actorRole} ${(r.actorUserId ?? "").slice(0, 8)}` : "system",
      r.targetType ? `${r.targetType} ${(r.targetId ?? "").slice(0, 12)}` : "—", r.patientId ? patientNames.get(r.patientId) ?? r.patientId.slice(0, 8) : "—", r.channel ?? "—",
    ]))
    : empty("No audit entries match these filters."));
  const list = $<HTMLDataListElement>("#audit-actions");
  const actions = new Set([...list.options].map((o) => o.value));
  for (const r of page.entries) {
    if (actions.has(r.action)) continue;
    actions.add(r.action);
    list.append(h("option", { value: r.action }));
  }
}

export function wireAuditLog(): void {
  $("#audit-filter").addEventListener("submit", (event) => {
    event.preventDefault();
    clearError();
    handle(loadAudit)();
  });
  $("#audit-older").addEventListener("click", () => handle(loadAudit)(state.auditBefore));
}
