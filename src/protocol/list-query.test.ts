import { describe, expect, it } from "vitest";
import { cursorCodec } from "./cursor.ts";
import { type ListQueryParams, parseListQuery } from "./list-query.ts";
import type { ResourceTypeName } from "./schema/schema-types.ts";

const OPTIONS = { maxResults: 100, cursors: cursorCodec("list-query-test-key") };

function parse(params: ListQueryParams, resourceType: ResourceTypeName = "User") {
  return parseListQuery(resourceType, params, OPTIONS);
}

function errorCode(params: ListQueryParams, resourceType: ResourceTypeName = "User"): string | undefined {
  const result = parse(params, resourceType);
  return result.ok ? undefined : result.error.code;
}

function value(params: ListQueryParams, resourceType: ResourceTypeName = "User") {
  const result = parse(params, resourceType);
  if (!result.ok) throw result.error;
  return result.value;
}

describe("parseListQuery (RFC 7644 §3.4.2)", () => {
  it("defaults to the first page of maxResults, ascending, no filter", () => {
    expect(value({})).toEqual({
      filter: undefined,
      sortBy: undefined,
      sortOrder: "ascending",
      startIndex: 1,
      count: 100,
      attributes: [],
      excludedAttributes: [],
    });
  });

  it.each([
    [{ startIndex: "5", count: "10" }, 5, 10],
    [{ startIndex: 7, count: 3 }, 7, 3],
    [{ startIndex: "0" }, 1, 100],
    [{ startIndex: "-4" }, 1, 100],
    [{ count: "-1" }, 1, 0],
    [{ count: "0" }, 1, 0],
    [{ count: "1000" }, 1, 100],
    [{ count: " 20 " }, 1, 20],
    [{ startIndex: "99999999999999999999" }, Number.MAX_SAFE_INTEGER, 100],
    [{ startIndex: "", count: "" }, 1, 100],
  ] as const)("reads paging %j as startIndex %i, count %i", (params, startIndex, count) => {
    expect(value(params)).toMatchObject({ startIndex, count });
  });

  it.each([
    { startIndex: "1.5" },
    { startIndex: "abc" },
    { count: "10x" },
    { count: 2.5 },
    { count: true },
    { startIndex: ["1", "2"] },
  ])("refuses non-integer paging %j with invalidValue", (params) => {
    expect(errorCode(params)).toBe("invalidValue");
  });

  it("parses and resolves the filter", () => {
    const { filter } = value({ filter: 'USERNAME eq "bjensen"' });
    expect(filter).toMatchObject({ kind: "compare", op: "eq", value: "bjensen", attr: { canonicalPath: "userName" } });
  });

  it("treats a blank filter as none", () => {
    expect(value({ filter: "  " }).filter).toBeUndefined();
  });

  it.each([{ filter: "userName eq" }, { filter: 'nosuch eq "x"' }, { filter: 42 }])(
    "passes filter errors through as invalidFilter: %j",
    (params) => {
      expect(errorCode(params)).toBe("invalidFilter");
    },
  );

  it("applies the filter limits it is given", () => {
    const result = parseListQuery(
      "User",
      { filter: `userName eq "${"x".repeat(50)}"` },
      { ...OPTIONS, maxResults: 10, filterLimits: { maxLength: 20, maxDepth: 4 } },
    );
    expect(result.ok ? undefined : result.error.code).toBe("invalidFilter");
  });

  it.each([
    ["userName", "userName"],
    ["NAME.familyName", "name.familyName"],
    ["emails", "emails.value"],
    ["meta.lastModified", "meta.lastModified"],
    [
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
    ],
  ])("resolves sortBy %s to %s", (sortBy, canonicalPath) => {
    expect(value({ sortBy }).sortBy?.canonicalPath).toBe(canonicalPath);
  });

  it.each(["nosuch", "name", "password", 'emails[type eq "work"]', "meta"])(
    "refuses sortBy %s with invalidValue",
    (sortBy) => {
      expect(errorCode({ sortBy })).toBe("invalidValue");
    },
  );

  it("reads sortOrder in any case and refuses anything else", () => {
    expect(value({ sortOrder: "DESCENDING" }).sortOrder).toBe("descending");
    expect(value({ sortOrder: "Ascending" }).sortOrder).toBe("ascending");
    expect(errorCode({ sortOrder: "up" })).toBe("invalidValue");
  });

  it("resolves attributes and excludedAttributes, from text or a /.search array", () => {
    const query = value({ attributes: "displayName,members.value", excludedAttributes: ["meta"] }, "Group");
    expect(query.attributes.map((item) => item.canonicalPath)).toEqual(["displayName", "members.value"]);
    expect(query.excludedAttributes.map((item) => item.canonicalPath)).toEqual(["meta"]);
  });

  it("refuses attribute lists that are not strings", () => {
    expect(errorCode({ attributes: 5 })).toBe("invalidValue");
    expect(errorCode({ excludedAttributes: [1] })).toBe("invalidValue");
  });
});
