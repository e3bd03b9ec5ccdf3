/** The pino options of the server: level from the configuration, credentials never written. */
import type { FastifyServerOptions } from "fastify";
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
 * Pino options for fastify's logger. fastify's request serializer logs method, URL, host and
 * addresses, not headers; the redaction guards any line that does carry headers. Bearer tokens
 * are never logged in clear.
 */
export function loggerOptions(level: LogLevel, stream?: LogStream): NonNullable<FastifyServerOptions["logger"]> {
  return {
    level,
    redact: { paths: [...REDACTED_PATHS], censor: "[redacted]" },
    ...(stream === undefined ? {} : { stream }),
  };
}
