import { answerModelRuntime, describeRuntime } from "../answer/model-runtime.ts";
import type { BuiltinCommand } from "../commands/builtin-command.ts";
import { RoundsError } from "../errors/index.ts";
import type { Actor } from "../ports/index.ts";
import { promoteModel, rollbackModel } from "./promote-model.ts";
import { listSchedules, saveSchedule } from "./schedules.ts";
import { cancelTraining, startTraining } from "./start-training.ts";
import type { DatasetFormat } from "./export-dataset.ts";
import { exportTrainingData } from "./export-training-data.ts";
import type { ModelVersion, TrainingScope } from "./training-repository.ts";
import { requireOrganizationWide } from "../tenancy/project-scope.ts";

/** `--org` trains the organisation-wide model; otherwise the conversation's project. */
function scopeOf(actor: Actor, projectId: string, words: string[]): TrainingScope {
  if (words.includes("--org")) requireOrganizationWide(actor, "the organisation-wide model");
  return { organizationId: actor.organizationId, projectId: words.includes("--org") ? null : projectId };
}

const describeVersion = (v: ModelVersion | undefined) =>
  v ? `v${v.version} (${v.status}, base ${v.baseModel}${v.metrics ? `, ROUGE-L ${(v.metrics as { rougeL?: number }).rougeL?.toFixed?.(3) ?? "?"}` : ""})` : "none";

const trainCommand: BuiltinCommand = {
  contribution: {
    id: "train", title: "Fine-tune on approved knowledge", roles: ["admin"], usage: "train [--dry-run] [--dpo] [--org] | train --cancel [--org]",
    description: "Exports de-identified, consented training data and starts a fine-tune; the candidate is evaluated on held-out questions and promoted only if it does not regress.",
  },
  create: (app) => ({
    async run({ actor, projectId, args, progress }) {
      const words = args.trim().split(/\s+/).filter(Boolean);
      const unknown = words.filter((w) => !["--dry-run", "--dpo", "--org", "--cancel"].includes(w));
      if (unknown.length) throw new RoundsError("BAD_REQUEST", `Unknown option ${unknown[0]!.slice(0, 30)}. Usage: train [--dry-run] [--dpo] [--org] | train --cancel [--org]`);
      if (words.includes("--cancel")) {
        const jobs = await cancelTraining(app, actor, scopeOf(actor, projectId, words));
        return { blocks: [{ type: "text", text: `Cancel requested for ${jobs.length} training run${jobs.length === 1 ? "" : "s"}; the trainer stops and the candidate is dropped.` }], data: { cancelled: jobs.map((j) => j.id) } };
      }
      progress?.("Exporting training data", 0.1);
      const result = await startTraining(app, actor, { scope: scopeOf(actor, projectId, words), dryRun: words.includes("--dry-run"), method: words.includes("--dpo") ? "dpo" : "supervised" });
      const c = result.metadata.counts;
      const counts = `${c.exported} examples (${c.train} train, ${c.validation} held out), ${c.excluded} excluded`;
      const text = result.status === "dry-run"
        ? `Dry run: ${counts}. ${result.enough ? "Enough to train." : `At least ${result.minimum} are needed.`}`
        : result.status === "not-enough-data"
          ? `Not enough data yet: ${counts}; ${result.missing} more approved examples are needed (minimum ${result.minimum}).`
          : `Training started: ${counts}. Candidate v${result.version.version} on ${result.job.trainer}; I'll evaluate it when it finishes.`;
      return { blocks: [{ type: "text", text }], data: result };
    },
  }),
};

