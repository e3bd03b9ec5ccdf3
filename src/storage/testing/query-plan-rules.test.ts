/** The rules the plan test applies: what is a walk of a tenant, in each database's EXPLAIN output. */
import { describe, expect, it } from "vitest";
import { offendingPlanLines, tenantTableNames } from "./query-plan-rules.ts";

const LIST = `select "o".* from "users" as "o" join user_index i on i.owner_id = o.id join user_index_trigram t on t.rowid = i.rowid where o.tenant_id = ?`;

describe("query plan rules", () => {
  it("names the tenant tables and the aliases a statement gives them", () => {
    const names = tenantTableNames(`${LIST} and exists (select 1 from user_external_ids l where l.tenant_id = ?)`);
    for (const name of ["users", "o", "i", "l"]) expect(names.has(name)).toBe(true);
    expect(names.has("where")).toBe(false);
  });

  it.each([
    ["SCAN o", true],
    ["SCAN users", true],
    ["SEARCH o USING INDEX users_created (tenant_id=?)", true],
    ["SEARCH o USING COVERING INDEX users_active_created (tenant_id=?)", true],
    ["SEARCH x USING INDEX sqlite_autoindex_user_external_ids_1 (tenant_id=?)", true],
    ["SEARCH o USING INDEX users_created (tenant_id=? AND created_at>?)", false],
    ["SEARCH o USING INDEX sqlite_autoindex_users_1 (tenant_id=? AND id=?)", false],
    ["SEARCH i USING INDEX user_index_lookup (tenant_id=? AND path=?)", true],
    ["SEARCH i USING INDEX user_index_lookup (tenant_id=? AND path=? AND value_key>? AND value_key<?)", false],
    ["SEARCH i USING INDEX user_index_lookup (tenant_id=? AND path=? AND value_key=?)", false],
    ["SEARCH tenant_settings USING INDEX sqlite_autoindex_tenant_settings_1 (tenant_id=?)", false],
    ["SCAN held", false],
    ["SCAN (subquery-1)", false],
    ["SCAN CONSTANT ROW", false],
    ["SCAN t VIRTUAL TABLE INDEX 0:M0", false],
    ["SCAN t VIRTUAL TABLE INDEX 0:=", false],
    ["SCAN t VIRTUAL TABLE INDEX 0:", true],
    ["SCAN user_index_trigram VIRTUAL TABLE INDEX 0:", true],
    ["USE TEMP B-TREE FOR ORDER BY", false],
  ])("SQLite: %s is a walk: %s", (line, walks) => {
    expect(offendingPlanLines("sqlite", [line], LIST)).toEqual(walks ? [line] : []);
  });

  it.each([
    [["Seq Scan on users o  (cost=0.00..2310.00 rows=100000 width=8)"], true],
    [["Seq Scan on roles o  (cost=0.00..12.50 rows=300 width=131)"], false],
    [["Seq Scan on tenants  (cost=0.00..1.00 rows=1 width=8)"], false],
    [["->  Index Scan using users_created on users o", "      Index Cond: (tenant_id = 'acme'::text)"], true],
    [["->  Bitmap Index Scan on users_active_created", "      Index Cond: (tenant_id = 'acme'::text)"], true],
    [
      [
        "->  Index Scan using user_index_lookup on user_index i",
        "      Index Cond: ((tenant_id = 'acme'::text) AND (path = 'emails.value'::text))",
      ],
      true,
    ],
    [
      [
        "->  Index Scan using users_pk on users o",
        "      Index Cond: ((tenant_id = 'acme'::text) AND (id = 'ann@example.com'::text))",
      ],
      false,
    ],
    [
      [
        "->  Index Only Scan using user_roles_pk on user_roles m",
        "      Index Cond: ((tenant_id = 'acme'::text) AND (user_id = ANY ('{a,b}'::text[])))",
      ],
      false,
    ],
    [
      [
        "->  Bitmap Index Scan on user_index_trigram  (cost=0.00..52.20 rows=10 width=0)",
        "      Index Cond: (value_lower ~~ '%ser0001234@%'::text)",
      ],
      false,
    ],
    [["->  Bitmap Index Scan on user_index_trigram  (cost=0.00..52.20 rows=10 width=0)"], true],
  ])("PostgreSQL: %j is a walk: %s", (plan, walks) => {
    expect(offendingPlanLines("postgres", plan, LIST).length > 0).toBe(walks);
  });
});
