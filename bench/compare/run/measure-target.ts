/**
 * Measures every chosen scenario on one prepared server: for each, a warm-up, the loaded phase,
 * a one-connection phase, then a wait until the server has worked off what was left in flight;
 * load average around it and the server's memory throughout.
 */
import { performance } from "node:perf_hooks";
import { BASE_PATH, seededRandom, userId } from "../dataset.ts";
import type { BenchOptions } from "../options.ts";
import { type LoadScenario, type PlanState, SCENARIOS } from "../scenarios/scenarios.ts";
import { HttpClient } from "./http-client.ts";
import { runLoad } from "./load.ts";
import { loadAverage, readMemory, sampleRss } from "./process-stats.ts";
import type { ScenarioResult } from "./results.ts";
import type { ServerProcess } from "./server-process.ts";
import { runSync } from "./sync.ts";

/** What a measurement needs besides the server. */
export interface MeasureOptions
  extends Pick<
    BenchOptions,
    | "seconds"
    | "warmupSeconds"
    | "serialSeconds"
    | "connections"
    | "scenarios"
    | "syncUsers"
    | "syncGroups"
    | "syncTimeoutSeconds"
    | "seed"
    | "slowMs"
  > {
  readonly token: string;
  readonly users: number;
  readonly log: (line: string) => void;
}

const DRAIN_LIMIT_SECONDS = 600;

/**
 * Waits until a cheap probe (GET of one user) answers within `thresholdMs` twice in a row: requests
 * abandoned at the end of a phase may still be queued in the server (or its database) and would
 * otherwise be measured as part of the next phase. Answers the seconds waited.
 */
