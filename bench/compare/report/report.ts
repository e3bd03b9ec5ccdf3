/**
 * The report of a run: per size and target, each scenario's throughput, latencies, ratios, load
 * average and memory; the growth of each scenario across sizes; the initial syncs. The ratios
 * are computed here from the raw results, so the JSON and the tables always agree.
 */
import type { RunResult, ScenarioResult, TargetRun } from "../run/results.ts";
import type { TargetName } from "../targets/targets.ts";
import {
  type Format,
  formatCount,
  formatMs,
  formatPercent,
  formatRate,
  formatRatio,
  formatSize,
  renderTable,
  type Table,
} from "./format.ts";

function heading(level: number, text: string, format: Format): string {
  return format === "markdown" ? `${"#".repeat(level)} ${text}` : level <= 3 ? `== ${text}` : `-- ${text}`;
}

function rpsOf(run: TargetRun | undefined, scenario: string): number | undefined {
  const result = run?.scenarios.find((s) => s.scenario === scenario);
  return result?.load && result.load.failed === 0 ? result.load.rps : undefined;
}

/** How many times a GET /Users/{id} this scenario costs on the same server: GET req/s ÷ its req/s. */
export function costVersusGet(run: TargetRun, result: ScenarioResult): number | undefined {
  const get = rpsOf(run, "get-user");
  return get !== undefined && result.load && result.load.rps > 0 ? get / result.load.rps : undefined;
}

/** Its req/s as a share of the floor's req/s for the same scenario at the same size. */
export function shareOfFloor(floor: TargetRun | undefined, result: ScenarioResult): number | undefined {
  const base = rpsOf(floor, result.scenario);
  return base !== undefined && result.load ? result.load.rps / base : undefined;
}

function checks(result: ScenarioResult): string {
  const load = result.load ?? result.serial;
  if (!load) return "";
  const non2xx = Object.entries(load.statuses)
    .filter(([status]) => !status.startsWith("2"))
    .reduce((sum, [, n]) => sum + n, 0);
  const problems = [
    load.failed > 0 ? `✗ ${load.failed}/${load.checked} wrong` : `ok ${load.checked}`,
    non2xx > 0 ? `${formatCount(non2xx)} non-2xx` : "",
    load.errors > 0 ? `${formatCount(load.errors)} errors` : "",
    result.note ?? "",
  ];
  return problems.filter((p) => p !== "").join(", ");
}

function detailTable(run: TargetRun, floor: TargetRun | undefined): Table {
  const rows = run.scenarios
    .filter((s) => !s.sync)
    .map((s) => {
      if (!s.load && s.serial && s.note) {
        // Too slow for the loaded phase: one connection's numbers, and no ratios.
        const serial = s.serial;
        return [
          s.title,
          `${formatRate(serial.rps)} (1 conn)`,
          formatMs(serial.p50),
          formatMs(serial.p99),
          formatMs(serial.p50),
          "—",
          "—",
          `${s.loadBefore.toFixed(1)} → ${s.loadAfter.toFixed(1)}`,
          formatCount(Math.round(s.rssMaxMb)),
          checks(s),
        ];
      }
      if (s.skipped || s.error || !s.load) {
        return [
          s.title,
          s.skipped ? `skipped: ${s.skipped}` : `error: ${s.error ?? "no result"}`,
          "",
          "",
          "",
          "",
          "",
          "",
          "",
          "",
        ];
      }
      const self = run.target === "floor";
      return [
        s.title,
        formatRate(s.load.rps),
        formatMs(s.load.p50),
        formatMs(s.load.p99),
        s.serial ? formatMs(s.serial.p50) : "—",
        s.scenario === "get-user" ? "1.00×" : formatRatio(costVersusGet(run, s)),
        self ? "100%" : formatPercent(shareOfFloor(floor, s)),
        `${s.loadBefore.toFixed(1)} → ${s.loadAfter.toFixed(1)}`,
        formatCount(Math.round(s.rssMaxMb)),
        checks(s),
      ];
    });
  return {
    headers: [
      "scenario",
      "req/s",
      "p50 ms",
      "p99 ms",
      "1-conn p50 ms",
      "cost ×GET",
      "% of floor",
      "load",
      "RSS MB",
      "checks",
    ],
    rows,
    numeric: [false, true, true, true, true, true, true, false, true, false],
  };
}

