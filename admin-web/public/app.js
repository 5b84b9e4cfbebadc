// The Rounds admin page: plain browser code, no framework, no build step.
// It talks only to the Rounds API (same origin, session cookie + CSRF token).

const $ = (selector) => {
  const el = document.querySelector(selector);
  if (!el) throw new Error(`Missing element ${selector}`);
  return el;
};

const state = {
  csrfToken: null,
  projectId: null,
  projects: [],
  tab: "approvals",
  pollTimer: 0,
};

const signedInFlag = "rounds-admin-signed-in";

/* ---------- API ---------- */

class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

/** Calls the API; throws an ApiError carrying the problem+json `detail`. */
async function api(method, path, options = {}) {
  const headers = { accept: "application/json", ...options.headers };
  let body = options.body;
  if (options.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.json);
  }
  if (method !== "GET" && state.csrfToken) headers["x-csrf-token"] = state.csrfToken;
  let response;
  try {
    response = await fetch(path, { method, headers, body, credentials: "same-origin" });
  } catch {
    throw new ApiError(0, "Rounds could not be reached. Check your connection and try again.");
  }
  const type = response.headers.get("content-type") ?? "";
  const data = response.status === 204 ? null : type.includes("json") ? await response.json().catch(() => null) : await response.text();
  if (!response.ok) {
    const detail = data && typeof data === "object" && (data.detail || data.title);
    if (response.status === 401 && path !== "/v1/session") signedOut();
    throw new ApiError(response.status, detail || `The request failed (${response.status}).`);
  }
  return data;
}

/** Runs a chat command as the signed-in admin in the chosen knowledge base. */
function command(id, args = "", projectId = state.projectId) {
  return api("POST", `/v1/commands/${encodeURIComponent(id)}`, { json: { projectId, args } });
}

const blockText = (result) => (result?.blocks ?? []).filter((b) => b.type === "text").map((b) => b.text).join("\n");
const projectPath = (suffix = "") => `/v1/projects/${encodeURIComponent(state.projectId)}${suffix}`;

/* ---------- Messages and busy buttons ---------- */

function showError(error) {
  const alert = $("#alert");
  alert.textContent = error instanceof Error ? error.message : String(error);
  alert.hidden = false;
}

function clearError() {
  const alert = $("#alert");
  alert.hidden = true;
  alert.textContent = "";
}

let statusTimer = 0;
function announce(message) {
  const status = $("#status");
  status.textContent = message;
  clearTimeout(statusTimer);
  statusTimer = setTimeout(() => { status.textContent = ""; }, 8000);
}

/** Shows "working…" on a button while `task` runs; errors go to the alert region. */
async function busy(button, workingLabel, task) {
  const label = button.textContent;
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  button.classList.add("is-busy");
  button.textContent = workingLabel;
  clearError();
  try {
    return await task();
  } catch (error) {
    showError(error);
    return undefined;
  } finally {
    button.textContent = label;
    button.disabled = false;
    button.removeAttribute("aria-busy");
    button.classList.remove("is-busy");
  }
}

/* ---------- Small DOM helpers ---------- */

function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const when = (iso) => (iso ? dateFormat.format(new Date(iso)) : "—");
const badge = (text, tone = text) => h("span", { class: `badge badge-${String(tone).replace(/[^a-z]+/gi, "-")}` }, text);
const empty = (text) => h("p", { class: "empty" }, text);

function table(columns, rows) {
  return h("table", { class: "table" },
    h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((c) => h("td", {}, c))))));
}

/* ---------- Session ---------- */

function signedOut(message) {
  localStorage.removeItem(signedInFlag);
  state.csrfToken = null;
  clearTimeout(state.pollTimer);
  $("#app-view").hidden = true;
  $("#session-bar").hidden = true;
  $("#login-view").hidden = false;
  if (message) showError(message);
  $("#api-key").focus();
}

