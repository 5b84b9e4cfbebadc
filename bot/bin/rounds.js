#!/usr/bin/env node
// The `rounds` command: runs the compiled CLI (`npm run build` writes dist/),
// so it starts without compiling TypeScript. Reached as node_modules/.bin/rounds
// (npx rounds), bin/rounds.js, or a global link: it calls the CLI explicitly
// rather than relying on how the process was started. During development,
// `npm run rounds -- …` runs the TypeScript sources instead.
// In a clone (sources present) it first checks that the build is not older
// than the sources (build-stamp.js: stat calls only, a few milliseconds) and
// stops rather than run old code; it does not rebuild by itself, because the
// build replaces dist/ under any `rounds serve` running from the same folder.
import { existsSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { staleBuilds } from "./build-stamp.js";

const main = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(main)) {
  process.stderr.write("rounds: this copy is not built yet: run `npm run build` in the Rounds folder (or `npm run rounds -- …` to run the sources)\n");
  process.exit(1);
}
const root = realpathSync(fileURLToPath(new URL("../..", import.meta.url)));
// admin-web is bundled by Vite (`npm run build:admin`), not by `npm run build`.
const stale = staleBuilds(root, ["admin-web"]);
if (stale.length > 0) {
  const list = stale.map((s) => `  ${s.name}: ${s.reason}\n`).join("");
  process.stderr.write(`rounds: the compiled build is older than the sources in ${root}:\n${list}run \`npm run build\` there (or \`npm run rounds -- …\` to run the sources)\n`);
  process.exit(1);
}
const { run } = await import(main.href);
await run();
