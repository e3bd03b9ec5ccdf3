/**
 * Queries on the hot path (the access question and its authentication) written once as SQL text
 * and run without Kysely's query building: building and compiling a query costs about as much
 * as SQLite takes to answer it. Placeholders are `?`, numbered `$1…` for PostgreSQL once.
 */
import { CompiledQuery, type Kysely } from "kysely";
import type { Database } from "./database-schema.ts";
import type { SqlDialect } from "./sql-dialect.ts";

/** `?` placeholders as PostgreSQL's `$1`, `$2`, … (the SQL text must hold no other `?`). */
export function numberedPlaceholders(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/** A statement with `?` placeholders, run with its parameters in order on `db` (a database or a transaction). */
export function preparedQuery<Row>(db: Kysely<Database>, dialect: SqlDialect, text: string) {
  const sql = dialect.name === "postgres" ? numberedPlaceholders(text) : text;
  return async (parameters: readonly unknown[]): Promise<readonly Row[]> =>
    (await db.executeQuery<Row>(CompiledQuery.raw(sql, [...parameters]))).rows;
}

/** `(?, ?, …), (?, ?, …)`: the VALUES rows of a multi-row insert of `rows` rows of `columns` columns. */
export function valuesPlaceholders(rows: number, columns: number): string {
  const row = `(${Array.from({ length: columns }, () => "?").join(", ")})`;
  return Array.from({ length: rows }, () => row).join(", ");
}

/** `?, ?, …`: a list of `count` placeholders, for `in (…)`. */
export function listPlaceholders(count: number): string {
  return Array.from({ length: count }, () => "?").join(", ");
}
