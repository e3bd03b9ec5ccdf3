/** The pino options of the server: level from the configuration, credentials and URLs never written. */
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
