// A worker process the killed-worker tests start and SIGKILL mid-job.
import { createStore, openDatabase } from "@rounds/db";
import type { AppContext } from "../../app/app-context.ts";
import { silentLogger } from "../../logging/logger.ts";
import { createBullmqQueue } from "../bullmq-queue.ts";
import { createDatabaseQueue } from "../database-queue.ts";
import { markerJob } from "./marker-job.ts";

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
