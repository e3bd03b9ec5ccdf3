import { describe, expect, it } from "vitest";
import { cursorCodec } from "./cursor.ts";
import type { ResolvedFilter } from "./filter/resolved-filter.ts";
import type { ListQueryParams } from "./list-query.ts";
import { parseRootSearchQuery, type RootSearchQuery } from "./root-search-query.ts";

const OPTIONS = { maxResults: 100, cursors: cursorCodec("root-search-test-key") };

function parse(params: ListQueryParams): RootSearchQuery {
  const result = parseRootSearchQuery(params, OPTIONS);
  if (!result.ok) throw result.error;
  return result.value;
}

/** Per type: "all", "none", or the resolved filter as text. */
function filters(params: ListQueryParams): Record<string, string> {
  const query = parse(params);
  return Object.fromEntries(
    [...query.parts].map(([type, part]) => [
      type,
      part === undefined ? "none" : part.filter === undefined ? "all" : text(part.filter),
    ]),
  );
}

function text(filter: ResolvedFilter): string {
  switch (filter.kind) {
    case "and":
    case "or":
      return `${text(filter.left)} ${filter.kind} ${text(filter.right)}`;
    case "not":
      return `not (${text(filter.filter)})`;
    case "present":
      return `${filter.attr.canonicalPath} pr`;
    case "compare":
      return `${filter.attr.canonicalPath} ${filter.op} ${JSON.stringify(filter.value)}`;
    case "valuePath":
      return `${filter.attr.canonicalPath}[${text(filter.filter)}]`;
  }
}

describe("parseRootSearchQuery (RFC 7644 §3.4.2.1, §3.4.3)", () => {
  it("searches every type when there is no filter", () => {
    expect(filters({})).toEqual({ User: "all", Group: "all" });
  });

  it("treats an attribute a type lacks as having no value there", () => {
    expect(filters({ filter: 'userName eq "ada"' })).toEqual({ User: 'userName eq "ada"', Group: "none" });
    expect(filters({ filter: "members pr" })).toEqual({ User: "none", Group: "members.value pr" });
    expect(filters({ filter: 'displayName sw "S"' })).toEqual({
      User: 'displayName sw "S"',
      Group: 'displayName sw "S"',
    });
    expect(filters({ filter: "not (userName pr)" })).toEqual({ User: "not (userName pr)", Group: "all" });
    expect(filters({ filter: 'userName ne "x"' })).toEqual({ User: 'userName ne "x"', Group: "all" });
    expect(filters({ filter: "userName eq null" }).Group).toBe("all");
    expect(filters({ filter: 'emails[type eq "work"]' }).Group).toBe("none");
  });

  it("folds and/or around the parts a type lacks", () => {
    expect(filters({ filter: 'userName sw "a" or displayName sw "a"' })).toEqual({
      User: 'userName sw "a" or displayName sw "a"',
      Group: 'displayName sw "a"',
    });
    expect(filters({ filter: 'userName sw "a" and displayName sw "a"' }).Group).toBe("none");
    expect(filters({ filter: 'meta.resourceType eq "Group"' }).Group).toBe('meta.resourceType eq "Group"');
  });

  it("refuses an attribute no type knows, and malformed filters", () => {
    for (const filter of ['nothing eq "x"', "userName eq", "active gt 3", 42]) {
      expect(parseRootSearchQuery({ filter }, OPTIONS)).toMatchObject({ ok: false, error: { code: "invalidFilter" } });
    }
  });

  it("sorts each type that has the sortBy attribute, and refuses one none has", () => {
    const query = parse({ sortBy: "userName", sortOrder: "descending" });
    expect(query.parts.get("User")?.sortBy?.canonicalPath).toBe("userName");
    expect(query.parts.get("Group")?.sortBy).toBeUndefined();
    expect(query.parts.get("Group")?.sortOrder).toBe("descending");
    expect(parseRootSearchQuery({ sortBy: "nothing" }, OPTIONS)).toMatchObject({ error: { code: "invalidValue" } });
  });

  it("projects per type, ignoring the names a type does not know", () => {
    const query = parse({ attributes: ["displayName", "userName"] });
    expect(query.parts.get("User")?.attributes.map((a) => a.canonicalPath)).toEqual(["displayName", "userName"]);
    expect(query.parts.get("Group")?.attributes.map((a) => a.canonicalPath)).toEqual(["displayName"]);
  });

  it("pages by index, or by cursor from the start", () => {
    expect(parse({ startIndex: 3, count: 2 })).toMatchObject({ startIndex: 3, count: 2, cursor: undefined });
    expect(parse({ cursor: "", count: 2 }).cursor?.position).toEqual({ kind: "start" });
    expect(parseRootSearchQuery({ cursor: "x", count: 2 }, OPTIONS)).toMatchObject({
      error: { code: "invalidCursor" },
    });
  });
});
