// No Docker engine runs here, so the image is not built; what the Dockerfile
// relies on is checked instead: every file it copies exists, every script it
// runs exists (npm scripts in package.json, node scripts in scripts/), the
// entry point exists, it installs with `npm install` (npm ci rejects this
// lockfile, see .ci/run), and the image is built for the plugins the compose
// file runs, whose optional vendor SDKs the install script resolves.
// Not checked here: the base image, the build itself, the non-root user at
// run time, what `npm prune` leaves in the image.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = resolve(import.meta.dirname, "../..");
// Instructions with their continuation lines joined; comments dropped.
const instructions = readFileSync(resolve(root, "Dockerfile"), "utf8")
  .replace(/\\\n/g, " ")
  .split("\n")
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith("#"))
  .map((line) => ({ op: line.split(/\s+/)[0]!.toUpperCase(), rest: line.slice(line.search(/\s/) + 1).trim() }));
const runs = instructions.filter((i) => i.op === "RUN").map((i) => i.rest).join(" && ");
const rootPackage = JSON.parse(readFileSync(resolve(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
const compose = parse(readFileSync(resolve(root, "docker-compose.yml"), "utf8"), { merge: true }) as {
  services: Record<string, { build?: { args?: Record<string, string> }; environment?: Record<string, string> }>;
};
const composeDefault = (value: string | undefined) => /^\$\{ROUNDS_PLUGINS:-(.+)\}$/.exec(value ?? "")?.[1];

describe("Dockerfile", () => {
  it("copies only paths that exist", () => {
    const sources = instructions.filter((i) => i.op === "COPY" && !i.rest.startsWith("--from")).flatMap((i) => i.rest.split(/\s+/).slice(0, -1));
    expect(sources.length).toBeGreaterThan(5);
    for (const source of sources) expect(existsSync(resolve(root, source)), source).toBe(true);
  });

  it("gives the install layer every workspace's package.json (a workspace added without one would break npm install)", () => {
    const installAt = instructions.findIndex((i) => i.op === "RUN" && /npm install\b/.test(i.rest));
    const copiedBefore = instructions.slice(0, installAt).filter((i) => i.op === "COPY" && !i.rest.startsWith("--from"))
      .flatMap((i) => i.rest.split(/\s+/).slice(0, -1)).map((source) => source.replace(/\/$/, ""));
    const workspaces = (JSON.parse(readFileSync(resolve(root, "package.json"), "utf8")) as { workspaces: string[] }).workspaces;
    expect(workspaces.length).toBeGreaterThan(3);
    for (const workspace of workspaces) {
      const folder = workspace.replace(/\/\*$/, "");
      const copied = copiedBefore.some((source) => source === `${folder}/package.json` || (workspace.endsWith("/*") && source === folder));
      expect(copied, `${workspace}/package.json before npm install`).toBe(true);
    }
  });

  it("runs only scripts that exist, installs with npm install, and starts the rounds bin", () => {
    expect(runs).not.toMatch(/npm ci\b/);
    expect(runs).toMatch(/npm install\b/);
    const npmScripts = [...runs.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]!);
    const nodeScripts = [...runs.matchAll(/node (scripts\/[\w.-]+)/g)].map((m) => m[1]!);
    expect(npmScripts).toContain("build");
    expect(nodeScripts).toEqual(expect.arrayContaining(["scripts/install-plugin-sdks.js", "scripts/prune-llama-builds.js"]));
    for (const s of npmScripts) expect(rootPackage.scripts[s], `npm run ${s}`).toBeDefined();
    for (const s of nodeScripts) expect(existsSync(resolve(root, s)), s).toBe(true);
    const entry = JSON.parse(instructions.find((i) => i.op === "ENTRYPOINT")!.rest) as string[];
    expect(entry[0]).toBe("node");
    expect(existsSync(resolve(root, entry[1]!)), entry[1]).toBe(true);
  });

  it("is built for the plugins the compose file runs, and resolves their optional SDKs", () => {
    const arg = instructions.find((i) => i.op === "ARG" && i.rest.startsWith("ROUNDS_PLUGINS="))!.rest.slice("ROUNDS_PLUGINS=".length);
    const migrate = compose.services.migrate!;
    expect(composeDefault(migrate.build?.args?.ROUNDS_PLUGINS)).toBe(arg);
    expect(composeDefault(migrate.environment?.ROUNDS_PLUGINS)).toBe(arg);
    // What the image's RUN step would install for that list (the script prints the npm command instead of running it).
    const command = execFileSync(process.execPath, [resolve(root, "scripts/install-plugin-sdks.js"), "--print"], { cwd: root, encoding: "utf8", env: { ...process.env, ROUNDS_PLUGINS: arg } });
    expect(command).toMatch(/^npm install --no-save --omit=dev .* @aws-sdk\/client-s3@\^3\.\d+\.\d+ @aws-sdk\/s3-request-presigner@/);
    expect(command).not.toContain("@microsoft/agents-hosting");
  });

  it("the install script refuses a plugin that does not exist, naming it", () => {
    let failure: { status?: number; stderr?: string } = {};
    try {
      execFileSync(process.execPath, [resolve(root, "scripts/install-plugin-sdks.js"), "--print", "@rounds/plugin-nope"], { cwd: root, encoding: "utf8", stdio: "pipe" });
    } catch (error) {
      failure = error as typeof failure;
    }
    expect(failure.status).toBe(1);
    expect(failure.stderr).toContain("no plugin @rounds/plugin-nope");
  });
});