function growthTable(runs: readonly TargetRun[], sizes: readonly number[]): Table {
  const first = runs.find((r) => r.size === sizes[0]);
  const last = runs.find((r) => r.size === sizes[sizes.length - 1]);
  const scenarioIds = [...new Set(runs.flatMap((r) => r.scenarios.filter((s) => !s.sync).map((s) => s.scenario)))];
  const rows = scenarioIds.map((id) => {
    const title = runs.flatMap((r) => r.scenarios).find((s) => s.scenario === id)?.title ?? id;
    const perSize = sizes.map((size) => {
      const rps = rpsOf(
        runs.find((r) => r.size === size),
        id,
      );
      return rps === undefined ? "—" : formatRate(rps);
    });
    const small = rpsOf(first, id);
    const large = rpsOf(last, id);
    const serialAt = (run: TargetRun | undefined) => run?.scenarios.find((s) => s.scenario === id)?.serial?.p50;
    const serialSmall = serialAt(first);
    const serialLarge = serialAt(last);
    return [
      title,
      ...perSize,
      formatRatio(small !== undefined && large !== undefined && large > 0 ? small / large : undefined),
      serialSmall === undefined ? "—" : formatMs(serialSmall),
      serialLarge === undefined ? "—" : formatMs(serialLarge),
    ];
  });
  const small = formatSize(sizes[0] ?? 0);
  const large = formatSize(sizes[sizes.length - 1] ?? 0);
  return {
    headers: [
      "scenario",
      ...sizes.map((s) => `req/s ${formatSize(s)}`),
      `cost ${large} vs ${small}`,
      `1-conn p50 ms ${small}`,
      `1-conn p50 ms ${large}`,
    ],
    rows,
    numeric: [false, ...sizes.map(() => true), true, true, true],
  };
}

function syncTable(runs: readonly TargetRun[]): Table {
  const rows: string[][] = [];
  for (const run of runs) {
    const result = run.scenarios.find((s) => s.scenario === "initial-sync");
    const sync = result?.sync;
    if (!result || (!sync && !result.error)) continue;
    if (!sync) {
      rows.push([run.target, formatSize(run.size), `error: ${result.error}`, "", "", "", "", "", ""]);
      continue;
    }
    rows.push([
      run.target,
      formatSize(run.size),
      `${formatCount(sync.usersDone)} of ${formatCount(sync.users)}`,
      `${formatCount(sync.groupsDone)} of ${formatCount(sync.groups)}`,
      sync.seconds.toFixed(1),
      sync.usersSeconds.toFixed(1),
      sync.groupsSeconds.toFixed(1),
      formatRate(sync.requests / Math.max(sync.seconds, 1e-9)),
      `${sync.completed ? "finished" : "not finished (BENCH_SYNC_TIMEOUT)"}${sync.failed ? `, ✗ ${sync.failed} failed: ${sync.failures[0]}` : ""}`,
    ]);
  }
  return {
    headers: ["target", "tenant", "users", "groups", "total s", "users s", "groups s", "req/s", "outcome"],
    rows,
    numeric: [false, false, true, true, true, true, true, true, false],
  };
}

function describe(run: RunResult): string[] {
  const o = run.options;
  const m = run.machine;
  return [
    `Run of ${run.date} on ${m.host} (${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, Linux ${m.kernel}, Node ${m.node}), commit ${run.commit}, ${Math.round(run.seconds / 60)} min in all.`,
    `Sizes ${o.sizes.map(formatSize).join(", ")} users; ${o.connections} connections for ${o.seconds} s per scenario after a ${o.warmupSeconds} s warm-up, then ${o.serialSeconds} s on one connection; initial sync of ${formatCount(o.syncUsers)} users and ${formatCount(o.syncGroups)} groups; targets ${o.targets.join(", ")}.`,
  ];
}

function peak(runs: readonly TargetRun[], target: TargetName, size: number): number | undefined {
  const scenarios = runs.find((r) => r.target === target && r.size === size)?.scenarios ?? [];
  return scenarios.length ? Math.max(...scenarios.map((s) => s.peakMb)) : undefined;
}

/** The whole report in `format`. */
export function renderReport(run: RunResult, format: Format): string {
  const out: string[] = [...describe(run), ""];
  if (format === "markdown") out.push('What each column means: "Reading the report" above.', "");
  const sizes = run.options.sizes;
  const targets = run.options.targets;
  for (const size of sizes) {
    out.push(heading(3, `${formatCount(size)} users`, format), "");
    const floor = run.runs.find((r) => r.target === "floor" && r.size === size);
    for (const target of targets) {
      const targetRun = run.runs.find((r) => r.target === target && r.size === size);
      if (!targetRun) continue;
      const about = targetRun.error
        ? `failed: ${targetRun.error}`
        : `\`${targetRun.server ?? "?"}\`, seeded and started in ${(targetRun.seedSeconds ?? 0).toFixed(1)} s, peak RSS (VmHWM) ${formatCount(Math.round(peak(run.runs, target, size) ?? 0))} MB`;
      out.push(heading(4, `${target} — ${about}`, format), "");
      for (const note of targetRun.notes) out.push(`Note: ${note}`, "");
      if (targetRun.scenarios.some((s) => !s.sync)) out.push(renderTable(detailTable(targetRun, floor), format), "");
    }
  }
  if (sizes.length > 1) {
    out.push(heading(3, "Growth across sizes", format), "");
    for (const target of targets) {
      const runs = run.runs.filter((r) => r.target === target && !r.error);
      if (runs.length === 0) continue;
      out.push(heading(4, target, format), "", renderTable(growthTable(runs, sizes), format), "");
    }
  }
  const sync = syncTable(run.runs);
  if (sync.rows.length > 0) out.push(heading(3, "Initial sync", format), "", renderTable(sync, format), "");
  return `${out.join("\n").trimEnd()}\n`;
}
