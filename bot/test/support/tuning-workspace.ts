import { type Actor, type RoundsConfigInput, runCommand } from "@rounds/core";
import { qaPairs } from "@rounds/db";
import type { RoundsApp } from "../../src/app/create-app.ts";
import { localOperator } from "../../src/cli/local-operator.ts";
import { waitForJobs } from "../../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../../src/cli/workspace.ts";
import { startApp } from "./test-app.ts";

/** A project ready to fine-tune: one approved protocol, and questions with answers to train and evaluate on. */
export interface TuningWorkspace {
  app: RoundsApp;
  admin: Actor;
  organizationId: string;
  projectId: string;
  /** Runs a command as the operator in the project, privately. */
  run(command: string, args: string): ReturnType<typeof runCommand>;
  /** The text of a command's blocks, one line each. */
  text(result: Awaited<ReturnType<typeof runCommand>>): string;
  close(): Promise<void>;
}

export interface TuningWorkspaceOptions {
  /** The cloud plugin that answers and trains, and its settings (pointing at its fake vendor). */
  plugin: string;
  settings: Record<string, unknown>;
  /** The plugin's model and trainer id (`models.answer`, `models.trainer`). */
  model: string;
  baseModel: string;
  org: string;
}

/** The held-out question the gate evaluates a candidate on, and the answer the fake vendors are told to give. */
export const HELD_OUT_ANSWER = "Pause the infusion above 180 mmHg systolic [1].";

/**
 * The set-up every fine-tuning loop suite shares, on one environment: an app
 * with the default plugins plus the cloud plugin as answer model and trainer
 * (three examples are enough, polled every second, promoted when the gate
 * passes), the demo monitoring protocol ingested and approved, one held-out
 * question and four training questions with answers.
 */
export async function startTuningWorkspace(environment: RoundsConfigInput, options: TuningWorkspaceOptions): Promise<TuningWorkspace> {
  const app = await startApp(environment, {
    plugins: [...(environment.plugins ?? ["@rounds/plugin-blob-fs", "@rounds/plugin-parsers", "@rounds/plugin-lexical", "@rounds/plugin-deid"]), options.plugin],
    pluginSettings: { [options.plugin]: options.settings },
    models: { answer: options.model, trainer: options.model },
    training: { baseModel: options.baseModel, minExamplesProject: 3, pollSeconds: 1, autoPromote: true },
  });
  const ws = await ensureWorkspace(app, { org: options.org, project: "kat" });
  const organizationId = ws.organization.id;
  const projectId = ws.project.id;
  const admin = await localOperator(app, organizationId);
  const run = (command: string, args: string) => runCommand(app, command, { actor: admin, projectId, args, visibility: "private" });
  await run("ingest", `${import.meta.dirname}/../../demo/corpus/02-monitoring.pdf`);
  await waitForJobs(app);
  const [doc] = await app.store.knowledge.listDocuments({ organizationId, projectId });
  await run("docs", `approve ${doc!.id}`);
  await waitForJobs(app);
  await app.database.db.insert(qaPairs).values([
    { organizationId, projectId, question: "When is an infusion paused for blood pressure?", answer: HELD_OUT_ANSWER, heldOut: true },
    ...["How often are vital signs checked?", "How long is recovery observation?", "Can patients drive home?", "What saturation pauses the infusion?"].map((q) => ({ organizationId, projectId, question: q, answer: `Answer to: ${q} [1]` })),
  ]);
  return {
    app, admin, organizationId, projectId, run,
    text: (result) => result.blocks.map((b) => (b as { text?: string }).text ?? "").join("\n"),
    close: () => app.close(),
  };
}