async function start() {
  wireEvents();
  // Only ask for the session when this browser logged in before: no 401 noise on a first visit.
  if (!localStorage.getItem(signedInFlag)) return signedOut();
  try {
    const session = await api("GET", "/v1/session");
    state.csrfToken = session.csrfToken;
    await enterApp();
  } catch (error) {
    signedOut(error instanceof ApiError && error.status === 401 ? "Your session has ended; please log in again." : error.message);
  }
}

async function enterApp() {
  const [me, projects] = await Promise.all([api("GET", "/v1/me"), api("GET", "/v1/projects")]);
  localStorage.setItem(signedInFlag, "1");
  $("#org-name").textContent = me.organization?.name ?? "Your organisation";
  state.projects = projects;
  const remembered = localStorage.getItem("rounds-admin-project");
  state.projectId = projects.find((p) => p.id === remembered)?.id ?? projects[0]?.id ?? null;
  const select = $("#project-select");
  select.replaceChildren(...projects.map((p) => h("option", { value: p.id, selected: p.id === state.projectId }, p.name)));
  select.disabled = projects.length === 0;
  $("#login-view").hidden = true;
  $("#session-bar").hidden = false;
  $("#app-view").hidden = false;
  if (!state.projectId) showError("This organisation has no knowledge base yet: run `rounds init` on the server first.");
  else showTab(state.tab);
}

/* ---------- Tabs ---------- */

const tabs = ["approvals", "models", "schedules", "consent", "refusals"];
const loaders = {
  approvals: () => loadApprovals(),
  models: () => loadModels(),
  schedules: () => loadSchedules(),
  consent: () => loadPatients(),
  refusals: () => loadRefusals(),
};

function showTab(name, focus = false) {
  state.tab = name;
  for (const t of tabs) {
    const tab = $(`#tab-${t}`);
    const selected = t === name;
    tab.setAttribute("aria-selected", String(selected));
    tab.tabIndex = selected ? 0 : -1;
    $(`#panel-${t}`).hidden = !selected;
    if (selected && focus) tab.focus();
  }
  if (state.projectId) loaders[name]().catch(showError);
}

/* ---------- Approvals ---------- */

const reviewSets = ["pending", "irrelevant", "failed", "processing"];

async function loadApprovals() {
  clearTimeout(state.pollTimer);
  const lists = await Promise.all(reviewSets.map((status) => api("GET", projectPath(`/documents?status=${status}&limit=200`))));
  reviewSets.forEach((status, i) => renderDocs(status, lists[i] ?? []));
  // Keep an eye on uploads still being parsed and checked.
  if ((lists[3] ?? []).length > 0 && state.tab === "approvals") {
    state.pollTimer = setTimeout(() => loadApprovals().catch(showError), 1500);
  }
}

function renderDocs(status, docs) {
  $(`#${status}-count`).textContent = docs.length ? String(docs.length) : "";
  if (status === "processing") $("#processing-group").hidden = docs.length === 0;
  const emptyText = {
    pending: "Nothing is waiting for review.",
    irrelevant: "No documents were flagged as off-topic.",
    failed: "No documents failed.",
    processing: "",
  }[status];
  const list = $(`#${status}-list`);
  list.replaceChildren(...(docs.length ? docs.map(docItem) : [h("li", { class: "empty" }, emptyText)]));
}

function scoreText(score) {
  return score === null || score === undefined ? "—" : `${Math.round(Number(score) * 100)}%`;
}

