/** The shape of a run's results (also the raw JSON in bench/results/), and where they are written. */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, hostname, release, totalmem } from "node:os";
import { join } from "node:path";
import type { BenchOptions } from "../options.ts";
import type { TargetName } from "../targets/targets.ts";
import type { LoadStats } from "./load.ts";
import type { SyncStats } from "./sync.ts";

/** One scenario on one target at one size. */
export interface ScenarioResult {
  readonly scenario: string;
  readonly title: string;
  /** The measured phase: BENCH_CONNECTIONS connections for BENCH_SECONDS. */
  readonly load?: LoadStats;
  /** One connection for BENCH_SERIAL_SECONDS: single-request latency. */
  readonly serial?: LoadStats;
  readonly sync?: SyncStats;
  /** Why it did not run here. */
  readonly skipped?: string;
  /** Why it was measured differently (too slow for the loaded phase). */
  readonly note?: string;
  readonly error?: string;
  /** One-minute load average before the warm-up and after the last phase. */
  readonly loadBefore: number;
  readonly loadAfter: number;
  /** The server's largest sampled VmRSS during the scenario, and its VmHWM after it (MB). */
  readonly rssMaxMb: number;
  readonly peakMb: number;
  /** Seconds waited after the phases until the server answered a probe promptly again. */
  readonly drainSeconds: number;
}

/** One target at one size. */
export interface TargetRun {
  readonly target: TargetName;
  readonly size: number;
  readonly server?: string;
  readonly seedSeconds?: number;
  readonly notes: readonly string[];
  readonly scenarios: readonly ScenarioResult[];
  readonly error?: string;
}

/** The machine a run was measured on. */
export interface Machine {
  readonly host: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGb: number;
  readonly kernel: string;
  readonly node: string;
}

/** A whole run. */
export interface RunResult {
  readonly date: string;
  readonly commit: string;
  readonly machine: Machine;
  readonly options: BenchOptions;
  readonly seconds: number;
  readonly runs: readonly TargetRun[];
}

/** The machine this process runs on. */
export function machine(): Machine {
  const cpu = cpus();
  return {
    host: hostname(),
    cpu: cpu[0]?.model.trim() ?? "unknown",
    cores: cpu.length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
  };
}

/** The checked-out commit, `-dirty` when the work tree has changes; "unknown" outside git. */
export function commit(root: string): string {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain"], { cwd: root, encoding: "utf8" }).trim() !== "";
    return dirty ? `${head}-dirty` : head;
  } catch {
    return "unknown";
  }
}

/** Writes the raw results as bench/results/compare-<date>.json; answers the path. */
export function writeResults(root: string, run: RunResult): string {
  const directory = join(root, "bench", "results");
  mkdirSync(directory, { recursive: true });
  const path = join(directory, `compare-${run.date.replace(/[:.]/g, "-")}.json`);
  writeFileSync(path, `${JSON.stringify(run, null, 2)}\n`);
  return path;
}
