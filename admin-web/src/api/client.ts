// The API client: same origin, session cookie, CSRF token on every mutation,
// errors as ApiError carrying the problem+json `detail`.
import { state } from "../state.ts";
import type { CommandResult, Problem } from "./types.ts";

export class ApiError extends Error {
  /** The request field a validation error is about (problem+json `field`), if any. */
  readonly field: string | null;
  /** The problem's `reason` and `role` (a refused login names the role that may not log in). */
  readonly reason: string | null;
  readonly role: string | null;

  constructor(readonly status: number, detail: string, problem: Problem | null = null) {
    super(detail);
    this.field = problem?.field ?? null;
    this.reason = problem?.reason ?? null;
    this.role = problem?.role ?? null;
  }
}

const unreachable = "Rounds could not be reached. Check your connection and try again.";

let onUnauthorized: () => void = () => {};
/** What to do when the API says the session is gone (401): the session module signs out. */
export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler;
}

const asProblem = (data: unknown): Problem | null => (data && typeof data === "object" ? data : null);

export interface RequestOptions {
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
}

/** Calls the API; resolves to the parsed JSON (trusted to have the route's documented shape). */
export async function api<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json", ...options.headers };
  let body = options.body;
  if (options.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.json);
  }
  if (method !== "GET" && state.csrfToken) headers["x-csrf-token"] = state.csrfToken;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: body ?? null, credentials: "same-origin" });
  } catch {
    throw new ApiError(0, unreachable);
  }
  const type = response.headers.get("content-type") ?? "";
  const data: unknown = response.status === 204 ? null : type.includes("json") ? await response.json().catch(() => null) : await response.text();
  if (!response.ok) {
    const problem = asProblem(data);
    if (response.status === 401 && path !== "/v1/session") onUnauthorized();
    throw new ApiError(response.status, problem?.detail || problem?.title || `The request failed (${response.status}).`, problem);
  }
  return data as T;
}

/** Runs a chat command as the signed-in admin in the chosen knowledge base. */
export function command(id: string, args = "", projectId = state.projectId): Promise<CommandResult> {
  return api<CommandResult>("POST", `/v1/commands/${encodeURIComponent(id)}`, { json: { projectId, args } });
}

/** Sends a file as the raw body with XMLHttpRequest, whose upload events drive a progress bar. */
export function uploadWithProgress<T>(url: string, file: File, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("content-type", "application/octet-stream");
    xhr.setRequestHeader("accept", "application/json");
    if (state.csrfToken) xhr.setRequestHeader("x-csrf-token", state.csrfToken);
    xhr.upload.onprogress = (event) => { if (event.lengthComputable) onProgress(event.loaded / event.total); };
    xhr.onload = () => {
      let data: unknown = null;
      try { data = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(data as T);
      if (xhr.status === 401) onUnauthorized();
      const problem = asProblem(data);
      reject(new ApiError(xhr.status, problem?.detail || problem?.title || `The upload failed (${xhr.status}).`));
    };
    xhr.onerror = () => reject(new ApiError(0, unreachable));
    xhr.send(file);
  });
}
