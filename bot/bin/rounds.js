#!/usr/bin/env node
// The `rounds` command: runs the compiled CLI (`npm run build` writes dist/),
// so it starts without compiling TypeScript. Reached as node_modules/.bin/rounds
// (npx rounds), bin/rounds.js, or a global link: it calls the CLI explicitly
// rather than relying on how the process was started. During development,
// `npm run rounds -- …` runs the TypeScript sources instead.
import { existsSync } from "node:fs";

const main = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(main)) {
  process.stderr.write("rounds: this copy is not built yet: run `npm run build` in the Rounds folder (or `npm run rounds -- …` to run the sources)\n");
  process.exit(1);
}
const { run } = await import(main.href);
await run();
