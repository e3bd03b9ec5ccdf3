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

/**
 * PostgreSQL: the texts of prepared statements and their names. pg sends a statement with a
 * `name` to be parsed and planned once per connection and then only bound and run; without one
 * every execution is parsed and planned anew. Bounded: texts that vary (a batch's placeholders)
 * past the bound run unnamed, so a connection never holds an unbounded set of statements.
 */
const statementNames = new Map<string, string>();
const MAX_NAMED_STATEMENTS = 500;

/** Registers `text` (PostgreSQL's numbered placeholders) as a named statement, while there is room. */
export function nameStatement(text: string): void {
  if (statementNames.size < MAX_NAMED_STATEMENTS && !statementNames.has(text)) {
    statementNames.set(text, `roster_${statementNames.size}`);
  }
}

/**
 * Gives `text` a new name: after a migration changed a table under a `select *` statement,
 * PostgreSQL refuses the statement prepared before (SQLSTATE 0A000, "cached plan must not
 * change result type") on every connection that has it. Under the new name each connection
 * prepares it afresh; the transaction that failed is retried (postgresDialect.isRetryable).
 */
export function renameStatement(text: string): void {
  if (statementNames.has(text)) statementNames.set(text, `roster_${statementNames.size}_${Date.now()}`);
}

/** The name under which `text` is prepared on each PostgreSQL connection, if it is a registered statement. */
export function statementName(text: string): string | undefined {
  return statementNames.get(text);
}

/** PostgreSQL texts of the statements made so far: repositories are made per transaction, their texts once. */
const postgresTexts = new Map<string, string>();

/** `text` as PostgreSQL takes it (numbered placeholders), registered as a named statement. */
function postgresText(text: string): string {
  let numbered = postgresTexts.get(text);
  if (numbered === undefined) {
    numbered = numberedPlaceholders(text);
    if (postgresTexts.size < MAX_NAMED_STATEMENTS) postgresTexts.set(text, numbered);
    nameStatement(numbered);
  }
  return numbered;
}

/** A statement with `?` placeholders, run with its parameters in order on `db` (a database or a transaction). */
export function preparedQuery<Row>(db: Kysely<Database>, dialect: SqlDialect, text: string) {
  const sql = dialect.name === "postgres" ? postgresText(text) : text;
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
