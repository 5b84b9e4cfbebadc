// Installs the optional vendor SDKs of the plugins named on the command line
// (or in ROUNDS_PLUGINS, comma-separated): each plugin declares them as
// optional peer dependencies, which `npm install --omit=dev` leaves out (see
// docs/benchmarks.md, "Install size"). Used by the Dockerfile for the plugins the image is
// built for, and by operators:
//   node scripts/install-plugin-sdks.js @rounds/plugin-teams @rounds/plugin-openai
// `--print` prints the npm command instead of running it. Plugins of the
// default install need nothing; an unknown plugin name exits 1.
// (plain JavaScript: it runs in production installs, without TypeScript).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const print = args.includes("--print");
const names = args.filter((a) => a !== "--print");
if (names.length === 0) names.push(...(process.env.ROUNDS_PLUGINS ?? "").split(",").map((s) => s.trim()).filter(Boolean));

const plugins = new Map(readdirSync(join(root, "plugins"))
  .map((dir) => join(root, "plugins", dir, "package.json"))
  .filter((file) => existsSync(file))
  .map((file) => JSON.parse(readFileSync(file, "utf8")))
  .map((pkg) => [pkg.name, pkg]));

const specs = [];
for (const name of names) {
  const pkg = plugins.get(name);
  if (!pkg) {
    process.stderr.write(`install-plugin-sdks: no plugin ${name} in ${join(root, "plugins")} (known: ${[...plugins.keys()].sort().join(", ")})\n`);
    process.exit(1);
  }
  for (const [dep, range] of Object.entries(pkg.peerDependencies ?? {})) {
    if (pkg.peerDependenciesMeta?.[dep]?.optional) specs.push(`${dep}@${range}`);
  }
}
const unique = [...new Set(specs)];
if (unique.length === 0) {
  process.stdout.write("install-plugin-sdks: these plugins need no optional package\n");
  process.exit(0);
}
const command = ["npm", "install", "--no-save", "--omit=dev", "--no-audit", "--no-fund", "--loglevel=error", ...unique];
if (print) {
  process.stdout.write(`${command.join(" ")}\n`);
  process.exit(0);
}
const run = spawnSync(command[0], command.slice(1), { cwd: root, stdio: "inherit" });
process.exit(run.status ?? 1);
