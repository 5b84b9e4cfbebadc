// Question rate limits shared by every process: on the server tier two app
// instances (as two processes would) on one PostgreSQL and one Redis share
// the count in Redis; over the limit the API answers 429 with Retry-After and
// chats get a polite message; a new hour starts a new window; per-organisation
// limits; with Redis unreachable the count falls back to the database. On the
// embedded tier the database counts.
import { type Actor, createApiKey, databaseRateCounter, redisRateCounter, runCommand, silentLogger } from "@rounds/core";
import { createApiServer } from "@rounds/core/api";
import { createStore, openDatabase, rateLimitWindows } from "@rounds/db";
import { memoryDatabase } from "@rounds/db/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";

afterAll(async () => cleanupTargets());

const server = appTargets().find((t) => t.name === "server");

describe.skipIf(!server)("rate limits on the server tier (Redis)", () => {
  let a: RoundsApp;
  let b: RoundsApp;
  let redis: Redis;
  let projectId: string;
  let patient: Actor;
  let patientKey: string;
  const limits = { questionsPerHourPatient: 3, questionsPerHourUser: 100, questionsPerHourOrganization: 5 };
  const ask = (app: RoundsApp, actor: Actor) => runCommand(app, "ask", { actor, projectId, args: "How often is blood pressure checked?", visibility: "private" });

  beforeAll(async () => {
    const env = await server!.environment();
    a = await startApp(env, { limits });
    b = await startApp(env, { limits }); // same database, Redis and prefix: a second process
    redis = new Redis(process.env.TEST_REDIS_URL!);
    const ws = await ensureWorkspace(a, { org: "rate-clinic", project: "kat" });
    projectId = ws.project.id;
    const patientRecord = await a.store.identity.createPatient({ organizationId: ws.organization.id, displayName: "P", externalRef: "RL-1" });
    const user = await a.store.identity.createUser({ organizationId: ws.organization.id, role: "patient", displayName: "P", patientId: patientRecord.id });
    patient = { userId: user.id, organizationId: ws.organization.id, role: "patient", patientId: patientRecord.id };
    patientKey = (await createApiKey(a, undefined, { organizationId: ws.organization.id, role: "patient", name: "p", userId: user.id })).key;
  }, 120_000);
  afterAll(async () => {
    redis?.disconnect();
    await a?.close();
    await b?.close();
  });

  it("two processes share one count in Redis; the fourth question gets a 429 with Retry-After", async () => {
    expect(a.rateCounter?.backend).toBe("redis");
    await ask(a, patient);
    await ask(b, patient);
    const api = await createApiServer(b);
    try {
      const third = await api.inject({ method: "POST", url: "/v1/ask", headers: { authorization: `Bearer ${patientKey}` }, payload: { projectId, question: "How often is blood pressure checked?" } });
      expect(third.statusCode).toBe(200);
      const fourth = await api.inject({ method: "POST", url: "/v1/ask", headers: { authorization: `Bearer ${patientKey}` }, payload: { projectId, question: "And heart rate?" } });
      expect(fourth.statusCode).toBe(429);
      expect(fourth.json()).toMatchObject({ code: "RATE_LIMITED", detail: expect.stringMatching(/^You've asked 3 questions this hour, which is the limit\. Please try again in \d+ minutes?\.$/) });
      expect(Number(fourth.headers["retry-after"])).toBeGreaterThan(0);
    } finally {
      await api.close();
    }
    await expect(ask(a, patient)).rejects.toMatchObject({ code: "RATE_LIMITED", message: expect.stringMatching(/Please try again in/) });
    // Counted in Redis, with an expiry; nothing in the database's window table.
    const keys = await redis.keys(`${a.config.queue.prefix}:rate:ask:user:${patient.userId}:*`);
    expect(keys).toHaveLength(1);
    expect(Number(await redis.get(keys[0]!))).toBe(5);
    expect(await redis.pttl(keys[0]!)).toBeGreaterThan(0);
    expect(await a.database.db.select().from(rateLimitWindows)).toEqual([]);
  });

  it("a new hour is a new window", async () => {
    const later = new Date(Date.now() + 3_600_000);
    a.now = () => later;
    try {
      await expect(ask(a, patient)).resolves.toBeDefined();
    } finally {
      a.now = () => new Date();
    }
  });

  it("the organisation's limit applies across its people", async () => {
    const admin = await localOperator(a, patient.organizationId);
    // The organisation has 3 questions this hour (a person over their own limit is stopped before the organisation counts).
    await ask(b, admin);
    await ask(a, admin);
    await expect(ask(b, admin)).rejects.toMatchObject({ code: "RATE_LIMITED", message: expect.stringMatching(/^Your organisation has reached its limit of 5 questions this hour/) });
  });

  it("with Redis unreachable the count falls back to the database, with one warning", async () => {
    const warnings: string[] = [];
    const logger = { ...silentLogger(), warn: (_o: unknown, msg?: string) => void warnings.push(String(msg)) } as ReturnType<typeof silentLogger>;
    const handle = await openDatabase(await memoryDatabase());
    await handle.migrate();
    const store = createStore(handle);
    const counter = redisRateCounter({ redisUrl: "redis://127.0.0.1:1", prefix: "dead", store, logger });
    const window = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    expect(await counter.hit("k", window, 3_600_000)).toBe(1);
    expect(await counter.hit("k", window, 3_600_000)).toBe(2);
    expect(await databaseRateCounter(store).hit("k", window, 3_600_000)).toBe(3);
    // A question's keys one by one, stopping after the first over its limit ("k" is at 3 already, over 3 once hit).
    expect(await counter.hitInTurn([{ key: "k", limit: 3 }, { key: "k-org", limit: 10 }], window, 3_600_000)).toEqual([4]);
    expect(await counter.hitInTurn([{ key: "j", limit: 3 }, { key: "k-org", limit: 10 }], window, 3_600_000)).toEqual([1, 1]);
    expect(warnings).toEqual(["rate limiter: Redis unavailable, counting in the database"]);
    await counter.close();
    await handle.close();
  });
});

describe("rate limits on the embedded tier (database)", () => {
  it.each(appTargets().map((t) => [t.name, t] as const))("counts a question's keys in turn in one statement, the organisation's only within the person's limit (%s database)", async (_name, target) => {
    const app = await startApp(await target.environment());
    try {
      const counter = databaseRateCounter(app.store);
      const window = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
      const keys = [{ key: `user-${process.pid}-${Date.now()}`, limit: 2 }, { key: `org-${process.pid}-${Date.now()}`, limit: 10 }];
      expect(await counter.hitInTurn(keys, window, 3_600_000)).toEqual([1, 1]);
      expect(await counter.hitInTurn(keys, window, 3_600_000)).toEqual([2, 2]);
      // The person is over their limit: the organisation's count is left alone.
      expect(await counter.hitInTurn(keys, window, 3_600_000)).toEqual([3]);
      expect(await counter.hit(keys[1]!.key, window, 3_600_000)).toBe(3);
      expect(await counter.hit(keys[0]!.key, window, 3_600_000)).toBe(4);
      // A new hour is a new window.
      expect(await counter.hitInTurn(keys, new Date(window.getTime() + 3_600_000), 3_600_000)).toEqual([1, 1]);
    } finally {
      await app.close();
    }
  }, 60_000);

  it("counts in the database", async () => {
    const env = await appTargets()[0]!.environment();
    const app = await startApp(env, { limits: { questionsPerHourPatient: 1, questionsPerHourUser: 100, questionsPerHourOrganization: 100 } });
    try {
      expect(app.rateCounter?.backend).toBe("database");
      const ws = await ensureWorkspace(app, { org: "embedded-rate", project: "kat" });
      const p = await app.store.identity.createPatient({ organizationId: ws.organization.id, displayName: "Q", externalRef: "Q" });
      const user = await app.store.identity.createUser({ organizationId: ws.organization.id, role: "patient", displayName: "Q", patientId: p.id });
      const actor: Actor = { userId: user.id, organizationId: ws.organization.id, role: "patient", patientId: p.id };
      await runCommand(app, "ask", { actor, projectId: ws.project.id, args: "anything?", visibility: "private" });
      await expect(runCommand(app, "ask", { actor, projectId: ws.project.id, args: "again?", visibility: "private" })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    } finally {
      await app.close();
    }
  }, 60_000);
});
