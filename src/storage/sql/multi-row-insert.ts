/**
 * Multi-row INSERT statements written as SQL text: a bulk load of a million records runs
 * thousands of statements, and Kysely's query building would cost more than the database takes
 * to run them. SQLite gets `VALUES (…), (…)` (one text per full batch, so its statement cache
 * reuses it); PostgreSQL gets one array per column through `unnest`, a statement whose text
 * does not grow with its rows, so it is parsed and planned in no time whatever the batch.
 */
import { CompiledQuery, type Kysely } from "kysely";
import type { Database } from "./database-schema.ts";
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

function unnestText<Row>(target: MultiRowTable<Row>): string {
  const arrays = target.columns.map((column, i) => `$${i + 1}::${target.types?.[column] ?? "text"}[]`);
  return `insert into ${target.table} (${target.columns.join(", ")}) select * from unnest(${arrays.join(", ")}) ${target.onConflict ?? ""}`;
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
      const arrays = target.columns.map((column) => batch.map((row) => row[column]));
      await db.executeQuery(CompiledQuery.raw(text, arrays));
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
