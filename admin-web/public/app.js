// The Rounds admin page: plain browser code, no framework, no build step.
// It talks only to the Rounds API (same origin, session cookie + CSRF token).
// Charts are inline SVG built here (the CSP forbids inline styles: classes and
// SVG attributes only).

const $ = (selector) => {
  const el = document.querySelector(selector);
  if (!el) throw new Error(`Missing element ${selector}`);
  return el;
};

const state = {
  csrfToken: null,
  projectId: null,
  projects: [],
  tab: "schedules",
  role: null,
  pollTimer: 0,
  jobsTimer: 0,
  schedules: [],
  auditBefore: null,
};

const signedInFlag = "rounds-admin-signed-in";

/* ---------- API ---------- */

class ApiError extends Error {
  constructor(status, detail, field = null, problem = null) {
    super(detail);
    this.status = status;
    /** The request field a validation error is about (problem+json `field`), if any. */
    this.field = field;
    /** The problem document's `reason` and `role` (a refused login names the role that may not log in). */
    this.reason = problem?.reason ?? null;
    this.role = problem?.role ?? null;
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
    const problem = data && typeof data === "object" ? data : null;
    throw new ApiError(response.status, detail || `The request failed (${response.status}).`, problem?.field ?? null, problem);
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

const svgNs = "http://www.w3.org/2000/svg";
function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(svgNs, tag);
  for (const [key, value] of Object.entries(attrs)) if (value !== undefined && value !== null) el.setAttribute(key, String(value));
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

let chartSeq = 0;
/**
 * A bar chart as inline SVG. `series` is one or two named value lists over
 * the same `labels` (two series draw grouped bars). Each bar carries
 * `data-label`, `data-series` and `data-value` and a tooltip; the chart has
 * a title and a text summary for screen readers.
 */
function barChart({ title, labels, series, summary, format = (v) => String(v), labelEvery = 1, max }) {
  const id = `chart-${++chartSeq}`;
  const width = 560;
  const height = 200;
  const pad = { top: 12, right: 8, bottom: 34, left: 40 };
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const top = max ?? Math.max(1, ...series.flatMap((sr) => sr.values));
  const slot = innerW / Math.max(1, labels.length);
  const barW = Math.max(2, (slot * 0.75) / series.length);
  const y = (v) => pad.top + innerH - (v / top) * innerH;
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart", role: "img", "aria-labelledby": `${id}-title ${id}-desc` },
    s("title", { id: `${id}-title` }, title),
    s("desc", { id: `${id}-desc` }, summary),
    s("line", { x1: pad.left, y1: pad.top + innerH, x2: width - pad.right, y2: pad.top + innerH, class: "axis" }),
    s("text", { x: pad.left - 6, y: pad.top + 4, class: "tick", "text-anchor": "end" }, format(top)),
    s("text", { x: pad.left - 6, y: pad.top + innerH, class: "tick", "text-anchor": "end" }, format(0)));
  labels.forEach((label, i) => {
    series.forEach((sr, k) => {
      const value = sr.values[i] ?? 0;
      const x = pad.left + i * slot + (slot - barW * series.length) / 2 + k * barW;
      svg.append(s("rect", {
        x: x.toFixed(1), y: y(value).toFixed(1), width: barW.toFixed(1), height: Math.max(0, pad.top + innerH - y(value)).toFixed(1),
        class: `bar bar-${k}`, "data-label": label, "data-series": sr.name, "data-value": value,
      }, s("title", {}, `${label} · ${sr.name}: ${format(value)}`)));
    });
    if (i % labelEvery === 0) svg.append(s("text", { x: (pad.left + i * slot + slot / 2).toFixed(1), y: height - 14, class: "tick", "text-anchor": "middle" }, label));
  });
  const legend = series.length > 1
    ? h("ul", { class: "legend" }, series.map((sr, k) => h("li", {}, h("span", { class: `swatch swatch-${k}`, "aria-hidden": "true" }), sr.name)))
    : null;
  return h("figure", { class: "chart-figure" }, svg, legend);
}

/* ---------- Session ---------- */

function signedOut(message) {
  localStorage.removeItem(signedInFlag);
  state.csrfToken = null;
  state.role = null;
  clearTimeout(state.pollTimer);
  clearTimeout(state.jobsTimer);
  $("#app-view").hidden = true;
  $("#denied-view").hidden = true;
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
    await enterApp(session.user);
  } catch (error) {
    signedOut(error instanceof ApiError && error.status === 401 ? "Your session has ended; please log in again." : error.message);
  }
}

