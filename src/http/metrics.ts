/**
 * Prometheus metrics (SPEC §14): requests by surface, route template, method and status; latency
 * histograms; the database pool; the event backlog and webhook failures (SPEC §11); the process's
 * own (CPU, memory, event loop). `GET /metrics`.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Counter, collectDefaultMetrics, Gauge, type MetricValue, Registry } from "prom-client";
import type { PoolStats, Store } from "../domain/ports.ts";
import { RosterError } from "../protocol/errors.ts";
import { type Surface, surfaceOf } from "./surface.ts";

/** The route label of a request no route matched (404s): never the URL, which has no bound. */
export const UNMATCHED_ROUTE = "(unmatched)";
/** The route label of a request refused before routing (bad URL, too-large headers, timeouts). */
export const UNROUTED = "(unrouted)";

const METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** One route, method and status: plain numbers, turned into samples only when scraped. */
interface Series {
  readonly surface: Surface;
  readonly route: string;
  readonly method: string;
  readonly status: string;
  count: number;
  sum: number;
  /** Observations per bucket of LATENCY_BUCKETS (not cumulative), and above the last one. */
  readonly buckets: Float64Array;
}

/** The bucket index of `seconds`: the first upper bound it does not exceed, or LATENCY_BUCKETS.length. */
function bucketOf(seconds: number): number {
  let i = 0;
  while (i < LATENCY_BUCKETS.length && seconds > (LATENCY_BUCKETS[i] as number)) i++;
  return i;
}

/**
 * The request counter and the latency histogram as prom-client metric objects (what a Registry
 * asks a metric for: `get()`), computed from `all` when scraped. prom-client's own Counter and
 * Histogram validate and hash their label values on every observation; this records a request
 * as two additions and an increment on a series found by three map lookups.
 */
function requestMetricObjects(all: () => Iterable<Series>) {
  const requests = {
    name: "roster_http_requests_total",
    help: "HTTP requests answered, by surface (scim, api, console, other), route template, method and status.",
    type: "counter",
    aggregator: "sum",
    async get() {
      const values: MetricValue<string>[] = [];
      for (const s of all()) {
        values.push({
          value: s.count,
          labels: { surface: s.surface, route: s.route, method: s.method, status: s.status },
        });
      }
      return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
    },
  };
  const latency = {
    name: "roster_http_request_duration_seconds",
    help: "Time from the request's arrival to its answer, by surface, route template and method.",
    type: "histogram",
    aggregator: "sum",
    async get() {
      // One histogram per surface, route and method: the statuses of a route add up.
      const merged = new Map<
        string,
        { labels: Record<string, string>; count: number; sum: number; buckets: number[] }
      >();
      for (const s of all()) {
        const key = `${s.route}\u0000${s.method}`;
        let one = merged.get(key);
        if (one === undefined) {
          one = {
            labels: { surface: s.surface, route: s.route, method: s.method },
            count: 0,
            sum: 0,
            buckets: new Array<number>(LATENCY_BUCKETS.length + 1).fill(0),
          };
          merged.set(key, one);
        }
        one.count += s.count;
        one.sum += s.sum;
        for (let i = 0; i < s.buckets.length; i++)
          one.buckets[i] = (one.buckets[i] as number) + (s.buckets[i] as number);
      }
      const values: MetricValue<string>[] = [];
      const bucket = `${this.name}_bucket`;
      for (const one of merged.values()) {
        let cumulative = 0;
        LATENCY_BUCKETS.forEach((bound, i) => {
          cumulative += one.buckets[i] as number;
          values.push({ metricName: bucket, value: cumulative, labels: { ...one.labels, le: bound } } as never);
        });
        values.push({ metricName: bucket, value: one.count, labels: { ...one.labels, le: "+Inf" } } as never);
        values.push({ metricName: `${this.name}_sum`, value: one.sum, labels: one.labels } as never);
        values.push({ metricName: `${this.name}_count`, value: one.count, labels: one.labels } as never);
      }
      return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
    },
  };
  return [requests, latency];
}

/** Counts requests and latencies; what `GET /metrics` exposes. */
export interface Metrics {
  /** Records one answered request. `route` is a template (or UNMATCHED_ROUTE / UNROUTED), never a URL. */
  observe(route: string, method: string, status: number, seconds: number): void;
  /** Records a failed webhook delivery attempt (`roster_webhook_failures_total`). */
  webhookFailed(): void;
  /** Records an endpoint disabled after its retries (`roster_webhook_disabled_total`). */
  webhookDisabled(): void;
  /** The exposition text and its content type. */
  scrape(): Promise<{ readonly contentType: string; readonly body: string }>;
}

