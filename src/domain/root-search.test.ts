/** The root search (RFC 7644 §3.4.3) through the SCIM service, on every database. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CursorPosition, cursorCodec } from "../protocol/cursor.ts";
import { parseRootSearchQuery } from "../protocol/root-search-query.ts";
import { DATABASE_KINDS } from "../storage/testing/test-databases.ts";
import { type RootSearchRequest, searchRoot } from "./root-search.ts";
import type { ScimList } from "./scim-operations.ts";
import { context, domainKit, scimGroup, scimUser } from "./scim-test-kit.ts";

function rootRequest(params: Record<string, unknown>, position?: CursorPosition): RootSearchRequest {
  const parsed = parseRootSearchQuery(params, { maxResults: 100, cursors: cursorCodec("root-search-test-key") });
  if (!parsed.ok) throw parsed.error;
  const query = parsed.value;
  return {
    users: query.parts.get("User"),
    groups: query.parts.get("Group"),
    groupOptions: { includeMembers: false },
    startIndex: query.startIndex,
    count: query.count,
    cursor: position === undefined ? query.cursor : { position },
  };
}

const ids = (list: ScimList) => list.resources.map((resource) => String(resource["id"]));

describe.each(DATABASE_KINDS)("root search on %s", (kind) => {
  let kit: Awaited<ReturnType<typeof domainKit>>;
  let tenant = "";
  beforeAll(async () => {
    kit = await domainKit(kind);
    tenant = await kit.tenant();
    for (const name of ["smith", "jones", "smithers"]) {
      await kit.scim.createUser(context(tenant), scimUser(`${name}@corp`, `${name}@x.io`, { displayName: `${name}` }));
    }
    for (const name of ["Smith Family", "Admins"]) {
      await kit.scim.createGroup(context(tenant), scimGroup(name), { includeMembers: false });
    }
  });
  afterAll(async () => {
    await kit.handle.dispose();
  });

  const search = (params: Record<string, unknown>, position?: CursorPosition) =>
    searchRoot(kit.scim, context(tenant), rootRequest(params, position));

  it("lists every User, then every Group", async () => {
    const list = await search({});
    expect(ids(list)).toEqual(["smith@x.io", "jones@x.io", "smithers@x.io", "smithfamily", "admins"]);
    expect(list.totalResults).toBe(5);
  });

  it("filters both types with one filter, an attribute a type lacks matching nothing there", async () => {
    expect(ids(await search({ filter: 'displayName sw "smith"' }))).toEqual([
      "smith@x.io",
      "smithers@x.io",
      "smithfamily",
    ]);
    expect(ids(await search({ filter: 'userName sw "j"' }))).toEqual(["jones@x.io"]);
    expect(ids(await search({ filter: 'meta.resourceType eq "Group"' }))).toEqual(["smithfamily", "admins"]);
  });

  it("pages across the boundary between Users and Groups by index", async () => {
    const page = await search({ startIndex: 3, count: 2 });
    expect([ids(page), page.totalResults, page.startIndex]).toEqual([["smithers@x.io", "smithfamily"], 5, 3]);
    expect(ids(await search({ startIndex: 5, count: 10 }))).toEqual(["admins"]);
    expect(ids(await search({ startIndex: 9, count: 10 }))).toEqual([]);
    expect((await search({ count: 0 })).totalResults).toBe(5);
  });

  it("pages by offset cursors over the whole list", async () => {
    const first = await search({ cursor: "", count: 2 });
    expect([ids(first), first.previous]).toEqual([["smith@x.io", "jones@x.io"], undefined]);
    const second = await search({ cursor: "", count: 2 }, first.next);
    const third = await search({ cursor: "", count: 2 }, second.next);
    expect([ids(second), ids(third), third.next]).toEqual([["smithers@x.io", "smithfamily"], ["admins"], undefined]);
    expect(third.previous).toEqual({ kind: "offset", offset: 2 });
  });

  it("sorts each type by sortBy where it has the attribute", async () => {
    const list = await search({ sortBy: "userName", sortOrder: "descending" });
    expect(ids(list)).toEqual(["smithers@x.io", "smith@x.io", "jones@x.io", "smithfamily", "admins"]);
  });
});
