// The Vertex AI plugin against a local server speaking Google's wire formats
// (OAuth 2.0 JWT-bearer token exchange, Vertex AI generateContent /
// streamGenerateContent, Cloud Storage media upload, tuning jobs): the
// language-model conformance suite, every request checked against the
// documented schema, each HTTP failure turned into a Rounds error that names
// the status and never carries the prompt, and the supervised-tuning trainer
// from upload to tuned endpoint.
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LanguageModel, PluginContext, RoundsError, Trainer } from "@rounds/core";
import { describeLanguageModelConformance, describeVendorFailures, expectCleanFailure, MemoryBlobStore } from "@rounds/core/testing";
import { generateText, streamText } from "ai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { activate } from "../src/index.ts";
import { type FakeVertex, GOOGLE_TOKEN_AUDIENCE, startFakeVertex } from "../src/testing/fake-vertex-server.ts";

let server: FakeVertex;
let dir: string;
let keyFile: string;
const blobs = new MemoryBlobStore();
beforeAll(async () => {
  server = await startFakeVertex();
  dir = mkdtempSync(join(tmpdir(), "rounds-vertex-"));
  keyFile = join(dir, "key.json");
  writeFileSync(keyFile, JSON.stringify(server.serviceAccountKey));
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  // Every request any test sent must have matched the documented schema.
  expect(server.violations).toEqual([]);
});

function load(settings: Record<string, unknown> = {}) {
  const registered = new Map<string, () => unknown>();
  activate({
    services: { blobs: () => Promise.resolve(blobs) },
    settings: { project: server.project, location: server.location, keyFile, apiEndpoint: server.url, storageEndpoint: server.url, bucket: "rounds-tuning-test", bucketPrefix: "runs", chatModel: "gemini-2.5-flash", ...settings },
    register: (kind: string, id: string, impl: () => unknown) => registered.set(`${kind}/${id}`, impl),
  } as unknown as PluginContext);
  return {
    registered,
    model: async () => (await registered.get("languageModels/vertex")!()) as LanguageModel & { forArtifact(a: { kind: string; modelId?: string }): LanguageModel },
    trainer: () => registered.get("trainers/vertex")!() as Trainer,
  };
}

const MODEL_PATH = "/v1/projects/rounds-test/locations/us-central1/publishers/google/models/gemini-2.5-flash";
const SCHEMA = { type: "object", additionalProperties: false, required: ["subjective", "plan"], properties: { subjective: { type: "string" }, plan: { type: "string" } } };
const NOTE = JSON.stringify({ subjective: "Evenings are hard [T2].", plan: "Write a safety plan [T5]." });
const secret = "Philippa Quarrington's infusion at 180 mmHg";
/** What Vertex says in its own failures (the fake echoes the request as Vertex's bodies do), which no Rounds error may carry. */
const VENDOR_TEXT = /infusion|echoing|invalid authentication credentials|UNAUTHENTICATED|RESOURCE_EXHAUSTED|UNAVAILABLE|INTERNAL/;

describeLanguageModelConformance("vertex (generateContent wire-format server)", () => load().model());