const pageRoles = ["admin", "auditor"];

/** Why this key cannot use the page: the server opens no session for other roles, so nothing else is loaded. */
function showDenied(role) {
  $("#login-view").hidden = true;
  $("#session-bar").hidden = true;
  $("#org-name").textContent = "";
  $("#project-select").closest(".project-picker").hidden = true;
  $("#denied-message").textContent = `The admin page is for admins and auditors; you are signed in as a ${role}. Use Rounds from your chat instead.`;
  $("#denied-view").hidden = false;
  $("#app-view").hidden = true;
}

/** Opens the app for admins (everything) and auditors (read-only pages); anyone else sees why not, and nothing is loaded. */
async function enterApp(user) {
  localStorage.setItem(signedInFlag, "1");
  state.role = user.role;
  $("#login-view").hidden = true;
  $("#session-bar").hidden = false;
  if (!pageRoles.includes(user.role)) return showDenied(user.role);
  $("#project-select").closest(".project-picker").hidden = false;
  const [me, projects] = await Promise.all([api("GET", "/v1/me"), api("GET", "/v1/projects")]);
  $("#org-name").textContent = me.organization?.name ?? "Your organisation";
  state.projects = projects;
  const remembered = localStorage.getItem("rounds-admin-project");
  state.projectId = projects.find((p) => p.id === remembered)?.id ?? projects[0]?.id ?? null;
  const select = $("#project-select");
  select.replaceChildren(...projects.map((p) => h("option", { value: p.id, selected: p.id === state.projectId }, p.name)));
  select.disabled = projects.length === 0;
  for (const tab of document.querySelectorAll("[role=tab]")) tab.hidden = !tab.dataset.roles.split(" ").includes(state.role);
  for (const el of document.querySelectorAll(".admin-only")) el.hidden = state.role !== "admin";
  if (!visibleTabs().includes(state.tab)) state.tab = visibleTabs()[0];
  $("#denied-view").hidden = true;
  $("#app-view").hidden = false;
  if (!state.projectId) showError("This organisation has no knowledge base yet: run `rounds init` on the server first.");
  else showTab(state.tab);
}

/* ---------- Tabs ---------- */

const tabs = ["schedules", "documents", "models", "training", "consent", "usage"];
const visibleTabs = () => tabs.filter((t) => !$(`#tab-${t}`).hidden);
const loaders = {
  schedules: () => loadSchedules(),
  documents: () => loadDocuments(),
  models: () => loadModels(),
  training: () => loadTrainingData(),
  consent: () => Promise.all([loadPatients(), loadAudit()]),
  usage: () => loadUsage(),
};

