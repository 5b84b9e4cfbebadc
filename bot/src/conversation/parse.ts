/**
 * Turns chat text into a command: `/rounds docs list`, `docs list`, or a
 * plain question (no command) → `undefined`, which the layer treats as `ask`.
 */
export function parseCommandText(text: string, known: string[]): { command: string; args: string; known: boolean } {
  const trimmed = text.replace(/^\/?(rounds\b\s*)?/i, "").trim();
  const [first = "", ...rest] = trimmed.split(/\s+/);
  const command = first.toLowerCase();
  if (command === "" || command === "help") return { command: "help", args: "", known: true };
  return { command, args: rest.join(" "), known: known.includes(command) };
}

/**
 * Buttons carry `<command>.<sub>` as their action id and the target as their
 * value: `feedback.up` + answer id → `feedback up <answerId>`;
 * `docs.approve` + document id → `docs approve <documentId>`.
 */
export function parseAction(actionId: string, value: string): { command: string; args: string } {
  const [command = "", ...sub] = actionId.split(".");
  return { command, args: [...sub, value].filter(Boolean).join(" ") };
}
