// `node scripts/run-together.js typecheck lint`: runs the named npm scripts at
// the same time (the machine has two cores; `tsc` and `eslint` each use one),
// prints each one's whole output when it ends, undivided, under its name, and
// exits non-zero when any of them failed, after all have ended and been shown.
// `npm test` runs its checks this way: one after the other they took about a
// minute and a half, together about the longer of the two.
import { spawn } from "node:child_process";

const names = process.argv.slice(2);
if (names.length === 0) {
  process.stderr.write("usage: node scripts/run-together.js <npm script>...\n");
  process.exit(2);
}

const npm = process.env.npm_execpath;
const command = npm ? process.execPath : "npm";
const prefix = npm ? [npm] : [];

function run(name) {
  return new Promise((done) => {
    const started = Date.now();
    const child = spawn(command, [...prefix, "run", name], { stdio: ["ignore", "pipe", "pipe"] });
    const chunks = [];
    child.stdout.on("data", (d) => chunks.push(d));
    child.stderr.on("data", (d) => chunks.push(d));
    child.on("error", (error) => chunks.push(Buffer.from(`${error.message}\n`)));
    child.on("close", (code, signal) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      const status = code === 0 ? "passed" : `FAILED (${signal ?? `exit ${code}`})`;
      process.stdout.write(`\n[${name}] ${status} in ${seconds} s\n${Buffer.concat(chunks).toString()}`);
      done(code === 0);
    });
  });
}

const results = await Promise.all(names.map(run));
const failed = names.filter((_, i) => !results[i]);
if (failed.length > 0) {
  process.stderr.write(`\nfailed: ${failed.join(", ")}\n`);
  process.exit(1);
}
