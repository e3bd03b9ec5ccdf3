import { describe, expect, it } from "vitest";
import { scimErrorBody } from "./error-body.ts";

describe("scimErrorBody (RFC 7644 §3.12)", () => {
  it("writes status as a string and includes scimType", () => {
    expect(scimErrorBody(400, "bad filter", "invalidFilter")).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: "400",
      scimType: "invalidFilter",
      detail: "bad filter",
    });
  });

  it("leaves scimType out when there is none", () => {
    expect(scimErrorBody(404, "Resource 2819c223 not found")).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: "404",
      detail: "Resource 2819c223 not found",
    });
  });
});