describe("vertex plugin: what goes over the wire", () => {
  it("exchanges the service account's signed JWT for a token at the key's token_uri, then sends the model, config, system instruction and contents", async () => {
    server.replies = ["Pause at 180 mmHg [1]."];
    const tokensBefore = server.issuedTokens.length;
    const model = await load().model();
    const { text } = await generateText({ model, system: "Answer from the passages.", prompt: "When do we pause?", maxOutputTokens: 300, temperature: 0, maxRetries: 0 });
    expect(text).toBe("Pause at 180 mmHg [1].");
    const [tokenRequest, call] = server.requests.slice(-2);
    expect(tokenRequest).toMatchObject({ method: "POST", path: "/token" });
    expect(tokenRequest!.headers["content-type"]).toContain("application/x-www-form-urlencoded");
    const form = new URLSearchParams(tokenRequest!.body.toString());
    expect(form.get("grant_type")).toBe("urn:ietf:params:oauth:grant-type:jwt-bearer");
    const claims = JSON.parse(Buffer.from(form.get("assertion")!.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ iss: server.serviceAccountKey.client_email, aud: GOOGLE_TOKEN_AUDIENCE, scope: "https://www.googleapis.com/auth/cloud-platform" });
    expect(server.issuedTokens.length).toBe(tokensBefore + 1);
    expect(call!.method).toBe("POST");
    expect(call!.path).toBe(`${MODEL_PATH}:generateContent`);
    expect(call!.headers.authorization).toBe(`Bearer ${server.issuedTokens.at(-1)}`);
    expect(call!.headers["content-type"]).toContain("application/json");
    expect(call!.json).toEqual({
      generationConfig: { maxOutputTokens: 300, temperature: 0 },
      systemInstruction: { parts: [{ text: "Answer from the passages." }] },
      contents: [{ role: "user", parts: [{ text: "When do we pause?" }] }],
    });
  });

  it("reuses the access token until it expires", async () => {
    const model = await load().model();
    await generateText({ model, prompt: "one", maxRetries: 0 });
    const tokens = server.issuedTokens.length;
    await generateText({ model, prompt: "two", maxRetries: 0 });
    expect(server.issuedTokens.length).toBe(tokens);
    expect(server.requests.at(-1)!.path).toBe(`${MODEL_PATH}:generateContent`);
  });

  it("streams server-sent GenerateContentResponse chunks in order, with finish reason and usage", async () => {
    server.replies = ["Observe for sixty minutes after the infusion [2]."];
    const result = streamText({ model: await load().model(), prompt: "How long?", maxRetries: 0 });
    const deltas: string[] = [];
    for await (const d of result.textStream) deltas.push(d);
    expect(deltas.join("")).toBe("Observe for sixty minutes after the infusion [2].");
    expect(deltas.length).toBeGreaterThan(3);
    expect(await result.finishReason).toBe("stop");
    expect((await result.usage).inputTokens).toBe(25);
    const req = server.requests.at(-1)!;
    expect(req.path).toBe(`${MODEL_PATH}:streamGenerateContent`);
    expect(req.query).toEqual({ alt: "sse" });
  });

  it("asks for JSON-schema output with responseMimeType and responseSchema", async () => {
    server.replies = [NOTE];
    const model = await load().model();
    const r = await model.doGenerate({ prompt: [{ role: "system", content: "Write the note as JSON." }, { role: "user", content: [{ type: "text", text: "[T1 Client 00:00:00] Hello." }] }], temperature: 0, maxOutputTokens: 400, responseFormat: { type: "json", schema: SCHEMA as never, name: "session_note" } });
    expect(r.content.flatMap((c) => (c.type === "text" ? [c.text] : [])).join("")).toBe(NOTE);
    const config = server.requests.at(-1)!.json!.generationConfig as Record<string, unknown>;
    expect(config.responseMimeType).toBe("application/json");
    expect(config.responseSchema).toMatchObject({ type: "object", required: ["subjective", "plan"], properties: { subjective: { type: "string" }, plan: { type: "string" } } });
  });

  it("an explicit access token is sent as is, with no token exchange", async () => {
    server.issuedTokens.push("ya29.given-by-gcloud");
    const before = server.requests.length;
    await generateText({ model: await load({ keyFile: undefined, accessToken: "ya29.given-by-gcloud" }).model(), prompt: "hi", maxRetries: 0 });
    const sent = server.requests.slice(before);
    expect(sent.map((r) => r.path)).toEqual([`${MODEL_PATH}:generateContent`]);
    expect(sent[0]!.headers.authorization).toBe("Bearer ya29.given-by-gcloud");
  });
});

describeVendorFailures("vertex (generateContent wire-format server)", {
  vendor: "Vertex AI", keySetting: "VERTEX_KEY_FILE or VERTEX_ACCESS_TOKEN (pluginSettings.@rounds/plugin-vertex)",
  server: { failNext: (...args) => server.failNext(...args) },
  model: () => load().model(),
  // An access token the API does not accept.
  refusedModel: () => load({ keyFile: undefined, accessToken: "ya29.revoked" }).model(),
  afterRefused: () => expect(server.requests.at(-1)!.headers.authorization).toBe("Bearer ya29.revoked"),
  serverErrors: [500, 503],
  streamStatus: 502,
  vendorText: VENDOR_TEXT,
});

