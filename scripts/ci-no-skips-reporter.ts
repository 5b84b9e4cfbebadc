/**
 * A vitest reporter for the rule "under CI nothing skips": when `CI` is `1` or
 * `true` and the run is not filtered by test name (`-t`, which skips the tests
 * it leaves out), any skipped or todo test fails the run, each one named with
 * its file. A suite whose service is missing already fails under CI
 * (serviceFromEnv); this catches the rest: `it.skip`, `skipIf`, `runIf`, `todo`
 * and `ctx.skip()`.
 */
import type { Reporter, TestModule, Vitest } from "vitest/node";

export default class CiNoSkipsReporter implements Reporter {
  private enforced = false;

  onInit(vitest: Vitest): void {
    const ci = process.env.CI === "true" || process.env.CI === "1";
    this.enforced = ci && !vitest.config.testNamePattern;
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    if (!this.enforced) return;
    const skipped: string[] = [];
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        if (test.result().state === "skipped") skipped.push(`${module.relativeModuleId} > ${test.fullName}`);
      }
    }
    if (skipped.length === 0) return;
    process.stderr.write(`\nCI is set and ${skipped.length} test(s) skipped; under CI nothing may skip:\n${skipped.map((s) => `  - ${s}`).join("\n")}\n`);
    process.exitCode = 1;
  }
}
