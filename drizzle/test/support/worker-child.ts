// A worker process the killed-worker tests start and SIGKILL mid-job.
import { createStore, openDatabase } from "../../src/index.ts";
import { type AppContext, createBullmqQueue, createDatabaseQueue, silentLogger } from "@rounds/core";
import { markerJob } from "@rounds/core/testing";

const [kind, url] = process.argv.slice(2) as ["database" | "bullmq", string];
const app = () => ({}) as AppContext;
if (kind === "bullmq") {
  const q = createBullmqQueue({ redisUrl: url, prefix: process.env.TEST_PREFIX ?? "rounds-test", logger: silentLogger(), app, lockDurationMs: 1000, stalledIntervalMs: 500 });
  q.register(markerJob);
  await q.startWorker({ concurrency: 1 });
} else {
  const handle = await openDatabase({ url });
  const q = createDatabaseQueue({ store: createStore(handle), logger: silentLogger(), app, pollMs: 20, leaseMs: 1000 });
  q.register(markerJob);
  await q.startWorker({ concurrency: 1 });
}
process.stdout.write("READY\n");