describe("vertex plugin: failures of its own", () => {
  it("a key the token endpoint refuses (wrong private key): a Rounds error, no token, no model call", async () => {
    const other = { ...server.serviceAccountKey, private_key: generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString() };
    const wrong = join(dir, "wrong.json");
    writeFileSync(wrong, JSON.stringify(other));
    const before = server.requests.length;
    const error = await generateText({ model: await load({ keyFile: wrong }).model(), prompt: secret, maxRetries: 0 }).then(() => { throw new Error("expected a failure"); }, (e: unknown) => e as RoundsError);
    expect(error).toMatchObject({ code: "UPSTREAM_FAILED", details: { upstreamStatus: 400 } });
    expect(server.requests.slice(before).map((r) => r.path)).toEqual(["/token"]);
    expect(JSON.stringify(error) + error.message).not.toMatch(/Signature|invalid_grant/);
    expectCleanFailure(error, VENDOR_TEXT);
  });

  it("needs a project and credentials, and says which setting", async () => {
    await expect(load({ project: undefined }).model()).rejects.toThrow(/VERTEX_PROJECT/);
    await expect(load({ keyFile: undefined }).model()).rejects.toThrow(/VERTEX_KEY_FILE.*VERTEX_ACCESS_TOKEN/);
    writeFileSync(join(dir, "not-a-key.json"), JSON.stringify({ type: "authorized_user" }));
    await expect(load({ keyFile: join(dir, "not-a-key.json") }).model()).rejects.toThrow(/not a service-account key/);
  });
});

