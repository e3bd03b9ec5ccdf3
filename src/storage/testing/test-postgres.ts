/**
 * Which PostgreSQL server a test run uses, decided once per run (test/setup/test-postgres.ts):
 * `ROSTER_TEST_POSTGRES_URL` if set (CI sets it to the machine's server); else the server on
 * 127.0.0.1:5432 if one answers; else a throwaway embedded server. `ROSTER_TEST_POSTGRES=embedded`
 * skips the probe and always starts the embedded one.
 */
import pg from "pg";
import { startEmbeddedPostgres } from "./embedded-postgres.ts";

/** The server a bare `npm test` probes for: PostgreSQL's defaults, trust authentication. */
export const DEFAULT_TEST_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres";

/** The server a run uses, why, and how to let it go (stops and deletes an embedded one). */
export interface TestPostgres {
  readonly url: string;
  readonly source: "ROSTER_TEST_POSTGRES_URL" | "server" | "embedded";
  /** One line for the run's output: which server, and why. */
  readonly description: string;
  /** An embedded server's temporary directory (deleted by `stop()`). */
  readonly directory?: string;
  stop(): Promise<void>;
}

declare module "vitest" {
  interface ProvidedContext {
    /** The admin URL of the run's PostgreSQL server (provided by test/setup/test-postgres.ts). */
    rosterTestPostgresUrl: string;
    /** The database the HTTP suites run on in this vitest project (vitest.config.ts). */
    rosterTestDatabaseKind: "sqlite" | "postgres";
    /** A random id of this run: the prefix of the databases it creates (test/setup/test-postgres.ts). */
    rosterTestRunId: string;
  }
}

/** True when a PostgreSQL server at `url` accepts a connection and answers a query within `timeoutMs`. */
export async function postgresAnswers(url: string, timeoutMs = 2000): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Picks the run's server from `env` (see the module comment). `probeUrl` is the server probed
 * when no URL is given (the default; a test points it at a closed port).
 */
export async function resolveTestPostgres(
  env: Readonly<Record<string, string | undefined>>,
  options: { readonly probeUrl?: string } = {},
): Promise<TestPostgres> {
  const given = env["ROSTER_TEST_POSTGRES_URL"]?.trim();
  if (given) {
    return { url: given, source: "ROSTER_TEST_POSTGRES_URL", description: "", stop: async () => {} };
  }
  const mode = env["ROSTER_TEST_POSTGRES"]?.trim() || "auto";
  if (mode !== "auto" && mode !== "embedded") {
    throw new Error(`ROSTER_TEST_POSTGRES must be auto or embedded, got ${JSON.stringify(mode)}`);
  }
  const probeUrl = options.probeUrl ?? DEFAULT_TEST_POSTGRES_URL;
  if (mode === "auto" && (await postgresAnswers(probeUrl))) {
    return { url: probeUrl, source: "server", description: "", stop: async () => {} };
  }
  const embedded = await startEmbeddedPostgres();
  const why = mode === "embedded" ? "ROSTER_TEST_POSTGRES=embedded" : `no server answered at ${new URL(probeUrl).host}`;
  const port = new URL(embedded.url).port;
  return {
    url: embedded.url,
    source: "embedded",
    description: `PostgreSQL for the tests: a throwaway embedded server on 127.0.0.1:${port} (${why})`,
    directory: embedded.directory,
    stop: embedded.stop,
  };
}
