/**
 * The HTTP server's timeouts (SPEC §14): headers, body, whole request, keep-alive. Without them a
 * client that sends its headers a byte at a time holds a connection for as long as it likes.
 */
import type { FastifyInstance, FastifyRequest, FastifyServerOptions } from "fastify";
import type { Config } from "../config.ts";

/** The timeouts of the configuration, in milliseconds. */
export type TimeoutSettings = Pick<
  Config,
  "headersTimeoutMs" | "bodyTimeoutMs" | "requestTimeoutMs" | "keepAliveTimeoutMs"
>;

/**
 * fastify and node server options: node's `headersTimeout` and `requestTimeout` (node answers 408
 * through the client-error handler), checked every quarter of the headers timeout (at most every
 * second; node's default is every 30 s, which would let a slow client stay four times longer),
 * and the keep-alive timeout.
 */
export function timeoutServerOptions(timeouts: TimeoutSettings): Pick<
  FastifyServerOptions,
  "requestTimeout" | "keepAliveTimeout"
> & {
  readonly http: { headersTimeout: number; requestTimeout: number; connectionsCheckingInterval: number };
} {
  return {
    requestTimeout: timeouts.requestTimeoutMs,
    keepAliveTimeout: timeouts.keepAliveTimeoutMs,
    http: {
      headersTimeout: timeouts.headersTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
      connectionsCheckingInterval: Math.max(25, Math.min(1000, Math.floor(timeouts.headersTimeoutMs / 4))),
    },
  };
}

function hasBody(request: FastifyRequest): boolean {
  const { headers } = request.raw;
  return headers["transfer-encoding"] !== undefined || (headers["content-length"] ?? "0") !== "0";
}

/**
 * The body timeout: while a request's body is still arriving, its socket may stay quiet for at
 * most `bodyTimeoutMs` (the server's `timeout` listener, socketTimeoutHandler, then answers 408);
 * once the body is read the timer is cleared, so a long-running request is never cut.
 */
export function registerBodyTimeout(app: FastifyInstance, bodyTimeoutMs: number): void {
  const reading = new WeakSet<FastifyRequest>();
  app.addHook("preParsing", (request, _reply, payload, done) => {
    const socket = request.raw.socket;
    // inject() has a socket without timers; node makes the same check. A request that declares
    // no body (no Content-Length or Transfer-Encoding, as GETs send) has none to wait for.
    if (!request.raw.complete && hasBody(request) && typeof socket.setTimeout === "function") {
      socket.setTimeout(bodyTimeoutMs);
      reading.add(request);
    }
    done(null, payload);
  });
  app.addHook("preValidation", (request, _reply, done) => {
    if (reading.delete(request)) request.raw.socket.setTimeout(0);
    done();
  });
}
