/**
 * Multi-row INSERT statements written as SQL text: a bulk load of a million records runs
 * thousands of statements, and Kysely's query building would cost more than the database takes
 * to run them. SQLite gets `VALUES (…), (…)` (one text per full batch, so its statement cache
 * reuses it); PostgreSQL gets one array per column through `unnest`, a statement whose text
 * does not grow with its rows, so it is parsed and planned in no time whatever the batch.
 */
import { CompiledQuery, type Kysely } from "kysely";
import type { Database } from "./database-schema.ts";
import { nameStatement } from "./prepared-query.ts";
import type { SqlDialect } from "./sql-dialect.ts";

/** Parameters per SQLite statement, well below its limit of 32,766. */
const MAX_SQLITE_PARAMETERS = 16_000;
/** Rows per PostgreSQL statement (the arrays travel as parameters, with no limit on their length). */
const POSTGRES_ROWS = 5_000;

/** Where a multi-row insert goes, and what it does with a row whose key is taken. */
export interface MultiRowTable<Row> {
  readonly table: keyof Database;
  readonly columns: readonly (keyof Row & string)[];
  /** The PostgreSQL type of every column that is not `text`. */
  readonly types?: Readonly<Partial<Record<keyof Row & string, "integer" | "double precision">>>;
  /** SQL after the rows, e.g. `on conflict (…) do nothing`; empty for a plain insert. */
  readonly onConflict?: string;
}

/** The texts of full-size SQLite statements; a batch's shorter last statement is built each time. */
const fullTexts = new Map<string, string>();

function valuesText<Row>(target: MultiRowTable<Row>, rowCount: number): string {
  const tuple = `(${target.columns.map(() => "?").join(", ")})`;
  const values = Array.from({ length: rowCount }, () => tuple).join(", ");
  return `insert into ${target.table} (${target.columns.join(", ")}) values ${values} ${target.onConflict ?? ""}`;
}

function sqliteText<Row>(target: MultiRowTable<Row>, rowCount: number, full: boolean): string {
  if (!full) return valuesText(target, rowCount);
  const key = [target.table, target.columns.join(","), target.onConflict ?? "", rowCount].join("\u0000");
  let text = fullTexts.get(key);
  if (text === undefined) {
    text = valuesText(target, rowCount);
    fullTexts.set(key, text);
  }
  return text;
}

/** The texts of PostgreSQL statements by target (one text per target, whatever the batch). */
const unnestTexts = new WeakMap<object, string>();

/** `$first::text[], …`: one array parameter per column of `target`, numbered from `first`. */
export function unnestArrays<Row>(target: MultiRowTable<Row>, first: number): string {
  return target.columns.map((column, i) => `$${first + i}::${target.types?.[column] ?? "text"}[]`).join(", ");
}

/** One array per column of `target`, of `rows` in order: the parameters of `unnestArrays`. */
export function columnArrays<Row>(target: MultiRowTable<Row>, rows: readonly Row[]): unknown[][] {
  return target.columns.map((column) => rows.map((row) => row[column]));
}

function unnestText<Row>(target: MultiRowTable<Row>): string {
  let text = unnestTexts.get(target);
  if (text === undefined) {
    text = `insert into ${target.table} (${target.columns.join(", ")}) select * from unnest(${unnestArrays(target, 1)}) ${target.onConflict ?? ""}`;
    unnestTexts.set(target, text);
    nameStatement(text);
  }
  return text;
}

/** Inserts `rows` into `target.table` in as few statements as the database takes. */
export async function insertRows<Row>(
  db: Kysely<Database>,
  dialect: SqlDialect,
  target: MultiRowTable<Row>,
  rows: readonly Row[],
): Promise<void> {
  if (dialect.name === "postgres") {
    const text = unnestText(target);
    for (let start = 0; start < rows.length; start += POSTGRES_ROWS) {
      const batch = rows.slice(start, start + POSTGRES_ROWS);
      await db.executeQuery(CompiledQuery.raw(text, columnArrays(target, batch)));
    }
    return;
  }
  const perStatement = Math.max(1, Math.floor(MAX_SQLITE_PARAMETERS / target.columns.length));
  for (let start = 0; start < rows.length; start += perStatement) {
    const batch = rows.slice(start, start + perStatement);
    const parameters: unknown[] = [];
    for (const row of batch) for (const column of target.columns) parameters.push(row[column]);
    const text = sqliteText(target, batch.length, batch.length === perStatement);
    await db.executeQuery(CompiledQuery.raw(text, parameters));
  }
}
