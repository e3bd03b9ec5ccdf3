/** A raw TCP client for tests of what happens below fastify (node's parser, timeouts): `inject()` never reaches there. */
import net from "node:net";

/** What a raw exchange produced. */
export interface RawExchange {
  /** Everything the server wrote, as text. */
  readonly text: string;
  /** The status of the first response, or undefined when none came. */
  readonly status: number | undefined;
  /** Lower-cased headers of the first response. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body of the first response (by Content-Length). */
  readonly body: string;
  /** True when the server closed the connection before `waitMs` ran out. */
  readonly closedByServer: boolean;
  /** Milliseconds from connecting to the server's close (or to giving up). */
  readonly elapsedMs: number;
}

/** Parts to send: text is written, a number waits that many milliseconds. */
export type RawScript = readonly (string | number)[];

function parse(text: string): Pick<RawExchange, "status" | "headers" | "body"> {
  const end = text.indexOf("\r\n\r\n");
  if (end < 0) return { status: undefined, headers: {}, body: "" };
  const [statusLine = "", ...lines] = text.slice(0, end).split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers["content-length"] ?? 0);
  return {
    status: Number(statusLine.split(" ")[1]),
    headers,
    body: Buffer.from(text.slice(end + 4), "latin1")
      .subarray(0, length)
      .toString("utf8"),
  };
}

/**
 * Connects to `port`, plays `script` (stopping once the server has closed), and waits until the
 * server closes the connection or `waitMs` has passed since connecting.
 */
export function rawExchange(port: number, script: RawScript, waitMs = 5000): Promise<RawExchange> {
  return new Promise((resolve) => {
    const started = Date.now();
    const chunks: Buffer[] = [];
    let closed = false;
    const socket = net.connect(port, "127.0.0.1");
    const finish = (closedByServer: boolean) => {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString("latin1");
      resolve({ text, ...parse(text), closedByServer, elapsedMs: Date.now() - started });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("end", () => finish(true));
    socket.on("close", () => finish(true));
    socket.on("error", () => finish(true));
    socket.on("connect", async () => {
      for (const part of script) {
        if (closed || socket.destroyed) return;
        if (typeof part === "number") await new Promise((wait) => setTimeout(wait, part));
        else socket.write(part);
      }
    });
  });
}
