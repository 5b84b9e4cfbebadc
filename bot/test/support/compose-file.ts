// Reading `.env.example` and `docker-compose.yml` the way Docker Compose does,
// for the tests that check the shipped configuration (no Docker engine here).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "yaml";

export const repoRoot = resolve(import.meta.dirname, "../../..");

/** `KEY=value` lines of an env file (comments and blank lines skipped). */
export function envFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

/** Docker Compose interpolation: `${X}`, `${X:-default}`, `${X:?error}`, `$$` for a literal `$`. */
export function interpolate(value: string, dotEnv: Record<string, string>): string {
  return value.replace(/\$\$|\$\{([A-Z0-9_]+)(?::([-?])([^}]*))?\}/g, (whole, name: string | undefined, op: string | undefined, arg: string | undefined) => {
    if (whole === "$$") return "$";
    const set = dotEnv[name!];
    if (op === "-") return set ? set : arg!;
    if (op === "?" && !set) throw new Error(`docker compose would stop: ${arg}`);
    return set ?? "";
  });
}

interface ComposeService { environment?: Record<string, string>; env_file?: string | string[] }

export function composeServices(): Record<string, ComposeService> {
  return (parse(readFileSync(resolve(repoRoot, "docker-compose.yml"), "utf8"), { merge: true }) as { services: Record<string, ComposeService> }).services;
}

/**
 * The environment a service's container starts with, given the operator's
 * `.env`: the files its `env_file` names (only `.env` is shipped, so that
 * one is `dotEnv`), overridden by its `environment`, interpolated from `.env`.
 */
export function composeEnvironment(dotEnv: Record<string, string>, service: string): Record<string, string> {
  const spec = composeServices()[service];
  if (!spec?.environment) throw new Error(`docker-compose.yml has no environment for ${service}`);
  const files = spec.env_file === undefined ? [] : [spec.env_file].flat();
  for (const file of files) if (file !== ".env") throw new Error(`docker-compose.yml's ${service} reads ${file}; only .env is shipped`);
  const fromFiles = files.length ? dotEnv : {};
  const environment = Object.fromEntries(Object.entries(spec.environment).map(([k, v]) => [k, interpolate(String(v), dotEnv)]));
  return { ...fromFiles, ...environment };
}

export const dotEnvExample = (): Record<string, string> => envFile(readFileSync(resolve(repoRoot, ".env.example"), "utf8"));