function docItem(doc) {
  const item = h("li", { class: "doc", "data-document-id": doc.id, "data-status": doc.status });
  const facts = h("dl", { class: "facts" });
  const fact = (term, value) => facts.append(h("div", {}, h("dt", {}, term), h("dd", {}, value)));
  fact("File", doc.fileName);
  fact("Uploaded", when(doc.createdAt));
  if (doc.status === "failed") {
    fact("Step", doc.failedStep ?? "—");
  } else if (doc.status !== "processing") {
    fact("Relevance", scoreText(doc.classifierScore));
  }
  const reason = doc.status === "failed" ? doc.failureReason : doc.classifierReason;
  const actions = h("div", { class: "actions" });
  const act = (action, label, working, cls) => h("button", {
    type: "button", class: `btn ${cls}`, "aria-label": `${label} ${doc.title}`,
    onclick: (event) => review(event.currentTarget, doc, action, working, item),
  }, label);
  if (doc.status === "pending" || doc.status === "irrelevant") {
    actions.append(act("approve", "Approve", "Approving…", "btn-primary"), act("reject", "Reject", "Rejecting…", ""));
  } else if (doc.status === "failed") {
    actions.append(act("retry", "Retry", "Retrying…", "btn-primary"), act("reject", "Reject", "Rejecting…", ""));
  }
  item.append(
    h("div", { class: "doc-main" },
      h("div", { class: "doc-title" }, h("strong", {}, doc.title), badge(doc.status, `status-${doc.status}`)),
      facts,
      reason ? h("p", { class: doc.status === "failed" ? "reason reason-failed" : "reason" }, h("span", { class: "reason-label" }, doc.status === "failed" ? "Reason: " : "Why: "), reason) : null),
    actions);
  return item;
}

async function review(button, doc, action, working, item) {
  const updated = await busy(button, working, () => api("POST", projectPath(`/documents/${doc.id}/${action}`)));
  if (!updated) return;
  const past = { approve: "approved", reject: "rejected", retry: "queued for another try" }[action];
  announce(`“${doc.title}” ${past}.`);
  // Show the new state in place; the lists refresh on the next visit.
  item.dataset.status = updated.status;
  item.querySelector(".badge")?.replaceWith(badge(updated.status, `status-${updated.status}`));
  item.querySelector(".actions")?.replaceChildren(h("span", { class: "muted" }, action === "retry" ? "Retrying…" : `Marked ${updated.status}.`));
  if (action === "retry") state.pollTimer = setTimeout(() => loadApprovals().catch(showError), 1500);
}

async function upload(event) {
  event.preventDefault();
  const input = $("#upload-file");
  const file = input.files?.[0];
  const button = event.currentTarget.querySelector("button[type=submit]");
  if (!file) {
    showError("Choose a file to upload first.");
    input.focus();
    return;
  }
  const result = await busy(button, "Uploading…", () => api("POST", projectPath(`/documents?fileName=${encodeURIComponent(file.name)}`), {
    headers: { "content-type": "application/octet-stream" }, body: file,
  }));
  if (!result) return;
  input.value = "";
  announce(result.deduplicated ? `“${file.name}” is already in this knowledge base.` : `“${file.name}” uploaded; Rounds is checking it now.`);
  await loadApprovals().catch(showError);
}

/* ---------- Models ---------- */

const modelScope = () => $("#model-scope").value;

async function loadModels() {
  const scope = modelScope();
  const [status, history] = await Promise.all([command("model", `status ${scope}`), command("model", `history ${scope}`)]);
  $("#model-status").textContent = blockText(status);
  const versions = Array.isArray(history.data) ? history.data : [];
  $("#model-history").replaceChildren(versions.length
    ? table(["Version", "Status", "Base model", "ROUGE-L", "Created"], versions.map((v) => [
      `v${v.version}`, badge(v.status, `model-${v.status}`), v.baseModel,
      typeof v.metrics?.rougeL === "number" ? v.metrics.rougeL.toFixed(3) : "—", when(v.createdAt),
    ]))
    : empty("No model versions yet. Approved knowledge is used for fine-tuning once there is enough of it."));
}

async function rollback(event) {
  const button = event.currentTarget;
  const scope = modelScope() ? "the organisation-wide model" : "this knowledge base's model";
  if (!window.confirm(`Roll back ${scope} to the previous version? Answers switch immediately.`)) return;
  const result = await busy(button, "Rolling back…", () => command("model", `rollback ${modelScope()}`));
  if (!result) return;
  announce(blockText(result));
  await loadModels().catch(showError);
}

