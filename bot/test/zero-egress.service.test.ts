// The on-prem tier sends nothing off the machine: with a guard on every
// outbound TCP connection and on fetch, a full ingest (documents and a
// patient's session transcript) + approve + index + ask + session note runs
// with no connection to anything but loopback. Plugins that would call out
// are refused at start with a message naming them.
import net from "node:net";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { type Actor, ingestFile, NOTE_FORMATS, recordConsent, reviewDocument, runCommand } from "@rounds/core";
import { type EgressGuard, installEgressGuard } from "@rounds/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { cleanupTargets, startApp } from "./support/test-app.ts";

const corpus = join(import.meta.dirname, "../demo/corpus");
const SESSION = "WEBVTT\n\n00:00:01.000 --> 00:00:08.000\n<v Therapist>How has your sleep been since the dosing session?\n\n00:00:09.000 --> 00:00:20.000\n<v Client>I am struggling with sleep and the anxiety is worse in the evenings.\n\n00:00:21.000 --> 00:00:30.000\n<v Therapist>Let's practise the breathing exercise, and next session we will review your journal.\n";

let app: RoundsApp;
let admin: Actor;
let projectId: string;

let guard: EgressGuard;
beforeAll(async () => {
  guard = installEgressGuard();
});
afterAll(async () => {
  await app?.close();
  guard.restore();
  await cleanupTargets();
});

describe("on-prem tier, zero egress", () => {
  it("the guard blocks and records a non-loopback connection (or the test below would prove nothing)", async () => {
    await expect(fetch("https://api.openai.com/v1/models")).rejects.toThrow(/egress blocked/);
    const socket = net.connect({ host: "192.0.2.7", port: 443 });
    await new Promise<void>((resolve) => socket.once("error", () => resolve()));
    expect(guard.violations).toEqual(["fetch https://api.openai.com", "tcp 192.0.2.7"]);
    guard.violations.length = 0;
  });

  it("refuses a cloud plugin at start, naming it", async () => {
    await expect(startApp({ tier: "on-prem", database: { url: "memory://" }, dataDir: `/tmp/rounds-onprem-refuse-${process.pid}` }, {
      plugins: ["@rounds/plugin-blob-fs", "@rounds/plugin-parsers", "@rounds/plugin-lexical", "@rounds/plugin-deid", "@rounds/plugin-openai"],
    })).rejects.toThrow(/on-prem tier keeps everything on this machine, but @rounds\/plugin-openai would send data off it/);
  });

  it("ingests, answers with citations and writes a session note without a single outbound connection", async () => {
    app = await startApp({ tier: "on-prem", database: { url: "memory://" }, dataDir: `/tmp/rounds-onprem-${process.pid}` }, {
      plugins: ["@rounds/plugin-blob-fs", "@rounds/plugin-parsers", "@rounds/plugin-lexical", "@rounds/plugin-deid", "@rounds/plugin-llama-cpp"],
      // Session notes by a real local GGUF (a tiny story model: the JSON grammar guarantees the structure, not the prose).
      models: { notes: "llama-cpp" },
      pluginSettings: { "@rounds/plugin-llama-cpp": { modelPath: join(import.meta.dirname, "../../plugins/llama-cpp/test/models/stories260K.gguf"), threads: 1, contextSize: 1024 } },
    });
    const ws = await ensureWorkspace(app, { org: "onprem", project: "kat" });
    projectId = ws.project.id;
    admin = await localOperator(app, ws.organization.id);
    for (const name of readdirSync(corpus).slice(0, 4)) {
      await ingestFile(app, { actor: admin, projectId, fileName: name, bytes: new Uint8Array(readFileSync(join(corpus, name))) });
    }
    const patientId = (await app.store.identity.createPatient({ organizationId: ws.organization.id, displayName: "P", externalRef: "P-1" })).id;
    await recordConsent(app, { actor: admin, patientId, type: "recording", action: "granted", method: "cli" });
    await recordConsent(app, { actor: admin, patientId, type: "ai_analysis", action: "granted", method: "cli" });
    const session = await ingestFile(app, { actor: admin, projectId, fileName: "session.vtt", bytes: new TextEncoder().encode(SESSION), patientId });
    await waitForJobs(app);
    for (const doc of await app.store.knowledge.listDocuments({ organizationId: ws.organization.id, projectId })) {
      if (doc.status === "pending" || doc.status === "irrelevant") await reviewDocument(app, { actor: admin, projectId, documentId: doc.id, action: "approve" });
    }
    await waitForJobs(app);

    const answer = await runCommand(app, "ask", { actor: admin, projectId, args: "How often is blood pressure checked during a ketamine infusion?", visibility: "private" });
    const data = answer.data as { kind: string; sources: unknown[] };
    expect(data.kind).not.toBe("refusal");
    expect(data.sources.length).toBeGreaterThan(0);
    const note = await runCommand(app, "notes", { actor: admin, projectId, args: session.document.id, visibility: "private" });
    // The local model ran (no egress); a tiny story model cannot cite transcript turns, so the checked note falls back to quoting them.
    expect(note.data).toMatchObject({ modelId: "extractive", format: "soap", sections: expect.any(Array) });
    expect((note.data as { sections: unknown[] }).sections).toHaveLength(NOTE_FORMATS.soap.length);
    // Each section's call ran on the local model (one per section); what the tiny model wrote was checked and each section quoted, saying why.
    expect((note.blocks[0] as { text: string }).text).toMatch(/quoted from the transcript, not generated \((?:the model wrote no statement from the \d+ turn\(s\) given|none of the model's \d+ statement\(s\) cited a turn|the model's answer was not valid JSON|the model's answer did not have the statements shape)/);
    expect(guard.violations).toEqual([]);
  }, 120_000);
});
