// A recorded session transcribed by Deepgram, end to end on both tiers: a
// WAV upload through the HTTP API → refused without recording and
// transcription consent (nothing reaches Deepgram) → speech to text through
// the Deepgram plugin (a local server speaking Deepgram's pre-recorded wire
// format: raw audio in, diarised utterances out) → stored transcript turns
// with Deepgram's speakers and times → approval → an answer citing the
// speaker and the time. A rate-limited Deepgram leaves the document failed
// with a reason that carries no transcript text, and a retry completes it.
import { createHash } from "node:crypto";
import { type Actor, answerQuestion, collect, type ParsedDocument, recordConsent } from "@rounds/core";
import { type FakeDeepgram, startFakeDeepgram } from "@rounds/plugin-deepgram/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { type AudioClinic, startAudioClinic } from "./support/audio-clinic.ts";
import { appTargets, cleanupTargets } from "./support/test-app.ts";
import { wav } from "./support/wav.ts";

/** Speakers 0 (clinician) and 1 (client) alternate in 15 s turns; the dream comes up at 00:01:00. */
const LINES = [
  "Welcome back. How did the week go after the second dosing session?",
  "Mostly calm. I kept to the sleep routine we agreed on.",
  "Any nausea or dizziness in the day after the infusion?",
  "A little dizziness the first evening, and my blood pressure readings stayed normal.",
  "The lighthouse keeps returning in my dreams, a beam sweeping across dark water.",
  "What does the beam show you?",
  "My father's boat, I think. I feel safe rather than frightened.",
];
const SESSION = LINES.map((text, i) => ({ speaker: i === 4 ? 1 : i % 2, start: i * 15 + 0.25, end: i * 15 + 13.5, text }));

afterAll(async () => cleanupTargets());

for (const target of appTargets()) {
  describe(`a session transcribed by Deepgram on the ${target.name} tier`, () => {
    let deepgram: FakeDeepgram;
    let clinic: AudioClinic;
    let app: RoundsApp;
    let admin: Actor;
    let projectId: string;
    let patientId: string;
    let documentId: string;
    const recording = wav(1.5, 7);

    beforeAll(async () => {
      deepgram = await startFakeDeepgram({ key: "dg-local-key" });
      deepgram.transcript = SESSION;
      clinic = await startAudioClinic(target, {
        plugin: "@rounds/plugin-deepgram", transcriber: "deepgram",
        settings: { baseURL: deepgram.url, apiKey: "dg-local-key", model: "nova-3-medical", maxRetries: 0 },
        org: "deepgram-clinic", keyName: "deepgram test", patient: { displayName: "Patient D", externalRef: "PD-3" },
      });
      ({ app, admin, projectId, patientId } = clinic);
    }, 120_000);
    afterAll(async () => {
      await clinic?.close();
      await deepgram?.close();
    });

    const upload = (bytes: Uint8Array, fileName: string) => clinic.upload(bytes, fileName);
    const listenCalls = () => deepgram.requests.filter((r) => r.path === "/v1/listen");

    it("refuses the recording until recording and transcription consent are on the ledger; Deepgram hears nothing", async () => {
      await clinic.expectConsentRefused(recording, "session-2026-12-01.wav");
      expect(listenCalls()).toHaveLength(0);
    });

    it("sends the audio to /v1/listen with diarisation and utterances, and stores turns with Deepgram's speakers and times", async () => {
      await recordConsent(app, { actor: admin, patientId, type: "transcription", action: "granted", method: "cli" });
      const accepted = await upload(recording, "session-2026-12-01.wav");
      expect(accepted.statusCode).toBe(202);
      documentId = accepted.json<{ document: { id: string } }>().document.id;
      await waitForJobs(app);

      const calls = listenCalls();
      expect(calls).toHaveLength(1);
      expect(calls[0]!.headers.authorization).toBe("Token dg-local-key");
      expect(calls[0]!.query).toEqual({ model: "nova-3-medical", diarize: "true", utterances: "true", punctuate: "true", smart_format: "true" });
      expect(calls[0]!.headers["content-type"]).toBe("audio/wav");
      expect(calls[0]!.sha256).toBe(createHash("sha256").update(recording).digest("hex"));
      expect(calls[0]!.headers["content-disposition"]).toBeUndefined();

      const doc = await clinic.document(documentId);
      expect(doc).toMatchObject({ kind: "transcript", mediaType: "audio/wav", patientId, status: "pending" });
      const parsed = JSON.parse(new TextDecoder().decode(await collect(await app.blobs.get(`parsed/${doc!.organizationId}/${doc!.id}.json`)))) as ParsedDocument;
      expect(parsed.kind).toBe("transcript");
      expect(parsed.sections.map((s) => [s.speaker, s.startMs, s.endMs])).toEqual(SESSION.map((u) => [u.speaker === 0 ? "Speaker A" : "Speaker B", u.start * 1000, u.end * 1000]));
      expect(parsed.sections[4]!.text).toMatch(/lighthouse/);
    }, 60_000);

    it("answers from the approved transcript, citing the speaker and the time", async () => {
      await clinic.approve(documentId);
      await recordConsent(app, { actor: admin, patientId, type: "ai_analysis", action: "granted", method: "cli" });
      const answer = await answerQuestion(app, { actor: admin, projectId, question: "What keeps returning in the client's dreams?", visibility: "private", patientIds: [patientId] });
      expect(answer.kind).not.toBe("refusal");
      const source = answer.sources.find((s) => s.documentId === documentId);
      expect(source?.locator).toMatch(/Speaker B/);
      expect(source?.locator).toMatch(/00:0[01]:\d\d/);
      expect(answer.text).toMatch(/lighthouse/i);
    }, 60_000);

    it("a Deepgram that keeps rate limiting leaves the document failed with the status and retry-after, no transcript text; retry completes it", async () => {
      deepgram.failNext(429, { count: 3, retryAfter: 30 });
      await clinic.expectFailedThenRetried(wav(1.0, 40), "session-2026-12-08.wav", /speech-to-text service failed \(HTTP 429\).*retry after 30 s/, /Too many requests|lighthouse/);
    }, 60_000);
  });
}
