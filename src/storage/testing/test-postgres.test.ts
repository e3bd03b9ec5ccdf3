import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { openStore } from "../open-store.ts";
import { freePort } from "./embedded-postgres.ts";
import { TEST_POSTGRES_ADMIN_URL } from "./test-databases.ts";
import { postgresAnswers, resolveTestPostgres } from "./test-postgres.ts";

/** Creates a database on the server at `adminUrl`, runs Roster's migrations and a tenant write in it, and reads it back. */
async function rosterWorksOn(adminUrl: string): Promise<string | undefined> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query("create database roster_embedded_check");
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = "/roster_embedded_check";
  const store = await openStore(url.toString());
  try {
    await store.migrate();
    await store.tenants.create("acme", "2026-03-01T00:00:00.000Z");
    return (await store.tenants.get("acme"))?.id;
  } finally {
    await store.close();
  }
}

describe("loadEmbeddedPostgres", () => {
  it("keeps the exit code of the process that loads it (a failed test run must not exit 0)", async () => {
    const module = new URL("./embedded-postgres.ts", import.meta.url).href;
    const script = `const m = await import(${JSON.stringify(module)}); await m.loadEmbeddedPostgres(); process.exitCode = 3;`;
    const code = await new Promise<number | null>((resolve) => {
      execFile(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], (error) => {
        resolve(error === null ? 0 : typeof error.code === "number" ? error.code : null);
      });
    });
    expect(code).toBe(3);
  });
});

describe("the PostgreSQL server of a test run", () => {
  it("starts a throwaway embedded PostgreSQL when nothing answers the probe, and deletes it on stop", {
    timeout: 60_000,
  }, async () => {
    const closed = `postgres://postgres@127.0.0.1:${await freePort()}/postgres`;
    expect(await postgresAnswers(closed)).toBe(false);
    const server = await resolveTestPostgres({}, { probeUrl: closed });
    try {
      expect(server.source).toBe("embedded");
      expect(existsSync(server.directory!)).toBe(true);
      expect(server.description).toMatch(/embedded server on 127\.0\.0\.1:\d+ \(no server answered at 127\.0\.0\.1:/);
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      const { rows } = await client.query<{ server_version: string }>("show server_version");
      await client.end();
      expect(rows[0]?.server_version).toMatch(/^18\.4/);
      expect(await rosterWorksOn(server.url)).toBe("acme");
    } finally {
      await server.stop();
    }
    expect(await postgresAnswers(server.url)).toBe(false);
    expect(server.directory).toBeDefined();
    expect(existsSync(server.directory!)).toBe(false);
  });

  it("uses ROSTER_TEST_POSTGRES_URL as given, starting nothing", async () => {
    const server = await resolveTestPostgres({ ROSTER_TEST_POSTGRES_URL: "postgres://ci@db:5432/postgres" });
    expect(server).toMatchObject({ source: "ROSTER_TEST_POSTGRES_URL", url: "postgres://ci@db:5432/postgres" });
  });

  it("uses a server that answers the probe", async () => {
    const server = await resolveTestPostgres({}, { probeUrl: TEST_POSTGRES_ADMIN_URL });
    expect(server).toMatchObject({ source: "server", url: TEST_POSTGRES_ADMIN_URL });
  });

  it("with ROSTER_TEST_POSTGRES=embedded, starts the embedded server although one answers", {
    timeout: 60_000,
  }, async () => {
    const server = await resolveTestPostgres(
      { ROSTER_TEST_POSTGRES: "embedded" },
      { probeUrl: TEST_POSTGRES_ADMIN_URL },
    );
    try {
      expect(server.source).toBe("embedded");
      expect(server.description).toMatch(/\(ROSTER_TEST_POSTGRES=embedded\)$/);
      expect(await postgresAnswers(server.url)).toBe(true);
    } finally {
      await server.stop();
    }
  });

  it("refuses an unknown ROSTER_TEST_POSTGRES", async () => {
    await expect(resolveTestPostgres({ ROSTER_TEST_POSTGRES: "docker" })).rejects.toThrow(
      'ROSTER_TEST_POSTGRES must be auto or embedded, got "docker"',
    );
  });
});
