// `npm run lint` catches promise bugs: the repository's own ESLint
// configuration (eslint.config.js, type-aware through the TypeScript project
// service) reports a floating promise and an async listener where a void
// callback is expected, and nothing on the same code written correctly. The
// fixtures live in test/fixtures/lint/, which `npm run lint` itself skips.
import { join, resolve } from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const fixtures = join(import.meta.dirname, "fixtures/lint");
const names = ["floating-promise.ts", "awaited-promise.ts", "async-listener.ts", "handled-listener.ts"];
let byFixture: Map<string, string[]>;

function findings(fixture: string): string[] {
  const found = byFixture.get(fixture);
  if (!found) throw new Error(`Not linted: ${fixture}`);
  return found;
}

describe("lint catches promise bugs", () => {
  // One lint run over the fixtures: building the TypeScript program is the slow part.
  beforeAll(async () => {
    const results = await new ESLint({ cwd: root, ignore: false }).lintFiles(names.map((n) => join(fixtures, n)));
    byFixture = new Map(results.map((r) => [r.filePath.slice(fixtures.length + 1), r.messages.map((m) => m.ruleId ?? `(no rule) ${m.message}`)]));
  }, 180_000);

  it("reports a floating promise, and nothing once it is awaited", async () => {
    expect(findings("floating-promise.ts")).toEqual(["@typescript-eslint/no-floating-promises"]);
    expect(findings("awaited-promise.ts")).toEqual([]);
  });

  it("reports an async listener where a void callback is expected, and nothing once the listener handles its promise", async () => {
    expect(findings("async-listener.ts")).toEqual(["@typescript-eslint/no-misused-promises"]);
    expect(findings("handled-listener.ts")).toEqual([]);
  });

  it("skips the fixtures in the repository's own lint run", async () => {
    expect(await new ESLint({ cwd: root }).isPathIgnored(join(fixtures, "floating-promise.ts"))).toBe(true);
  });
});
