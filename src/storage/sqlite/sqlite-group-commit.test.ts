import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import type { SqlDatabase } from "../sql/sql-dialect.ts";
import { openSqliteDatabase } from "./sqlite-database.ts";
import type { BatchReport } from "./sqlite-group-commit.ts";

const directories: string[] = [];
const opened: SqlDatabase[] = [];
afterEach(async () => {
  for (const database of opened.splice(0)) await database.close();
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function open(limits?: { maxWrites: number; maxMilliseconds: number }) {
  const directory = mkdtempSync(join(tmpdir(), "roster-group-commit-"));
  directories.push(directory);
  const path = join(directory, "roster.db");
  const batches: BatchReport[] = [];
  const database = openSqliteDatabase(path, {
    ...(limits === undefined ? {} : { groupCommit: limits }),
    onBatch: (report) => batches.push(report),
  });
  opened.push(database);
  const write = database.writeTransaction;
  if (write === undefined) throw new Error("SQLite opens with group commit");
  return { path, batches, db: database.db, write: write.bind(database) };
}

/** The values of table t as another connection sees them: what is committed. */
function committedValues(path: string): string[] {
  const reader = new BetterSqlite3(path, { readonly: true });
  try {
    return (reader.prepare("select v from t order by v").all() as { v: string }[]).map((r) => r.v);
  } finally {
    reader.close();
  }
}

describe("SQLite group commit", () => {
  it("runs writes that arrive together in one transaction and answers each only after its commit", async () => {
    const { path, batches, db, write } = open();
    await sql`create table t (v text primary key)`.execute(db);
    const seenByLater: string[][] = [];
    const answered: string[] = [];
    const writes = ["a", "b", "c"].map((v) =>
      write(async (tx) => {
        seenByLater.push((await sql<{ v: string }>`select v from t order by v`.execute(tx)).rows.map((r) => r.v));
        await sql`insert into t (v) values (${v})`.execute(tx);
        // Not committed yet: another connection does not see this write.
        expect(committedValues(path)).not.toContain(v);
        return v;
      }).then((v) => {
        // Answered: whoever reads now finds it.
        expect(committedValues(path)).toContain(v);
        answered.push(v);
      }),
    );
    await Promise.all(writes);
    expect(answered).toEqual(["a", "b", "c"]);
    // Each write saw the ones before it in the batch: one transaction, one writer at a time.
    expect(seenByLater).toEqual([[], ["a"], ["a", "b"]]);
    expect(batches).toEqual([{ writes: 3, failed: 0, committed: true }]);
  });

  it("rolls back only the write that failed: the batch's other writes commit", async () => {
    const { path, batches, db, write } = open();
    await sql`create table t (v text primary key)`.execute(db);
    const results = await Promise.allSettled([
      write((tx) => sql`insert into t (v) values ('first')`.execute(tx)),
      write(async (tx) => {
        // Half-done work of a failing request: none of it may remain.
        await sql`insert into t (v) values ('half')`.execute(tx);
        await sql`insert into t (v) values ('first')`.execute(tx);
      }),
      write(async (tx) => {
        await sql`insert into t (v) values ('thrown')`.execute(tx);
        throw new Error("refused by the domain");
      }),
      write((tx) => sql`insert into t (v) values ('last')`.execute(tx)),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "rejected", "fulfilled"]);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: "SQLITE_CONSTRAINT_PRIMARYKEY" });
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({ message: "refused by the domain" });
    expect(committedValues(path)).toEqual(["first", "last"]);
    expect(batches).toEqual([{ writes: 4, failed: 2, committed: true }]);
  });

  it("fails every write of a batch whose commit fails, and keeps none of them", async () => {
    const { path, db, write } = open();
    await sql`create table parent (id text primary key)`.execute(db);
    await sql`create table t (v text primary key, p text references parent (id) deferrable initially deferred)`.execute(
      db,
    );
    // A deferred foreign key is checked at COMMIT: the second write makes the whole commit fail.
    const results = await Promise.allSettled([
      write((tx) => sql`insert into t (v) values ('fine')`.execute(tx)),
      write((tx) => sql`insert into t (v, p) values ('dangling', 'nobody')`.execute(tx)),
    ]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect((results[0] as PromiseRejectedResult).reason).toMatchObject({ code: "SQLITE_CONSTRAINT_FOREIGNKEY" });
    expect(committedValues(path)).toEqual([]);
    // The connection is usable again.
    await write((tx) => sql`insert into t (v) values ('after')`.execute(tx));
    expect(committedValues(path)).toEqual(["after"]);
  });

  it("commits at the limit and runs the writes left over in the next batch", async () => {
    const { path, batches, db, write } = open({ maxWrites: 2, maxMilliseconds: 1000 });
    await sql`create table t (v text primary key)`.execute(db);
    await Promise.all(
      ["1", "2", "3", "4", "5"].map((v) => write((tx) => sql`insert into t (v) values (${v})`.execute(tx))),
    );
    expect(batches.map((b) => b.writes)).toEqual([2, 2, 1]);
    expect(committedValues(path)).toEqual(["1", "2", "3", "4", "5"]);
  });

  it("commits the writes in flight before the database closes", async () => {
    const directory = mkdtempSync(join(tmpdir(), "roster-group-commit-"));
    directories.push(directory);
    const path = join(directory, "roster.db");
    const database = openSqliteDatabase(path);
    await sql`create table t (v text primary key)`.execute(database.db);
    const write = database.writeTransaction?.bind(database);
    const pending = ["x", "y"].map((v) => write?.((tx) => sql`insert into t (v) values (${v})`.execute(tx)));
    await database.close();
    await Promise.all(pending);
    expect(committedValues(path)).toEqual(["x", "y"]);
  });
});
