/** The pino options of the server: level from the configuration, credentials and URLs never written. */
import type { FastifyBaseLogger, FastifyServerOptions } from "fastify";

type ChildLoggerFactory = NonNullable<FastifyServerOptions["childLoggerFactory"]>;

import type { LogLevel } from "../config.ts";

/** Header paths redacted wherever a log line carries request headers. */
export const REDACTED_PATHS: readonly string[] = Object.freeze([
  "req.headers.authorization",
  "req.headers.cookie",
  "request.headers.authorization",
  "headers.authorization",
  "headers.cookie",
]);

/** A writable stream for log lines, e.g. to capture them in tests. */
export interface LogStream {
  write(line: string): void;
}

/**
 * Pino options for fastify's logger. Request lines are Roster's own (request-log.ts), so the
 * `req` serializer keeps only the method: no URL (it holds emails and filter values), no headers.
 * The redaction guards any line that does carry headers. Bearer tokens are never logged in clear.
 */
export function loggerOptions(level: LogLevel, stream?: LogStream): NonNullable<FastifyServerOptions["logger"]> {
  return {
    level,
    redact: { paths: [...REDACTED_PATHS], censor: "[redacted]" },
    serializers: { req: (request: { method?: string }) => ({ method: request.method }) },
    ...(stream === undefined ? {} : { stream }),
  };
}

/**
 * fastify's `childLoggerFactory`: the request's logger with its bindings (the request id), or,
 * while the level is `silent`, the server's logger itself. A silent logger writes nothing, so
 * its per-request child (a pino child copies the parent's chindings and serializers) would be
 * built only to be thrown away; a level raised later applies to the requests that arrive after.
 */
export const requestChildLogger: ChildLoggerFactory = (logger, bindings, options) => {
  if (logger.level === "silent" && options.level === undefined) return logger;
  return logger.child(bindings, options);
};

const LEVEL_VALUES: Readonly<Record<string, number>> = Object.freeze({
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Number.POSITIVE_INFINITY,
});

/** Whether `log` writes lines of `level` (pino's levels; `silent` writes none). */
export function levelEnabled(log: FastifyBaseLogger, level: "trace" | "debug" | "info"): boolean {
  return (LEVEL_VALUES[level] as number) >= (LEVEL_VALUES[log.level] ?? 0);
}
