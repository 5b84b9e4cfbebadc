import type { BuiltinCommand } from "../commands/builtin-command.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { isOperator } from "../commands/command-origin.ts";
import { RoundsError } from "../errors/index.ts";
import type { DataResult } from "../ports/index.ts";
import { askData, dataSourceFor } from "./ask-data.ts";
import { allowListEntries, hideAllowListItem, metricsOverHidden, restoreAllowListItem } from "./allow-list.ts";
import { removeMetric, saveMetric } from "./metric-catalogue.ts";
import { findProtocolPassage, refersToDocuments } from "./protocol-passage.ts";

const USAGE = "data <question> | data metrics | data sources | data metric save <metric-json> (admin) | data metric remove <metric-id> (admin) | data allow-list (admin, auditor) | data allow-list hide <table[.column]> (admin) | data allow-list restore <table[.column]> (admin) | data connect <owner postgres:// URL> (admin, CLI only)";

/** A result as a plain-text table (every channel renders text). */
export function resultTable(result: DataResult, maxRows = 25): string {
  if (!result.rows.length) return "(no rows)";
  const cells = [result.columns, ...result.rows.slice(0, maxRows).map((r) => r.map((v) => (v === null ? "—" : String(v))))];
  const widths = result.columns.map((_, i) => Math.min(40, Math.max(...cells.map((r) => (r[i] ?? "").length))));
  const line = (r: string[]) => r.map((v, i) => v.slice(0, 40).padEnd(widths[i]!)).join(" | ").trimEnd();
  const out = [line(cells[0]!), widths.map((w) => "-".repeat(w)).join("-+-"), ...cells.slice(1).map(line)];
  if (result.rows.length > maxRows) out.push(`… ${result.rows.length - maxRows} more rows (the API and --json have them all)`);
  return out.join("\n");
}

/**
 * `data`: questions over the practice's own database, read-only and
 * tenant-scoped (`data <question>`); `data metrics` lists the named metrics,
 * `data sources` the allow-listed tables, columns and relations.
 */
