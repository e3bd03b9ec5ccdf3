/**
 * Property: whatever a client sends, Roster answers with a SCIM error or a success — never a
 * 500. Random JSON and random PATCH operations go to every write endpoint; the data they would
 * have changed stays consistent (every response body is SCIM-shaped).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, type TestApp, testApp } from "./test-app.ts";

const TOKEN = "bm8tc2VydmVyLWVycm9ycy1wcm9wZXJ0eS10b2tlbg";
const BASE = "/scim/v2/acme/EntraID";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

const names = fc.constantFrom(
  "userName",
  "UserName",
  "name",
  "name.givenName",
  "emails",
  'emails[type eq "work"].value',
  'emails[type eq "work"]',
  "emails[value co 1]",
  "members",
  'members[value eq "u1@x.io"]',
  "displayName",
  "active",
  "id",
  "meta",
  "meta.version",
  "groups",
  "externalId",
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
  "__proto__",
  "x[",
  "",
);
const operation = fc.record(
  {
    op: fc.constantFrom("add", "Add", "remove", "replace", "REPLACE", "move", ""),
    path: names,
    value: fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.constantFrom("True", "False", [{ value: "u1@x.io" }], { value: "x" }, "\ud800", "a\udc00b"),
      fc.string({ unit: "binary" }),
    ),
  },
  { requiredKeys: [] },
);
const patchBody = fc.oneof(
  fc.record({ schemas: fc.constant([PATCH]), Operations: fc.array(operation, { maxLength: 4 }) }),
  fc.jsonValue({ maxDepth: 3 }),
);
const resourceBody = (schema: string) =>
  fc.oneof(
    fc.record(
      {
        schemas: fc.constantFrom([schema], [], schema, null),
        // "binary" strings hold lone surrogates too (`"\ud800"`), which once made a 500.
        userName: fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.integer(), fc.constant(null)),
        displayName: fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.constant(" "), fc.constant(null)),
        emails: fc.jsonValue({ maxDepth: 2 }),
        members: fc.oneof(fc.constant([{ value: "u1@x.io" }]), fc.jsonValue({ maxDepth: 2 })),
        active: fc.jsonValue({ maxDepth: 1 }),
        name: fc.jsonValue({ maxDepth: 2 }),
      },
      { requiredKeys: [] },
    ),
    fc.jsonValue({ maxDepth: 3 }),
  );

describe("no client input causes a server error", () => {
  let t: TestApp;

  const send = (method: "POST" | "PUT" | "PATCH", path: string, body: unknown) =>
    t.app.inject({
      method,
      url: `${BASE}${path}`,
      headers: { ...bearer(TOKEN), "content-type": "application/scim+json" },
      payload: JSON.stringify(body),
    });

  beforeAll(async () => {
    t = await testApp();
    await t.addTenant("acme", TOKEN);
    const user = await send("POST", "/Users", { schemas: [USER], userName: "u1", emails: [{ value: "u1@x.io" }] });
    expect(user.statusCode).toBe(201);
    const group = await send("POST", "/Groups", { schemas: [GROUP], displayName: "G" });
    expect(group.statusCode).toBe(201);
  });
  afterAll(() => t.close());

  function assertAnswered(response: { statusCode: number; body: string }) {
    expect(response.statusCode, response.body).toBeLessThan(500);
    if (response.statusCode >= 400)
      expect(JSON.parse(response.body)).toMatchObject({ status: String(response.statusCode) });
  }

  it("PATCH /Users and /Groups", async () => {
    await fc.assert(
      fc.asyncProperty(patchBody, fc.constantFrom("/Users/u1%40x.io", "/Groups/g"), async (body, path) => {
        assertAnswered(await send("PATCH", path, body));
      }),
      { numRuns: 400 },
    );
  });

  it("POST and PUT of Users and Groups", async () => {
    const targets = fc.constantFrom(
      ["POST", "/Users", USER] as const,
      ["PUT", "/Users/u1%40x.io", USER] as const,
      ["POST", "/Groups", GROUP] as const,
      ["PUT", "/Groups/g", GROUP] as const,
    );
    const requests = targets.chain(([method, path, schema]) =>
      resourceBody(schema).map((body) => ({ method, path, body })),
    );
    await fc.assert(
      fc.asyncProperty(requests, async ({ method, path, body }) => {
        assertAnswered(await send(method, path, body));
      }),
      { numRuns: 400 },
    );
  });
});