let processRegistry: Registry | undefined;

// Process metrics are per process: one registry, shared by every app the process builds (tests build many).
function processMetrics(): Registry {
  if (processRegistry === undefined) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/**
 * Metrics of one app over `store`. The request path is cheap: after a route, method and status
 * have been seen once, recording is three map lookups, a bucket search and three additions.
 */
export function createMetrics(store: Store): Metrics {
  const registry = new Registry();
  const series = new Map<string, Map<string, Map<number, Series>>>();
  function* allSeries(): Iterable<Series> {
    for (const byMethod of series.values()) for (const byStatus of byMethod.values()) yield* byStatus.values();
  }
  for (const metric of requestMetricObjects(allSeries)) registry.registerMetric(metric as never);
  const { poolStats } = store;
  if (poolStats !== undefined) {
    const gauge = (name: string, help: string, read: (stats: PoolStats) => number) =>
      new Gauge({
        name,
        help,
        registers: [registry],
        collect() {
          this.set(read(poolStats.call(store)));
        },
      });
    gauge("roster_db_pool_connections", "Database connections open (busy or idle).", (s) => s.total);
    gauge("roster_db_pool_idle_connections", "Database connections open and idle.", (s) => s.idle);
    gauge("roster_db_pool_waiting_queries", "Queries waiting for a database connection.", (s) => s.waiting);
  }

  new Gauge({
    name: "roster_event_backlog",
    help: "Events committed but not yet delivered (or passed over) by enabled webhook endpoints, summed over endpoints.",
    registers: [registry],
    async collect() {
      this.set(await store.webhooks.backlog());
    },
  });
  const webhookFailures = new Counter({
    name: "roster_webhook_failures_total",
    help: "Webhook delivery attempts that failed (no 2xx: refused, timeout, error status), in this process.",
    registers: [registry],
  });
  const webhooksDisabled = new Counter({
    name: "roster_webhook_disabled_total",
    help: "Webhook endpoints disabled by this process after their retries were spent.",
    registers: [registry],
  });

  function seriesOf(route: string, method: string, status: number): Series {
    let byMethod = series.get(route);
    if (byMethod === undefined) {
      byMethod = new Map();
      series.set(route, byMethod);
    }
    let byStatus = byMethod.get(method);
    if (byStatus === undefined) {
      byStatus = new Map();
      byMethod.set(method, byStatus);
    }
    let found = byStatus.get(status);
    if (found === undefined) {
      const surface: Surface = route === UNMATCHED_ROUTE || route === UNROUTED ? "other" : surfaceOf(route);
      found = {
        surface,
        route,
        method,
        status: String(status),
        count: 0,
        sum: 0,
        buckets: new Float64Array(LATENCY_BUCKETS.length + 1),
      };
      byStatus.set(status, found);
    }
    return found;
  }

  return {
    observe(route, method, status, seconds) {
      const one = seriesOf(route, METHODS.has(method) ? method : "OTHER", status);
      one.count++;
      one.sum += seconds;
      const i = bucketOf(seconds);
      one.buckets[i] = (one.buckets[i] as number) + 1;
    },
    webhookFailed() {
      webhookFailures.inc();
    },
    webhookDisabled() {
      webhooksDisabled.inc();
    },
    async scrape() {
      const merged = Registry.merge([processMetrics(), registry]);
      return { contentType: merged.contentType, body: await merged.metrics() };
    },
  };
}

function sha256(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

/** Records an answered request that fastify routed (the request pipeline's onResponse hook). */
export function observeRequest(metrics: Metrics, request: FastifyRequest, reply: FastifyReply): void {
  metrics.observe(
    request.routeOptions.url ?? UNMATCHED_ROUTE,
    request.method,
    reply.statusCode,
    reply.elapsedTime / 1000,
  );
}

/**
 * Serves `GET /metrics` (requests are observed by the request pipeline). With a `token`
 * (METRICS_TOKEN), the scraper must send `Authorization: Bearer <token>` (compared in constant
 * time); without, the endpoint is open and belongs behind the proxy (docs/deployment.md).
 */
export function registerMetricsRoute(app: FastifyInstance, metrics: Metrics, token: string | undefined): void {
  const expected = token === undefined ? undefined : sha256(token);
  app.get("/metrics", async (request, reply) => {
    if (expected !== undefined) {
      const presented = /^bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? "")?.[1] ?? "";
      if (!timingSafeEqual(sha256(presented), expected)) {
        throw new RosterError("unauthorized", "A valid metrics token is required");
      }
    }
    const { contentType, body } = await metrics.scrape();
    return reply.header("cache-control", "no-store").type(contentType).send(body);
  });
}
