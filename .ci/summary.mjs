// The closing line of .ci/run: "N passed, N failed[, N skipped]". Failed counts the failed tests
// of the vitest JSON report plus every failed check before them (build, typecheck, lint), so a
// failed lint can never print "0 failed". Exits 1 when anything failed.
// Usage: node .ci/summary.mjs <report.json> <failed checks> <test runner exit status (0/1)>
import { readFileSync } from "node:fs";

/** Counts from the report; `failedChecks` and the runner's status as .ci/run saw them. */
export function summarize(reportText, failedChecks, runnerFailed) {
  let passed = 0;
  let failedTests = 0;
  let skipped = 0;
  try {
    const report = JSON.parse(reportText);
    passed = report.numPassedTests;
    failedTests = report.numFailedTests;
    skipped = report.numPendingTests + report.numTodoTests;
    if (report.numTotalTests === 0) failedTests += 1;
    // A test file that failed before any test ran (an import error) has no assertion results.
    failedTests += (report.testResults ?? []).filter(
      (file) => file.status === "failed" && (file.assertionResults ?? []).length === 0,
    ).length;
    // The runner failed with every test passing: unhandled errors, which the JSON report omits.
    if (runnerFailed && failedTests === 0) failedTests = 1;
  } catch {
    failedTests += 1; // no report: the runner did not run
  }
  const failed = failedTests + failedChecks;
  return { line: `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`, failed };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [reportPath, checks = "0", runner = "0"] = process.argv.slice(2);
  let text = "";
  try {
    text = readFileSync(reportPath, "utf8");
  } catch {
    // summarize counts the missing report as a failure
  }
  const { line, failed } = summarize(text, Number(checks), runner === "1");
  console.log(line);
  process.exit(failed > 0 ? 1 : 0);
}
