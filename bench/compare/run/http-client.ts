/** A small keep-alive HTTP client for the flows autocannon cannot drive (the initial sync, drain probes). */
import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";

/** A response: status, body text, and how long it took in milliseconds. */
export interface HttpResponse {
  readonly status: number;
  readonly body: string;
  readonly ms: number;
}

/** Requests against one origin with fixed headers, over at most `sockets` kept-alive connections. */
export class HttpClient {
  private readonly agent: Agent;
  private readonly url: URL;

  constructor(
    origin: string,
    private readonly headers: Readonly<Record<string, string>>,
    sockets = 1,
  ) {
    this.url = new URL(origin);
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets });
  }

  /** Sends one request; `body` is sent as application/scim+json. Rejects on network errors and after `timeoutMs`. */
  send(method: string, path: string, body?: unknown, timeoutMs = 60_000): Promise<HttpResponse> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = request(
        {
          agent: this.agent,
          hostname: this.url.hostname,
          port: this.url.port,
          method,
          path,
          headers: {
            ...this.headers,
            ...(payload === undefined
              ? {}
              : { "content-type": "application/scim+json", "content-length": Buffer.byteLength(payload) }),
          },
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString("utf8"),
              ms: performance.now() - started,
            }),
          );
          res.on("error", reject);
        },
      );
      req.on("timeout", () => req.destroy(new Error(`${method} ${path} timed out after ${timeoutMs} ms`)));
      req.on("error", reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
