import { describe, expect, inject, it } from "vitest";
import { DATABASE_KINDS } from "../storage/testing/test-databases.ts";
import { bearer, testApp } from "./test-app.ts";

describe("testApp", () => {
  it("runs the HTTP suites on the database of their vitest project (http-sqlite, http-postgres)", async () => {
    const kind = inject("rosterTestDatabaseKind");
    expect(DATABASE_KINDS).toContain(kind);
    const t = await testApp();
    try {
      expect(t.store.dialect).toBe(kind);
      await t.addTenant("acme", "dGVzdC1hcHAtZGF0YWJhc2Uta2luZC10b2tlbjAx");
      const response = await t.app.inject({
        method: "POST",
        url: "/scim/v2/acme/Okta/Users",
        headers: { ...bearer("dGVzdC1hcHAtZGF0YWJhc2Uta2luZC10b2tlbjAx"), "content-type": "application/scim+json" },
        payload: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "pat@x.io" },
      });
      expect(response.statusCode).toBe(201);
    } finally {
      await t.close();
    }
  });
});
