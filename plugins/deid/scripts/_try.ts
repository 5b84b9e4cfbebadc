import { SafeHarborDeidentifier } from "../src/index.ts";
const r = new SafeHarborDeidentifier();
for (const t of process.argv.slice(2)) console.log((await r.deidentify(t)).text);
