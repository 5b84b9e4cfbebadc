// The alert and status regions, and buttons that say what they are doing.

import { $ } from "./dom.ts";

export function showError(error: unknown): void {
  const alert = $("#alert");
  alert.textContent = error instanceof Error ? error.message : String(error);
  alert.hidden = false;
}

export function clearError(): void {
  const alert = $("#alert");
  alert.hidden = true;
  alert.textContent = "";
}

let statusTimer = 0;
export function announce(message: string): void {
  const status = $("#status");
  status.textContent = message;
  clearTimeout(statusTimer);
  statusTimer = window.setTimeout(() => { status.textContent = ""; }, 8000);
}

/**
 * An event listener for async work: the DOM does not await listeners, so the
 * work's failure is caught here and shown in the alert region.
 */
export function handle<A extends unknown[]>(task: (...args: A) => Promise<unknown>): (...args: A) => void {
  return (...args) => { task(...args).catch(showError); };
}

/** Shows "working…" on a button while `task` runs; errors go to the alert region and give `undefined`. */
export async function busy<T>(button: HTMLButtonElement, workingLabel: string, task: () => Promise<T>): Promise<T | undefined> {
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