const modelCommand: BuiltinCommand = {
  contribution: {
    id: "model", title: "Answer model status, promotion and rollback", roles: ["admin", "clinician", "auditor"], usage: "model status|history|promote <version-id>|rollback [--org]",
  },
  create: (app) => ({
    async run({ actor, projectId, args }) {
      const words = args.trim().split(/\s+/).filter(Boolean);
      const sub = words[0] ?? "status";
      const scope = scopeOf(actor, projectId, words);
      if ((sub === "promote" || sub === "rollback") && actor.role !== "admin") throw new RoundsError("FORBIDDEN", "Only admins can change the answer model.");
      switch (sub) {
        case "status": {
          const aliases = await app.store.training.getAliases(scope);
          const jobs = await app.store.training.listActiveFineTuneJobs(scope);
          const text: string[] = [
            `Active: ${describeVersion(aliases.active)}${aliases.active ? "" : ` (answers use ${app.config.models.answer ?? "extractive quotes"})`}`,
            `Candidate: ${describeVersion(aliases.candidate)}`,
            `Previous: ${describeVersion(aliases.previous)}`,
            jobs.length ? `Training in progress: ${jobs.map((j) => `${j.status}${j.progress != null ? ` ${Math.round(Number(j.progress) * 100)}%` : ""}`).join(", ")}` : "No training in progress.",
          ];
          const runtime = await answerModelRuntime(app);
          if (runtime) text.push(describeRuntime(runtime));
          return { blocks: [{ type: "text", text: text.join("\n") }], data: { aliases, jobs, ...(runtime && { runtime }) } };
        }
        case "history": {
          const versions = await app.store.training.listModelVersions(scope);
          return { blocks: [{ type: "text", text: versions.map((v) => `• ${describeVersion(v)} ${v.id} ${v.createdAt.toISOString().slice(0, 10)}`).join("\n") || "No model versions yet." }], data: versions };
        }
        case "promote": {
          const id = words.find((w) => !w.startsWith("--") && w !== "promote");
          if (!id) throw new RoundsError("BAD_REQUEST", "Usage: model promote <version-id>");
          const aliases = await promoteModel(app, actor, scope, id);
          return { blocks: [{ type: "text", text: `Promoted: answers now use ${describeVersion(aliases.active)}.` }], data: aliases };
        }
        case "rollback": {
          const aliases = await rollbackModel(app, actor, scope);
          return { blocks: [{ type: "text", text: `Rolled back: answers now use ${describeVersion(aliases.active)}.` }], data: aliases };
        }
        default:
          throw new RoundsError("BAD_REQUEST", `Unknown model subcommand "${sub.slice(0, 20)}". Use status, history, promote or rollback.`);
      }
    },
  }),
};

const SCHEDULE_SET_USAGE = 'schedule set "<cron>" [timezone] [--threshold N] [--org], e.g. schedule set "0 2 * * 0" Europe/London';

/**
 * The words of `schedule set`: the cron expression in quotes, then at most
 * one time zone (any IANA name, checked when saved), `--threshold N` and
 * `--org`. Any other word is refused: a mistyped option (`--treshold 200`)
 * would otherwise save the schedule without it, and a zone the parser did not
 * recognise would silently become UTC.
 */
function scheduleSetArguments(args: string): { cron?: string; timezone?: string; threshold?: string } {
  const cron = /"([^"]*)"/.exec(args)?.[1];
  const words = args.replace(/"[^"]*"/, " ").trim().split(/\s+/).slice(1);
  let timezone: string | undefined;
  let threshold: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === "--org") continue;
    if (word === "--threshold" || word.startsWith("--threshold=")) {
      threshold = word.includes("=") ? word.slice("--threshold=".length) : (words[i + 1]?.startsWith("--") ? "" : (words[++i] ?? ""));
      // --threshold takes a whole number of new examples; anything else is refused, not dropped (it would erase the current one).
      if (!/^[1-9]\d{0,8}$/.test(threshold)) {
        throw new RoundsError("VALIDATION_FAILED", `--threshold needs a whole number of new examples (1 or more), e.g. --threshold 200; got ${threshold ? `"${threshold.slice(0, 20)}"` : "nothing"}.`);
      }
      continue;
    }
    if (word.startsWith("-")) throw new RoundsError("BAD_REQUEST", `Unknown option ${word.slice(0, 30)}. Usage: ${SCHEDULE_SET_USAGE}`);
    if (timezone === undefined && cron !== undefined) {
      timezone = word;
      continue;
    }
    throw new RoundsError("BAD_REQUEST", `Unexpected "${word.slice(0, 30)}"${cron === undefined ? ": put the cron expression in quotes" : ""}. Usage: ${SCHEDULE_SET_USAGE}`);
  }
  return { ...(cron !== undefined && { cron }), ...(timezone && { timezone }), ...(threshold && { threshold }) };
}

