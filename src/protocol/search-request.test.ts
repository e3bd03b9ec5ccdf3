import { describe, expect, it } from "vitest";
import { parseSearchRequest } from "./search-request.ts";

const SEARCH = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

describe("parseSearchRequest (RFC 7644 §3.4.3)", () => {
  it("reads every parameter, keeping JSON types, with member names in any case", () => {
    const body = {
      schemas: [SEARCH],
      attributes: ["displayName", "userName"],
      ExcludedAttributes: "emails",
      FILTER: 'displayName sw "smith"',
      startIndex: 1,
      count: 10,
      sortBy: "userName",
      sortOrder: "descending",
      cursor: "",
      unknownMember: true,
    };
    expect(parseSearchRequest(body)).toEqual({
      ok: true,
      value: {
        filter: 'displayName sw "smith"',
        startIndex: 1,
        count: 10,
        sortBy: "userName",
        sortOrder: "descending",
        attributes: ["displayName", "userName"],
        excludedAttributes: "emails",
        cursor: "",
      },
    });
  });

  it("accepts the SearchRequest URN in any case", () => {
    expect(parseSearchRequest({ schemas: [SEARCH.toUpperCase()] }).ok).toBe(true);
  });

  it.each([
    [undefined],
    [null],
    ["filter=x"],
    [[SEARCH]],
    [{}],
    [{ schemas: SEARCH }],
    [{ schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"] }],
    [{ schemas: [42] }],
  ])("refuses %j with invalidSyntax", (body) => {
    expect(parseSearchRequest(body)).toMatchObject({ ok: false, error: { code: "invalidSyntax" } });
  });
});
