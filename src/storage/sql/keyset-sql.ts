/**
 * Keyset reads for RFC 9865 cursors, shared by users and roles: the stable order of unsorted
 * lists is (created_at, id), which the `*_created` indexes cover, so a page costs its own rows
 * whatever its position.
 */
import { type RawBuilder, sql } from "kysely";
import type { SeekQuery } from "../../domain/ports.ts";

/** The condition and ORDER BY of a seek over the owner table aliased `o`; `backwards` when reading before a key. */
export interface SeekSql {
  readonly where: RawBuilder<boolean>;
  readonly orderBy: RawBuilder<unknown>;
  readonly backwards: boolean;
}

/** The SQL of a seek: rows after `query.after` ascending, before `query.before` descending, else from the start. */
export function seekSql(query: SeekQuery): SeekSql {
  if (query.before !== undefined) {
    const { createdAt, id } = query.before;
    return {
      where: sql<boolean>`(o.created_at, o.id) < (${createdAt}, ${id})`,
      orderBy: sql`o.created_at desc, o.id desc`,
      backwards: true,
    };
  }
  const after = query.after;
  return {
    where:
      after === undefined
        ? sql<boolean>`1 = 1`
        : sql<boolean>`(o.created_at, o.id) > (${after.createdAt}, ${after.id})`,
    orderBy: sql`o.created_at, o.id`,
    backwards: false,
  };
}

/** The rows of a seek read with `limit + 1`, cut to `limit` and put in ascending order; `more` when the extra row came. */
export function seekRows<T>(rows: readonly T[], limit: number, backwards: boolean): { rows: T[]; more: boolean } {
  const page = rows.slice(0, limit);
  return { rows: backwards ? page.reverse() : page, more: rows.length > limit };
}
