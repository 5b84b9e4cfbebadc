import type { AppContext } from "../app/app-context.ts";
import { RoundsError } from "../errors/index.ts";
import type { Actor } from "../ports/index.ts";
import { exportDataset, type ExportMetadata } from "./export-dataset.ts";
import { trainingPollJob } from "./training-jobs.ts";
import type { FineTuneJob, ModelVersion, ScheduleParams, TrainingScope } from "./training-repository.ts";
import { trainingDeps } from "./training-deps.ts";

export interface StartTrainingInput {
  scope: TrainingScope;
  dryRun?: boolean;
  method?: "supervised" | "dpo";
  params?: ScheduleParams;
}

export type StartTrainingResult =
  | { status: "dry-run"; metadata: ExportMetadata; minimum: number; enough: boolean }
  | { status: "not-enough-data"; metadata: ExportMetadata; minimum: number; missing: number }
  | { status: "started"; job: FineTuneJob; version: ModelVersion; metadata: ExportMetadata };

/**
 * `/train`: export → validate → check the minimum → submit to the trainer →
 * poll in the background. One run per scope at a time (the training lock).
 */
export async function startTraining(app: AppContext, actor: Actor | undefined, input: StartTrainingInput): Promise<StartTrainingResult> {
  const { scope } = input;
  if (actor && actor.role !== "admin") throw new RoundsError("FORBIDDEN", "Only admins can start training.");
  if (actor && actor.organizationId !== scope.organizationId) throw new RoundsError("NOT_FOUND", "Project not found.");
  const project = scope.projectId ? await app.store.tenancy.getProject(scope.organizationId, scope.projectId) : undefined;
  if (scope.projectId && !project) throw new RoundsError("NOT_FOUND", "Project not found.");
  const running = await app.store.training.listActiveFineTuneJobs(scope);
  if (running.length > 0 && !input.dryRun) {
    throw new RoundsError("CONFLICT", "A training run is already in progress for this scope; wait for it or cancel it.", { details: { reason: "training_in_progress" } });
  }
  const trainerId = app.config.models.trainer;
  if (!trainerId && !input.dryRun) {
    throw new RoundsError("CONFLICT", "No trainer is configured (models.trainer): Rounds can export training data but not train. Use --dry-run, or configure a trainer (openai, vertex or queue).", { details: { reason: "no_trainer" } });
  }
  const baseModel = app.config.training.baseModel;
  if (!baseModel && !input.dryRun) throw new RoundsError("CONFLICT", "No base model is configured (training.baseModel).", { details: { reason: "no_base_model" } });

  const method = input.method ?? "supervised";
  const deps = await trainingDeps(app, scope.organizationId);
  // The trainer says which format it reads (a dry run without a trainer counts the OpenAI format).
  const trainer = trainerId ? await app.host.get("trainers", trainerId) : undefined;
  const exportOptions = {
    scope, format: method === "dpo" ? "dpo" : (trainer?.datasetFormat ?? "openai-chat"),
    humanReviewedOnly: input.params?.humanReviewedOnly ?? false,
    ...(project?.profile.systemPrompt ? { systemPrompt: project.profile.systemPrompt } : project ? { systemPrompt: `You are a clinical knowledge assistant for ${project.profile.domain}. Answer only from the clinic's approved guidance and cite it.` } : {}),
    deidentifier: deps.deidentifier, gazetteer: deps.gazetteer, patientsWithTrainingConsent: deps.patientsWithTrainingConsent,
    ...(actor ? { createdByUserId: actor.userId } : {}),
  } as const;
  const minimum = scope.projectId ? app.config.training.minExamplesProject : app.config.training.minExamplesOrganization;
  if (input.dryRun) {
    // A dry run counts and validates exactly what would be trained on, and stores nothing.
    const { metadata } = await exportDataset(app, { ...exportOptions, persist: false });
    return { status: "dry-run", metadata, minimum, enough: metadata.counts.exported >= minimum };
  }
  const { dataset, metadata } = await exportDataset(app, exportOptions);
  const enough = metadata.counts.exported >= minimum;
  if (!enough) return { status: "not-enough-data", metadata, minimum, missing: minimum - metadata.counts.exported };

  const hyperparameters = {
    ...(input.params?.epochs ? { epochs: input.params.epochs } : {}),
    ...(input.params?.learningRateMultiplier ? { learningRateMultiplier: input.params.learningRateMultiplier } : {}),
  };
  const job = await app.store.training.createFineTuneJob(scope, {
    datasetId: dataset.id, trainer: trainerId!, baseModel: baseModel!, method, hyperparameters,
    ...(actor ? { triggeredByUserId: actor.userId } : {}),
  });
  let externalId: string;
  try {
    ({ externalId } = await trainer!.submit({
      trainingFileKey: dataset.blobKeys.train, ...(dataset.blobKeys.validation ? { validationFileKey: dataset.blobKeys.validation } : {}),
      baseModel: baseModel!, method, hyperparameters, suffix: `rounds-${(project?.slug ?? "org").slice(0, 12)}`,
    }));
  } catch (error) {
    await app.store.training.updateFineTuneJob(scope.organizationId, job.id, { status: "failed", error: RoundsError.isInstance(error) ? error.message : "submission failed" });
    throw error;
  }
  const updated = await app.store.training.updateFineTuneJob(scope.organizationId, job.id, {
    externalId, status: "queued", events: [{ at: app.now().toISOString(), level: "info", message: `submitted to ${trainerId}` }],
  });
  const active = (await app.store.training.getAliases(scope)).active;
  const version = await app.store.training.createModelVersion(scope, {
    baseModel: baseModel!, backend: trainerId!, datasetId: dataset.id, datasetManifestSha256: dataset.manifestSha256,
    hyperparameters, fineTuneJobId: job.id, status: "training", ...(active ? { parentVersionId: active.id } : {}),
    ...(actor ? { triggeredByUserId: actor.userId } : {}),
  });
  await app.jobs.enqueue(trainingPollJob, { organizationId: scope.organizationId, fineTuneJobId: job.id, modelVersionId: version.id, round: 0 }, { idempotencyKey: `poll:${job.id}:0` });
  return { status: "started", job: updated, version, metadata };
}

/**
 * `/train --cancel`: asks the trainer to stop the scope's running fine-tune.
 * The poll job records the final `cancelled` state when the trainer reports it.
 */
export async function cancelTraining(app: AppContext, actor: Actor, scope: TrainingScope): Promise<FineTuneJob[]> {
  if (actor.role !== "admin") throw new RoundsError("FORBIDDEN", "Only admins can cancel training.");
  if (actor.organizationId !== scope.organizationId) throw new RoundsError("NOT_FOUND", "Project not found.");
  const running = await app.store.training.listActiveFineTuneJobs(scope);
  if (running.length === 0) throw new RoundsError("CONFLICT", "No training is running for this scope.", { details: { reason: "nothing_to_cancel" } });
  for (const job of running) {
    if (!job.externalId) continue;
    const trainer = await app.host.get("trainers", job.trainer);
    await trainer.cancel(job.externalId);
    await app.store.training.updateFineTuneJob(scope.organizationId, job.id, {
      events: [...job.events, { at: app.now().toISOString(), level: "info", message: `cancel requested by ${actor.userId}` }],
    });
  }
  return running;
}
