/** A real HTTP receiver for webhook tests: verifies Standard Webhooks signatures and answers as told. */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

/** One request the receiver got. */
export interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The envelope, when the signature verified with the secret given. */
  readonly verified: Record<string, unknown> | undefined;
  readonly status: number;
}

/** A running receiver. */
export interface Receiver {
  readonly url: string;
  readonly port: number;
  readonly received: Received[];
  /** The verified envelopes it answered 2xx to, in arrival order. */
  accepted(): Record<string, unknown>[];
  /** The secret to verify with (set once the endpoint is created). */
  secret: string | undefined;
  /** The status to answer the n-th request (0-based) with; 204 by default. */
  answer: (n: number, request: Received) => number;
  /** Extra headers per answer (a redirect's Location). */
  headers: (n: number) => Record<string, string>;
  close(): Promise<void>;
}

/** Starts a receiver on 127.0.0.1 (on `port` when given). */
export async function startReceiver(port = 0): Promise<Receiver> {
  const received: Received[] = [];
  const receiver: Receiver = {
    url: "",
    port: 0,
    received,
    accepted: () => received.filter((r) => r.status < 300 && r.verified !== undefined).map((r) => r.verified!),
    secret: undefined,
    answer: () => 204,
    headers: () => ({}),
    close: async () => {},
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let verified: Record<string, unknown> | undefined;
      try {
        if (receiver.secret !== undefined) {
          verified = new Webhook(receiver.secret).verify(body, request.headers as Record<string, string>) as Record<
            string,
            unknown
          >;
        }
      } catch {
        verified = undefined;
      }
      const n = received.length;
      const partial = { headers: request.headers, body, verified, status: 0 };
      const status = receiver.answer(n, partial);
      received.push({ ...partial, status });
      response.writeHead(status, receiver.headers(n));
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${address.port}/hooks`,
    port: address.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
