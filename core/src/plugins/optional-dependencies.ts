/**
 * A plugin's vendor SDKs that a default install leaves out. A plugin that
 * only some deployments use (a chat channel, a cloud model, S3) declares its
 * SDKs as optional peer dependencies (`peerDependencies` marked `optional` in
 * `peerDependenciesMeta`, and repeated in `devDependencies` so the repository's
 * own install and CI have them): npm installs no optional peer by itself, so
 * `npm install --omit=dev` stays small, and whoever configures the plugin
 * installs its SDKs with the one command the error below names. The bot's
 * tracing exporters are optional the same way.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { RoundsError } from "../errors/index.ts";

interface PackageJson {
  name?: string;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** Whether `name` is installed where Node would find it from `dir` (a `node_modules/<name>` in it or a parent). */
function installedFrom(name: string, dir: string): boolean {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, "node_modules", name, "package.json"))) return true;
    if (dirname(at) === at) return false;
  }
}

/** The optional peer dependencies of the package in `dir` that are not installed, with their version ranges. */
export function missingOptionalDependencies(dir: string): Array<{ name: string; range: string }> {
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as PackageJson;
  return Object.entries(pkg.peerDependencies ?? {})
    .filter(([name]) => pkg.peerDependenciesMeta?.[name]?.optional === true)
    .filter(([name]) => !installedFrom(name, dir))
    .map(([name, range]) => ({ name, range }));
}

/**
 * Refuses what was configured (`Plugin @rounds/plugin-teams`, `Tracing`) when
 * the optional packages of the package in `dir` are not installed, naming the
 * command that installs them.
 */
export function requireOptionalDependencies(what: string, dir: string): void {
  const missing = missingOptionalDependencies(dir);
  if (missing.length === 0) return;
  const specs = missing.map((m) => `${m.name}@${m.range}`);
  const it = missing.length === 1 ? "it" : "them";
  const plugin = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as PackageJson;
  throw new RoundsError(
    "PLUGIN_DEPENDENCY_MISSING",
    `${what} needs ${missing.map((m) => m.name).join(", ")}, ${missing.length === 1 ? "an optional package" : "optional packages"} that a default install leaves out. Install ${it} in the Rounds folder: npm install ${specs.join(" ")}`,
    { details: { package: plugin.name ?? dir, missing: specs } },
  );
}
