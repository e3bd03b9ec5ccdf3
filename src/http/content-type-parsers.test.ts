import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, type TestApp, testApp } from "./test-app.ts";

const TOKEN = "Y29udGVudC10eXBlLXRlc3RzLXRva2VuLTAxMjM0NTY3";
const user = (userName: string) =>
  JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName });

describe("request content types", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await testApp({ config: { bodyLimit: 4096 } });
    await t.addTenant("acme", TOKEN);
  });
  afterAll(() => t.close());

  const post = (contentType: string | undefined, payload: string) =>
    t.app.inject({
      method: "POST",
      url: "/scim/v2/acme/Okta/Users",
      headers: { ...bearer(TOKEN), ...(contentType === undefined ? {} : { "content-type": contentType }) },
      payload,
    });

  it.each([
    ["application/scim+json", "a"],
    ["application/json", "b"],
    ["application/scim+json; charset=utf-8", "c"],
    ["application/json;charset=UTF-8", "d"],
    ["Application/SCIM+JSON", "e"],
  ])("accepts %s", async (contentType, name) => {
    const response = await post(contentType, user(`${name}@example.com`));
    expect(response.statusCode).toBe(201);
    expect(response.headers["content-type"]).toBe("application/scim+json; charset=utf-8");
  });

  it.each(["text/plain", "application/xml", "application/x-www-form-urlencoded", "application/json-patch+json"])(
    "refuses %s with a SCIM 415",
    async (contentType) => {
      const response = await post(contentType, user("x@example.com"));
      expect(response.statusCode).toBe(415);
      expect(response.headers["content-type"]).toBe("application/scim+json; charset=utf-8");
      expect(response.json()).toMatchObject({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
        status: "415",
      });
    },
  );

  it.each(["gzip", "br", "deflate", "GZIP", "gzip, identity"])(
    "refuses a body with Content-Encoding %s with a SCIM 415 and creates nothing",
    async (encoding) => {
      const response = await t.app.inject({
        method: "POST",
        url: "/scim/v2/acme/Okta/Users",
        headers: { ...bearer(TOKEN), "content-type": "application/scim+json", "content-encoding": encoding },
        payload: user("zipped@example.com"),
      });
      expect(response.statusCode).toBe(415);
      expect(response.headers["content-type"]).toBe("application/scim+json; charset=utf-8");
      expect(response.json()).toMatchObject({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
        status: "415",
      });
      const found = await t.app.inject({
        method: "GET",
        url: "/scim/v2/acme/Okta/Users/zipped%40example.com",
        headers: bearer(TOKEN),
      });
      expect(found.statusCode).toBe(404);
    },
  );

  it("accepts Content-Encoding identity", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/scim/v2/acme/Okta/Users",
      headers: { ...bearer(TOKEN), "content-type": "application/scim+json", "content-encoding": "identity" },
      payload: user("plain@example.com"),
    });
    expect(response.statusCode).toBe(201);
  });

  it.each([
    "application/scim+json; charset=iso-8859-1",
    "application/json; charset=utf-16",
    'application/json; charset="windows-1252"',
    "application/scim+json;charset=latin1",
  ])("refuses %s with a SCIM 415", async (contentType) => {
    const response = await post(contentType, user("latin@example.com"));
    expect(response.statusCode).toBe(415);
    expect(response.json()).toMatchObject({ status: "415" });
  });

  it.each(['application/scim+json; charset="UTF-8"', "application/json; charset=utf8"])(
    "accepts %s",
    async (contentType) => {
      expect((await post(contentType, user(`${contentType.length}@example.com`))).statusCode).toBe(201);
    },
  );

  it("never quotes a malformed body back", async () => {
    const response = await post("application/scim+json", "jane.doe@example.com is not json");
    expect(response.statusCode).toBe(400);
    expect(response.body).not.toContain("jane");
  });

  it("refuses a body without a content type with 415", async () => {
    expect((await post(undefined, user("y@example.com"))).statusCode).toBe(415);
  });

  it.each(["{", "{'userName': 'x'}", '{"userName": "x",}', "nul"])(
    "refuses the malformed JSON %j with 400 invalidSyntax",
    async (payload) => {
      const response = await post("application/scim+json", payload);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ status: "400", scimType: "invalidSyntax" });
    },
  );

  it("refuses an empty body with 400 invalidSyntax", async () => {
    const response = await post("application/scim+json", "");
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ status: "400", scimType: "invalidSyntax" });
  });

  it("refuses a body over the limit with a SCIM 413", async () => {
    const response = await post("application/scim+json", user(`${"z".repeat(5000)}@example.com`));
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ status: "413" });
  });

  it("accepts a DELETE that names a JSON content type without a body", async () => {
    await post("application/json", user("gone@example.com"));
    const response = await t.app.inject({
      method: "DELETE",
      url: "/scim/v2/acme/Okta/Users/gone%40example.com",
      headers: { ...bearer(TOKEN), "content-type": "application/json" },
    });
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe("");
  });

  it("refuses prototype keys instead of letting them reach an object's prototype", async () => {
    const response = await post(
      "application/json",
      '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"p@example.com","__proto__":{"admin":true}}',
    );
    expect(response.statusCode).toBe(400);
    expect(({} as Record<string, unknown>)["admin"]).toBeUndefined();
  });
});
