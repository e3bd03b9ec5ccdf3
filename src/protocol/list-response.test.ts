import { describe, expect, it } from "vitest";
import { listResponse } from "./list-response.ts";

describe("listResponse (RFC 7644 §3.4.2)", () => {
  it("wraps a page of resources", () => {
    expect(listResponse(12, 11, [{ id: "a" }, { id: "b" }])).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
      totalResults: 12,
      startIndex: 11,
      itemsPerPage: 2,
      Resources: [{ id: "a" }, { id: "b" }],
    });
  });

  it("keeps Resources present when nothing matched", () => {
    expect(listResponse(0, 1, [])).toMatchObject({ totalResults: 0, itemsPerPage: 0, Resources: [] });
  });
});
