/**
 * Multi-row INSERT statements written as SQL text: a bulk load of a million records builds
 * thousands of statements, and Kysely's query building would cost more than the database takes
 * to run them. One text per (table, row count), so SQLite's statement cache reuses it.
 */
import { CompiledQuery, type Kysely } from "kysely";
import type { Database } from "./database-schema.ts";
import { numberedPlaceholders } from "./prepared-query.ts";
import type { SqlDialect } from "./sql-dialect.ts";

/** Parameters per statement, well below SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMETERS = 16_000;

/** Where a multi-row insert goes, and what it does with a row whose key is taken. */
export interface MultiRowTable<Row> {
  readonly table: keyof Database;
  readonly columns: readonly (keyof Row & string)[];
  /** SQL after VALUES, e.g. `on conflict (…) do nothing`; empty for a plain insert. */
  readonly onConflict?: string;
}

/** The texts of full-size statements; a batch's shorter last statement is built each time. */
const fullTexts = new Map<string, string>();

function buildText<Row>(dialect: SqlDialect, target: MultiRowTable<Row>, rowCount: number): string {
  const tuple = `(${target.columns.map(() => "?").join(", ")})`;
  const values = Array.from({ length: rowCount }, () => tuple).join(", ");
  const text = `insert into ${target.table} (${target.columns.join(", ")}) values ${values} ${target.onConflict ?? ""}`;
  return dialect.name === "postgres" ? numberedPlaceholders(text) : text;
}

function statement<Row>(dialect: SqlDialect, target: MultiRowTable<Row>, rowCount: number, full: boolean): string {
  if (!full) return buildText(dialect, target, rowCount);
  const key = [dialect.name, target.table, target.columns.join(","), target.onConflict ?? "", rowCount].join("\u0000");
  let text = fullTexts.get(key);
  if (text === undefined) {
    text = buildText(dialect, target, rowCount);
    fullTexts.set(key, text);
  }
  return text;
}

/** Inserts `rows` into `target.table` in as few statements as the parameter limit allows. */
export async function insertRows<Row>(
  db: Kysely<Database>,
  dialect: SqlDialect,
  target: MultiRowTable<Row>,
  rows: readonly Row[],
): Promise<void> {
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / target.columns.length));
  for (let start = 0; start < rows.length; start += perStatement) {
    const batch = rows.slice(start, start + perStatement);
    const parameters: unknown[] = [];
    for (const row of batch) for (const column of target.columns) parameters.push(row[column]);
    const full = batch.length === perStatement;
    await db.executeQuery(CompiledQuery.raw(statement(dialect, target, batch.length, full), parameters));
  }
}
