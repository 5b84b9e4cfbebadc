/**
 * `npm run build`: compiles every workspace package's `src/` to `dist/` (one
 * JavaScript file per TypeScript file, same layout, so paths resolved from
 * `import.meta.url` stay valid). Type checking is `npm run typecheck`'s job;
 * this only transpiles (isolated modules), so it takes seconds. Test files are
 * left out; other files under `src/` (data the code reads) are copied.
 * Package exports send Node to `dist/` by default and to `src/` under the
 * `rounds-source` condition (not `source`: some packages on npm use that name for their TypeScript) (tests, `npm run rounds`, the typecheck).
 */
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { stampName, stampText, workspacePackages } from "../bot/bin/build-stamp.js";

const root = resolve(import.meta.dirname, "..");
const compilerOptions: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2023,
  module: ts.ModuleKind.ESNext,
  verbatimModuleSyntax: true,
  rewriteRelativeImportExtensions: true,
  sourceMap: false,
};

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

const started = performance.now();
// Sources changed from here on are newer than the build (bot/bin/build-stamp.js).
const builtAt = Date.now();
const sources: string[] = [];
const built: string[] = [];
for (const workspace of workspacePackages(root)) {
  if (workspace === "admin-web") continue; // browser modules, bundled by Vite (`npm run build:admin`)
  const src = join(root, workspace, "src");
  let entries: string[];
  try {
    entries = [...files(src)];
  } catch {
    continue; // a package without src/
  }
  const dist = join(root, workspace, "dist");
  rmSync(dist, { recursive: true, force: true });
  built.push(dist);
  for (const file of entries) {
    if (file.endsWith(".test.ts")) continue;
    if (file.endsWith(".ts")) {
      sources.push(file);
      continue;
    }
    const target = join(dist, relative(src, file));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(file, target);
  }
}

// One program, parsed once, emitted without checking; each file is written to its package's dist/.
const outDir = join(root, ".build");
const program = ts.createProgram(sources, { ...compilerOptions, noCheck: true, noResolve: true, noLib: true, types: [], outDir, rootDir: root });
let count = 0;
const result = program.emit(undefined, (fileName, text) => {
  const [workspace, rest] = relative(outDir, fileName).split(`${sep}src${sep}`);
  if (!workspace || !rest) throw new Error(`unexpected output ${fileName}`);
  const target = join(root, workspace, "dist", rest);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
  count += 1;
});
const errors = [...program.getSyntacticDiagnostics(), ...result.diagnostics].filter((d) => d.category === ts.DiagnosticCategory.Error);
if (errors.length > 0) {
  process.stderr.write(ts.formatDiagnostics(errors, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" }));
  process.exit(1);
}
// What core's commands are, for `rounds --help` without loading what runs them (core/src/commands/builtin-contributions.ts).
const { builtinCommands } = await import(pathToFileURL(join(root, "core/dist/app/builtin-commands.js")).href) as { builtinCommands: Array<{ contribution: unknown }> };
writeFileSync(join(root, "core/dist/commands/builtin-contributions.json"), `${JSON.stringify(builtinCommands.map((c) => c.contribution), null, 1)}\n`);
// The parts of the WordNet thesaurus that need whole-file passes, made once here rather than in every process (core/src/text/wordnet-index.ts).
const { buildWordNetIndex, builtIndexPath } = await import(pathToFileURL(join(root, "core/dist/text/wordnet-index.js")).href) as typeof import("../core/src/text/wordnet-index.ts");
writeFileSync(builtIndexPath(), JSON.stringify(buildWordNetIndex()));
// Last, so that a failed build leaves no stamp and the `rounds` command refuses to run it.
for (const dist of built) {
  mkdirSync(dist, { recursive: true });
  writeFileSync(join(dist, stampName), stampText(builtAt));
}
process.stdout.write(`built ${count} files in ${Math.round(performance.now() - started)} ms\n`);
