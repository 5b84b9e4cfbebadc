/**
 * Q&A pairs, datasets, fine-tune jobs, model versions, aliases, schedules. Implemented in drizzle/src/repos/training.ts. Owned by the fine-tuning loop.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface TrainingRepository {}