async function dryRun(event) {
  const result = await busy(event.currentTarget, "Counting…", () => command("train", `--dry-run ${modelScope()}`));
  if (!result) return;
  const counts = result.data?.metadata?.counts ?? {};
  const box = $("#dry-run-result");
  const count = (label, value) => h("div", {}, h("dt", {}, label), h("dd", {}, value ?? "—"));
  box.replaceChildren(
    h("p", {}, blockText(result)),
    h("dl", { class: "counts" },
      count("Examples", counts.exported), count("Training", counts.train), count("Held out", counts.validation), count("Excluded", counts.excluded)));
  box.hidden = false;
}

/* ---------- Schedules ---------- */

async function loadSchedules() {
  const result = await command("schedule", "list");
  const schedules = Array.isArray(result.data) ? result.data : [];
  const projectName = (id) => state.projects.find((p) => p.id === id)?.name ?? "Another knowledge base";
  $("#schedule-list").replaceChildren(schedules.length
    ? h("ul", { class: "schedule-list" }, schedules.map((s) => h("li", { class: "schedule", "data-schedule-id": s.id },
      h("div", { class: "schedule-main" },
        h("div", { class: "doc-title" }, h("strong", {}, s.projectId ? projectName(s.projectId) : "Whole organisation"), badge(s.enabled ? "on" : "off", s.enabled ? "on" : "off")),
        h("p", { class: "schedule-when" }, s.description ?? "No timetable", s.cron ? h("span", { class: "muted" }, ` (${s.timezone})`) : null),
        s.thresholdNewExamples ? h("p", { class: "muted" }, `Also after ${s.thresholdNewExamples} new approved examples.`) : null,
        h("p", { class: "muted small" }, s.enabled ? `Next run: ${when(s.nextRunAt)}` : "Turned off", s.lastResult ? ` · Last: ${s.lastResult.status}${s.lastResult.reason ? ` (${s.lastResult.reason})` : ""}` : "")),
      s.enabled ? h("button", {
        type: "button", class: "btn", "aria-label": `Turn off schedule for ${s.projectId ? projectName(s.projectId) : "the whole organisation"}`,
        onclick: (event) => turnOff(event.currentTarget, s),
      }, "Turn off") : null)))
    : empty("No schedules yet: training only starts when an admin asks for it."));
}

async function saveSchedule(event) {
  event.preventDefault();
  const button = event.currentTarget.querySelector("button[type=submit]");
  const cron = $("#schedule-cron").value.trim();
  const timezone = $("#schedule-timezone").value.trim() || "UTC";
  const threshold = $("#schedule-threshold").value.trim();
  if (cron.includes("\"")) return showError("The cron expression cannot contain quotation marks.");
  if (!cron && !threshold) return showError("Give a cron expression, a number of new examples, or both.");
  if (threshold && !/^\d+$/.test(threshold)) return showError("The number of new examples must be a whole number.");
  const args = ["set", cron ? `"${cron}" ${timezone}` : "", threshold ? `--threshold ${threshold}` : "", $("#schedule-org").checked ? "--org" : ""].filter(Boolean).join(" ");
  const result = await busy(button, "Saving…", () => command("schedule", args));
  if (!result) return;
  announce(blockText(result));
  await loadSchedules().catch(showError);
}

async function turnOff(button, schedule) {
  const result = await busy(button, "Turning off…", () => schedule.projectId ? command("schedule", "off", schedule.projectId) : command("schedule", "off --org"));
  if (!result) return;
  announce(blockText(result));
  await loadSchedules().catch(showError);
}

/* ---------- Consent ---------- */

const consentLabels = { recording: "Recording", transcription: "Transcription", ai_analysis: "AI analysis", training_use: "Training use" };

async function loadPatients() {
  const select = $("#patient-select");
  const chosen = select.value;
  const patients = await api("GET", "/v1/patients");
  select.replaceChildren(
    h("option", { value: "" }, patients.length ? "Choose a patient…" : "No patients yet"),
    ...patients.map((p) => h("option", { value: p.id, selected: p.id === chosen }, p.externalRef ? `${p.displayName} (${p.externalRef})` : p.displayName)));
  if (select.value) await loadConsent();
}

