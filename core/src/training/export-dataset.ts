/**
 * Training-data export: approved knowledge, verified Q&A and rated answers
 * become chat examples, consent-filtered (`training_use`), always
 * de-identified, validated one by one, split deterministically, and written
 * as JSONL plus a `metadata.json`, streamed in bounded memory.
 */
import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bpeEncode as encode } from "../text/bpe-encode.ts";
import type { AppContext } from "../app/app-context.ts";
import { RoundsError } from "../errors/index.ts";
import { noteTrainingMessages } from "../notes/generate-note.ts";
import type { Deidentifier, PhiSpan, PhiType } from "../ports/index.ts";
import type { DatasetRecord, TrainingScope, TrainingSource } from "./training-repository.ts";

export type DatasetFormat = "openai-chat" | "dpo" | "vertex";

interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

type ExclusionReason = "no_consent" | "empty" | "duplicate" | "too_many_tokens" | "pii_detected" | "role_order" | "low_rating" | "synthetic_excluded" | "transcript_missing" | "transcript_restricted" | "no_psychotherapy_authorisation" | "note_section_uncited";

export interface ExportOptions {
  scope: TrainingScope;
  format: DatasetFormat;
  /** Include chunks of earlier, soft-deleted document versions. */
  includeDeleted?: boolean;
  /**
   * Include approved psychotherapy notes (HIPAA 45 CFR 164.501), each only
   * when its patient authorised their use (`psychotherapy_notes` consent).
   * Off unless an export names it; never on for scheduled training.
   */
  includePsychotherapyNotes?: boolean;
  /** Which of these patients authorised use of their psychotherapy notes (needed with `includePsychotherapyNotes`). */
  patientsWithPsychotherapyAuthorisation?(patientIds: string[]): Promise<Set<string>>;
  /** Exclude chunk examples whose question is templated (human-reviewed material only). */
  humanReviewedOnly?: boolean;
  /** Share of examples held for validation. */
  validationFraction?: number;
  /** Seed of the deterministic split. */
  seed?: string;
  /** Token limit per example of the target model. */
  maxTokensPerExample?: number;
  systemPrompt?: string;
  /** Which of these patients allow training use of their material. */
  patientsWithTrainingConsent: (patientIds: string[]) => Promise<Set<string>>;
  deidentifier: Deidentifier;
  /** Organisation's patient and staff names for the de-identifier. */
  gazetteer?: string[];
  /** Reports progress as sources are read. */
  onProgress?: (read: number) => void;
  createdByUserId?: string;
}

export interface ExportMetadata {
  format: DatasetFormat;
  createdAt: string;
  scope: TrainingScope;
  seed: string;
  validationFraction: number;
  counts: { read: number; exported: number; train: number; validation: number; excluded: number };
  /** Examples by source (a note gives one example per section: `note`, `psychotherapy_note`). */
  bySource: Record<string, number>;
  /** Notes with at least one section exported, by kind. */
  notes: { progress: number; psychotherapy: number };
  /** De-identified spans by identifier type (each became a `[TYPE]` placeholder) in the exported examples. */
  placeholders: Partial<Record<PhiType, number>>;
  exclusions: Partial<Record<ExclusionReason, number>>;
  tokens: { total: number; min: number; max: number; mean: number };
  files: Record<string, { sha256: string; lines: number; bytes: number }>;
}

interface Example {
  key: string;
  /** `psychotherapy_note`: a psychotherapy note exported under its patient's authorisation. */
  source: TrainingSource["kind"] | "psychotherapy_note";
  synthetic: boolean;
  /** What decides the split when not `key` (the sections of one note share their note's). */
  splitKey?: string;
  messages: ChatMessage[];
  /** For DPO: the answer clinicians rated down for the same question. */
  rejected?: string;
}

/** Deterministic split: the same seed and key always land in the same split. */
export function splitOf(seed: string, key: string, validationFraction: number): "train" | "validation" {
  const h = createHash("sha256").update(`${seed}\u0000${key}`).digest();
  return h.readUInt32BE(0) / 0x1_0000_0000 < validationFraction ? "validation" : "train";
}

function countTokens(messages: ChatMessage[]): number {
  // 4 tokens of framing per message, as OpenAI's chat format counts them.
  return messages.reduce((n, m) => n + 4 + encode(m.content).length, 2);
}

