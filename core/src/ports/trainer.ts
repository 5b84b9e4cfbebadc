/** Mirrors the providers' fine-tune job states. */
export type TrainingState = "validating" | "queued" | "running" | "succeeded" | "failed" | "cancelled";

export interface TrainingEvent {
  at: string;
  level: "info" | "warn" | "error";
  message: string;
}

export interface TrainingSubmission {
  /** Blob keys of the training and validation JSONL files. */
  trainingFileKey: string;
  validationFileKey?: string;
  baseModel: string;
  method: "supervised" | "dpo";
  hyperparameters: { epochs?: number; learningRateMultiplier?: number; batchSize?: number };
  /** Suffix for the tuned model's name. */
  suffix?: string;
}

export interface TrainingStatus {
  state: TrainingState;
  /** 0..1 when known. */
  progress?: number;
  events: TrainingEvent[];
  /** Set when `state === "succeeded"`. */
  result?: { kind: "remote-model"; modelId: string } | { kind: "adapter"; blobKey: string; sha256: string; loraAlpha?: number };
  error?: string;
}

/**
 * Runs a fine-tune somewhere else (a provider's API, a GPU host) and reports
 * back. Version history: v1 (initial; `datasetFormat` added, optional).
 */
export interface Trainer {
  readonly specificationVersion: "v1";
  readonly id: string;
  /** The JSONL format its supervised runs read (core's export formats); `openai-chat` when absent. DPO runs always get `dpo`. */
  readonly datasetFormat?: "openai-chat" | "vertex";
  submit(submission: TrainingSubmission): Promise<{ externalId: string }>;
  status(externalId: string): Promise<TrainingStatus>;
  cancel(externalId: string): Promise<void>;
}
