import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migrateTestDatabaseTo, migrationNames } from "../storage/testing/migrate-to.ts";
import { createPostgresDatabase, DATABASE_KINDS, type DatabaseKind } from "../storage/testing/test-databases.ts";
import { runCliInProcess } from "./cli-test-kit.ts";
import { migrateSummary } from "./migrate-command.ts";

const dir = mkdtempSync(join(tmpdir(), "roster-migrate-"));
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
  rmSync(dir, { recursive: true, force: true });
});

let files = 0;
/** A database of `kind` that does not exist yet (SQLite) or is empty (PostgreSQL). */
async function emptyDatabase(kind: DatabaseKind): Promise<string> {
  if (kind === "sqlite") {
    files += 1;
    return `sqlite:${join(dir, `migrate-${files}.db`)}`;
  }
  const database = await createPostgresDatabase();
  cleanups.push(database.drop);
  return database.url;
}

const migrate = (url: string, ...flags: string[]) => runCliInProcess(["migrate", "--database-url", url, ...flags]);

describe("migrateSummary", () => {
  it("names what was applied, or says there was nothing to apply", () => {
    expect(migrateSummary(["001-initial"])).toBe("Applied 1 migration: 001-initial");
    expect(migrateSummary(["002-a", "003-b"])).toBe("Applied 2 migrations: 002-a, 003-b");
    expect(migrateSummary([])).toBe("Database schema is already up to date");
  });
});

describe.each(DATABASE_KINDS)("roster migrate on %s", (kind) => {
  it("applies every migration to an empty database and names them, then has nothing left to apply", async () => {
    const names = await migrationNames();
    const url = await emptyDatabase(kind);
    const first = await migrate(url);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(
      `Applied ${names.length} migration${names.length === 1 ? "" : "s"}: ${names.join(", ")}\n`,
    );
    expect(first.stderr).toBe(kind === "sqlite" ? `Created database file ${url.slice("sqlite:".length)}\n` : "");
    expect(await migrate(url)).toEqual({ code: 0, stdout: "Database schema is already up to date\n", stderr: "" });
  });

  it("reports the applied migrations as JSON", async () => {
    const url = await emptyDatabase(kind);
    const json = await migrate(url, "--json");
    expect(JSON.parse(json.stdout)).toEqual({ Migrated: true, Applied: await migrationNames() });
    expect(JSON.parse((await migrate(url, "--json")).stdout)).toEqual({ Migrated: true, Applied: [] });
  });

  it("applies only the migrations a database behind the schema is missing", async () => {
    const [first, ...rest] = await migrationNames();
    const url = await emptyDatabase(kind);
    await migrateTestDatabaseTo(url, first!);
    const run = await migrate(url, "--json");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ Migrated: true, Applied: rest });
  });
});

describe("roster migrate refuses a database it cannot reach", () => {
  it("a PostgreSQL database that does not exist: one line, exit 1", async () => {
    const database = await createPostgresDatabase();
    await database.drop();
    const run = await migrate(database.url);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^roster: [^\n]*does not exist\n$/);
  });

  it("an SQLite file in a directory that does not exist, creating nothing", async () => {
    const missing = join(dir, "no", "such", "dir");
    const run = await migrate(`sqlite:${join(missing, "x.db")}`);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `roster: cannot create database file ${join(missing, "x.db")}: directory ${missing} does not exist\n`,
    );
    expect(existsSync(join(dir, "no"))).toBe(false);
  });
});