function roleOrderValid(messages: ChatMessage[]): boolean {
  const rest = messages[0]?.role === "system" ? messages.slice(1) : messages;
  if (rest.length < 2 || rest.length % 2 !== 0) return false;
  return rest.every((m, i) => m.role === (i % 2 === 0 ? "user" : "assistant"));
}

function render(format: DatasetFormat, ex: Example): unknown {
  if (format === "openai-chat") return { messages: ex.messages };
  if (format === "vertex") {
    const system = ex.messages.find((m) => m.role === "system");
    return {
      ...(system ? { systemInstruction: { role: "system", parts: [{ text: system.content }] } } : {}),
      contents: ex.messages.filter((m) => m.role !== "system").map((m) => ({ role: m.role === "assistant" ? "model" : "user", parts: [{ text: m.content }] })),
    };
  }
  const input = ex.messages.filter((m) => m.role !== "assistant");
  const preferred = ex.messages.filter((m) => m.role === "assistant").at(-1)!;
  return { input: { messages: input }, preferred_output: [preferred], non_preferred_output: [{ role: "assistant", content: ex.rejected ?? "" }] };
}

const normQuestion = (q: string) => q.toLowerCase().replace(/\s+/g, " ").trim();

class JsonlFile {
  readonly hash = createHash("sha256");
  lines = 0;
  bytes = 0;
  private readonly stream: WriteStream;
  constructor(readonly path: string) {
    this.stream = createWriteStream(path);
  }
  async write(value: unknown): Promise<void> {
    const line = `${JSON.stringify(value)}\n`;
    this.hash.update(line);
    this.lines += 1;
    this.bytes += Buffer.byteLength(line);
    if (!this.stream.write(line)) await new Promise<void>((r) => this.stream.once("drain", () => r()));
  }
  close(): Promise<void> {
    return new Promise((resolve, reject) => this.stream.end((e?: Error | null) => (e ? reject(e) : resolve())));
  }
}

/**
 * Builds and validates a dataset, writes it to the blob store under
 * `datasets/<org>/<datasetId>/`, and records it. Returns the record and its
 * metadata (which lists exclusions by reason).
 */
