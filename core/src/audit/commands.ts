import type { BuiltinCommand } from "../commands/builtin-command.ts";
import { RoundsError } from "../errors/index.ts";
import type { AuditQuery } from "./audit-repository.ts";
import { queryAudit } from "./query-audit.ts";

const USAGE = "audit [--action <action>] [--actor <user-id>] [--patient <patient-id|reference>] [--from <date>] [--to <date>] [--limit N] [--before <seq>]";

/** `audit`: recent audit entries with filters (the admin page and `GET /v1/audit?format=csv` export them). */
const auditCommand: BuiltinCommand = {
  contribution: { id: "audit", title: "Audit log", roles: ["admin", "auditor"], usage: USAGE },
  create: (app) => ({
    async run({ actor, args }) {
      const words = args.trim().split(/\s+/).filter(Boolean);
      const q: AuditQuery = {};
      for (let i = 0; i < words.length; i += 2) {
        const [flag, value] = [words[i]!, words[i + 1]];
        if (!value) throw new RoundsError("BAD_REQUEST", `${flag.slice(0, 20)} needs a value. Usage: ${USAGE}`);
        const date = () => {
          const d = new Date(value);
          if (Number.isNaN(d.getTime())) throw new RoundsError("BAD_REQUEST", `${flag} needs a date such as 2026-11-01.`);
          return d;
        };
        const int = () => {
          const n = Number(value);
          if (!Number.isInteger(n) || n < 1) throw new RoundsError("BAD_REQUEST", `${flag} needs a whole number.`);
          return n;
        };
        switch (flag) {
          case "--action": q.action = value; break;
          case "--actor": q.actorUserId = value; break;
          case "--patient": q.patientId = value; break;
          case "--from": q.from = date(); break;
          case "--to": q.to = date(); break;
          case "--limit": q.limit = int(); break;
          case "--before": q.before = int(); break;
          default: throw new RoundsError("BAD_REQUEST", `Unknown option ${flag.slice(0, 20)}. Usage: ${USAGE}`);
        }
      }
      if (q.actorUserId && !/^[0-9a-f-]{36}$/i.test(q.actorUserId)) throw new RoundsError("BAD_REQUEST", "--actor needs a user id.");
      const { entries: rows, next } = await queryAudit(app, actor, { limit: 20, ...q });
      const text = rows.length
        ? rows.map((r) => `#${r.seq} ${r.at.toISOString().slice(0, 16).replace("T", " ")} ${r.action}${r.targetType ? ` ${r.targetType}` : ""}${r.targetId ? ` ${r.targetId.slice(0, 8)}` : ""} by ${r.actorRole ?? "system"}${r.channel ? ` via ${r.channel}` : ""}`).join("\n")
        : "No audit entries match.";
      return { blocks: [{ type: "text", text: next === null ? text : `${text}\nMore: add --before ${next}` }], data: { rows, next } };
    },
  }),
};

export const auditCommands: BuiltinCommand[] = [auditCommand];