async function loadConsent() {
  const patientId = $("#patient-select").value;
  $("#consent-body").hidden = !patientId;
  $("#consent-empty").hidden = Boolean(patientId);
  if (!patientId) return;
  const { status, history } = await api("GET", `/v1/patients/${encodeURIComponent(patientId)}/consent`);
  const patientName = $("#patient-select").selectedOptions[0]?.textContent ?? "this patient";
  $("#consent-status").replaceChildren(...Object.entries(status).map(([type, value]) => {
    const label = consentLabels[type] ?? type;
    const button = (action, text, cls) => h("button", {
      type: "button", class: `btn btn-small ${cls}`, disabled: value === action, "aria-label": `${text} ${label}`,
      onclick: (event) => recordConsent(event.currentTarget, patientId, type, action, label, patientName),
    }, text);
    return h("tr", { "data-consent-type": type },
      h("th", { scope: "row" }, label),
      h("td", {}, badge(value, `consent-${value}`)),
      h("td", { class: "row-actions" }, button("granted", "Grant", "btn-primary"), button("revoked", "Revoke", "")));
  }));
  $("#consent-history").replaceChildren(history.length
    ? table(["When", "Consent", "Action", "How"], [...history].reverse().map((e) => [when(e.at), consentLabels[e.type] ?? e.type, badge(e.action, `consent-${e.action}`), e.method.replace("_", " ")]))
    : empty("Nothing recorded yet."));
}

async function recordConsent(button, patientId, type, action, label, patientName) {
  const done = await busy(button, action === "granted" ? "Granting…" : "Revoking…", () => api("POST", `/v1/patients/${encodeURIComponent(patientId)}/consent`, { json: { type, action } }));
  if (!done) return;
  announce(`${label} consent ${action} for ${patientName}.`);
  await loadConsent().catch(showError);
}

/* ---------- Refusals ---------- */

async function loadRefusals() {
  const result = await command("refusals");
  const list = Array.isArray(result.data) ? result.data : [];
  $("#refusal-list").replaceChildren(list.length
    ? table(["When", "Question", "Why"], list.map((a) => [when(a.createdAt), a.question, a.refusalReason ? a.refusalReason.replaceAll("_", " ") : "—"]))
    : empty("No refusals recorded: every recent question found an answer."));
}

/* ---------- Wiring ---------- */

function wireEvents() {
  $("#login-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const key = $("#api-key");
    if (!key.value.trim()) {
      showError("Enter your API key.");
      key.focus();
      return;
    }
    const button = event.currentTarget.querySelector("button[type=submit]");
    await busy(button, "Logging in…", async () => {
      const session = await api("POST", "/v1/session", { json: { apiKey: key.value.trim() } });
      state.csrfToken = session.csrfToken;
      key.value = "";
      await enterApp();
      $("#main").focus();
    });
  });

  $("#logout").addEventListener("click", async (event) => {
    await busy(event.currentTarget, "Logging out…", async () => {
      await api("DELETE", "/v1/session");
      signedOut();
      announce("You are logged out.");
    });
  });

  $("#project-select").addEventListener("change", (event) => {
    state.projectId = event.currentTarget.value;
    localStorage.setItem("rounds-admin-project", state.projectId);
    clearError();
    showTab(state.tab);
  });

  const tablist = $("[role=tablist]");
  tablist.addEventListener("click", (event) => {
    const tab = event.target.closest("[role=tab]");
    if (tab) showTab(tab.id.replace("tab-", ""));
  });
  tablist.addEventListener("keydown", (event) => {
    const i = tabs.indexOf(state.tab);
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    showTab(tabs[(next + tabs.length) % tabs.length], true);
  });

  $("#upload-form").addEventListener("submit", upload);
  $("#model-scope").addEventListener("change", () => loadModels().catch(showError));
  $("#rollback").addEventListener("click", rollback);
  $("#dry-run").addEventListener("click", dryRun);
  $("#schedule-form").addEventListener("submit", saveSchedule);
  $("#patient-select").addEventListener("change", () => loadConsent().catch(showError));
}

start();