export async function exportDataset(app: AppContext, options: ExportOptions & { persist?: true }): Promise<{ dataset: DatasetRecord; metadata: ExportMetadata }>;
/** `persist: false` builds and validates everything but stores nothing: a dry run, a summary. */
export async function exportDataset(app: AppContext, options: ExportOptions & { persist: false }): Promise<{ dataset: undefined; metadata: ExportMetadata }>;
export async function exportDataset(app: AppContext, options: ExportOptions & { persist?: boolean }): Promise<{ dataset: DatasetRecord | undefined; metadata: ExportMetadata }> {
  const persist = options.persist !== false;
  const seed = options.seed ?? "rounds";
  const fraction = options.validationFraction ?? 0.1;
  if (!(fraction >= 0 && fraction < 1)) throw new RoundsError("VALIDATION_FAILED", "validationFraction must be at least 0 and below 1.");
  const maxTokens = options.maxTokensPerExample ?? 8192;
  const system = options.systemPrompt;
  const dir = await mkdtemp(join(tmpdir(), "rounds-export-"));
  const datasetId = randomUUID();
  const files = { train: new JsonlFile(join(dir, "train.jsonl")), validation: new JsonlFile(join(dir, "validation.jsonl")) };
  const provenance = new JsonlFile(join(dir, "provenance.jsonl"));
  const exclusions: Partial<Record<ExclusionReason, number>> = {};
  const bySource: Record<string, number> = {};
  const notes = { progress: 0, psychotherapy: 0 };
  const seen = new Set<string>();
  const consentCache = new Map<string, boolean>();
  const tokens = { total: 0, min: Number.POSITIVE_INFINITY, max: 0 };
  let read = 0;
  const exclude = (r: ExclusionReason) => { exclusions[r] = (exclusions[r] ?? 0) + 1; };

  const consented = async (ids: string[]): Promise<boolean> => {
    const unknown = ids.filter((id) => !consentCache.has(id));
    if (unknown.length > 0) {
      const ok = await options.patientsWithTrainingConsent(unknown);
      for (const id of unknown) consentCache.set(id, ok.has(id));
    }
    return ids.every((id) => consentCache.get(id) === true);
  };
  const placeholders: Partial<Record<PhiType, number>> = {};
  // Spans of the example being built: de-identification and emit run strictly one example after another.
  let pendingSpans: PhiSpan[] = [];
  const deid = async (text: string) => {
    const result = await options.deidentifier.deidentify(text, { operator: "placeholder", gazetteer: options.gazetteer ?? [] });
    pendingSpans.push(...result.spans);
    return result.text;
  };

  const emit = async (ex: Example) => {
    const spans = pendingSpans;
    pendingSpans = [];
    if (ex.messages.some((m) => m.content.trim() === "") || (ex.rejected !== undefined && ex.rejected.trim() === "")) return exclude("empty");
    if (!roleOrderValid(ex.messages)) return exclude("role_order");
    // 128 bits of the content's sha256 as 22 characters: one short string per example kept for the duplicate check.
    const fingerprint = createHash("sha256").update(JSON.stringify([ex.messages.filter((m) => m.role !== "system"), ex.rejected ?? null])).digest("base64url").slice(0, 22);
    if (seen.has(fingerprint)) return exclude("duplicate");
    seen.add(fingerprint);
    const n = countTokens(ex.rejected ? [...ex.messages, { role: "assistant", content: ex.rejected }] : ex.messages);
    if (n > maxTokens) return exclude("too_many_tokens");
    // Whatever the de-identifier still finds after de-identification is rejected, not guessed at.
    const residual = await options.deidentifier.detect(ex.messages.map((m) => m.content).join("\n") + (ex.rejected ? `\n${ex.rejected}` : ""), { gazetteer: options.gazetteer ?? [] });
    if (residual.some((s) => s.confidence >= 0.8)) return exclude("pii_detected");
    const split = fraction === 0 ? "train" : splitOf(seed, ex.splitKey ?? ex.key, fraction);
    await files[split].write(render(options.format, ex));
    await provenance.write({ split, line: files[split].lines, source: ex.source, key: ex.key, synthetic_question: ex.synthetic });
    bySource[ex.source] = (bySource[ex.source] ?? 0) + 1;
    for (const span of spans) placeholders[span.type] = (placeholders[span.type] ?? 0) + 1;
    tokens.total += n;
    tokens.min = Math.min(tokens.min, n);
    tokens.max = Math.max(tokens.max, n);
  };

  const rated = new Map<string, { up: string[]; down: string[]; question: string; key: string }>();
  const withSystem = (msgs: ChatMessage[]): ChatMessage[] => (system ? [{ role: "system", content: system }, ...msgs] : msgs);

  try {
    for await (const src of app.store.training.iterateTrainingSources(options.scope, { includeDeleted: options.includeDeleted ?? false, includePsychotherapyNotes: options.includePsychotherapyNotes === true })) {
      read += 1;
      if (read % 1000 === 0) options.onProgress?.(read);
      const patients = src.kind === "rated_answer" ? src.patientIds : src.patientId ? [src.patientId] : [];
      if (patients.length > 0 && !(await consented(patients))) {
        exclude("no_consent");
        continue;
      }
      if (src.kind === "rated_answer") {
        const q = normQuestion(src.question);
        const slot = rated.get(q) ?? { up: [], down: [], question: src.question, key: `rated:${src.id}` };
        (src.rating === "up" ? slot.up : slot.down).push(src.answer);
        rated.set(q, slot);
        continue;
      }
      if (options.format === "dpo") continue; // preference pairs come only from rated answers
      if (src.kind === "psychotherapy_note_withheld") {
        exclude("no_psychotherapy_authorisation");
        continue;
      }
      if (src.kind === "note") {
        if (src.psychotherapy && !(options.includePsychotherapyNotes && (await options.patientsWithPsychotherapyAuthorisation?.([src.patientId]))?.has(src.patientId))) {
          exclude("no_psychotherapy_authorisation");
          continue;
        }
        // The note-writing task as the product asks it: one example per section, that section's evidence turns in,
        // the clinician-approved section out as the statements JSON the section's call expects (its own system prompt).
        const written = await noteTrainingMessages(app, options.scope.organizationId, src);
        if ("excluded" in written) {
          exclude(written.excluded);
          continue;
        }
        for (const s of written.skipped) if (s.reason === "no_cited_statement") exclude("note_section_uncited");
        const before = files.train.lines + files.validation.lines;
        for (const example of written.examples) {
          // Every section of a note lands in the note's split: one transcript is never in both train and validation.
          await emit({ key: `note:${src.id}:${example.section}`, splitKey: `note:${src.id}`, source: src.psychotherapy ? "psychotherapy_note" : "note", synthetic: false, messages: await Promise.all(example.messages.map(async (m) => ({ ...m, content: m.role === "system" ? m.content : await deid(m.content) }))) });
        }
        if (files.train.lines + files.validation.lines > before) notes[src.psychotherapy ? "psychotherapy" : "progress"] += 1;
        continue;
      }
      if (src.kind === "chunk") {
        if (options.humanReviewedOnly) {
          exclude("synthetic_excluded");
          continue;
        }
        const topic = src.headings?.at(-1);
        // A templated question, marked as such in provenance.jsonl.
        const question = topic ? `What does our guidance "${src.documentTitle}" say about ${topic}?` : `What does our guidance "${src.documentTitle}" say?`;
        await emit({ key: `chunk:${src.id}`, source: "chunk", synthetic: true, messages: withSystem([{ role: "user", content: await deid(question) }, { role: "assistant", content: await deid(src.text) }]) });
      } else {
        await emit({ key: `qa:${src.id}`, source: "qa", synthetic: false, messages: withSystem([{ role: "user", content: await deid(src.question) }, { role: "assistant", content: await deid(src.answer) }]) });
      }
    }
    for (const slot of rated.values()) {
      if (options.format === "dpo") {
        if (slot.up.length === 0 || slot.down.length === 0) continue;
        await emit({ key: slot.key, source: "rated_answer", synthetic: false, messages: withSystem([{ role: "user", content: await deid(slot.question) }, { role: "assistant", content: await deid(slot.up[0]!) }]), rejected: await deid(slot.down[0]!) });
      } else {
        for (const [i, answer] of slot.up.entries()) {
          await emit({ key: `${slot.key}:${i}`, source: "rated_answer", synthetic: false, messages: withSystem([{ role: "user", content: await deid(slot.question) }, { role: "assistant", content: await deid(answer) }]) });
        }
        for (let i = 0; i < slot.down.length; i++) exclude("low_rating");
      }
    }
    await Promise.all([files.train.close(), files.validation.close(), provenance.close()]);

    const exported = files.train.lines + files.validation.lines;
    const excluded = Object.values(exclusions).reduce((a, b) => a + (b ?? 0), 0);
    const prefix = `datasets/${options.scope.organizationId}/${datasetId}`;
    const fileInfo: ExportMetadata["files"] = {};
    const blobKeys: DatasetRecord["blobKeys"] = { train: `${prefix}/train.jsonl`, metadata: `${prefix}/metadata.json` };
    for (const [name, f] of Object.entries({ "train.jsonl": files.train, "validation.jsonl": files.validation, "provenance.jsonl": provenance })) {
      if (name === "validation.jsonl" && f.lines === 0) continue;
      fileInfo[name] = { sha256: f.hash.digest("hex"), lines: f.lines, bytes: f.bytes };
      if (persist) await app.blobs.put(`${prefix}/${name}`, createReadStream(f.path), { contentType: "application/jsonl" });
    }
    if (fileInfo["validation.jsonl"]) blobKeys.validation = `${prefix}/validation.jsonl`;
    const metadata: ExportMetadata = {
      format: options.format, createdAt: app.now().toISOString(), scope: options.scope, seed, validationFraction: fraction,
      counts: { read, exported, train: files.train.lines, validation: files.validation.lines, excluded },
      bySource, notes, placeholders, exclusions,
      tokens: { total: tokens.total, min: exported ? tokens.min : 0, max: tokens.max, mean: exported ? tokens.total / exported : 0 },
      files: fileInfo,
    };
    if (!persist) return { dataset: undefined, metadata };
    const metadataJson = `${JSON.stringify(metadata, null, 2)}\n`;
    await app.blobs.put(blobKeys.metadata, Buffer.from(metadataJson), { contentType: "application/json" });
    const dataset = await app.store.training.createDataset(options.scope, {
      id: datasetId, format: options.format, manifest: metadata as unknown as Record<string, unknown>,
      manifestSha256: createHash("sha256").update(metadataJson).digest("hex"), blobKeys,
      counts: { ...metadata.counts }, ...(options.createdByUserId ? { createdByUserId: options.createdByUserId } : {}),
    });
    return { dataset, metadata };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
