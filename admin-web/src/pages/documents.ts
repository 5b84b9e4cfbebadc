// Documents: the knowledge base's documents by status, searched as you type;
// approve, reject, retry, delete; upload with a progress bar; polling while processing.
import { api, uploadWithProgress } from "../api/client.ts";
import type { DocumentRow, UploadResult } from "../api/types.ts";
import { projectPath } from "../scope.ts";
import { state } from "../state.ts";
import { onShowTab } from "../tabs.ts";
import { $, badge, eventButton, h, submitButton, when } from "../ui/dom.ts";
import { announce, busy, handle, showError } from "../ui/messages.ts";

const reviewStatuses = ["pending", "irrelevant", "failed", "processing"];
type ReviewAction = "approve" | "reject" | "retry" | "delete";

async function loadDocuments(): Promise<void> {
  clearTimeout(state.pollTimer);
  const filter = $<HTMLSelectElement>("#doc-status").value;
  const statuses = filter === "review" ? reviewStatuses : filter === "all" ? [null] : [filter];
  const lists = await Promise.all(statuses.map((st) => api<DocumentRow[]>("GET", projectPath(`/documents?limit=500${st ? `&status=${st}` : ""}`))));
  state.documents = lists.flat().sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
  renderDocuments();
  // Keep an eye on uploads still being parsed and checked.
  if (state.documents.some((d) => d.status === "processing") && state.tab === "documents") pollSoon();
}

function pollSoon(): void {
  state.pollTimer = window.setTimeout(handle(loadDocuments), 1500);
}

function renderDocuments(): void {
  const query = $<HTMLInputElement>("#doc-search").value.trim().toLowerCase();
  const docs = state.documents.filter((d) => !query || `${d.title} ${d.fileName}`.toLowerCase().includes(query));
  $("#doc-count").textContent = `${docs.length} document${docs.length === 1 ? "" : "s"}`;
  $("#doc-list").replaceChildren(...(docs.length ? docs.map(docItem) : [h("li", { class: "empty" }, query ? "No document matches your search." : "No documents here.")]));
}

function scoreText(score: DocumentRow["classifierScore"]): string {
  return score === null || score === undefined ? "—" : `${Math.round(Number(score) * 100)}%`;
}

function docItem(doc: DocumentRow): HTMLLIElement {
  const item = h("li", { class: "doc", "data-document-id": doc.id, "data-status": doc.status });
  const facts = h("dl", { class: "facts" });
  const fact = (term: string, value: string) => facts.append(h("div", {}, h("dt", {}, term), h("dd", {}, value)));
  fact("File", doc.fileName);
  fact("Uploaded", when(doc.createdAt));
  if (doc.status === "failed") fact("Step", doc.failedStep ?? "—");
  else if (doc.status !== "processing") fact("Relevance", scoreText(doc.classifierScore));
  const reason = doc.status === "failed" ? doc.failureReason : doc.classifierReason;
  const actions = h("div", { class: "actions" });
  const act = (action: ReviewAction, label: string, working: string, cls: string) => h("button", {
    type: "button", class: `btn btn-small ${cls}`, "aria-label": `${label} ${doc.title}`,
    onclick: handle((event: Event) => review(eventButton(event), doc, action, working, item)),
  }, label);
  if (doc.status === "pending" || doc.status === "irrelevant") actions.append(act("approve", "Approve", "Approving…", "btn-primary"), act("reject", "Reject", "Rejecting…", ""));
  else if (doc.status === "failed") actions.append(act("retry", "Retry", "Retrying…", "btn-primary"), act("reject", "Reject", "Rejecting…", ""));
  if (doc.status !== "processing") actions.append(act("delete", "Delete", "Deleting…", "btn-danger"));
  item.append(
    h("div", { class: "doc-main" },
      h("div", { class: "doc-title" }, h("strong", {}, doc.title), badge(doc.status, `status-${doc.status}`)),
      facts,
      reason ? h("p", { class: doc.status === "failed" ? "reason reason-failed" : "reason" }, h("span", { class: "reason-label" }, doc.status === "failed" ? "Reason: " : "Why: "), reason) : null),
    actions);
  return item;
}

const pastTense: Record<ReviewAction, string> = { approve: "approved", reject: "rejected", retry: "queued for another try", delete: "deleted" };

async function review(button: HTMLButtonElement, doc: DocumentRow, action: ReviewAction, working: string, item: HTMLLIElement): Promise<void> {
  if (action === "delete" && !window.confirm(`Delete “${doc.title}”? It is no longer answered from (its text stays available for training).`)) return;
  const updated = await busy(button, working, () => action === "delete"
    ? api("DELETE", projectPath(`/documents/${doc.id}`)).then(() => ({ status: "deleted" }))
    : api<{ status: string }>("POST", projectPath(`/documents/${doc.id}/${action}`)));
  if (!updated) return;
  announce(`“${doc.title}” ${pastTense[action]}.`);
  // Show the new state in place; the list refreshes on the next visit.
  item.dataset.status = updated.status;
  item.querySelector(".badge")?.replaceWith(badge(updated.status, `status-${updated.status}`));
  item.querySelector(".actions")?.replaceChildren(h("span", { class: "muted" }, action === "retry" ? "Retrying…" : `Marked ${updated.status}.`));
  if (action === "retry") pollSoon();
}

async function upload(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const input = $<HTMLInputElement>("#upload-file");
  const file = input.files?.[0];
  const button = submitButton(event.currentTarget);
  if (!file) {
    showError("Choose a file to upload first.");
    input.focus();
    return;
  }
  const bar = $<HTMLProgressElement>("#upload-progress");
  bar.value = 0;
  bar.hidden = false;
  const result = await busy(button, "Uploading…", () => uploadWithProgress<UploadResult>(projectPath(`/documents?fileName=${encodeURIComponent(file.name)}`), file, (fraction) => {
    bar.value = Math.round(fraction * 100);
  }));
  if (!result) {
    bar.hidden = true;
    return;
  }
  bar.value = 100;
  input.value = "";
  announce(result.deduplicated ? `“${file.name}” is already in this knowledge base.` : `“${file.name}” uploaded; Rounds is checking it now.`);
  await loadDocuments().catch(showError);
}

export function wireDocuments(): void {
  onShowTab("documents", loadDocuments);
  $("#upload-form").addEventListener("submit", handle(upload));
  $("#doc-filter").addEventListener("submit", (event) => event.preventDefault());
  $("#doc-search").addEventListener("input", renderDocuments);
  $("#doc-status").addEventListener("change", handle(loadDocuments));
}
