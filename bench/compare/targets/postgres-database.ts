/** A throw-away PostgreSQL database for one benchmark run: a random name on the server at BENCH_POSTGRES_URL. */
import { randomBytes } from "node:crypto";
import pg from "pg";

/** A created database: its URL, and how to drop it. */
export interface BenchDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

async function withClient<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates `roster_bench_<random>` on the server `adminUrl` names (its own database is only used to connect). */
export async function createBenchDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `roster_bench_${randomBytes(6).toString("hex")}`;
  await withClient(adminUrl, (client) => client.query(`create database ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () =>
      withClient(adminUrl, (client) => client.query(`drop database if exists ${name} with (force)`)).then(() => {}),
  };
}

/**
 * VACUUM (ANALYZE) of the seeded database: the state autovacuum reaches on its own within a
 * minute or so of a bulk load, reached now, so that a run does not depend on when it kicks in.
 */
export async function vacuumAnalyze(url: string): Promise<void> {
  await withClient(url, (client) => client.query("vacuum (analyze)"));
}
