// Logging in and out, resuming a session, and who may use the page.
import { api, ApiError, whenUnauthorized } from "./api/client.ts";
import type { Me, Project, Session, SessionUser } from "./api/types.ts";
import { state, stopPolling } from "./state.ts";
import { showTab, visibleTabs } from "./tabs.ts";
import { $, eventButton, h, submitButton } from "./ui/dom.ts";
import { announce, busy, clearError, handle, showError } from "./ui/messages.ts";

const signedInFlag = "rounds-admin-signed-in";
const projectKey = "rounds-admin-project";
const pageRoles = ["admin", "auditor"];

function signedOut(message?: string): void {
  localStorage.removeItem(signedInFlag);
  state.csrfToken = null;
  state.role = null;
  stopPolling();
  $("#app-view").hidden = true;
  $("#denied-view").hidden = true;
  $("#session-bar").hidden = true;
  $("#login-view").hidden = false;
  if (message) showError(message);
  $("#api-key").focus();
}

const projectPicker = (): HTMLElement => {
  const picker = $("#project-select").closest<HTMLElement>(".project-picker");
  if (!picker) throw new Error("Missing the knowledge-base picker");
  return picker;
};

/** Why this key cannot use the page: the server opens no session for other roles, so nothing else is loaded. */
function showDenied(role: string): void {
  $("#login-view").hidden = true;
  $("#session-bar").hidden = true;
  $("#org-name").textContent = "";
  projectPicker().hidden = true;
  $("#denied-message").textContent = `The admin page is for admins and auditors; you are signed in as a ${role}. Use Rounds from your chat instead.`;
  $("#denied-view").hidden = false;
  $("#app-view").hidden = true;
}

/** Opens the app for admins (everything) and auditors (read-only pages); anyone else sees why not, and nothing is loaded. */
async function enterApp(user: SessionUser): Promise<void> {
  localStorage.setItem(signedInFlag, "1");
  state.role = user.role;
  $("#login-view").hidden = true;
  $("#session-bar").hidden = false;
  if (!pageRoles.includes(user.role)) return showDenied(user.role);
  projectPicker().hidden = false;
  const [me, projects] = await Promise.all([api<Me>("GET", "/v1/me"), api<Project[]>("GET", "/v1/projects")]);
  $("#org-name").textContent = me.organization?.name ?? "Your organisation";
  state.projects = projects;
  const remembered = localStorage.getItem(projectKey);
  state.projectId = projects.find((p) => p.id === remembered)?.id ?? projects[0]?.id ?? null;
  const select = $<HTMLSelectElement>("#project-select");
  select.replaceChildren(...projects.map((p) => h("option", { value: p.id, selected: p.id === state.projectId }, p.name)));
  select.disabled = projects.length === 0;
  for (const tab of document.querySelectorAll<HTMLElement>("[role=tab]")) tab.hidden = !(tab.dataset.roles ?? "").split(" ").includes(user.role);
  for (const el of document.querySelectorAll<HTMLElement>(".admin-only")) el.hidden = state.role !== "admin";
  const shown = visibleTabs();
  if (!shown.includes(state.tab) && shown[0]) state.tab = shown[0];
  $("#denied-view").hidden = true;
  $("#app-view").hidden = false;
  if (!state.projectId) showError("This organisation has no knowledge base yet: run `rounds init` on the server first.");
  else showTab(state.tab);
}

/** Why single sign-on did not open a session, by the reason the server's callback names (`?signOnError=`). */
const signOnErrors: Record<string, string> = {
  unknown_subject: "No Rounds user is linked to that sign-on account. Ask an admin to link it (users sign-on).",
  disabled: "That Rounds user has been removed. Ask an admin of your organisation if you need access.",
  role: "The admin page is for admins and auditors; your Rounds role does not include it. Use Rounds from your chat instead.",
  transaction: "That sign-on was not started here or took too long. Please sign in again.",
  verification: "The sign-on provider's answer could not be verified. Please sign in again.",
  sign_on_not_configured: "Single sign-on is not configured on this server.",
  unavailable: "The sign-on provider could not be reached. Please try again, or log in with an API key.",
};

/** Shows the single sign-on button when the server has a provider; failures only hide it (API-key login still works). */
async function offerSignOn(): Promise<void> {
  try {
    const methods = await api<{ signOn: boolean }>("GET", "/v1/session/methods");
    $("#sign-on").hidden = !methods.signOn;
  } catch {
    $("#sign-on").hidden = true;
  }
}

/** What the sign-on round trip left in the address (`?signOn=done`, `?signOnError=…`, `?signedOut=1`), read once and removed. */
function signOnOutcome(): { done: boolean; error?: string; signedOut: boolean } {
  const params = new URLSearchParams(location.search);
  const outcome = { done: params.get("signOn") === "done", signedOut: params.has("signedOut"), ...(params.has("signOnError") ? { error: params.get("signOnError") ?? "" } : {}) };
  if ([...params.keys()].length > 0) history.replaceState(null, "", location.pathname);
  return outcome;
}

/** Resumes the session, but only when this browser logged in before (or just came back from sign-on): no 401 noise on a first visit. */
export async function resumeSession(): Promise<void> {
  const outcome = signOnOutcome();
  void offerSignOn();
  if (outcome.done) localStorage.setItem(signedInFlag, "1");
  if (outcome.error !== undefined) return signedOut(signOnErrors[outcome.error] ?? "Single sign-on failed. Please try again.");
  if (outcome.signedOut) {
    signedOut();
    announce("You are logged out.");
    return;
  }
  if (!localStorage.getItem(signedInFlag)) return signedOut();
  try {
    const session = await api<Session>("GET", "/v1/session");
    state.csrfToken = session.csrfToken;
    await enterApp(session.user);
  } catch (error) {
    signedOut(error instanceof ApiError && error.status === 401 ? "Your session has ended; please log in again." : String(error instanceof Error ? error.message : error));
  }
}

async function logIn(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const key = $<HTMLInputElement>("#api-key");
  if (!key.value.trim()) {
    showError("Enter your API key.");
    key.focus();
    return;
  }
  await busy(submitButton(event.currentTarget), "Logging in…", async () => {
    let session: Session;
    try {
      session = await api<Session>("POST", "/v1/session", { json: { apiKey: key.value.trim() } });
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
}

async function logOut(event: MouseEvent): Promise<void> {
  await busy(eventButton(event), "Logging out…", async () => {
    const ended = await api<{ logoutUrl?: string }>("DELETE", "/v1/session");
    signedOut();
    // A single sign-on session also ends at the provider, which sends the browser back here (`?signedOut=1`).
    if (ended.logoutUrl) location.assign(ended.logoutUrl);
    else announce("You are logged out.");
  });
}

export function wireSession(): void {
  whenUnauthorized(() => signedOut());
  $("#login-form").addEventListener("submit", handle(logIn));
  $("#denied-back").addEventListener("click", () => signedOut());
  $("#logout").addEventListener("click", handle(logOut));
  $("#project-select").addEventListener("change", (event) => {
    if (!(event.currentTarget instanceof HTMLSelectElement)) return;
    state.projectId = event.currentTarget.value;
    localStorage.setItem(projectKey, state.projectId);
    clearError();
    showTab(state.tab);
  });
}
