import type { BuiltinCommand } from "../commands/builtin-command.ts";
import { RoundsError } from "../errors/index.ts";
import type { MessageBlock } from "../ports/index.ts";
import { type ConsentType, consentTypes } from "./consent-repository.ts";
import { ownRecord, resolvePatient } from "./resolve-patient.ts";
import { consentStatus, recordConsent } from "./require-consent.ts";

const label: Record<ConsentType, string> = {
  recording: "recording of sessions", transcription: "transcription of recordings", ai_analysis: "AI analysis of session material", training_use: "use of de-identified material to improve the assistant",
  psychotherapy_notes: "use of your therapist's psychotherapy notes beyond your treatment (HIPAA 45 CFR 164.508(a)(2) authorisation)",
};

/** Buttons a channel renders to ask for consent; pressing one runs `consent grant|revoke <patient> <type>`. */
function consentPrompt(patientId: string, type: ConsentType): MessageBlock[] {
  return [
    { type: "text", text: `May we have your consent for ${label[type]}? You can change this at any time.` },
    { type: "actions", buttons: [
      { actionId: "consent.grant", label: "I agree", value: `${patientId} ${type}`, style: "primary" },
      { actionId: "consent.revoke", label: "No", value: `${patientId} ${type}`, style: "danger" },
    ] },
  ];
}

const consentCommand: BuiltinCommand = {
  contribution: {
    id: "consent", title: "Patient consent", roles: ["admin", "clinician", "patient", "auditor"],
    usage: "consent grant|revoke|status|history|ask <patient> [recording|transcription|ai_analysis|training_use|psychotherapy_notes]",
    description: "Records, shows and asks for a patient's consent; every change is kept in an append-only ledger.",
  },
  create: (app) => ({
    async run({ actor, args, conversation }) {
      const parts = args.trim().split(/\s+/).filter(Boolean);
      const sub = parts[0] ?? "status";
      // A patient may leave out their own record (`consent grant ai_analysis`); a lone word that is not it is the type.
      const named = actor.role !== "patient" || parts.length > 2 || (parts[1] !== undefined && (await ownRecord(app, actor, parts[1])));
      const [ref, typeArg] = named ? [parts[1], parts[2]] : [undefined, parts[1]];
      const patientId = await resolvePatient(app, actor, ref);
      const type = typeArg as ConsentType | undefined;
      if (type && !consentTypes.includes(type)) throw new RoundsError("BAD_REQUEST", `Unknown consent type "${String(type).slice(0, 30)}". Use one of: ${consentTypes.join(", ")}.`);
      switch (sub) {
        case "grant":
        case "revoke": {
          if (!type) throw new RoundsError("BAD_REQUEST", `Say which consent: ${consentTypes.join(", ")}.`);
          const method = conversation ? (conversation.channel === "cli" ? "cli" : conversation.channel === "api" ? "api" : "chat") : "api";
          const event = await recordConsent(app, { actor, patientId, type, action: sub === "grant" ? "granted" : "revoked", method, ...(conversation && { channel: conversation.channel }) });
          return { blocks: [{ type: "text", text: `Recorded: consent for ${label[type]} ${event.action}.` }], data: event };
        }
        case "ask":
          if (!type) throw new RoundsError("BAD_REQUEST", `Say which consent to ask for: ${consentTypes.join(", ")}.`);
          return { blocks: consentPrompt(patientId, type) };
        case "status": {
          const status = await consentStatus(app, actor.organizationId, patientId);
          return { blocks: [{ type: "text", text: consentTypes.map((t) => `• ${label[t]}: ${status[t]}`).join("\n") }], data: status };
        }
        case "history": {
          const history = await app.store.consent.history(actor.organizationId, patientId);
          const lines = history.map((e) => `• ${e.at.toISOString().slice(0, 16)} ${e.type} ${e.action} via ${e.method}${e.channel ? ` (${e.channel})` : ""}`);
          return { blocks: [{ type: "text", text: lines.join("\n") || "No consent recorded yet." }], data: history };
        }
        default:
          throw new RoundsError("BAD_REQUEST", `Unknown consent subcommand "${sub.slice(0, 20)}". Use grant, revoke, status, history or ask.`);
      }
    },
  }),
};

/** Commands this domain contributes to every channel. */
export const consentCommands: BuiltinCommand[] = [consentCommand];