export async function drain(client: HttpClient, thresholdMs: number): Promise<number> {
  const started = performance.now();
  let fast = 0;
  const path = `${BASE_PATH}/Users/${encodeURIComponent(userId(0))}`;
  while (fast < 2 && performance.now() - started < DRAIN_LIMIT_SECONDS * 1000) {
    const answer = await client.send("GET", path, undefined, DRAIN_LIMIT_SECONDS * 1000).catch(() => undefined);
    fast = answer && answer.ms < thresholdMs ? fast + 1 : 0;
    if (fast < 2) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return (performance.now() - started) / 1000;
}

/**
 * One request alone first (two, if the first is slow). A scenario whose single request takes longer than `slowMs` would
 * leave BENCH_CONNECTIONS of them queued at the end of every phase (minutes of draining on a
 * server that is hopeless there anyway): it is measured on one connection only, and says so.
 * Otherwise: warm-up, loaded phase, one-connection phase, each on a drained server.
 */
async function measureLoad(
  server: ServerProcess,
  scenario: LoadScenario,
  options: MeasureOptions,
  probe: HttpClient,
  settle: () => Promise<number>,
): Promise<Partial<ScenarioResult>> {
  const headers = { authorization: `Bearer ${options.token}` };
  const state: PlanState = { users: options.users, random: seededRandom(options.seed), counter: 0 };
  const plan = () => scenario.plan(state);
  const base = { origin: server.origin, headers, plan };
  // The faster of two, so that one cold start (JIT, an empty page cache) is not taken for slowness.
  let firstMs = Number.POSITIVE_INFINITY;
  for (let k = 0; k < 2 && firstMs > options.slowMs; k++) {
    const first = plan();
    firstMs = Math.min(firstMs, (await probe.send(first.method, first.path, first.body && JSON.parse(first.body))).ms);
  }
  let drainSeconds = 0;
  if (firstMs > options.slowMs) {
    const serial = await runLoad({
      ...base,
      connections: 1,
      seconds: Math.max(1, options.serialSeconds),
      checkFirst: 50,
      checkEvery: 10,
    });
    const note = `a request alone took ${Math.round(firstMs)} ms (over BENCH_SLOW_MS ${options.slowMs}): measured on one connection only`;
    return { serial, note, drainSeconds };
  }
  if (options.warmupSeconds > 0) {
    await runLoad({ ...base, connections: options.connections, seconds: options.warmupSeconds });
    drainSeconds += await settle();
  }
  const load = await runLoad({ ...base, connections: options.connections, seconds: options.seconds });
  if (options.serialSeconds === 0) return { load, drainSeconds };
  drainSeconds += await settle();
  const serial = await runLoad({
    ...base,
    connections: 1,
    seconds: options.serialSeconds,
    checkFirst: 50,
    checkEvery: 10,
  });
  return { load, serial, drainSeconds };
}

/** Runs the chosen scenarios against `server`, in the fixed order. */
export async function measureTarget(server: ServerProcess, options: MeasureOptions): Promise<ScenarioResult[]> {
  const probe = new HttpClient(server.origin, { authorization: `Bearer ${options.token}` });
  const results: ScenarioResult[] = [];
  try {
    // The probe's own time on a quiet server, to tell "drained" from "still busy".
    const baseline: number[] = [];
    for (let k = 0; k < 5; k++)
      baseline.push((await probe.send("GET", `${BASE_PATH}/Users/${encodeURIComponent(userId(0))}`)).ms);
    const threshold = Math.max(50, 10 * Math.min(...baseline));
    for (const scenario of SCENARIOS) {
      if (!options.scenarios.includes(scenario.id)) continue;
      const loadBefore = loadAverage();
      const rss = sampleRss(server.pid);
      const common = { scenario: scenario.id, title: scenario.title, loadBefore };
      let outcome: Partial<ScenarioResult> = {};
      try {
        if (scenario.kind === "sync") {
          if (options.syncUsers + options.syncGroups === 0) {
            outcome = { skipped: "BENCH_SYNC_USERS and BENCH_SYNC_GROUPS are 0" };
          } else {
            const client = new HttpClient(
              server.origin,
              { authorization: `Bearer ${options.token}` },
              options.connections,
            );
            try {
              outcome = {
                sync: await runSync(client, {
                  users: options.syncUsers,
                  groups: options.syncGroups,
                  connections: options.connections,
                  timeoutSeconds: options.syncTimeoutSeconds,
                }),
              };
            } finally {
              client.close();
            }
          }
        } else if (!scenario.applies(options.users)) {
          outcome = { skipped: `needs more users than ${options.users}` };
        } else {
          outcome = await measureLoad(server, scenario, options, probe, () => drain(probe, threshold));
        }
      } catch (error) {
        outcome = { error: error instanceof Error ? error.message : String(error) };
      }
      const drainSeconds = (outcome.drainSeconds ?? 0) + (outcome.skipped ? 0 : await drain(probe, threshold));
      const result: ScenarioResult = {
        ...common,
        ...outcome,
        loadAfter: loadAverage(),
        rssMaxMb: rss.stop(),
        peakMb: readMemory(server.pid)?.peakMb ?? 0,
        drainSeconds,
      };
      results.push(result);
      options.log(`  ${scenario.id.padEnd(26)} ${summary(result)}`);
    }
  } finally {
    probe.close();
  }
  return results;
}

function summary(result: ScenarioResult): string {
  if (result.skipped) return `skipped: ${result.skipped}`;
  if (result.error) return `error: ${result.error}`;
  if (result.sync) {
    const s = result.sync;
    return `${s.seconds.toFixed(1)} s for ${s.usersDone} users, ${s.groupsDone} groups${s.completed ? "" : " (not finished)"}${s.failed ? `, ${s.failed} failed` : ""}`;
  }
  const load = result.load ?? result.serial!;
  if (result.note) return `${result.note}; ${load.rps.toFixed(1)} req/s, p50 ${load.p50.toFixed(0)} ms`;
  const bad = load.failed > 0 ? `, ${load.failed} of ${load.checked} checks failed: ${load.failures[0]}` : "";
  return `${Math.round(load.rps)} req/s, p50 ${load.p50.toFixed(2)} ms, p99 ${load.p99.toFixed(2)} ms${bad}`;
}
