/**
 * One load phase: autocannon (programmatic, in this process) sends planned requests over N
 * connections for a fixed time; latencies are kept at full precision (autocannon's own
 * histogram rounds to whole milliseconds), and a sample of responses is checked against what
 * each request expects.
 */
import autocannon from "autocannon";
import { checkResponse } from "../scenarios/expectations.ts";
import type { PlannedRequest } from "../scenarios/scenarios.ts";

/** How to load. */
export interface LoadOptions {
  readonly origin: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly connections: number;
  readonly seconds: number;
  readonly plan: () => PlannedRequest;
  /** Check the first `checkFirst` responses, then every `checkEvery`-th. */
  readonly checkFirst?: number;
  readonly checkEvery?: number;
  readonly timeoutSeconds?: number;
}

/** What a phase measured. */
export interface LoadStats {
  readonly requests: number;
  readonly seconds: number;
  readonly rps: number;
  /** Latency percentiles in ms, over every response; NaN (null in the JSON) when none came back. */
  readonly p50: number;
  readonly p99: number;
  readonly statuses: Readonly<Record<string, number>>;
  readonly errors: number;
  readonly timeouts: number;
  readonly checked: number;
  readonly failed: number;
  /** The first few failures, for the record. */
  readonly failures: readonly string[];
}

/** The q-quantile (0…1) of `values` by nearest rank; NaN for none (shown as "—", null in JSON). */
export function percentile(values: ArrayLike<number>, q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

type Context = { planned?: PlannedRequest };

/** Runs one phase and answers its numbers. */
export async function runLoad(options: LoadOptions): Promise<LoadStats> {
  const checkFirst = options.checkFirst ?? 20;
  const checkEvery = options.checkEvery ?? 25;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const failures: string[] = [];
  let responses = 0;
  let checked = 0;
  let failed = 0;
  const headers = { ...options.headers };
  let instance: autocannon.Instance | undefined;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: options.origin,
        connections: options.connections,
        duration: options.seconds,
        timeout: options.timeoutSeconds ?? 30,
        headers,
        requests: [
          {
            setupRequest(request, context: Context) {
              const planned = options.plan();
              context.planned = planned;
              return {
                ...request,
                method: planned.method,
                path: planned.path,
                headers: planned.body === undefined ? headers : { ...headers, "content-type": "application/scim+json" },
                ...(planned.body === undefined ? {} : { body: planned.body }),
              };
            },
            onResponse(status: number, body: string, context: Context) {
              responses++;
              statuses[status] = (statuses[status] ?? 0) + 1;
              const planned = context.planned;
              if (!planned || (responses > checkFirst && responses % checkEvery !== 0 && status < 400)) return;
              checked++;
              const problem = checkResponse(planned.expect, status, body);
              if (problem === undefined) return;
              failed++;
              if (failures.length < 5)
                failures.push(`${planned.method} ${decodeURIComponent(planned.path)}: ${problem}`);
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
  instance?.on("response", (_client, _status, _bytes, ms) => {
    latencies.push(ms);
  });
  const result = await finished;
  const seconds = result.duration > 0 ? result.duration : options.seconds;
  return {
    requests: responses,
    seconds,
    rps: responses / seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    checked,
    failed,
    failures,
  };
}
