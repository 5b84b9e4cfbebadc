/**
 * What a fresh process pays before and for its first texts (`rounds deid` on one file, any CLI command that
 * de-identifies): CPU seconds of the process for importing the plugin, its first call on a short English note (which
 * loads the vocabularies) and then its first call on a short German note (which loads the other languages' profiles and
 * German's safe words). Takes a checkout root, so that two checkouts can be run alternately in the same minutes.
 *
 *   node --conditions=rounds-source --import tsx plugins/deid/scripts/start-up.ts [checkout root]
 */
import { resolve } from "node:path";
import type { Deidentifier } from "@rounds/core";

const root = resolve(process.argv[2] ?? resolve(import.meta.dirname, "../../.."));
const seconds = (u: NodeJS.CpuUsage) => ((u.user + u.system) / 1e6).toFixed(2);
let t = process.cpuUsage();
const { SafeHarborDeidentifier } = (await import(`${root}/plugins/deid/src/index.ts`)) as { SafeHarborDeidentifier: new () => Deidentifier };
const out = [`import ${seconds(process.cpuUsage(t))} s`];
const deid = new SafeHarborDeidentifier();
t = process.cpuUsage();
await deid.deidentify("Patient John Smith was seen at Leeds General Infirmary on 3 March 2024; MRN 4482913. Plan: continue sertraline 50 mg.");
out.push(`first English note ${seconds(process.cpuUsage(t))} s`);
t = process.cpuUsage();
await deid.deidentify("Der Patient Jürgen Müller wurde gestern aus dem Klinikum entlassen, und die Tochter hat ihn nach Hause gebracht.");
out.push(`then first German note ${seconds(process.cpuUsage(t))} s`);
console.log(out.join("  "));
