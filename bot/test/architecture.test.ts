// Guards the architecture: core/ imports no vendor SDK, and the lint rule
// that says so really fires.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const vendor = /from\s+["'](@slack\/|@microsoft\/|discord\.js|@discordjs\/|node-llama-cpp|drizzle-orm|drizzle-kit|@electric-sql\/|postgres["']|pg["']|@aws-sdk\/|openai["']|@ai-sdk\/openai|ai["'])/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? (name === "node_modules" ? [] : files(full)) : full.endsWith(".ts") && !full.endsWith(".test.ts") ? [full] : [];
  });
}

describe("architecture", () => {
  it("core/ source imports no vendor SDK", () => {
    const offenders = files(join(root, "core/src")).filter((f) => vendor.test(readFileSync(f, "utf8")));
    expect(offenders).toEqual([]);
  });

  it("the lint rule rejects a vendor import in core/ and allows it in a plugin", async () => {
    // lintText of a file that does not exist: no TypeScript program has it, so type-aware rules are off for this check.
    const eslint = new ESLint({ cwd: root, overrideConfig: tseslint.configs.disableTypeChecked });
    const code = 'import { S3Client } from "@aws-sdk/client-s3";\nexport const c = S3Client;\n';
    const [inCore] = await eslint.lintText(code, { filePath: join(root, "core/src/probe.ts") });
    expect(inCore!.messages.map((m) => m.ruleId)).toContain("no-restricted-imports");
    const [inPlugin] = await eslint.lintText(code, { filePath: join(root, "plugins/s3/src/probe.ts") });
    expect(inPlugin!.messages.filter((m) => m.ruleId === "no-restricted-imports")).toEqual([]);
  });

  it("the lint rule rejects a plugin name in core/ and allows it in the composition root", async () => {
    // As above: a file no TypeScript program has, so the type-aware rules are off for it.
    const eslint = new ESLint({ cwd: root, overrideConfig: tseslint.configs.disableTypeChecked });
    const code = 'export const plugins = ["@rounds/plugin-slack", `@rounds/plugin-${"teams"}`];\n';
    const [inCore] = await eslint.lintText(code, { filePath: join(root, "core/src/config/probe.ts") });
    expect(inCore!.messages.filter((m) => m.ruleId === "no-restricted-syntax")).toHaveLength(2);
    const [inBot] = await eslint.lintText(code, { filePath: join(root, "bot/src/app/probe.ts") });
    expect(inBot!.messages.filter((m) => m.ruleId === "no-restricted-syntax")).toEqual([]);
  });
});
