// Is the compiled build (dist/) older than the sources beside it? `npm run
// build` writes a stamp in each package's dist/ with the time the build
// started; the `rounds` command compares it with the modification times of
// that package's src/ files and folders (a folder's time changes when a file
// is added, removed or renamed in it). A `git pull`, a branch switch or an
// edit all write files with a newer time. Only stat calls, no reading or
// hashing: a few milliseconds for the whole repository. A published package
// has no src/ and is not checked.
// Plain JavaScript: the bin runs it before anything is compiled.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

export const stampName = "build-stamp.json";

/** The workspace packages of the repository at `root` (its package.json's `workspaces`), or none. */
export function workspacePackages(root) {
  let patterns;
  try {
    patterns = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).workspaces;
  } catch {
    return [];
  }
  if (!Array.isArray(patterns)) return [];
  return patterns.flatMap((pattern) => {
    if (!pattern.endsWith("/*")) return [pattern];
    const parent = pattern.slice(0, -2);
    try {
      return readdirSync(join(root, parent), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => join(parent, d.name));
    } catch {
      return [];
    }
  });
}

/** The stamp `npm run build` writes into a package's dist/. */
export function stampText(builtAtMs) {
  return `${JSON.stringify({ builtAt: builtAtMs })}\n`;
}

/** The newest modification among `dir`, its files and its folders, and that path; test files are not built, so they do not count. */
function newest(dir) {
  let best = { mtimeMs: statSync(dir).mtimeMs, path: dir };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.endsWith(".test.ts")) continue;
    const path = join(dir, entry.name);
    const found = entry.isDirectory() ? newest(path) : { mtimeMs: statSync(path).mtimeMs, path };
    if (found.mtimeMs > best.mtimeMs) best = found;
  }
  return best;
}

/**
 * The packages under `root` whose dist/ is missing, unstamped or older than
 * their src/: `[{ name, reason }]`, empty when the build is current. Packages
 * without src/ (as published) and those listed in `skip` are not checked.
 */
export function staleBuilds(root, skip = []) {
  const stale = [];
  for (const pkg of workspacePackages(root)) {
    if (skip.includes(pkg)) continue;
    const src = join(root, pkg, "src");
    let source;
    try {
      source = newest(src);
    } catch {
      continue; // no src/: a published package
    }
    let builtAt;
    try {
      builtAt = JSON.parse(readFileSync(join(root, pkg, "dist", stampName), "utf8")).builtAt;
    } catch {
      stale.push({ name: pkg, reason: "not built" });
      continue;
    }
    if (typeof builtAt !== "number") stale.push({ name: pkg, reason: "not built" });
    else if (source.mtimeMs > builtAt) stale.push({ name: pkg, reason: `${source.path.slice(root.length + 1)} changed after the build` });
  }
  return stale;
}
