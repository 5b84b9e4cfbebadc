// docker-compose cannot run here (no Docker engine), so its structure is
// checked: services, images, health checks, and that every environment
// variable it passes is one Rounds understands.
import { readFileSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import { environmentVariables, pluginVariables, readPluginManifest } from "@rounds/core";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = resolve(import.meta.dirname, "../..");
const compose = parse(readFileSync(resolve(root, "docker-compose.yml"), "utf8"), { merge: true }) as {
  services: Record<string, { image?: string; build?: unknown; command?: string[]; environment?: Record<string, string>; healthcheck?: { test: unknown }; depends_on?: Record<string, { condition: string }> }>;
  volumes: Record<string, unknown>;
};
// Plugins declare their own variables in their manifests, read as the configuration loader reads them.
const pluginEnv = new Set(Object.keys(pluginVariables(readdirSync(resolve(root, "plugins")).map((dir) => readPluginManifest(resolve(root, "plugins", dir), root)))));
const serviceEnv = new Set(["POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD", "MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD", "S3_BUCKET"]);

describe("docker-compose.yml", () => {
  it("has the server topology with pinned images and health checks", () => {
    const s = compose.services;
    expect(Object.keys(s)).toEqual(expect.arrayContaining(["postgres", "redis", "minio", "migrate", "api", "worker"]));
    expect(s.postgres!.image).toMatch(/^pgvector\/pgvector:pg\d+$/);
    expect(s.redis!.image).toMatch(/^redis:7/);
    expect(s.minio!.image).toMatch(/^minio\/minio/);
    for (const name of ["postgres", "redis", "minio", "api", "worker"]) expect(s[name]!.healthcheck?.test, name).toBeDefined();
    expect(s.api!.depends_on?.migrate?.condition).toBe("service_completed_successfully");
    expect(s.worker!.command).toEqual(["worker"]);
    expect((s.worker as { ports?: unknown }).ports).toBeUndefined(); // scalable with --scale worker=N
    expect(Object.keys(compose.volumes)).toEqual(expect.arrayContaining(["postgres-data", "redis-data", "minio-data"]));
  });

  it("passes only environment variables Rounds understands", () => {
    for (const [name, svc] of Object.entries(compose.services)) {
      for (const key of Object.keys(svc.environment ?? {})) {
        expect(key in environmentVariables || pluginEnv.has(key) || serviceEnv.has(key), `${name}: ${key}`).toBe(true);
      }
    }
  });

  it("documents every Rounds environment variable in .env.example", () => {
    const example = readFileSync(resolve(root, ".env.example"), "utf8");
    const documented = new Set([...example.matchAll(/^([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    for (const name of Object.keys(environmentVariables)) expect(documented.has(name), name).toBe(true);
  });
});
