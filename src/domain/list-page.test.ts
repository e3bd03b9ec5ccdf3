/** Index and RFC 9865 cursor paging of Users and Groups through the SCIM service, on every database. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CursorPosition, cursorCodec } from "../protocol/cursor.ts";
import { parseListQuery } from "../protocol/list-query.ts";
import { DATABASE_KINDS } from "../storage/testing/test-databases.ts";
import type { ScimList, ScimListRequest } from "./scim-operations.ts";
import { context, domainKit, scimGroup, scimUser } from "./scim-test-kit.ts";

const QUIET = { includeMembers: false } as const;

function request(params: Record<string, string>, position?: CursorPosition): ScimListRequest {
  const parsed = parseListQuery("User", params, { maxResults: 100, cursors: cursorCodec("list-page-test-key") });
  if (!parsed.ok) throw parsed.error;
  return position === undefined ? parsed.value : { ...parsed.value, cursor: { position } };
}

const ids = (list: ScimList) => list.resources.map((resource) => String(resource["id"]));

describe.each(DATABASE_KINDS)("list paging on %s", (kind) => {
  let kit: Awaited<ReturnType<typeof domainKit>>;
  beforeAll(async () => {
    kit = await domainKit(kind);
  });
  afterAll(async () => {
    await kit.handle.dispose();
  });

  async function usersIn(t: string, ...names: string[]) {
    for (const name of names) await kit.scim.createUser(context(t), scimUser(`${name}@corp`, `${name}@x.io`));
  }

  /** Follows nextCursor from the first page to the last, as a client would. */
  async function walk(t: string, params: Record<string, string>): Promise<{ pages: string[][]; totals: number[] }> {
    const pages: string[][] = [];
    const totals: number[] = [];
    let position: CursorPosition | undefined = { kind: "start" };
    while (position !== undefined) {
      const list: ScimList = await kit.scim.listUsers(context(t), request(params, position));
      pages.push(ids(list));
      totals.push(list.totalResults);
      position = list.next;
    }
    return { pages, totals };
  }

  it("pages an unsorted list by key, every match once, with an accurate total", async () => {
    const t = await kit.tenant();
    await usersIn(t, "u1", "u2", "u3", "u4", "u5");
    const { pages, totals } = await walk(t, { cursor: "", count: "2" });
    expect(pages).toEqual([["u1@x.io", "u2@x.io"], ["u3@x.io", "u4@x.io"], ["u5@x.io"]]);
    expect(totals).toEqual([5, 5, 5]);
  });

  it("has no previous page first and no next page last", async () => {
    const t = await kit.tenant();
    await usersIn(t, "a", "b");
    const first = await kit.scim.listUsers(context(t), request({ cursor: "", count: "1" }, { kind: "start" }));
    expect(first.previous).toBeUndefined();
    expect(first.next).toEqual({ kind: "after", key: expect.objectContaining({ id: "a@x.io" }) });
    const second = await kit.scim.listUsers(context(t), request({ cursor: "", count: "1" }, first.next));
    expect(ids(second)).toEqual(["b@x.io"]);
    expect(second.next).toBeUndefined();
    expect(second.previous).toEqual({ kind: "before", key: expect.objectContaining({ id: "b@x.io" }) });
    const back = await kit.scim.listUsers(context(t), request({ cursor: "", count: "1" }, second.previous));
    expect(ids(back)).toEqual(["a@x.io"]);
    expect(back.previous).toBeUndefined();
    expect(back.next).toEqual(first.next);
  });

  it("neither skips nor repeats a resource when others are created or deleted between pages", async () => {
    const t = await kit.tenant();
    await usersIn(t, "k1", "k2", "k3", "k4");
    const first = await kit.scim.listUsers(context(t), request({ cursor: "", count: "2" }, { kind: "start" }));
    await kit.scim.deleteUser(context(t), "k1@x.io");
    await kit.scim.deleteUser(context(t), "k2@x.io");
    await usersIn(t, "k5");
    const second = await kit.scim.listUsers(context(t), request({ cursor: "", count: "2" }, first.next));
    expect(ids(first)).toEqual(["k1@x.io", "k2@x.io"]);
    expect(ids(second)).toEqual(["k3@x.io", "k4@x.io"]);
    const third = await kit.scim.listUsers(context(t), request({ cursor: "", count: "2" }, second.next));
    expect(ids(third)).toEqual(["k5@x.io"]);
  });

  it("applies the filter to cursor pages", async () => {
    const t = await kit.tenant();
    await usersIn(t, "m1", "n1", "m2", "n2", "m3");
    const { pages, totals } = await walk(t, { cursor: "", count: "2", filter: 'userName sw "m"' });
    expect(pages).toEqual([["m1@x.io", "m2@x.io"], ["m3@x.io"]]);
    expect(totals).toEqual([3, 3]);
  });

  it("pages a sorted list by offset cursors in sort order", async () => {
    const t = await kit.tenant();
    await usersIn(t, "c", "a", "d", "b");
    const { pages } = await walk(t, { cursor: "", count: "3", sortBy: "userName", sortOrder: "descending" });
    expect(pages).toEqual([["d@x.io", "c@x.io", "b@x.io"], ["a@x.io"]]);
    const second = await kit.scim.listUsers(
      context(t),
      request({ cursor: "", count: "3", sortBy: "userName" }, { kind: "offset", offset: 3 }),
    );
    expect(second.previous).toEqual({ kind: "offset", offset: 0 });
  });

  it("pages groups by cursor too, and still by index without one", async () => {
    const t = await kit.tenant();
    for (const name of ["G1", "G2", "G3"]) await kit.scim.createGroup(context(t), scimGroup(name), QUIET);
    const first = await kit.scim.listGroups(context(t), request({ count: "2" }, { kind: "start" }), QUIET);
    const second = await kit.scim.listGroups(context(t), request({ count: "2" }, first.next), QUIET);
    expect([ids(first), ids(second), second.next]).toEqual([["g1", "g2"], ["g3"], undefined]);
    const indexed = await kit.scim.listGroups(context(t), request({ startIndex: "2", count: "1" }), QUIET);
    expect([ids(indexed), indexed.startIndex, indexed.next]).toEqual([["g2"], 2, undefined]);
  });
});
