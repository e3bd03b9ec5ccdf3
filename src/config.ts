/** The server's configuration, read once from the environment and frozen. */
import { fail, ok, type Result, RosterError, unwrap } from "./protocol/errors.ts";
import { DEFAULT_DATABASE_URL } from "./storage/database-url.ts";

export { DEFAULT_DATABASE_URL };

/** Pino's levels, plus `silent`. */
export const LOG_LEVELS = Object.freeze(["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const);
export type LogLevel = (typeof LOG_LEVELS)[number];

/** How log lines are written: `json` (one object a line), `pretty` (for a terminal), `auto` (pretty on a TTY). */
export const LOG_FORMATS = Object.freeze(["auto", "json", "pretty"] as const);
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Everything the server reads from its environment. */
export interface Config {
  /** PORT: TCP port to listen on (default 8080). */
  readonly port: number;
  /** HOST: address to bind (default 0.0.0.0). */
  readonly host: string;
  /** DATABASE_URL: `sqlite:<path>`, `sqlite::memory:` or `postgres://…` (default DEFAULT_DATABASE_URL). */
  readonly databaseUrl: string;
  /**
   * PUBLIC_BASE_URL: the origin clients reach Roster at (`https://roster.example.com`, optionally
   * with a path prefix), used for `meta.location`; without it, derived from each request.
   */
  readonly publicBaseUrl: string | undefined;
  /** TRUST_PROXY=true: believe X-Forwarded-Proto/Host/For from a reverse proxy (default false). */
  readonly trustProxy: boolean;
  /** LOG_LEVEL (default info). */
  readonly logLevel: LogLevel;
  /** SCIM_MAX_RESULTS: the most resources one list page returns, as advertised in /ServiceProviderConfig (default 200). */
  readonly maxResults: number;
  /** BODY_LIMIT: the largest request body in bytes (default 1 MiB); larger bodies get 413. */
  readonly bodyLimit: number;
  /** LOG_FORMAT: `auto` (default: pretty when stdout is a terminal, else JSON), `json` or `pretty`. */
  readonly logFormat: LogFormat;
  /** HEADERS_TIMEOUT_MS: the request line and headers must arrive within this (default 10 s); else 408 and close. */
  readonly headersTimeoutMs: number;
  /** BODY_TIMEOUT_MS: the longest pause while a request body arrives (default 10 s); else 408 and close. */
  readonly bodyTimeoutMs: number;
  /** REQUEST_TIMEOUT_MS: the whole request, headers and body, must arrive within this (default 30 s); else 408. */
  readonly requestTimeoutMs: number;
  /** KEEP_ALIVE_TIMEOUT_MS: an idle keep-alive connection is closed after this (default 72 s, above common proxies' 60 s). */
  readonly keepAliveTimeoutMs: number;
  /** SCIM_RATE_LIMIT: sustained SCIM requests per second per tenant (default 100); 0 turns the limit off. */
  readonly scimRateLimit: number;
  /** AUTH_FAILURE_LIMIT: failed SCIM authentications per minute per client address and tenant (default 20); 0: off. */
  readonly authFailureLimit: number;
  /** METRICS_TOKEN: when set, `GET /metrics` requires `Authorization: Bearer <token>` (default unset: open). */
  readonly metricsToken: string | undefined;
  /** WEBHOOK_ALLOW_PRIVATE_TARGETS=true: webhooks may target loopback, link-local and private addresses (default false). */
  readonly webhookAllowPrivateTargets: boolean;
  /** WEBHOOK_TIMEOUT_MS: the longest a webhook delivery attempt may take (default 10 s). */
  readonly webhookTimeoutMs: number;
}

/** The defaults, for tests and embedding. */
export const DEFAULT_CONFIG: Config = Object.freeze({
  port: 8080,
  host: "0.0.0.0",
  databaseUrl: DEFAULT_DATABASE_URL,
  publicBaseUrl: undefined,
  trustProxy: false,
  logLevel: "info",
  maxResults: 200,
  bodyLimit: 1024 * 1024,
  logFormat: "auto",
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 72_000,
  scimRateLimit: 100,
  authFailureLimit: 20,
  metricsToken: undefined,
  webhookAllowPrivateTargets: false,
  webhookTimeoutMs: 10_000,
});

const HOUR_MS = 3_600_000;

type Env = Readonly<Record<string, string | undefined>>;

/** Reads the configuration; the error names the first variable with an invalid value, on one line. */
export function parseConfig(env: Env): Result<Config> {
  const value = (name: string): string | undefined => {
    const raw = env[name]?.trim();
    return raw === undefined || raw === "" ? undefined : raw;
  };
  try {
    return ok(
      Object.freeze({
        port: unwrap(integer("PORT", value("PORT"), DEFAULT_CONFIG.port, 0, 65535)),
        host: value("HOST") ?? DEFAULT_CONFIG.host,
        databaseUrl: unwrap(parseDatabaseUrl(value("DATABASE_URL") ?? DEFAULT_DATABASE_URL)),
        publicBaseUrl: unwrap(parsePublicBaseUrl(value("PUBLIC_BASE_URL"))),
        trustProxy: unwrap(boolean("TRUST_PROXY", value("TRUST_PROXY"), DEFAULT_CONFIG.trustProxy)),
        logLevel: unwrap(parseLogLevel(value("LOG_LEVEL"))),
        maxResults: unwrap(integer("SCIM_MAX_RESULTS", value("SCIM_MAX_RESULTS"), DEFAULT_CONFIG.maxResults, 1, 10000)),
        bodyLimit: unwrap(
          integer("BODY_LIMIT", value("BODY_LIMIT"), DEFAULT_CONFIG.bodyLimit, 1024, 100 * 1024 * 1024),
        ),
        logFormat: unwrap(oneOf("LOG_FORMAT", value("LOG_FORMAT"), LOG_FORMATS, DEFAULT_CONFIG.logFormat)),
        ...unwrap(parseTimeouts(value)),
        scimRateLimit: unwrap(
          integer("SCIM_RATE_LIMIT", value("SCIM_RATE_LIMIT"), DEFAULT_CONFIG.scimRateLimit, 0, 1_000_000),
        ),
        authFailureLimit: unwrap(
          integer("AUTH_FAILURE_LIMIT", value("AUTH_FAILURE_LIMIT"), DEFAULT_CONFIG.authFailureLimit, 0, 1_000_000),
        ),
        metricsToken: unwrap(parseMetricsToken(value("METRICS_TOKEN"))),
        webhookAllowPrivateTargets: unwrap(
          boolean(
            "WEBHOOK_ALLOW_PRIVATE_TARGETS",
            value("WEBHOOK_ALLOW_PRIVATE_TARGETS"),
            DEFAULT_CONFIG.webhookAllowPrivateTargets,
          ),
        ),
        webhookTimeoutMs: unwrap(
          integer("WEBHOOK_TIMEOUT_MS", value("WEBHOOK_TIMEOUT_MS"), DEFAULT_CONFIG.webhookTimeoutMs, 100, 120_000),
        ),
      }),
    );
  } catch (error) {
    if (error instanceof RosterError) return { ok: false, error };
    throw error;
  }
}

/** Accepts `sqlite:<path>`, `sqlite::memory:`, `postgres://…` and `postgresql://…`. */
export function parseDatabaseUrl(url: string): Result<string> {
  if (/^sqlite:.+/.test(url) || /^postgres(ql)?:\/\/.+/.test(url)) return ok(url);
  return fail(
    "invalidValue",
    "DATABASE_URL must be sqlite:<path>, sqlite::memory: or postgres://user:password@host/database",
  );
}

function integer(name: string, raw: string | undefined, fallback: number, min: number, max: number): Result<number> {
  if (raw === undefined) return ok(fallback);
  const parsed = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (Number.isSafeInteger(parsed) && parsed >= min && parsed <= max) return ok(parsed);
  return fail("invalidValue", `${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
}

function boolean(name: string, raw: string | undefined, fallback: boolean): Result<boolean> {
  if (raw === undefined) return ok(fallback);
  const lower = raw.toLowerCase();
  if (lower === "true" || lower === "false") return ok(lower === "true");
  return fail("invalidValue", `${name} must be true or false, got ${JSON.stringify(raw)}`);
}

function oneOf<T extends string>(name: string, raw: string | undefined, values: readonly T[], fallback: T): Result<T> {
  if (raw === undefined) return ok(fallback);
  const found = values.find((candidate) => candidate === raw.toLowerCase());
  if (found !== undefined) return ok(found);
  return fail("invalidValue", `${name} must be one of ${values.join(", ")}, got ${JSON.stringify(raw)}`);
}

function parseLogLevel(raw: string | undefined): Result<LogLevel> {
  return oneOf("LOG_LEVEL", raw, LOG_LEVELS, DEFAULT_CONFIG.logLevel);
}

type Timeouts = Pick<Config, "headersTimeoutMs" | "bodyTimeoutMs" | "requestTimeoutMs" | "keepAliveTimeoutMs">;

function parseTimeouts(value: (name: string) => string | undefined): Result<Timeouts> {
  const read = (name: string, fallback: number) => unwrap(integer(name, value(name), fallback, 100, HOUR_MS));
  const timeouts: Timeouts = {
    headersTimeoutMs: read("HEADERS_TIMEOUT_MS", DEFAULT_CONFIG.headersTimeoutMs),
    bodyTimeoutMs: read("BODY_TIMEOUT_MS", DEFAULT_CONFIG.bodyTimeoutMs),
    requestTimeoutMs: read("REQUEST_TIMEOUT_MS", DEFAULT_CONFIG.requestTimeoutMs),
    keepAliveTimeoutMs: read("KEEP_ALIVE_TIMEOUT_MS", DEFAULT_CONFIG.keepAliveTimeoutMs),
  };
  if (timeouts.headersTimeoutMs > timeouts.requestTimeoutMs) {
    return fail(
      "invalidValue",
      `HEADERS_TIMEOUT_MS (${timeouts.headersTimeoutMs}) must not exceed REQUEST_TIMEOUT_MS (${timeouts.requestTimeoutMs}): the headers are part of the request`,
    );
  }
  return ok(timeouts);
}

function parseMetricsToken(raw: string | undefined): Result<string | undefined> {
  if (raw === undefined) return ok(undefined);
  if (/^[\x21-\x7e]{16,512}$/.test(raw)) return ok(raw);
  return fail("invalidValue", "METRICS_TOKEN must be 16 to 512 visible ASCII characters without spaces");
}

function parsePublicBaseUrl(raw: string | undefined): Result<string | undefined> {
  if (raw === undefined) return ok(undefined);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail("invalidValue", `PUBLIC_BASE_URL must be an absolute http(s) URL, got ${JSON.stringify(raw)}`);
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.search !== "" || url.hash !== "") {
    return fail(
      "invalidValue",
      `PUBLIC_BASE_URL must be an http(s) URL without query or fragment, got ${JSON.stringify(raw)}`,
    );
  }
  return ok(`${url.origin}${url.pathname}`.replace(/\/+$/, ""));
}
