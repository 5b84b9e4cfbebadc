import { afterEach, describe, expect, it, vi } from "vitest";
import { inCi, serviceFromEnv } from "./service-env.ts";

afterEach(() => vi.restoreAllMocks());

describe("honest skips", () => {
  it("CI=1 and CI=true both count as CI; anything else does not", () => {
    expect([inCi({ CI: "1" }), inCi({ CI: "true" }), inCi({}), inCi({ CI: "false" }), inCi({ CI: "0" })]).toEqual([true, true, false, false, false]);
  });

  it("outside CI a missing service is announced once, naming the variable; under CI it fails", () => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => { lines.push(String(chunk)); return true; });
    expect(serviceFromEnv("TEST_PROBE_URL", "the probe suites", "probe://127.0.0.1", {})).toBeUndefined();
    expect(serviceFromEnv("TEST_PROBE_URL", "the probe suites", "probe://127.0.0.1", {})).toBeUndefined();
    expect(lines).toEqual(["skipped: the probe suites needs TEST_PROBE_URL (e.g. TEST_PROBE_URL=probe://127.0.0.1).\n"]);
    expect(serviceFromEnv("TEST_PROBE_URL", "the probe suites", "x", { TEST_PROBE_URL: "probe://h" })).toBe("probe://h");
    for (const CI of ["1", "true"]) {
      expect(() => serviceFromEnv("TEST_PROBE_URL", "the probe suites", "x", { CI })).toThrow(/CI is set but TEST_PROBE_URL is not: the probe suites may not be skipped/);
    }
  });
});
