// A worker process for crash tests: runs the app's worker with the config
// given as JSON in argv[2], prints "DONE <n>" for each completed job, and
// never exits on its own (the test kills it).
import { silentLogger } from "@rounds/core";
import { createApp } from "../../src/app/create-app.ts";
import { loadRoundsConfig } from "../../src/app/load-rounds-config.ts";

const config = loadRoundsConfig({ env: {}, cwd: process.cwd(), overrides: JSON.parse(process.argv[2]!) as never });
const app = await createApp(config, { migrate: false, logger: silentLogger() });
let done = 0;
app.jobs.on((event) => {
  if (event.type === "completed") process.stdout.write(`DONE ${++done}\n`);
});
await app.jobs.startWorker({ concurrency: 2 });
process.stdout.write("READY\n");
setInterval(() => {}, 1 << 30);
