import type { BuiltinCommand } from "../commands/builtin-command.ts";
import { RoundsError } from "../errors/index.ts";
import { type AuditFilters, parseAuditDate, queryAudit } from "./query-audit.ts";

const USAGE = "audit [--actor <user-id>] [--action <name>] [--patient <patient-id>] [--from <date>] [--to <date>] [--limit N] [--before <seq>]";

/** Parses the command's flags into filters; unknown flags are refused. */
export function parseAuditArgs(args: string): AuditFilters {
  const words = args.trim().split(/\s+/).filter(Boolean);
  const filters: AuditFilters = {};
  for (let i = 0; i < words.length; i++) {
    const flag = words[i]!;
    const value = words[i + 1];
    if (!["--actor", "--action", "--patient", "--from", "--to", "--limit", "--before"].includes(flag)) throw new RoundsError("BAD_REQUEST", `Unknown option ${flag.slice(0, 30)}. Usage: ${USAGE}`);
    if (value === undefined || value.startsWith("--")) throw new RoundsError("BAD_REQUEST", `${flag} needs a value. Usage: ${USAGE}`);
    i += 1;
    if (flag === "--actor") filters.actorUserId = value;
    else if (flag === "--action") filters.action = value;
    else if (flag === "--patient") filters.patientId = value;
    else if (flag === "--from") filters.from = parseAuditDate(value, false);
    else if (flag === "--to") filters.to = parseAuditDate(value, true);
    else if (flag === "--limit") filters.limit = Number(value);
    else filters.before = Number(value);
  }
  return filters;
}

/** `audit`: the organisation's audit log with filters, newest first (CSV: `GET /v1/audit?format=csv`). */
export const auditCommand: BuiltinCommand = {
  contribution: {
    id: "audit", title: "Audit log", roles: ["admin", "auditor"], usage: USAGE,
    description: "Who did what and whose data was read: filter by actor, action, patient and time; page with --before. The API's GET /v1/audit?format=csv gives the same rows as CSV.",
  },
  create: (app) => ({
    async run({ actor, args }) {
      const page = await queryAudit(app, actor, parseAuditArgs(args));
      const lines = page.rows.map((r) => `• #${r.seq} ${r.at.toISOString().slice(0, 19)}Z ${r.action}${r.actorRole ? ` by ${r.actorRole} ${r.actorUserId ?? ""}` : ""}${r.targetType ? ` on ${r.targetType} ${r.targetId ?? ""}` : ""}${r.patientId ? ` patient ${r.patientId}` : ""}`.trimEnd());
      const more = page.nextBefore ? `\nOlder entries: audit --before ${page.nextBefore}` : "";
      return {
        blocks: [{ type: "text", text: (lines.join("\n") || "No audit entries match.") + more }],
        data: page,
      };
    },
  }),
};

export const auditCommands: BuiltinCommand[] = [auditCommand];
