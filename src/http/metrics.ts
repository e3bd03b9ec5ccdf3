/**
 * Prometheus metrics (SPEC §14): requests by surface, route template, method and status; latency
 * histograms; the database pool; the event backlog and webhook failures (SPEC §11); the process's
 * own (CPU, memory, event loop). `GET /metrics`.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { PoolStats, Store } from "../domain/ports.ts";
import { RosterError } from "../protocol/errors.ts";
import { type Surface, surfaceOf } from "./surface.ts";

/** The route label of a request no route matched (404s): never the URL, which has no bound. */
export const UNMATCHED_ROUTE = "(unmatched)";
/** The route label of a request refused before routing (bad URL, too-large headers, timeouts). */
export const UNROUTED = "(unrouted)";

const METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Series {
  readonly requests: { inc(): void };
  readonly latency: { observe(value: number): void };
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
 * have been seen once, recording is three map lookups, an increment and a histogram observation.
 */
export function createMetrics(store: Store): Metrics {
  const registry = new Registry();
  const requests = new Counter({
    name: "roster_http_requests_total",
    help: "HTTP requests answered, by surface (scim, api, console, other), route template, method and status.",
    labelNames: ["surface", "route", "method", "status"] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: "roster_http_request_duration_seconds",
    help: "Time from the request's arrival to its answer, by surface, route template and method.",
    labelNames: ["surface", "route", "method"] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
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

  const series = new Map<string, Map<string, Map<number, Series>>>();
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
        requests: requests.labels(surface, route, method, String(status)),
        latency: latency.labels(surface, route, method),
      };
      byStatus.set(status, found);
    }
    return found;
  }

  return {
    observe(route, method, status, seconds) {
      const one = seriesOf(route, METHODS.has(method) ? method : "OTHER", status);
      one.requests.inc();
      one.latency.observe(seconds);
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

/**
 * Observes every request that fastify routes, and serves `GET /metrics`. With a `token`
 * (METRICS_TOKEN), the scraper must send `Authorization: Bearer <token>` (compared in constant
 * time); without, the endpoint is open and belongs behind the proxy (docs/deployment.md).
 */
export function registerMetrics(app: FastifyInstance, metrics: Metrics, token: string | undefined): void {
  app.addHook("onResponse", (request, reply, done) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    metrics.observe(route, request.method, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
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
