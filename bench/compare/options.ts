/** The benchmark's settings, read once from BENCH_* environment variables (docs/performance.md lists them). */
import { tmpdir } from "node:os";
import { SCENARIO_IDS } from "./scenarios/scenarios.ts";
import { TARGET_NAMES, type TargetName } from "./targets/targets.ts";

/** Everything a run is told. */
export interface BenchOptions {
  /** BENCH_SIZES: users seeded, one fresh tenant per size (default 1000,10000,100000; `1k`, `1M` accepted). */
  readonly sizes: readonly number[];
  /** BENCH_SECONDS: load per scenario (default 10). */
  readonly seconds: number;
  /** BENCH_WARMUP_SECONDS: load before measuring, not recorded (default 1). */
  readonly warmupSeconds: number;
  /** BENCH_SERIAL_SECONDS: one connection after the load, for single-request latency (default 2; 0 skips). */
  readonly serialSeconds: number;
  /** BENCH_CONNECTIONS (default 50). */
  readonly connections: number;
  /** BENCH_TARGETS: a subset of roster-sqlite, roster-postgres, floor, scimmy (default all). */
  readonly targets: readonly TargetName[];
  /** BENCH_SCENARIOS: a subset of the scenario ids (default all). */
  readonly scenarios: readonly string[];
  /** BENCH_POSTGRES_URL: the server roster-postgres creates its database on. */
  readonly postgresUrl: string;
  /** BENCH_SYNC_USERS, BENCH_SYNC_GROUPS: size of the initial sync (default 10000 and 100). */
  readonly syncUsers: number;
  readonly syncGroups: number;
  /** BENCH_SYNC_TIMEOUT: seconds after which the sync takes no new work (default 300). */
  readonly syncTimeoutSeconds: number;
  /** BENCH_SLOW_MS: a scenario whose first request takes longer is measured on one connection only (default 500). */
  readonly slowMs: number;
  /** BENCH_SEED: the seed of the request targets' random sequence (default 1). */
  readonly seed: number;
  /** BENCH_DOCS=0: leave docs/performance.md alone (results still go to bench/results/). */
  readonly writeDocs: boolean;
  /** BENCH_TMPDIR: where SQLite files go (default the system's temporary directory). */
  readonly tempDirectory: string;
}

/** Options, or the one-line reason the environment is wrong. */
export type ParsedOptions =
  | { readonly ok: true; readonly value: BenchOptions }
  | { readonly ok: false; readonly error: string };

type Env = Readonly<Record<string, string | undefined>>;

class OptionError extends Error {}

/** `1000`, `10k`, `1M`, `100_000` → a number; OptionError otherwise. */
function parseCount(name: string, raw: string): number {
  const match = /^(\d[\d_]*)([kKmM]?)$/.exec(raw.trim());
  if (!match) throw new OptionError(`${name}: ${JSON.stringify(raw)} is not a count (e.g. 1000, 10k, 1M)`);
  const scale = match[2]?.toLowerCase() === "k" ? 1_000 : match[2]?.toLowerCase() === "m" ? 1_000_000 : 1;
  return Number(match[1]!.replace(/_/g, "")) * scale;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  const value = parseCount(name, raw);
  if (value < min || value > max) throw new OptionError(`${name} must be from ${min} to ${max}, got ${raw}`);
  return value;
}

// Whole seconds: autocannon ends a run on its one-second tick, so 0.5 s would run for 1 s anyway.
function seconds(env: Env, name: string, fallback: number, min: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > 3600) {
    throw new OptionError(`${name} must be whole seconds from ${min} to 3600, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function subset<T extends string>(env: Env, name: string, all: readonly T[]): T[] {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return [...all];
  const asked = raw
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  const unknown = asked.filter((s) => !all.includes(s as T));
  if (unknown.length > 0 || asked.length === 0) {
    throw new OptionError(`${name}: unknown ${unknown.join(", ") || "(empty)"}; choose from ${all.join(", ")}`);
  }
  // The run order is fixed (reads before writes), whatever order they were asked in.
  return all.filter((s) => asked.includes(s));
}

function postgresUrl(raw: string): string {
  if (!/^postgres(ql)?:\/\/.+/.test(raw))
    throw new OptionError(`BENCH_POSTGRES_URL must be postgres://…, got ${JSON.stringify(raw)}`);
  return raw;
}

/** Reads the options from `env`; never throws. */
export function parseOptions(env: Env): ParsedOptions {
  try {
    const sizes = (env["BENCH_SIZES"]?.trim() || "1000,10000,100000")
      .split(",")
      .map((s) => parseCount("BENCH_SIZES", s));
    if (sizes.some((n) => n < 10 || n > 10_000_000))
      throw new OptionError("BENCH_SIZES: each size must be from 10 to 10M");
    return {
      ok: true,
      value: Object.freeze({
        sizes: [...new Set(sizes)].sort((a, b) => a - b),
        seconds: seconds(env, "BENCH_SECONDS", 10, 1),
        warmupSeconds: seconds(env, "BENCH_WARMUP_SECONDS", 1, 0),
        serialSeconds: seconds(env, "BENCH_SERIAL_SECONDS", 2, 0),
        connections: integer(env, "BENCH_CONNECTIONS", 50, 1, 1000),
        targets: subset(env, "BENCH_TARGETS", TARGET_NAMES),
        scenarios: subset(env, "BENCH_SCENARIOS", SCENARIO_IDS),
        postgresUrl: postgresUrl(env["BENCH_POSTGRES_URL"]?.trim() || "postgres://postgres@127.0.0.1:5432/postgres"),
        syncUsers: integer(env, "BENCH_SYNC_USERS", 10_000, 0, 10_000_000),
        syncGroups: integer(env, "BENCH_SYNC_GROUPS", 100, 0, 1_000_000),
        syncTimeoutSeconds: seconds(env, "BENCH_SYNC_TIMEOUT", 300, 1),
        slowMs: integer(env, "BENCH_SLOW_MS", 500, 1, 3_600_000),
        seed: integer(env, "BENCH_SEED", 1, 0, 2 ** 31),
        writeDocs: env["BENCH_DOCS"]?.trim() !== "0",
        tempDirectory: env["BENCH_TMPDIR"]?.trim() || tmpdir(),
      }),
    };
  } catch (error) {
    if (error instanceof OptionError) return { ok: false, error: error.message };
    throw error;
  }
}