const scheduleCommand: BuiltinCommand = {
  contribution: {
    id: "schedule", title: "Training schedule", roles: ["admin"], usage: "schedule list | schedule set \"<cron>\" [timezone] [--threshold N] [--org] | schedule off [--org]",
  },
  create: (app) => ({
    async run({ actor, projectId, args }) {
      const sub = args.trim().split(/\s+/)[0] || "list";
      if (sub === "list") {
        const list = await listSchedules(app, actor);
        return { blocks: [{ type: "text", text: list.map((s) => `• ${s.projectId ? "project" : "organisation"}: ${s.enabled ? "on" : "off"}, ${s.description ?? "no cron"}${s.timezone ? ` (${s.timezone})` : ""}${s.thresholdNewExamples ? `, or after ${s.thresholdNewExamples} new examples` : ""}; next ${s.nextRunAt?.toISOString().slice(0, 16) ?? "—"}`).join("\n") || "No schedules." }], data: list };
      }
      const scope = scopeOf(actor, projectId, args.split(/\s+/));
      if (sub === "off") {
        const current = (await listSchedules(app, actor)).find((s) => s.projectId === scope.projectId);
        if (!current) return { blocks: [{ type: "text", text: "There is no schedule to turn off." }] };
        const s = await saveSchedule(app, actor, scope, { cron: current.cron, timezone: current.timezone, thresholdNewExamples: current.thresholdNewExamples, enabled: false, params: current.params });
        return { blocks: [{ type: "text", text: "Scheduled training is off." }], data: s };
      }
      if (sub === "set") {
        const { cron, timezone, threshold } = scheduleSetArguments(args);
        if (!cron && !threshold) throw new RoundsError("BAD_REQUEST", "Give a cron expression in quotes and/or --threshold N, e.g. schedule set \"0 2 * * 0\" Europe/London");
        const s = await saveSchedule(app, actor, scope, { cron: cron ?? null, ...(timezone && { timezone }), thresholdNewExamples: threshold ? Number(threshold) : null, enabled: true, params: {} });
        return { blocks: [{ type: "text", text: `Scheduled: ${s.description ?? "threshold only"}; next run ${s.nextRunAt?.toISOString().slice(0, 16) ?? "when the threshold is reached"}.` }], data: s };
      }
      throw new RoundsError("BAD_REQUEST", "Use schedule list, schedule set or schedule off.");
    },
  }),
};

/** Commands this domain contributes to every channel. */
const EXPORT_USAGE = "export [--format openai-chat|dpo|vertex] [--org] [--include-deleted] [--human-reviewed] [--include-psychotherapy-notes] [--seed <text>] [--validation <0..0.5>]";

/** `export`: the training data as de-identified, consented, validated JSONL in the blob store, with metadata. */
const exportCommand: BuiltinCommand = {
  contribution: {
    id: "export", title: "Export training data", roles: ["admin"], usage: EXPORT_USAGE,
    description: "Writes de-identified, consent-filtered chat examples (OpenAI chat, DPO or Vertex JSONL) with a deterministic train/validation split and a metadata.json; the CLI's --out copies the files to a folder.",
  },
  create: (app) => ({
    async run({ actor, projectId, args, progress }) {
      const words = args.trim().split(/\s+/).filter(Boolean);
      const value = (flag: string) => {
        const i = words.indexOf(flag);
        if (i < 0) return undefined;
        const v = words[i + 1];
        if (!v || v.startsWith("--")) throw new RoundsError("BAD_REQUEST", `${flag} needs a value. Usage: ${EXPORT_USAGE}`);
        words.splice(i, 2);
        return v;
      };
      const format = (value("--format") ?? "openai-chat") as DatasetFormat;
      if (!["openai-chat", "dpo", "vertex"].includes(format)) throw new RoundsError("BAD_REQUEST", `Unknown format. Usage: ${EXPORT_USAGE}`);
      const seed = value("--seed");
      const validation = value("--validation");
      const validationFraction = validation === undefined ? undefined : Number(validation);
      if (validationFraction !== undefined && !(validationFraction >= 0 && validationFraction <= 0.5)) throw new RoundsError("BAD_REQUEST", "--validation must be between 0 and 0.5.");
      const unknown = words.filter((w) => !["--org", "--include-deleted", "--human-reviewed", "--include-psychotherapy-notes"].includes(w));
      if (unknown.length) throw new RoundsError("BAD_REQUEST", `Unknown option ${unknown[0]!.slice(0, 30)}. Usage: ${EXPORT_USAGE}`);
      if (actor.role !== "admin") throw new RoundsError("FORBIDDEN", "Only admins export training data.");
      progress?.("Exporting training data", 0);
      const { dataset, metadata, files } = await exportTrainingData(app, actor, {
        scope: scopeOf(actor, projectId, words), format, includeDeleted: words.includes("--include-deleted"), humanReviewedOnly: words.includes("--human-reviewed"),
        includePsychotherapyNotes: words.includes("--include-psychotherapy-notes"),
        ...(seed ? { seed } : {}), ...(validationFraction !== undefined ? { validationFraction } : {}),
        onProgress: (read) => progress?.(`Read ${read} sources`),
      });
      const c = metadata.counts;
      const excluded = Object.entries(metadata.exclusions ?? {}).map(([reason, n]) => `${reason} ${n}`).join(", ");
      return {
        blocks: [{ type: "text", text: `Exported ${c.exported} examples (${c.train} train, ${c.validation} validation) as ${format}; ${c.excluded} excluded${excluded ? ` (${excluded})` : ""}. Dataset ${dataset.id}.` }],
        data: { dataset, metadata, files },
      };
    },
  }),
};

export const trainingCommands: BuiltinCommand[] = [trainCommand, modelCommand, scheduleCommand, exportCommand];
