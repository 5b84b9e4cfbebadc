// Preloaded by cli.bench.ts (`node --import ./cpu-report.js bot/bin/rounds.js …`):
// when the measured `rounds` process exits, it writes the CPU time it used
// (user + system, in seconds) to the file named by BENCH_CPU_FILE. The command
// itself runs unchanged; wall time on a shared machine grows with the load,
// CPU time much less.
import { writeFileSync } from "node:fs";

const file = process.env.BENCH_CPU_FILE;
if (file) {
  process.on("exit", () => {
    const { user, system } = process.cpuUsage();
    writeFileSync(file, String((user + system) / 1e6));
  });
}
