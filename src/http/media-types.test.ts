import { describe, expect, it } from "vitest";
import { JSON_CONTENT_TYPE, SCIM_CONTENT_TYPE, scimContentTypeFor } from "./media-types.ts";

describe("scimContentTypeFor", () => {
  it.each([
    [undefined, SCIM_CONTENT_TYPE],
    ["*/*", SCIM_CONTENT_TYPE],
    ["application/scim+json", SCIM_CONTENT_TYPE],
    ["application/json, application/scim+json", SCIM_CONTENT_TYPE],
    ["application/json", JSON_CONTENT_TYPE],
    ["Application/JSON; charset=utf-8", JSON_CONTENT_TYPE],
    ["text/html, application/json;q=0.9", JSON_CONTENT_TYPE],
  ])("answers Accept %s with %s", (accept, expected) => {
    expect(scimContentTypeFor(accept)).toBe(expected);
  });
});
