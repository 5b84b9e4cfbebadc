// Runs after `npm install` (the root package's postinstall). node-llama-cpp
// lists every platform's llama.cpp build as an optional dependency, and npm
// installs each one that claims this platform: CUDA (540 MB), Vulkan (70 MB)
// and ARM builds land on every x64 Linux machine. Rounds runs llama.cpp on
// the CPU by default, so this keeps only the CPU build for this machine and
// any build the project names itself: GPU support is opt-in with
//   npm install @node-llama-cpp/linux-x64-cuda      (or -vulkan, -cuda-ext)
// (plain JavaScript: it runs in production installs, without TypeScript).
import { readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const folder = join(root, "node_modules", "@node-llama-cpp");
const platform = { linux: "linux", darwin: "mac", win32: "win" }[process.platform] ?? process.platform;
const arch = process.arch === "arm" ? "armv7l" : process.arch;
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const named = new Set(Object.keys({ ...pkg.dependencies, ...pkg.devDependencies, ...pkg.optionalDependencies }));

let builds;
try {
  builds = readdirSync(folder);
} catch {
  process.exit(0); // node-llama-cpp is not installed
}

function size(path) {
  const s = statSync(path);
  return s.isDirectory() ? readdirSync(path).reduce((sum, f) => sum + size(join(path, f)), 0) : s.size;
}

const removed = [];
let bytes = 0;
for (const build of builds) {
  const [buildPlatform, buildArch, ...variant] = build.split("-");
  // The CPU build for this machine (on Apple silicon the only build, Metal, is it).
  const cpu = buildPlatform === platform && buildArch === arch && (variant.length === 0 || (platform === "mac" && variant.join("-") === "metal"));
  if (cpu || named.has(`@node-llama-cpp/${build}`)) continue;
  bytes += size(join(folder, build));
  rmSync(join(folder, build), { recursive: true, force: true });
  removed.push(build);
}
if (removed.length) {
  process.stdout.write(`rounds: removed llama.cpp builds this machine does not use by default (${removed.join(", ")}: ${Math.round(bytes / 1e6)} MB). For a GPU: npm install @node-llama-cpp/${platform}-${arch}-cuda (or -vulkan); see plugins/llama-cpp/README.md.\n`);
}
