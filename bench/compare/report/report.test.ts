import { describe, expect, it } from "vitest";
import { parseOptions } from "../options.ts";
import type { LoadStats } from "../run/load.ts";
import type { RunResult, ScenarioResult, TargetRun } from "../run/results.ts";
import type { TargetName } from "../targets/targets.ts";
import { renderReport } from "./report.ts";

function stats(rps: number, failed = 0): LoadStats {
  return {
    requests: rps * 10,
    seconds: 10,
    rps,
    p50: 1000 / rps,
    p99: 3000 / rps,
    statuses: { "200": rps * 10 },
    errors: 0,
    timeouts: 0,
    checked: 10,
    failed,
    failures: failed ? ["GET /Users: matched nothing, expected user0000001@example.com"] : [],
  };
}

function scenario(id: string, rps: number, failed = 0): ScenarioResult {
  return {
    scenario: id,
    title: id,
    load: stats(rps, failed),
    serial: stats(rps * 4),
    loadBefore: 0.5,
    loadAfter: 1.5,
    rssMaxMb: 150,
    peakMb: 180,
    drainSeconds: 0,
  };
}

function targetRun(target: TargetName, size: number, scenarios: ScenarioResult[]): TargetRun {
  return { target, size, server: "node dist/main.js", seedSeconds: 2, notes: [], scenarios };
}

function run(runs: TargetRun[], sizes: number[]): RunResult {
  const targets = [...new Set(runs.map((r) => r.target))].join(",");
  const options = parseOptions({ BENCH_SIZES: sizes.join(","), BENCH_TARGETS: targets });
  if (!options.ok) throw new Error(options.error);
  return {
    date: "2026-12-01T00:00:00.000Z",
    commit: "abc1234",
    machine: { host: "bench", cpu: "CPU", cores: 2, memoryGb: 24, kernel: "6.1", node: "v20.20.2" },
    options: options.value,
    seconds: 600,
    runs,
  };
}

function row(report: string, title: string, heading: string): string[] {
  const section = report.slice(report.indexOf(heading));
  const line = section.split("\n").find((l) => l.startsWith(`| ${title} |`));
  if (!line) throw new Error(`no row ${title} after ${heading}`);
  return line
    .split("|")
    .map((cell) => cell.trim())
    .slice(1, -1);
}

describe("renderReport", () => {
  const result = run(
    [
      targetRun("roster-sqlite", 1000, [
        scenario("get-user", 3000),
        scenario("filter-username", 1500),
        scenario("filter-or", 900, 2),
      ]),
      targetRun("floor", 1000, [
        scenario("get-user", 10000),
        scenario("filter-username", 12000),
        scenario("filter-or", 9000),
      ]),
      targetRun("roster-sqlite", 100000, [
        scenario("get-user", 2500),
        scenario("filter-username", 750),
        scenario("filter-or", 800),
      ]),
      targetRun("floor", 100000, [
        scenario("get-user", 9000),
        scenario("filter-username", 11000),
        scenario("filter-or", 8000),
      ]),
    ],
    [1000, 100000],
  );
  const markdown = renderReport(result, "markdown");

  it("says when, where, on which commit and with which settings it ran", () => {
    expect(markdown).toContain("Run of 2026-12-01T00:00:00.000Z on bench (CPU, 2 cores, 24 GB");
    expect(markdown).toContain("commit abc1234");
    expect(markdown).toContain("50 connections for 10 s per scenario");
  });

  it("gives each scenario's cost against GET /Users/{id} and its share of the floor", () => {
    // 3,000 GETs/s against 1,500 filters/s: a filter costs 2 GETs; 1,500 of the floor's 12,000 is 13%.
    expect(row(markdown, "filter-username", "#### roster-sqlite")).toEqual([
      "filter-username",
      "1,500",
      "0.67",
      "2.00",
      "0.17",
      "2.00×",
      "13%",
      "0.5 → 1.5",
      "150",
      "ok 10",
    ]);
    expect(row(markdown, "get-user", "#### roster-sqlite")[6]).toBe("30%");
  });

  it("flags wrong answers and leaves them out of every ratio", () => {
    const cells = row(markdown, "filter-or", "#### roster-sqlite");
    expect(cells[9]).toBe("✗ 2/10 wrong");
    // At 1k its answers were wrong: no req/s there, so no growth ratio either.
    const growth = row(markdown, "filter-or", "### Growth across sizes");
    expect(growth).toEqual(["filter-or", "—", "800", "—", "0.28", "0.31"]);
  });

  it("gives the growth from the smallest to the largest size as a cost ratio", () => {
    const growth = row(markdown, "filter-username", "### Growth across sizes");
    // 1,500/s at 1k and 750/s at 100k: twice the cost.
    expect(growth).toEqual(["filter-username", "1,500", "750", "2.00×", "0.17", "0.33"]);
  });

  it("shows a scenario too slow for the loaded phase with its one-connection numbers and no ratios", () => {
    const slow: ScenarioResult = {
      ...scenario("sort-username", 1),
      load: undefined,
      serial: stats(0.5),
      note: "a request alone took 2100 ms (over BENCH_SLOW_MS 500): measured on one connection only",
    };
    const report = renderReport(
      run([targetRun("scimmy", 1000, [scenario("get-user", 300), slow])], [1000]),
      "markdown",
    );
    const cells = row(report, "sort-username", "#### scimmy");
    expect(cells.slice(0, 7)).toEqual(["sort-username", "0.5 (1 conn)", "2,000", "6,000", "2,000", "—", "—"]);
    expect(cells[9]).toContain("measured on one connection only");
  });

  it("renders the same report as aligned text for the terminal", () => {
    const text = renderReport(result, "text");
    expect(text).toContain("== 1,000 users");
    expect(text).not.toContain("| ---");
  });
});
