/**
 * Slack front door under load: 50 people mention @Rounds with a question at
 * the same moment. Each mention is a signed Events API request to the real
 * Bolt HTTP receiver; the answers go through the real conversation layer and
 * app (embedded tier, demo corpus, a deterministic instant language model)
 * and out to a local server speaking Slack's Web API.
 *
 * - ack latency: request sent → HTTP 200 back (Slack gives up after 3 s);
 *   target p95 < 300 ms while the 50 answers are being worked on.
 * - messages/s: mentions answered per second end to end, from the first
 *   request to the last answer's `chat.postMessage` at the Web API.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { Worker } from "node:worker_threads";
import { join } from "node:path";
import { createLogger, ingestFile, reviewDocument, runCommand, silentLogger } from "@rounds/core";
import { FakeLanguageModel } from "@rounds/core/testing";
import type { BenchResult } from "../../bench/run.ts";
import { percentile } from "../../bench/stats.ts";
import { createApp } from "../src/app/create-app.ts";
import { demoCorpus } from "../src/cli/demo.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { ConversationLayer } from "../src/conversation/conversation-layer.ts";
import { createConversationServices } from "../src/conversation/create-conversation-services.ts";
import { SlackChannel } from "@rounds/plugin-slack";
import { BOT_TOKEN, BOT_USER_ID, FakeSlack, SIGNING_SECRET, eventEnvelope } from "@rounds/plugin-slack/testing";
import { loadRoundsConfig } from "../src/app/load-rounds-config.ts";

const CONCURRENT = 50;
const ROUNDS = 4; // the first warms up and is not counted
const questions = (JSON.parse(readFileSync(new URL("../test/fixtures/retrieval-questions.json", import.meta.url), "utf8")) as Array<{ q: string }>).map((x) => x.q);

export default async function run(): Promise<BenchResult[]> {
  const dataDir = mkdtempSync(join(tmpdir(), "rounds-bench-slack-"));
  const model = new FakeLanguageModel("Observe patients for 60 minutes after the infusion [1].");
  const config = loadRoundsConfig({ env: {}, cwd: tmpdir(), overrides: { dataDir, log: { level: "silent" }, models: { answer: "scripted" } } });
  const app = await createApp(config, {
    migrate: true, logger: silentLogger(),
    plugins: [{ name: "bench-model", version: "0", manifest: { displayName: "Instant model", contributes: { languageModels: [{ id: "scripted" }] } }, module: { activate: (ctx) => ctx.register("languageModels", "scripted", model) } }],
  });
  const fake = new FakeSlack();
  await fake.start();
  fake.addConversation("C1", { is_private: false });
  const channel = new SlackChannel({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, port: 0, host: "127.0.0.1", apiUrl: fake.apiUrl, logger: createLogger({ level: "silent" }) });
  try {
    const ws = await ensureWorkspace(app, { org: "bench", project: "kat", domain: "ketamine-assisted therapy" });
    const actor = await localOperator(app, ws.organization.id);
    const projectId = ws.project.id;
    await app.jobs.startWorker({ concurrency: 2 });
    for (const f of readdirSync(demoCorpus)) await ingestFile(app, { actor, projectId, fileName: f, bytes: new Uint8Array(readFileSync(join(demoCorpus, f))) });
    await waitForJobs(app);
    for (const d of await app.store.knowledge.listDocuments({ organizationId: ws.organization.id, projectId })) {
      if (d.status === "pending") await reviewDocument(app, { actor, projectId, documentId: d.id, action: "approve" });
    }
    await waitForJobs(app);
    const run = (command: string, args: string) => runCommand(app, command, { actor, projectId, args, visibility: "private" });
    await run("channels", "bind slack T1 *");
    // One person per concurrent question, so per-user rate limits are not what is measured.
    for (let i = 0; i < CONCURRENT; i++) {
      const { id } = (await run("users", `add Clinician${i} --role clinician`)).data as { id: string };
      await run("users", `link ${id} slack T1 U${i}`);
    }
    await channel.start(new ConversationLayer(app, createConversationServices(app)));

    const acks: number[] = [];
    const rates: number[] = [];
    let failures = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const started = performance.now();
      const mentions = Array.from({ length: CONCURRENT }, (_, i) => {
        const ts = `17000${round}${String(i).padStart(4, "0")}.000100`;
        const body = eventEnvelope(`Ev-${round}-${i}`, "T1", {
          type: "app_mention", channel: "C1", user: `U${i}`, ts,
          text: `<@${BOT_USER_ID}> ${questions[(round * CONCURRENT + i) % questions.length]}`,
        });
        return { ts, body };
      });
      const answered = () => new Set(fake.calls.filter((c) => c.method === "chat.postMessage" && mentions.some((m) => m.ts === c.args.thread_ts)).map((c) => c.args.thread_ts)).size;
      const { ackTimes, statuses } = await sendFromAnotherThread(channel.url!, mentions.map((m) => m.body));
      failures += statuses.filter((st) => st !== 200).length;
      const deadline = Date.now() + 120_000;
      while (answered() < CONCURRENT) {
        if (Date.now() > deadline) throw new Error(`only ${answered()} of ${CONCURRENT} mentions were answered`);
        await new Promise((r) => setTimeout(r, 5));
      }
      const seconds = (performance.now() - started) / 1000;
      if (round > 0) {
        acks.push(...ackTimes);
        rates.push(CONCURRENT / seconds);
      }
    }
    if (failures > 0) throw new Error(`${failures} requests were not acknowledged with 200`);
    const p95 = percentile(acks, 95);
    const rate = rates.reduce((a, b) => a + b, 0) / rates.length;
    const suite = `slack (${CONCURRENT} concurrent mentions)`;
    return [
      { suite, name: "ack latency p50", value: percentile(acks, 50), unit: "ms" },
      { suite, name: "ack latency p95", value: p95, unit: "ms", target: "< 300", passed: p95 < 300 },
      { suite, name: "ack latency max", value: Math.max(...acks), unit: "ms" },
      { suite, name: "answered end to end (mention → chat.postMessage)", value: rate, unit: "msg/s", notes: `mean of ${ROUNDS - 1} rounds; embedded tier, demo corpus, instant model` },
    ];
  } finally {
    await channel.stop();
    await fake.close();
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Slack is another machine: the requests are signed and timed on a worker
 * thread with its own event loop, so a busy Rounds process cannot flatter or
 * spoil the client's clock, only its own acknowledgements.
 */
function sendFromAnotherThread(url: string, bodies: string[]): Promise<{ ackTimes: number[]; statuses: number[] }> {
  const code = `
    const { parentPort, workerData } = require("node:worker_threads");
    const { createHmac } = require("node:crypto");
    const { url, bodies, secret } = workerData;
    Promise.all(bodies.map(async (body) => {
      const ts = Math.floor(Date.now() / 1000);
      const signature = "v0=" + createHmac("sha256", secret).update("v0:" + ts + ":" + body).digest("hex");
      const t = performance.now();
      const res = await fetch(url, { method: "POST", body, headers: { "content-type": "application/json", "x-slack-request-timestamp": String(ts), "x-slack-signature": signature } });
      await res.arrayBuffer();
      return [performance.now() - t, res.status];
    })).then((r) => parentPort.postMessage({ ackTimes: r.map((x) => x[0]), statuses: r.map((x) => x[1]) }));
  `;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: { url, bodies, secret: SIGNING_SECRET } });
    worker.once("message", (m: { ackTimes: number[]; statuses: number[] }) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once("error", reject);
  });
}
