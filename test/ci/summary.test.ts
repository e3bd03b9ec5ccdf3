/** The closing line of `.ci/run` (`.ci/summary.mjs`), run as CI runs it, on made-up vitest JSON reports. */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const script = fileURLToPath(new URL("../../.ci/summary.mjs", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "roster-ci-summary-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let reports = 0;
function report(counts: { passed: number; failed: number; skipped?: number; files?: unknown[] }): string {
  reports += 1;
  const path = join(dir, `report-${reports}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      numPassedTests: counts.passed,
      numFailedTests: counts.failed,
      numPendingTests: counts.skipped ?? 0,
      numTodoTests: 0,
      numTotalTests: counts.passed + counts.failed + (counts.skipped ?? 0),
      testResults: counts.files ?? [],
    }),
  );
  return path;
}

function summary(
  reportPath: string,
  failedChecks: number,
  runnerFailed: boolean,
): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, reportPath, String(failedChecks), runnerFailed ? "1" : "0"], (error, out) => {
      resolve({ code: error === null ? 0 : Number(error.code), out });
    });
  });
}

describe(".ci/summary.mjs", () => {
  it("prints the test counts and exits 0 when everything passed", async () => {
    expect(await summary(report({ passed: 3799, failed: 0, skipped: 12 }), 0, false)).toEqual({
      code: 0,
      out: "3799 passed, 0 failed, 12 skipped\n",
    });
  });

  it("counts a failed lint or typecheck as failures beside passing tests", async () => {
    expect(await summary(report({ passed: 10, failed: 0 }), 1, false)).toEqual({
      code: 1,
      out: "10 passed, 1 failed\n",
    });
    expect(await summary(report({ passed: 10, failed: 0 }), 2, false)).toEqual({
      code: 1,
      out: "10 passed, 2 failed\n",
    });
  });

  it("adds failed checks to failed tests", async () => {
    expect(await summary(report({ passed: 8, failed: 2 }), 1, true)).toEqual({ code: 1, out: "8 passed, 3 failed\n" });
  });

  it("counts a test file that failed to load, and a runner that failed with every test passing", async () => {
    const broken = report({ passed: 5, failed: 0, files: [{ status: "failed", assertionResults: [] }] });
    expect((await summary(broken, 0, true)).out).toBe("5 passed, 1 failed\n");
    expect(await summary(report({ passed: 5, failed: 0 }), 0, true)).toEqual({ code: 1, out: "5 passed, 1 failed\n" });
  });

  it("fails when no test ran or there is no report", async () => {
    expect(await summary(report({ passed: 0, failed: 0 }), 0, false)).toEqual({ code: 1, out: "0 passed, 1 failed\n" });
    expect(await summary(join(dir, "missing.json"), 1, true)).toEqual({ code: 1, out: "0 passed, 2 failed\n" });
  });
});
