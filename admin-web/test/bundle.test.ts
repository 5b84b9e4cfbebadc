// The committed bundle (public/app.js, what the API serves) is exactly what
// `npm run build:admin` builds from src/ now: edit the TypeScript, rebuild,
// commit both, or this fails.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "vite";
import { describe, expect, it } from "vitest";
import { bundleBanner } from "../vite.config.ts";

const root = resolve(import.meta.dirname, "..");

describe("admin page bundle", () => {
  it("public/app.js is what src/ builds to now, in one file", async () => {
    const outDir = await mkdtemp(join(tmpdir(), "rounds-admin-bundle-"));
    try {
      await build({ configFile: join(root, "vite.config.ts"), root, logLevel: "silent", build: { outDir, emptyOutDir: true } });
      expect(await readdir(outDir)).toEqual(["app.js"]);
      const fresh = await readFile(join(outDir, "app.js"), "utf8");
      const committed = await readFile(join(root, "public/app.js"), "utf8");
      expect(fresh.startsWith(`${bundleBanner}\n`)).toBe(true);
      expect(committed === fresh, "admin-web/public/app.js is stale: run `npm run build:admin` and commit it").toBe(true);
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });

  it("the page loads only that bundle and the stylesheet, from its own origin", async () => {
    const html = await readFile(join(root, "public/index.html"), "utf8");
    expect([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])).toEqual(['<script type="module" src="app.js">']);
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//);
  });
});
