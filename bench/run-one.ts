// Runs one bench file in this process and prints its results on a marked line.
import { pathToFileURL } from "node:url";

const file = process.argv[2]!;
const mod = (await import(pathToFileURL(file).href)) as { default: () => Promise<unknown[]> };
const results = await mod.default();
process.stdout.write(`\nBENCH_RESULTS ${JSON.stringify(results)}\n`);
process.exit(0);
