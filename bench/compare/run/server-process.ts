/** Starts a server under test as its own process on a free loopback port, waits until it answers, stops it. */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { HttpClient } from "./http-client.ts";

/** A running server process. */
export interface ServerProcess {
  readonly origin: string;
  readonly pid: number;
  /** The command line it runs, for the record. */
  readonly command: string;
  /** Milliseconds from spawn until it first answered HTTP. */
  readonly startMs: number;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

/** What to run. `env` is added to the benchmark's own environment, with PORT and HOST set here. */
export interface ServerCommand {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  /** How long it may take to answer its first request (seeding in memory takes a while at 1M). */
  readonly readyTimeoutMs: number;
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
}

/** Spawns the server and resolves once any HTTP request gets an answer; rejects with its output if it exits first. */
export async function startServer(spec: ServerCommand): Promise<ServerProcess> {
  const port = await freePort();
  const started = Date.now();
  const child = spawn(spec.command, [...spec.args], {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const origin = `http://127.0.0.1:${port}`;
  const stop = async (graceMs = 10_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exited(child);
    clearTimeout(timer);
  };
  const client = new HttpClient(origin, {});
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(
          `${spec.name} exited (${child.exitCode ?? child.signalCode}) before answering: ${output.trim()}`,
        );
      }
      if (Date.now() - started > spec.readyTimeoutMs) {
        throw new Error(`${spec.name} did not answer within ${spec.readyTimeoutMs / 1000} s: ${output.trim()}`);
      }
      try {
        await client.send("GET", "/", undefined, 2000);
        break;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } catch (error) {
    await stop(2000);
    throw error;
  } finally {
    client.close();
  }
  return {
    origin,
    pid: child.pid ?? 0,
    command: [spec.command, ...spec.args].join(" "),
    startMs: Date.now() - started,
    stop,
  };
}
