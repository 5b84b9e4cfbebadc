// Usage: questions, refusals, helpful ratio and latency; charts per day and by
// refusal reason; recent refused questions (admins only).
import { api, command } from "../api/client.ts";
import type { CommandResult, RefusedQuestion, Usage } from "../api/types.ts";
import { currentProjectId, isAdmin } from "../state.ts";
import { onShowTab } from "../tabs.ts";
import { barChart } from "../ui/bar-chart.ts";
import { $, empty, h, table, when } from "../ui/dom.ts";
import { handle } from "../ui/messages.ts";

const reasonNames: Record<string, string> = { no_evidence: "No evidence", weak_evidence: "Weak evidence", model_declined: "Model declined", uncited: "Uncited", invalid_citation: "Invalid citation" };
const reasonName = (key: string): string => reasonNames[key] ?? key;
const ms = (v: number | null | undefined): string => (v === null || v === undefined ? "—" : `${Math.round(v)} ms`);

async function loadUsage(): Promise<void> {
  const days = Number($<HTMLSelectElement>("#usage-days").value);
  const [u, refusals] = await Promise.all([
    api<Usage>("GET", `/v1/usage?days=${days}&projectId=${encodeURIComponent(currentProjectId())}`),
    isAdmin() ? command("refusals") : Promise.resolve<CommandResult | null>(null),
  ]);
  const total = u.perDay.reduce((n, d) => n + d.questions, 0);
  const refused = u.perDay.reduce((n, d) => n + d.refusals, 0);
  const stat = (label: string, value: string, key: string) => h("div", { "data-stat": key }, h("dt", {}, label), h("dd", {}, value));
  $("#usage-stats").replaceChildren(
    stat("Questions", String(total), "questions"),
    stat("Refused", total ? `${refused} (${Math.round((refused / total) * 100)}%)` : "0", "refused"),
    stat("Helpful", u.feedbackRatio === null ? "no ratings" : `${Math.round(u.feedbackRatio * 100)}% of ${u.feedback.up + u.feedback.down}`, "feedback"),
    stat("Latency p50 / p95", `${ms(u.latencyMs.p50)} / ${ms(u.latencyMs.p95)}`, "latency"));
  const short = (day: string) => day.slice(5);
  $("#usage-chart").replaceChildren(barChart({
    title: `Questions per day, last ${days} days`,
    summary: `${total} questions and ${refused} refusals in ${days} days.`,
    labels: u.perDay.map((d) => short(d.day)),
    series: [{ name: "Answered", values: u.perDay.map((d) => d.questions - d.refusals) }, { name: "Refused", values: u.perDay.map((d) => d.refusals) }],
    labelEvery: Math.ceil(u.perDay.length / 8),
  }));
  const reasons = Object.entries(u.refusalReasons);
  $("#usage-reasons").replaceChildren(reasons.length
    ? barChart({
      title: "Refusals by reason", summary: reasons.map(([k, n]) => `${reasonName(k)}: ${n}`).join("; "),
      labels: reasons.map(([k]) => reasonName(k)), series: [{ name: "Refusals", values: reasons.map(([, n]) => n) }],
    })
    : empty("No refusals in this period."));
  const list = Array.isArray(refusals?.data) ? refusals.data as RefusedQuestion[] : [];
  const section = $("#refusals-title").closest("section");
  if (section) section.hidden = refusals === null;
  $("#refusal-list").replaceChildren(list.length
    ? table(["When", "Question", "Why"], list.map((a) => [when(a.createdAt), a.question, a.refusalReason ? reasonName(a.refusalReason) : "—"]))
    : empty("No refusals recorded: every recent question found an answer."));
}

export function wireUsage(): void {
  onShowTab("usage", loadUsage);
  $("#usage-days").addEventListener("change", handle(loadUsage));
}