export const dataCommand: BuiltinCommand = {
  contribution: { id: "data", title: "Questions about the practice's own data", roles: ["admin", "clinician", "auditor"], usage: USAGE },
  create: (app) => ({
    async run(invocation) {
      const { actor, args, signal, projectId, visibility, conversation } = invocation;
      const text = args.trim();
      const verb = text.toLowerCase();
      if (/^connect(\s|$)/.test(verb)) {
        // Sets up Rounds' read-only access with the owner's connection: an admin at the server's own machine only
        // (it names a database URL, and the owner's password is in it; it is used once, never stored, logged or audited).
        if (actor.role !== "admin") throw new RoundsError("FORBIDDEN", "Only an admin can connect the practice database.");
        if (!isOperator(invocation)) throw new RoundsError("FORBIDDEN", "data connect names a database URL: run it with the rounds command on the server.");
        const ownerUrl = text.slice("connect".length).trim();
        if (!/^postgres(ql)?:\/\//.test(ownerUrl)) throw new RoundsError("BAD_REQUEST", "Usage: data connect postgres://owner:password@host:port/database (the database owner's connection, used once).");
        const { source, catalog } = await dataSourceFor(app, actor.organizationId);
        if (!source.connect) throw new RoundsError("BAD_REQUEST", `The data source ${catalog.sourceId} is set up by hand (see its README).`);
        const report = await source.connect(actor.organizationId, ownerUrl);
        const failed = report.checks.filter((c) => !c.passed);
        await recordAudit(app, { organizationId: actor.organizationId, actor, action: "data.connect", targetType: "data_source", targetId: catalog.sourceId, details: { role: report.role, statements: report.statements, relations: report.relations.length, failedChecks: failed.map((c) => c.check) } });
        return {
          blocks: [{ type: "text", text: [
            `${catalog.title}: ran ${report.statements} setup statements as the owner for the read-only role ${report.role}; it may read ${report.relations.join(", ")}.`,
            "Checked as that role:",
            ...report.checks.map((c) => `${c.passed ? "✓" : "✗"} ${c.check}`),
            ...(failed.length ? ["Not safe to use until every check passes (is the role's password in the source's url the one the role has?)."] : []),
          ].join("\n") }],
          data: report,
          ...(failed.length && { failed: true }),
        };
      }
      const edit = /^metric\s+(save|remove)(?:\s+|$)/.exec(verb);
      if (edit) {
        // The metric catalogue, per organisation in Rounds' store (the admin page's Data section uses the same verbs).
        if (actor.role !== "admin") throw new RoundsError("FORBIDDEN", "Only an admin can change the metric catalogue.");
        const argument = text.slice(edit[0].length).trim();
        if (!argument) throw new RoundsError("BAD_REQUEST", edit[1] === "save" ? "Usage: data metric save {\"id\": …, \"title\": …, \"description\": …, \"phrases\": […], \"parameters\": […], \"sql\": …}" : "Usage: data metric remove <metric id>");
        const data = await dataSourceFor(app, actor.organizationId);
        if (edit[1] === "remove") {
          await removeMetric(app, actor, argument, data);
          return { blocks: [{ type: "text", text: `Removed the metric ${argument} from ${data.catalog.title}.` }], data: { removed: argument } };
        }
        const { metric, replaced } = await saveMetric(app, actor, argument, data);
        return { blocks: [{ type: "text", text: `${replaced ? "Replaced" : "Added"} the metric ${metric.id} (${metric.title}); its SQL passed the guard.` }], data: { metric, replaced } };
      }
      const allowList = /^allow-list(?:\s+(hide|restore)(?:\s+|$)|$)/.exec(verb);
      if (allowList) {
        // Narrowing what Rounds exposes, per organisation in Rounds' store (no DDL); widening is the database owner's (data connect).
        const change = allowList[1] as "hide" | "restore" | undefined;
        if (change ? actor.role !== "admin" : actor.role !== "admin" && actor.role !== "auditor") {
          throw new RoundsError("FORBIDDEN", change ? "Only an admin can change what Rounds exposes of the practice database." : "Only an admin or an auditor can see what was hidden of the practice database's allow list.");
        }
        const argument = text.slice(allowList[0].length).trim();
        if (change && !argument) throw new RoundsError("BAD_REQUEST", `Usage: data allow-list ${change} <table> or <table.column> (data allow-list lists them).`, { details: { field: "target" } });
        const data = await dataSourceFor(app, actor.organizationId);
        if (change === "hide") {
          const done = await hideAllowListItem(app, actor, argument, data);
          const name = done.column ? `${done.relation}.${done.column}` : done.relation;
          return {
            blocks: [{ type: "text", text: [
              done.changed ? `Hid ${name} from Rounds for your organisation: it is no longer shown, offered to the language model or queried.` : `${name} was hidden already.`,
              ...(done.metricsRefused.length ? [`These metrics use what is hidden and are refused until it is restored or they are changed: ${done.metricsRefused.join(", ")}.`] : []),
            ].join("\n") }],
            data: { hidden: name, changed: done.changed, metricsRefused: done.metricsRefused },
          };
        }
        if (change === "restore") {
          const done = await restoreAllowListItem(app, actor, argument, data);
          const name = done.column ? `${done.relation}.${done.column}` : done.relation;
          return { blocks: [{ type: "text", text: `Restored ${name}: Rounds shows and queries it again (the practice database grants it).` }], data: { restored: name } };
        }
        await recordAudit(app, { organizationId: actor.organizationId, actor, action: "data.list", targetType: "data_source", targetId: data.granted.sourceId, details: { list: "allow-list" } });
        const entries = allowListEntries(data.granted, data.hidden);
        const lines = entries.map((t) => `• ${t.name}${t.hidden ? " (hidden)" : ""}: ${t.columns.map((c) => `${c.name}${c.hidden ? " (hidden)" : ""}`).join(", ")}`);
        return {
          blocks: [{ type: "text", text: `${data.granted.title}: what the practice database grants Rounds, and what your organisation hid of it (data allow-list hide|restore <table[.column]>; widening needs the owner's DDL and data connect):\n${lines.join("\n")}` }],
          data: { sourceId: data.granted.sourceId, title: data.granted.title, tables: entries },
        };
      }
      if (verb === "metrics" || verb === "sources") {
        const { catalog, granted, hidden } = await dataSourceFor(app, actor.organizationId);
        await recordAudit(app, { organizationId: actor.organizationId, actor, action: "data.list", targetType: "data_source", targetId: catalog.sourceId, details: { list: verb } });
        if (verb === "metrics") {
          // A metric over what an admin hid is refused when asked: said here, with what it uses.
          const refused = await metricsOverHidden(catalog.metrics, granted, hidden);
          const lines = catalog.metrics.map((m) => `• ${m.id}: ${m.title}. ${m.description}${refused.has(m.id) ? ` (refused while ${refused.get(m.id)!} is hidden)` : ""}${m.parameters.length ? `\n  parameters: ${m.parameters.map((p) => `${p.name} (${p.type}${p.values ? `: ${p.values.join(", ")}` : ""}${p.default !== undefined && p.default !== null ? `; default ${String(p.default)}` : ""})`).join(", ")}` : ""}`);
          return { blocks: [{ type: "text", text: lines.length ? `Metrics of ${catalog.title}:\n${lines.join("\n")}` : `${catalog.title} defines no metrics yet.` }], data: { sourceId: catalog.sourceId, metrics: catalog.metrics.map(({ sql, ...m }) => ({ ...(actor.role === "admin" ? { ...m, sql } : m), ...(refused.has(m.id) && { usesHidden: refused.get(m.id) }) })) } };
        }
        const tables = catalog.tables.map((t) => `• ${t.name}: ${t.description}${t.patientLinked ? ` (patient rows: results about fewer than ${catalog.k} patients are withheld)` : ""}\n${t.columns.map((c) => `    ${c.name} (${c.type}${c.unit ? `, ${c.unit}` : ""})${c.description ? `: ${c.description}` : ""}`).join("\n")}`);
        const relations = catalog.relations.map((r) => `• ${r.from} → ${r.to}${r.description ? `: ${r.description}` : ""}`);
        return {
          blocks: [{ type: "text", text: `${catalog.title} (${catalog.sourceId}), read-only:\n${tables.join("\n")}${relations.length ? `\nRelations:\n${relations.join("\n")}` : ""}` }],
          data: { sourceId: catalog.sourceId, title: catalog.title, k: catalog.k, tables: catalog.tables, relations: catalog.relations },
        };
      }
      // A hybrid question ("… the 2-hour observation our protocol requires") also gets the passage of the
      // caller's documents that states the rule, from the same scope as `search`; a duration the question
      // leaves unsaid is read from that passage.
      const hybrid = refersToDocuments(text);
      const channel = conversation?.channel;
      // No document is searched for an organisation without a practice database (askData refuses it).
      if (hybrid) await dataSourceFor(app, actor.organizationId);
      const passage = hybrid ? await findProtocolPassage(app, actor, { projectId, question: text, visibility, ...(channel && { channel }) }) : undefined;
      const evidence = passage && { text: passage.quotes.join(" "), label: `the protocol [${passage.sources[0]!.n}]` };
      const answer = await askData(app, actor, text, { ...(signal && { signal }), ...(evidence && { evidence, citedDocuments: [...new Set(passage.sources.map((s) => s.documentId))] }) });
      const used = answer.metric
        ? `Metric: ${answer.metric.title} (${answer.metric.id}); ${answer.metric.readings.join(", ") || "no parameters"}`
        : "Free-form SQL written by the language model, checked by the guard";
      const cited = passage
        ? `From your documents:\n${passage.quotes.join("\n")}\n${passage.sources.map((s) => `[${s.n}] ${s.title}${s.locator ? `, ${s.locator}` : ""}`).join("\n")}`
        : "No passage of this project's documents states the rule the question refers to: the figure above is from the practice database alone.";
      return {
        blocks: [
          { type: "text", text: `${answer.reading}\n${used}` },
          ...(hybrid ? [{ type: "text" as const, text: cited }] : []),
          { type: "text", text: resultTable(answer.result) },
          { type: "text", text: `SQL (read-only, your organisation's rows only):\n${answer.result.sql}${answer.result.parameters.length ? `\nParameters: ${answer.result.parameters.map((p, i) => `$${i + 1} = ${p === null ? "NULL" : String(p)}`).join(", ")}` : ""}`, tone: "muted" },
        ],
        data: hybrid ? { ...answer, protocol: passage ?? null } : answer,
      };
    },
  }),
};

export const dataCommands: BuiltinCommand[] = [dataCommand];