function showTab(name, focus = false) {
  state.tab = name;
  clearTimeout(state.pollTimer);
  clearTimeout(state.jobsTimer);
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

/** `project` or `organization` from a scope picker, as the API's scope (a project id or `organization`). */
const scopeOf = (select) => ($(select).value === "organization" ? "organization" : state.projectId);

/* ---------- Schedules ---------- */

const projectName = (id) => state.projects.find((p) => p.id === id)?.name ?? "Another knowledge base";
const scheduleName = (sch) => (sch.projectId ? projectName(sch.projectId) : "Whole organisation");

async function loadSchedules() {
  const schedules = await api("GET", "/v1/training/schedules");
  state.schedules = schedules;
  const admin = state.role === "admin";
  $("#schedule-list").replaceChildren(schedules.length
    ? h("ul", { class: "schedule-list" }, schedules.map((sch) => h("li", { class: "schedule", "data-schedule-id": sch.id },
      h("div", { class: "schedule-main" },
        h("div", { class: "doc-title" }, h("strong", {}, scheduleName(sch)), badge(sch.enabled ? "on" : "off", sch.enabled ? "on" : "off")),
        h("p", { class: "schedule-when" }, sch.description ?? "No timetable", sch.cron ? h("span", { class: "muted" }, ` (${sch.timezone})`) : null),
        sch.thresholdNewExamples ? h("p", { class: "muted" }, `Also after ${sch.thresholdNewExamples} new approved examples.`) : null,
        paramsLine(sch.params),
        h("p", { class: "muted small next-run" }, sch.enabled ? `Next run: ${when(sch.nextRunAt)}` : "Turned off"),
        h("p", { class: "muted small last-run" }, sch.lastRunAt || sch.lastResult
          ? `Last run: ${when(sch.lastRunAt ?? sch.lastResult?.at)} · ${sch.lastResult?.status ?? "—"}${sch.lastResult?.reason ? ` (${sch.lastResult.reason})` : ""}`
          : "Not run yet")),
      admin ? h("div", { class: "actions" },
        h("button", { type: "button", class: "btn btn-small", "aria-label": `Edit schedule for ${scheduleName(sch)}`, onclick: () => editSchedule(sch) }, "Edit"),
        h("button", {
          type: "button", class: "btn btn-small", "aria-label": `${sch.enabled ? "Turn off" : "Turn on"} schedule for ${scheduleName(sch)}`,
          onclick: (event) => toggleSchedule(event.currentTarget, sch),
        }, sch.enabled ? "Turn off" : "Turn on")) : null)))
    : empty("No schedules yet: training only starts when an admin asks for it."));
  if (admin) resetScheduleForm();
}

function paramsLine(params = {}) {
  const parts = [
    params.minConfidence !== undefined ? `min confidence ${params.minConfidence}` : null,
    params.humanReviewedOnly ? "human-reviewed only" : null,
    params.epochs ? `${params.epochs} epochs` : null,
    params.learningRateMultiplier ? `learning rate ×${params.learningRateMultiplier}` : null,
  ].filter(Boolean);
  return parts.length ? h("p", { class: "muted small params-line" }, `Training: ${parts.join(", ")}`) : null;
}

const fieldIds = ["cron", "timezone", "thresholdNewExamples", "params.minConfidence", "params.epochs", "params.learningRateMultiplier"];
const fieldInputs = {
  cron: "schedule-cron", timezone: "schedule-timezone", thresholdNewExamples: "schedule-threshold",
  "params.minConfidence": "param-min-confidence", "params.epochs": "param-epochs", "params.learningRateMultiplier": "param-lr",
};

function clearFieldErrors() {
  for (const field of fieldIds) {
    const box = document.getElementById(`error-${field}`);
    box.hidden = true;
    box.textContent = "";
    document.getElementById(fieldInputs[field]).removeAttribute("aria-invalid");
  }
}

/** Shows a validation error under its field (and focuses it); `false` when the field is not on this form. */
function showFieldError(field, message) {
  const box = field && document.getElementById(`error-${field}`);
  if (!box) return false;
  box.textContent = message;
  box.hidden = false;
  const input = document.getElementById(fieldInputs[field]);
  input.setAttribute("aria-invalid", "true");
  input.focus();
  return true;
}

/** Fills the form with the chosen scope's schedule (Cancel goes back to it), or empties it. */
function resetScheduleForm() {
  clearFieldErrors();
  const projectId = $("#schedule-scope").value === "organization" ? null : state.projectId;
  const sch = state.schedules.find((x) => x.projectId === projectId);
  $("#schedule-cron").value = sch?.cron ?? "";
  $("#schedule-timezone").value = sch?.timezone ?? "UTC";
  $("#schedule-threshold").value = sch?.thresholdNewExamples ?? "";
  $("#param-min-confidence").value = sch?.params?.minConfidence ?? "";
  $("#param-human-reviewed").checked = Boolean(sch?.params?.humanReviewedOnly);
  $("#param-epochs").value = sch?.params?.epochs ?? "";
  $("#param-lr").value = sch?.params?.learningRateMultiplier ?? "";
  $("#schedule-enabled").checked = sch ? sch.enabled : true;
}

function editSchedule(sch) {
  $("#schedule-scope").value = sch.projectId ? "project" : "organization";
  if (sch.projectId && sch.projectId !== state.projectId) {
    state.projectId = sch.projectId;
    $("#project-select").value = sch.projectId;
  }
  resetScheduleForm();
  $("#schedule-cron").focus();
}

const numberOrUndefined = (value) => (value.trim() === "" ? undefined : Number(value));

async function saveSchedule(event) {
  event.preventDefault();
  clearFieldErrors();
  clearError();
  const button = event.currentTarget.querySelector("button[type=submit]");
  const threshold = $("#schedule-threshold").value.trim();
  if (threshold && !/^\d+$/.test(threshold)) return showFieldError("thresholdNewExamples", "The number of new examples must be a whole number.");
  const params = Object.fromEntries(Object.entries({
    minConfidence: numberOrUndefined($("#param-min-confidence").value),
    humanReviewedOnly: $("#param-human-reviewed").checked || undefined,
    epochs: numberOrUndefined($("#param-epochs").value),
    learningRateMultiplier: numberOrUndefined($("#param-lr").value),
  }).filter(([, v]) => v !== undefined));
  const body = {
    cron: $("#schedule-cron").value.trim() || null,
    timezone: $("#schedule-timezone").value.trim() || "UTC",
    thresholdNewExamples: threshold ? Number(threshold) : null,
    enabled: $("#schedule-enabled").checked,
    params,
  };
  const label = button.textContent;
  button.disabled = true;
  button.textContent = "Saving…";
  try {
    const saved = await api("PUT", `/v1/training/schedules/${encodeURIComponent(scopeOf("#schedule-scope"))}`, { json: body });
    announce(`Schedule saved: ${saved.description ?? "threshold only"}; next run ${saved.nextRunAt ? when(saved.nextRunAt) : "when the threshold is reached"}.`);
    await loadSchedules();
  } catch (error) {
    if (!(error instanceof ApiError && showFieldError(error.field, error.message))) showError(error);
  } finally {
    button.disabled = false;
    button.textContent = label;
  }
}

async function toggleSchedule(button, sch) {
  const done = await busy(button, sch.enabled ? "Turning off…" : "Turning on…", () => api("PUT", `/v1/training/schedules/${encodeURIComponent(sch.projectId ?? "organization")}`, {
    json: { cron: sch.cron, timezone: sch.timezone, thresholdNewExamples: sch.thresholdNewExamples, enabled: !sch.enabled, params: sch.params ?? {} },
  }));
  if (!done) return;
  announce(`Scheduled training for ${scheduleName(sch)} is ${done.enabled ? "on" : "off"}.`);
  await loadSchedules().catch(showError);
}

/* ---------- Documents ---------- */

const reviewStatuses = ["pending", "irrelevant", "failed", "processing"];

async function loadDocuments() {
  clearTimeout(state.pollTimer);
  const filter = $("#doc-status").value;
  const statuses = filter === "review" ? reviewStatuses : filter === "all" ? [null] : [filter];
  const lists = await Promise.all(statuses.map((st) => api("GET", projectPath(`/documents?limit=500${st ? `&status=${st}` : ""}`))));
  state.documents = lists.flat().sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
  renderDocuments();
  // Keep an eye on uploads still being parsed and checked.
  if (state.documents.some((d) => d.status === "processing") && state.tab === "documents") {
    state.pollTimer = setTimeout(() => loadDocuments().catch(showError), 1500);
  }
}

function renderDocuments() {
  const query = $("#doc-search").value.trim().toLowerCase();
  const docs = (state.documents ?? []).filter((d) => !query || `${d.title} ${d.fileName}`.toLowerCase().includes(query));
  $("#doc-count").textContent = `${docs.length} document${docs.length === 1 ? "" : "s"}`;
  $("#doc-list").replaceChildren(...(docs.length ? docs.map(docItem) : [h("li", { class: "empty" }, query ? "No document matches your search." : "No documents here.")]));
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
  if (doc.status === "failed") fact("Step", doc.failedStep ?? "—");
  else if (doc.status !== "processing") fact("Relevance", scoreText(doc.classifierScore));
  const reason = doc.status === "failed" ? doc.failureReason : doc.classifierReason;
  const actions = h("div", { class: "actions" });
  const act = (action, label, working, cls) => h("button", {
    type: "button", class: `btn btn-small ${cls}`, "aria-label": `${label} ${doc.title}`,
    onclick: (event) => review(event.currentTarget, doc, action, working, item),
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

async function review(button, doc, action, working, item) {
  if (action === "delete" && !window.confirm(`Delete “${doc.title}”? It is no longer answered from (its text stays available for training).`)) return;
  const updated = await busy(button, working, () => action === "delete"
    ? api("DELETE", projectPath(`/documents/${doc.id}`)).then(() => ({ status: "deleted" }))
    : api("POST", projectPath(`/documents/${doc.id}/${action}`)));
  if (!updated) return;
  const past = { approve: "approved", reject: "rejected", retry: "queued for another try", delete: "deleted" }[action];
  announce(`“${doc.title}” ${past}.`);
  // Show the new state in place; the list refreshes on the next visit.
  item.dataset.status = updated.status;
  item.querySelector(".badge")?.replaceWith(badge(updated.status, `status-${updated.status}`));
  item.querySelector(".actions")?.replaceChildren(h("span", { class: "muted" }, action === "retry" ? "Retrying…" : `Marked ${updated.status}.`));
  if (action === "retry") state.pollTimer = setTimeout(() => loadDocuments().catch(showError), 1500);
}

/** Sends the file as the raw body with XMLHttpRequest, whose upload events drive the progress bar. */
function uploadWithProgress(url, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("content-type", "application/octet-stream");
    xhr.setRequestHeader("accept", "application/json");
    if (state.csrfToken) xhr.setRequestHeader("x-csrf-token", state.csrfToken);
    xhr.upload.onprogress = (event) => { if (event.lengthComputable) onProgress(event.loaded / event.total); };
    xhr.onload = () => {
      let data = null;
      try { data = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(data);
      if (xhr.status === 401) signedOut();
      reject(new ApiError(xhr.status, data?.detail || data?.title || `The upload failed (${xhr.status}).`));
    };
    xhr.onerror = () => reject(new ApiError(0, "Rounds could not be reached. Check your connection and try again."));
    xhr.send(file);
  });
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
  const bar = $("#upload-progress");
  bar.value = 0;
  bar.hidden = false;
  const result = await busy(button, "Uploading…", () => uploadWithProgress(projectPath(`/documents?fileName=${encodeURIComponent(file.name)}`), file, (fraction) => {
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

/* ---------- Models ---------- */

const metricNames = { rougeL: "ROUGE-L", bleu: "BLEU", citationValidity: "Citations valid" };

async function loadModels() {
  clearTimeout(state.jobsTimer);
  const scope = scopeOf("#model-scope");
  const data = await api("GET", `/v1/training/models?scope=${encodeURIComponent(scope)}`);
  const byId = new Map(data.versions.map((v) => [v.id, v]));
  const describe = (id) => (id && byId.get(id) ? `v${byId.get(id).version} · ${byId.get(id).baseModel}` : "none");
  const alias = (name, id) => h("div", { "data-alias": name }, h("dt", {}, name), h("dd", {}, describe(id)));
  $("#model-aliases").replaceChildren(alias("Active", data.aliases.active), alias("Candidate", data.aliases.candidate), alias("Previous", data.aliases.previous));
  if (!data.aliases.active) $("#model-aliases").append(h("p", { class: "muted small" }, "No fine-tuned model is active: answers use the configured model."));
  $("#rollback").disabled = !data.aliases.previous;

  renderJobs(data.jobs);
  if (data.jobs.length && state.tab === "models") state.jobsTimer = setTimeout(() => loadModels().catch(showError), 3000);

  const admin = state.role === "admin";
  $("#model-history").replaceChildren(data.versions.length
    ? table(["Version", "Status", "Lineage", "Gate", "Created", admin ? "" : null].filter((c) => c !== null), data.versions.map((v) => [
      h("span", { class: "version", "data-version-id": v.id }, `v${v.version}`, v.aliases.length ? h("span", { class: "muted small" }, ` (${v.aliases.join(", ")})`) : null),
      badge(v.status, `model-${v.status}`),
      h("span", { class: "lineage" }, v.lineage.parentVersion ? `from v${v.lineage.parentVersion}, ` : "", `base ${v.lineage.baseModel}`),
      v.gateVerdict ?? "—",
      when(v.createdAt),
      admin ? h("div", { class: "row-actions" },
        ["ready", "candidate", "deprecated"].includes(v.status) && v.id !== data.aliases.active
          ? h("button", { type: "button", class: "btn btn-small btn-primary", "aria-label": `Promote v${v.version}`, onclick: (event) => changeModel(event.currentTarget, v, "promote") }, "Promote") : null,
        ["ready", "candidate"].includes(v.status) && v.id !== data.aliases.active
          ? h("button", { type: "button", class: "btn btn-small", "aria-label": `Reject v${v.version}`, onclick: (event) => changeModel(event.currentTarget, v, "reject") }, "Reject") : null) : undefined,
    ].filter((c) => c !== undefined)))
    : empty("No model versions yet. Approved knowledge is used for fine-tuning once there is enough of it."));

  const evaluated = data.versions.find((v) => v.id === data.aliases.candidate && v.evaluation) ?? data.versions.find((v) => v.evaluation);
  const box = $("#model-eval");
  if (!evaluated) {
    box.replaceChildren(empty("No evaluation yet: a candidate is compared with the active model on held-out questions when its training finishes."));
    return;
  }
  const ev = evaluated.evaluation;
  const keys = Object.keys(metricNames);
  box.replaceChildren(
    h("p", {}, `v${evaluated.version} against the model active when it was evaluated, on ${ev.n} held-out question${ev.n === 1 ? "" : "s"}: `, badge(ev.verdict === "pass" ? "passed" : "regressed", ev.verdict === "pass" ? "on" : "status-failed")),
    barChart({
      title: `Evaluation of v${evaluated.version}: candidate and active model`,
      summary: keys.map((k) => `${metricNames[k]}: candidate ${ev.candidate[k].toFixed(3)}, active ${ev.active[k].toFixed(3)}`).join("; "),
      labels: keys.map((k) => metricNames[k]),
      series: [{ name: "Candidate", values: keys.map((k) => ev.candidate[k]) }, { name: "Active", values: keys.map((k) => ev.active[k]) }],
      format: (v) => Number(v).toFixed(2), max: 1,
    }),
    ...(ev.regressions.length ? [h("p", { class: "reason reason-failed" }, `Worse than the active model on: ${ev.regressions.map((k) => metricNames[k] ?? k).join(", ")}.`)] : []));
}

function renderJobs(jobs) {
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

async function changeModel(button, version, action) {
  const question = action === "promote"
    ? `Make v${version.version} the model that answers questions? Answers switch immediately.`
    : `Reject v${version.version}? It will not be promoted.`;
  if (!window.confirm(question)) return;
  const done = await busy(button, action === "promote" ? "Promoting…" : "Rejecting…", () => api("POST", `/v1/training/models/${version.id}/${action}`));
  if (!done) return;
  announce(action === "promote" ? `v${version.version} now answers questions.` : `v${version.version} rejected.`);
  await loadModels().catch(showError);
}

async function rollback(event) {
  const button = event.currentTarget;
  const scope = $("#model-scope").value === "organization" ? "the organisation-wide model" : "this knowledge base's model";
  if (!window.confirm(`Roll back ${scope} to the previous version? Answers switch immediately.`)) return;
  const done = await busy(button, "Rolling back…", () => api("POST", `/v1/training/scopes/${encodeURIComponent(scopeOf("#model-scope"))}/rollback`));
  if (!done) return;
  announce("Rolled back to the previous version.");
  await loadModels().catch(showError);
}

/* ---------- Training data ---------- */

const sourceNames = { chunk: "Approved guidance", qa: "Verified Q&A", rated_answer: "Helpful answers" };

async function loadTrainingData() {
  const data = await api("GET", `/v1/training/data?scope=${encodeURIComponent(scopeOf("#training-scope"))}`);
  const c = data.counts;
  const count = (label, value) => h("div", {}, h("dt", {}, label), h("dd", {}, value ?? "—"));
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
  $("#training-chart").replaceChildren(barChart({
    title: "Training examples by source",
    summary: sources.map((k) => `${sourceNames[k]}: ${data.bySource[k] ?? 0}`).join("; "),
    labels: sources.map((k) => sourceNames[k]),
    series: [{ name: "Examples", values: sources.map((k) => data.bySource[k] ?? 0) }],
  }));
  const types = Object.keys(data.placeholders ?? {}).sort();
  $("#placeholder-chart").replaceChildren(types.length
    ? h("div", {}, h("h4", {}, "Identifiers replaced by placeholders"), barChart({
      title: "De-identified identifiers by type",
      summary: types.map((k) => `${k}: ${data.placeholders[k]}`).join("; "),
      labels: types, series: [{ name: "Placeholders", values: types.map((k) => data.placeholders[k]) }],
    }))
    : h("p", { class: "muted small" }, "No identifiers had to be replaced."));
}

async function exportData(event) {
  const done = await busy(event.currentTarget, "Exporting…", () => api("POST", "/v1/training/exports", { json: { scope: scopeOf("#training-scope") } }));
  if (!done) return;
  const box = $("#export-result");
  box.replaceChildren(
    h("p", {}, `Exported ${done.metadata.counts.exported} examples (${done.metadata.counts.train} training, ${done.metadata.counts.validation} held out).`),
    h("ul", { class: "files" }, done.files.map((f) => h("li", {}, h("a", { href: f.url, download: f.name }, `Download ${f.name}`)))));
  box.hidden = false;
  announce("Training data exported.");
}

async function startTrainingRun(event) {
  if (!window.confirm("Start a fine-tune on this training data now?")) return;
  const done = await busy(event.currentTarget, "Starting…", () => api("POST", "/v1/training/jobs", { json: { scope: scopeOf("#training-scope") } }));
  if (!done) return;
  announce(done.status === "started" ? `Training started: candidate v${done.version.version}. Follow it under Models.` : `Not enough data yet: ${done.missing} more examples are needed.`);
}

/* ---------- Consent ---------- */

const consentLabels = { recording: "Recording", transcription: "Transcription", ai_analysis: "AI analysis", training_use: "Training use", psychotherapy_notes: "Psychotherapy notes (authorisation)" };

async function loadPatients() {
  const select = $("#patient-select");
  const chosen = select.value;
  const auditChosen = $("#audit-patient").value;
  const patients = await api("GET", "/v1/patients");
  const label = (p) => (p.externalRef ? `${p.displayName} (${p.externalRef})` : p.displayName);
  select.replaceChildren(
    h("option", { value: "" }, patients.length ? "Choose a patient…" : "No patients yet"),
    ...patients.map((p) => h("option", { value: p.id, selected: p.id === chosen }, label(p))));
  $("#audit-patient").replaceChildren(h("option", { value: "" }, "Any"), ...patients.map((p) => h("option", { value: p.id, selected: p.id === auditChosen }, label(p))));
  if (select.value) await loadConsent();
}

async function loadConsent() {
  const patientId = $("#patient-select").value;
  $("#consent-body").hidden = !patientId;
  $("#consent-empty").hidden = Boolean(patientId);
  if (!patientId) return;
  const { status, history } = await api("GET", `/v1/patients/${encodeURIComponent(patientId)}/consent`);
  const patientName = $("#patient-select").selectedOptions[0]?.textContent ?? "this patient";
  const admin = state.role === "admin";
  $("#consent-status").replaceChildren(...Object.entries(status).map(([type, value]) => {
    const label = consentLabels[type] ?? type;
    const button = (action, text, cls) => h("button", {
      type: "button", class: `btn btn-small ${cls}`, disabled: value === action, "aria-label": `${text} ${label}`,
      onclick: (event) => recordConsent(event.currentTarget, patientId, type, action, label, patientName),
    }, text);
    return h("tr", { "data-consent-type": type },
      h("th", { scope: "row" }, label),
      h("td", {}, badge(value, `consent-${value}`)),
      h("td", { class: "row-actions" }, admin ? [button("granted", "Grant", "btn-primary"), button("revoked", "Revoke", "")] : null));
  }));
  $("#consent-history").replaceChildren(history.length
    ? table(["When", "Consent", "Action", "How"], [...history].reverse().map((e) => [when(e.at), consentLabels[e.type] ?? e.type, badge(e.action, `consent-${e.action}`), e.method.replace("_", " ")]))
    : empty("Nothing recorded yet."));
}

async function recordConsent(button, patientId, type, action, label, patientName) {
  const done = await busy(button, action === "granted" ? "Granting…" : "Revoking…", () => api("POST", `/v1/patients/${encodeURIComponent(patientId)}/consent`, { json: { type, action } }));
  if (!done) return;
  announce(`${label} consent ${action} for ${patientName}.`);
  await Promise.all([loadConsent(), loadAudit()]).catch(showError);
}

/* ---------- Audit log ---------- */

/** The filter form as API query parameters (shared by the table and the CSV link). */
function auditParams() {
  const params = new URLSearchParams();
  const put = (name, value) => { if (value.trim()) params.set(name, value.trim()); };
  put("action", $("#audit-action").value);
  put("actorUserId", $("#audit-actor").value);
  put("patientId", $("#audit-patient").value);
  // Date fields are whole days in the browser's time zone; the API takes instants.
  const day = (value, time) => (value ? new Date(`${value}T${time}`).toISOString() : "");
  put("from", day($("#audit-from").value, "00:00:00"));
  put("to", day($("#audit-to").value, "23:59:59.999"));
  params.set("limit", $("#audit-limit").value);
  return params;
}

async function loadAudit(before = null) {
  const params = auditParams();
  const csv = new URLSearchParams(params);
  csv.delete("limit"); // the CSV holds every matching entry
  csv.set("format", "csv");
  $("#audit-csv").setAttribute("href", `/v1/audit?${csv}`);
  if (before) params.set("before", String(before));
  const page = await api("GET", `/v1/audit?${params}`);
  state.auditBefore = page.next;
  $("#audit-older").hidden = !page.next;
  const patientNames = new Map([...$("#audit-patient").options].filter((o) => o.value).map((o) => [o.value, o.textContent]));
  $("#audit-list").replaceChildren(page.entries.length
    ? table(["When", "Action", "Who", "Target", "Patient", "Channel"], page.entries.map((r) => [
      when(r.at), h("code", {}, r.action), r.actorRole ? `${r.actorRole} ${String(r.actorUserId ?? "").slice(0, 8)}` : "system",
      r.targetType ? `${r.targetType} ${String(r.targetId ?? "").slice(0, 12)}` : "—", r.patientId ? patientNames.get(r.patientId) ?? r.patientId.slice(0, 8) : "—", r.channel ?? "—",
    ]))
    : empty("No audit entries match these filters."));
  const actions = new Set([...$("#audit-actions").options].map((o) => o.value));
  for (const r of page.entries) if (!actions.has(r.action)) { actions.add(r.action); $("#audit-actions").append(h("option", { value: r.action })); }
}

/* ---------- Usage ---------- */

const reasonNames = { no_evidence: "No evidence", weak_evidence: "Weak evidence", model_declined: "Model declined", uncited: "Uncited", invalid_citation: "Invalid citation" };
const ms = (v) => (v === null || v === undefined ? "—" : `${Math.round(v)} ms`);

async function loadUsage() {
  const days = Number($("#usage-days").value);
  const [u, refusals] = await Promise.all([
    api("GET", `/v1/usage?days=${days}&projectId=${encodeURIComponent(state.projectId)}`),
    state.role === "admin" ? command("refusals") : Promise.resolve(null),
  ]);
  const total = u.perDay.reduce((n, d) => n + d.questions, 0);
  const refused = u.perDay.reduce((n, d) => n + d.refusals, 0);
  const stat = (label, value, key) => h("div", { "data-stat": key }, h("dt", {}, label), h("dd", {}, value));
  $("#usage-stats").replaceChildren(
    stat("Questions", String(total), "questions"),
    stat("Refused", total ? `${refused} (${Math.round((refused / total) * 100)}%)` : "0", "refused"),
    stat("Helpful", u.feedbackRatio === null ? "no ratings" : `${Math.round(u.feedbackRatio * 100)}% of ${u.feedback.up + u.feedback.down}`, "feedback"),
    stat("Latency p50 / p95", `${ms(u.latencyMs.p50)} / ${ms(u.latencyMs.p95)}`, "latency"));
  const short = (day) => day.slice(5);
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
      title: "Refusals by reason", summary: reasons.map(([k, n]) => `${reasonNames[k] ?? k}: ${n}`).join("; "),
      labels: reasons.map(([k]) => reasonNames[k] ?? k), series: [{ name: "Refusals", values: reasons.map(([, n]) => n) }],
    })
    : empty("No refusals in this period."));
  const list = Array.isArray(refusals?.data) ? refusals.data : [];
  $("#refusals-title").closest("section").hidden = refusals === null;
  $("#refusal-list").replaceChildren(list.length
    ? table(["When", "Question", "Why"], list.map((a) => [when(a.createdAt), a.question, a.refusalReason ? reasonNames[a.refusalReason] ?? a.refusalReason : "—"]))
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
      let session;
      try {
        session = await api("POST", "/v1/session", { json: { apiKey: key.value.trim() } });
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 403 && error.reason === "role" && error.role)) throw error;
        key.value = "";
        showDenied(error.role);
        return;
      }
      state.csrfToken = session.csrfToken;
      key.value = "";
      await enterApp(session.user);
      $("#main").focus();
    });
  });

  $("#denied-back").addEventListener("click", () => signedOut());

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
    const shown = visibleTabs();
    const i = shown.indexOf(state.tab);
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: shown.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    showTab(shown[(next + shown.length) % shown.length], true);
  });

  $("#schedule-form").addEventListener("submit", saveSchedule);
  $("#schedule-cancel").addEventListener("click", () => { resetScheduleForm(); announce("Changes discarded."); });
  $("#schedule-scope").addEventListener("change", resetScheduleForm);
  $("#upload-form").addEventListener("submit", upload);
  $("#doc-filter").addEventListener("submit", (event) => event.preventDefault());
  $("#doc-search").addEventListener("input", renderDocuments);
  $("#doc-status").addEventListener("change", () => loadDocuments().catch(showError));
  $("#model-scope").addEventListener("change", () => loadModels().catch(showError));
  $("#rollback").addEventListener("click", rollback);
  $("#training-scope").addEventListener("change", () => loadTrainingData().catch(showError));
  $("#export-data").addEventListener("click", exportData);
  $("#start-training").addEventListener("click", startTrainingRun);
  $("#patient-select").addEventListener("change", () => loadConsent().catch(showError));
  $("#audit-filter").addEventListener("submit", (event) => {
    event.preventDefault();
    clearError();
    loadAudit().catch(showError);
  });
  $("#audit-older").addEventListener("click", () => loadAudit(state.auditBefore).catch(showError));
  $("#usage-days").addEventListener("change", () => loadUsage().catch(showError));
}

start();
