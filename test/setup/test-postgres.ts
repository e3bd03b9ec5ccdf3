/**
 * vitest globalSetup: picks the run's PostgreSQL server (src/storage/testing/test-postgres.ts),
 * hands its URL to the test workers, and at the end drops every database this run created and
 * stops an embedded server (deleting its directory).
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { resolveTestPostgres } from "../../src/storage/testing/test-postgres.ts";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await resolveTestPostgres(process.env);
  if (server.description !== "") console.log(server.description);
  const runId = randomBytes(3).toString("hex");
  project.provide("rosterTestPostgresUrl", server.url);
  project.provide("rosterTestRunId", runId);
  return async () => {
    if (server.source !== "embedded") await dropLeftovers(server.url, `roster_test_${runId}_`);
    await server.stop();
  };
}

/** Drops the databases whose names start with `prefix` (a test that ended without disposing its own). */
async function dropLeftovers(url: string, prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ datname: string }>(
      "select datname from pg_database where starts_with(datname, $1)",
      [prefix],
    );
    for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`);
  } catch (error) {
    console.warn(`could not drop the run's leftover test databases: ${String(error)}`);
  } finally {
    await client.end().catch(() => {});
  }
}
