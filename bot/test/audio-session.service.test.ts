// A recorded therapy session, end to end on both tiers: a WAV upload through
// the HTTP API → consent for recording and transcription → speech to text
// through the OpenAI plugin with a diarizing model (a local server speaking
// OpenAI's wire format: multipart upload in, diarized_json out) → a
// transcript with speaker turns and times → approval → a cited answer whose
// source names the speaker and the time. A failing upstream leaves the
// document failed with a reason, and a retry completes it.
import { createHash } from "node:crypto";
import { type Actor, answerQuestion, recordConsent, runCommand } from "@rounds/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "@rounds/plugin-openai/testing";
import type { RoundsApp } from "../src/app/create-app.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { type AudioClinic, startAudioClinic } from "./support/audio-clinic.ts";
import { appTargets, cleanupTargets } from "./support/test-app.ts";
import { wav } from "./support/wav.ts";

/** Twelve turns of 20 s (4 minutes); the dream comes up at 00:02:20. */
const TOPICS = [
  "Welcome back. How did the integration week go after the second ketamine dosing session?",
  "Mostly calm. I went back to work on Tuesday and kept to the sleep routine we agreed.",
  "Good. Did you notice any nausea or dizziness in the day after the infusion?",
  "A little dizziness the first evening, nothing after that, and my blood pressure readings stayed normal.",
  "Let us look at the mood scores. Your self-rating moved from six to four this week.",
  "It feels lighter. I still get tense before meetings but I can name what is happening.",
  "What came up in the journal? You mentioned recurring images last time.",
  "The lighthouse keeps returning in my dreams, a beam sweeping across dark water, and I wake up calm.",
  "That image often marks a sense of guidance. What does the beam show you?",
  "My father's boat, I think. I feel safe rather than frightened, which is new.",
  "Let us keep the breathing practice twice a day and bring the dream journal next time.",
  "I will. Same time next week suits me.",
];
const SESSION = TOPICS.map((text, i) => ({ speaker: i % 2 === 0 ? "A" : "B", start: i * 20, end: i * 20 + 18, text }));
const DREAM_AT = 140;
const seconds = (hhmmss: string) => hhmmss.split(":").map(Number).reduce((a, b) => a * 60 + b, 0);

afterAll(async () => cleanupTargets());

for (const target of appTargets()) {
  describe(`a recorded session on the ${target.name} tier`, () => {
    let openai: FakeOpenAI;
    let clinic: AudioClinic;
    let app: RoundsApp;
    let admin: Actor;
    let projectId: string;
    let patientId: string;
    let documentId: string;
    const recording = wav(1.5);

    beforeAll(async () => {
      openai = await startFakeOpenAI();
      openai.transcript = SESSION;
      clinic = await startAudioClinic(target, {
        plugin: "@rounds/plugin-openai", transcriber: "openai",
        settings: { baseURL: openai.url, apiKey: "sk-local", transcriptionModel: "gpt-4o-transcribe-diarize", maxRetries: 0 },
        org: "audio-clinic", keyName: "audio test", patient: { displayName: "Patient R", externalRef: "PR-7" },
      });
      ({ app, admin, projectId, patientId } = clinic);
    }, 120_000);
    afterAll(async () => {
      await clinic?.close();
      await openai?.close();
    });

    const upload = (bytes: Uint8Array, fileName: string) => clinic.upload(bytes, fileName);
    const transcriptionCalls = () => openai.requests.filter((r) => r.path === "/v1/audio/transcriptions");

    it("refuses the recording until both recording and transcription consent are on the ledger, storing nothing", async () => {
      const half = await clinic.expectConsentRefused(recording, "session-2026-11-02.wav");
      expect(JSON.stringify(half.json())).not.toContain("Patient R");
      expect(transcriptionCalls()).toHaveLength(0);
    });

    it("transcribes with speakers and times once consent is recorded, and waits for approval", async () => {
      await recordConsent(app, { actor: admin, patientId, type: "transcription", action: "granted", method: "cli" });
      const accepted = await upload(recording, "session-2026-11-02.wav");
      expect(accepted.statusCode).toBe(202);
      documentId = (accepted.json<{ document: { id: string } }>()).document.id;
      await waitForJobs(app);

      const calls = transcriptionCalls();
      expect(calls).toHaveLength(1);
      expect(calls[0]!.json).toMatchObject({
        model: "gpt-4o-transcribe-diarize", response_format: "diarized_json", chunking_strategy: "auto",
        file: { type: "audio/wav", size: recording.byteLength, sha256: createHash("sha256").update(recording).digest("hex") },
      });
      const doc = await clinic.document(documentId);
      expect(doc).toMatchObject({ kind: "transcript", mediaType: "audio/wav", patientId, status: "pending" });
      const shown = await runCommand(app, "docs", { actor: admin, projectId, args: `show ${documentId}`, visibility: "private" });
      expect(JSON.stringify(shown.blocks)).toMatch(/ketamine-assisted therapy|relevan/i);
    }, 60_000);

    it("answers from the approved transcript, citing the speaker and the time", async () => {
      await clinic.approve(documentId);
      const ask = () => answerQuestion(app, { actor: admin, projectId, question: "What keeps returning in the client's dreams?", visibility: "private", patientIds: [patientId] });
      await expect(ask()).rejects.toMatchObject({ code: "CONSENT_REQUIRED" });
      await recordConsent(app, { actor: admin, patientId, type: "ai_analysis", action: "granted", method: "cli" });
      const answer = await ask();
      expect(answer.kind).not.toBe("refusal");
      const source = answer.sources.find((s) => s.documentId === documentId);
      expect(source).toBeDefined();
      // The cited passage is the time window holding the dream (windows span at most 90 s).
      expect(source!.locator).toMatch(/Speaker B/);
      const at = seconds(/(\d\d:\d\d:\d\d)/.exec(source!.locator ?? "")![1]!);
      expect(at).toBeLessThanOrEqual(DREAM_AT);
      expect(at).toBeGreaterThanOrEqual(DREAM_AT - 90);
      expect(answer.text).toMatch(/lighthouse/i);
    }, 60_000);

    it("a transient speech-to-text failure is retried by the job layer", async () => {
      const before = transcriptionCalls().length;
      openai.failNext(503);
      const up = await upload(wav(1.0, 20), "session-2026-11-05.wav");
      expect(up.statusCode).toBe(202);
      await waitForJobs(app);
      expect(transcriptionCalls().length - before).toBe(2);
      expect(await clinic.document((up.json<{ document: { id: string } }>()).document.id)).toMatchObject({ status: "pending" });
    }, 60_000);

    it("a speech-to-text service that keeps failing leaves the document failed with a reason; retry completes it", async () => {
      openai.failNext(503, 3);
      await clinic.expectFailedThenRetried(wav(1.0, 30), "session-2026-11-09.wav", /speech-to-text service failed \(HTTP 503\)/, /fake failure echoing/);
      // The first transcript is untouched by the failure and the retry.
      expect(await clinic.document(documentId)).toMatchObject({ status: "approved" });
    }, 60_000);
  });
}