describe("vertex supervised-tuning trainer", () => {
  const train = '{"systemInstruction":{"role":"system","parts":[{"text":"Answer from the guidance."}]},"contents":[{"role":"user","parts":[{"text":"When is the infusion paused?"}]},{"role":"model","parts":[{"text":"Above 180 mmHg systolic [1]."}]}]}\n';
  const validation = '{"contents":[{"role":"user","parts":[{"text":"How long is observation?"}]},{"role":"model","parts":[{"text":"Sixty minutes [2]."}]}]}\n';
  beforeAll(async () => {
    await blobs.put("training/ds1/train.jsonl", new TextEncoder().encode(train));
    await blobs.put("training/ds1/validation.jsonl", new TextEncoder().encode(validation));
  });
  const submission = { trainingFileKey: "training/ds1/train.jsonl", validationFileKey: "training/ds1/validation.jsonl", baseModel: "gemini-2.5-flash", method: "supervised" as const, hyperparameters: { epochs: 3, learningRateMultiplier: 0.5 }, suffix: "rounds-kat" };

  it("uploads both files to Cloud Storage, creates the tuning job with their gs:// URIs, and follows it to a tuned endpoint that answers", async () => {
    const before = server.requests.length;
    const trainer = load().trainer();
    expect(trainer.datasetFormat).toBe("vertex");
    const { externalId } = await trainer.submit(submission);
    expect(externalId).toMatch(/^projects\/123456789012\/locations\/us-central1\/tuningJobs\/\d+$/);
    const sent = server.requests.slice(before).filter((r) => r.path !== "/token");
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /upload/storage/v1/b/rounds-tuning-test/o", "POST /upload/storage/v1/b/rounds-tuning-test/o", "POST /v1/projects/rounds-test/locations/us-central1/tuningJobs",
    ]);
    const [up1, up2, create] = sent;
    expect(up1!.query).toEqual({ uploadType: "media", name: expect.stringMatching(/^runs\/[\w-]+\/train\.jsonl$/) as unknown });
    expect(up2!.query.name).toMatch(/^runs\/[\w-]+\/validation\.jsonl$/);
    expect(up1!.headers.authorization).toMatch(/^Bearer ya29\.fake-/);
    expect(server.objects.get(`rounds-tuning-test/${up1!.query.name}`)!.toString()).toBe(train);
    expect(server.objects.get(`rounds-tuning-test/${up2!.query.name}`)!.toString()).toBe(validation);
    expect(create!.json).toEqual({
      baseModel: "gemini-2.5-flash", tunedModelDisplayName: "rounds-kat",
      supervisedTuningSpec: {
        trainingDatasetUri: `gs://rounds-tuning-test/${up1!.query.name}`, validationDatasetUri: `gs://rounds-tuning-test/${up2!.query.name}`,
        hyperParameters: { epochCount: "3", learningRateMultiplier: 0.5 },
      },
    });

    const first = await trainer.status(externalId);
    expect(first.state).toBe("queued");
    expect(first.events.map((e) => e.message)).toEqual(["tuning job created"]);
    const second = await trainer.status(externalId);
    expect(second.state).toBe("running");
    expect(second.events.map((e) => e.message)).toEqual(["tuning job created", "tuning started", "dataset: 4 examples, 8 steps"]);
    const done = await trainer.status(externalId);
    expect(done.state).toBe("succeeded");
    expect(done.events.map((e) => e.message)).toContain("checkpoint 2 at epoch 2, step 8 (projects/123456789012/locations/us-central1/endpoints/90010)");
    expect(done.events.at(-1)).toMatchObject({ level: "info", message: "tuning succeeded" });
    expect(done.result).toEqual({ kind: "remote-model", modelId: expect.stringMatching(/^projects\/123456789012\/locations\/us-central1\/endpoints\/\d+$/) as unknown });

    server.replies = ["Tuned: pause above 180 mmHg [1]."];
    const tuned = (await load().model()).forArtifact(done.result as { kind: string; modelId: string });
    const { text } = await generateText({ model: tuned, prompt: "When do we pause?", maxRetries: 0 });
    expect(text).toBe("Tuned: pause above 180 mmHg [1].");
    expect(server.requests.at(-1)!.path).toBe(`/v1/${(done.result as { modelId: string }).modelId}:generateContent`);
  });

  it("a failed job is reported with its reason, as an error event and the status's error", async () => {
    server.failNextTuningJob("Dataset validation failed: line 2 has no model turn.");
    const trainer = load().trainer();
    const { validationFileKey: _, ...withoutValidation } = submission;
    const { externalId } = await trainer.submit({ ...withoutValidation, hyperparameters: {} });
    expect(server.requests.at(-1)!.json!.supervisedTuningSpec).toEqual({ trainingDatasetUri: expect.stringMatching(/^gs:\/\/rounds-tuning-test\/runs\/.+\/train\.jsonl$/) as unknown });
    await trainer.status(externalId);
    const failed = await trainer.status(externalId);
    expect(failed.state).toBe("failed");
    expect(failed.error).toBe("INVALID_ARGUMENT: Dataset validation failed: line 2 has no model turn.");
    expect(failed.events.at(-1)).toMatchObject({ level: "error", message: "tuning failed: INVALID_ARGUMENT: Dataset validation failed: line 2 has no model turn." });
    expect(failed.result).toBeUndefined();
  });

  it("cancels a running job; cancelling a finished one is an upstream error with the status only", async () => {
    const trainer = load().trainer();
    const { externalId } = await trainer.submit(submission);
    await trainer.cancel(externalId);
    expect(server.requests.at(-1)).toMatchObject({ method: "POST", path: `/v1/${externalId}:cancel` });
    expect((await trainer.status(externalId)).state).toBe("cancelled");
    const error = await trainer.cancel(externalId).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "UPSTREAM_FAILED", details: { upstreamStatus: 400 } });
    expect(String((error as Error).message)).not.toMatch(/cannot be cancelled|JOB_STATE/);
  });

  it("storage and tuning failures are Rounds errors with the status; DPO is refused before anything is sent", async () => {
    const trainer = load().trainer();
    server.failNext(503);
    const upload = await trainer.submit(submission).catch((e: unknown) => e);
    expect(upload).toMatchObject({ code: "UPSTREAM_FAILED", details: { vendor: "Vertex AI storage upload", upstreamStatus: 503 } });
    expect(JSON.stringify(upload) + String((upload as Error).message)).not.toMatch(/echoing|infusion/);
    server.failNext(429, 1, "20");
    const poll = await trainer.status([...server.tuningJobs.keys()][0]!).catch((e: unknown) => e);
    expect(poll).toMatchObject({ code: "UPSTREAM_FAILED", details: { upstreamStatus: 429, retryAfterSeconds: 20 } });
    const before = server.requests.length;
    await expect(trainer.submit({ ...submission, method: "dpo" })).rejects.toMatchObject({ code: "CONFLICT", details: { reason: "method_unsupported" } });
    expect(server.requests.length).toBe(before);
  });

  it("needs a bucket", () => {
    expect(() => load({ bucket: undefined }).trainer()).toThrow(/VERTEX_TUNING_BUCKET/);
  });
});

describe("vertex plugin manifest", () => {
  it("registers exactly the declared ids and declares egress, so the on-prem tier refuses it", () => {
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { rounds: { egress: boolean; contributes: Record<string, Array<{ id: string }>> } };
    const declared = Object.entries(manifest.rounds.contributes).filter(([k]) => k !== "configuration").flatMap(([k, list]) => list.map((c) => `${k}/${c.id}`));
    expect([...load().registered.keys()]).toEqual(declared);
    expect(manifest.rounds.egress).toBe(true);
  });
});
