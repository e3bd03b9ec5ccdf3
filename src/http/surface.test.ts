import { describe, expect, it } from "vitest";
import { surfaceOf } from "./surface.ts";

describe("surfaceOf", () => {
  it.each([
    ["/scim", "scim"],
    ["/scim/v2/acme/Okta/Users", "scim"],
    ["/scim?x=1", "scim"],
    ["/scim/v2/:tenantId/:provider/Users/:id", "scim"],
    ["/api/v1/tenants", "api"],
    ["/api", "api"],
    ["/console/tenants", "console"],
    ["/scimx", "other"],
    ["/apis", "other"],
    ["/SCIM/v2", "other"],
    ["/healthz", "other"],
    ["/", "other"],
    ["", "other"],
  ])("puts %j on the %s surface", (path, surface) => {
    expect(surfaceOf(path)).toBe(surface);
  });
});
