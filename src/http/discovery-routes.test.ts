import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, type TestApp, testApp } from "./test-app.ts";

const TOKEN = "ZGlzY292ZXJ5LXRlc3RzLXRva2VuLTAxMjM0NTY3";
const BASE = "https://roster.example.com/scim/v2/acme/EntraID";

describe("discovery endpoints", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await testApp({ config: { publicBaseUrl: "https://roster.example.com", maxResults: 75 } });
    await t.addTenant("acme", TOKEN);
  });
  afterAll(() => t.close());

  const get = (path: string) =>
    t.app.inject({ method: "GET", url: `/scim/v2/acme/EntraID${path}`, headers: bearer(TOKEN) });

  it("serves the ServiceProviderConfig with what Roster supports", async () => {
    const response = await get("/ServiceProviderConfig");
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/scim+json; charset=utf-8");
    expect(response.json()).toMatchObject({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
      patch: { supported: true },
      bulk: { supported: true, maxOperations: 1000, maxPayloadSize: 1024 * 1024 },
      filter: { supported: true, maxResults: 75 },
      sort: { supported: true },
      etag: { supported: true },
      changePassword: { supported: false },
      pagination: {
        cursor: true,
        index: true,
        defaultPaginationMethod: "index",
        defaultPageSize: 75,
        maxPageSize: 75,
        cursorTimeout: 3600,
      },
      authenticationSchemes: [{ type: "oauthbearertoken", primary: true }],
      meta: { resourceType: "ServiceProviderConfig", location: `${BASE}/ServiceProviderConfig` },
    });
  });

  it("lists the User and Group resource types", async () => {
    const body = (await get("/ResourceTypes")).json();
    expect(body).toMatchObject({ totalResults: 2, startIndex: 1, itemsPerPage: 2 });
    expect(body.Resources.map((r: { id: string }) => r.id)).toEqual(["User", "Group"]);
    expect(body.Resources[0].meta.location).toBe(`${BASE}/ResourceTypes/User`);
  });

  it("serves one resource type, and 404 for an unknown one", async () => {
    expect((await get("/ResourceTypes/Group")).json()).toMatchObject({ id: "Group", endpoint: "/Groups" });
    expect((await get("/ResourceTypes/Widget")).statusCode).toBe(404);
  });

  it("lists the schemas", async () => {
    const body = (await get("/Schemas")).json();
    expect(body.Resources.map((r: { id: string }) => r.id)).toEqual([
      "urn:ietf:params:scim:schemas:core:2.0:User",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
      "urn:ietf:params:scim:schemas:core:2.0:Group",
    ]);
  });

  it("serves one schema by its URN, in any case, and 404 for an unknown one", async () => {
    const response = await get("/Schemas/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
      meta: { resourceType: "Schema" },
    });
    expect((await get("/Schemas/URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER")).statusCode).toBe(200);
    expect((await get("/Schemas/urn%3Aietf%3Aparams%3Ascim%3Aschemas%3Acore%3A2.0%3AGroup")).statusCode).toBe(200);
    expect((await get("/Schemas/urn:example:nothing")).statusCode).toBe(404);
  });

  it("refuses a filter on /ResourceTypes and /Schemas with 403 (RFC 7644 §4)", async () => {
    for (const path of ["/ResourceTypes", "/Schemas"]) {
      const response = await get(`${path}?filter=${encodeURIComponent('id eq "User"')}`);
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ status: "403" });
    }
  });

  it("refuses writes with 405", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/scim/v2/acme/EntraID/Schemas",
      headers: { ...bearer(TOKEN), "content-type": "application/scim+json" },
      payload: "{}",
    });
    expect(response.statusCode).toBe(405);
    expect(response.headers["allow"]).toBe("GET");
  });

  const discoveryUrls = [
    "/ServiceProviderConfig",
    "/ResourceTypes",
    "/ResourceTypes/User",
    "/Schemas",
    "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User",
  ];
  it.each(
    discoveryUrls.flatMap((path) => (["POST", "PUT", "PATCH", "DELETE"] as const).map((method) => [method, path])),
  )("answers %s %s with 405, Allow: GET and a SCIM error", async (method, path) => {
    const response = await t.app.inject({
      method,
      url: `/scim/v2/acme/EntraID${path}`,
      headers: { ...bearer(TOKEN), "content-type": "application/scim+json" },
      payload: "{}",
    });
    expect(response.statusCode).toBe(405);
    expect(response.headers["allow"]).toBe("GET");
    expect(response.json()).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "405" });
  });

  it.each(["GET", "POST", "PUT", "PATCH", "DELETE"] as const)(
    "answers %s /Me with 501 and a SCIM error: a token belongs to a tenant, not a user",
    async (method) => {
      const response = await t.app.inject({
        method,
        url: "/scim/v2/acme/EntraID/Me",
        headers: {
          ...bearer(TOKEN),
          ...(method === "GET" || method === "DELETE" ? {} : { "content-type": "application/scim+json" }),
        },
        ...(method === "GET" || method === "DELETE" ? {} : { payload: "{}" }),
      });
      expect(response.statusCode).toBe(501);
      expect(response.headers["content-type"]).toBe("application/scim+json; charset=utf-8");
      expect(response.json()).toMatchObject({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
        status: "501",
      });
    },
  );

  it("authenticates /Me before refusing it", async () => {
    const response = await t.app.inject({ method: "GET", url: "/scim/v2/acme/EntraID/Me" });
    expect(response.statusCode).toBe(401);
  });
});
