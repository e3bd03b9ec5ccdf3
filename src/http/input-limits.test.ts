/**
 * Size limits and text that is not Unicode, over HTTP: each limit passes on POST, PUT, PATCH and
 * Bulk, one more character is 400 `invalidValue` refused before the domain (and so the database)
 * is asked anything; lone surrogates are 400 everywhere, never a 500 or a silently altered value.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ScimOperations } from "../domain/scim-operations.ts";
import { ScimService } from "../domain/scim-service.ts";
import { MAX_DISPLAY_NAME_LENGTH, MAX_ELEMENTS, MAX_ID_LENGTH, MAX_IDENTIFIER_LENGTH } from "../protocol/limits.ts";
import { bearer, type TestApp, testApp } from "./test-app.ts";

const TOKEN = "aW5wdXQtbGltaXRzLXRlc3QtdG9rZW4tMDEyMzQ1Ng";
const BASE = "/scim/v2/acme/EntraID";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const BULK = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
const SEARCH = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

const x = (length: number) => "x".repeat(length);
const userBody = (userName: string, extra: Record<string, unknown> = {}) => ({ schemas: [USER], userName, ...extra });
const patchBody = (...operations: unknown[]) => ({ schemas: [PATCH], Operations: operations });

describe("input limits and Unicode text over HTTP", () => {
  let t: TestApp;
  /** How many times the routes called the domain: a refused request must not call it. */
  let calls = 0;

  beforeAll(async () => {
    t = await testApp({
      scim: (store) => {
        const service = new ScimService(store);
        return new Proxy(service, {
          get(target, name, receiver) {
            const value = Reflect.get(target, name, receiver);
            if (typeof value !== "function") return value;
            return (...args: unknown[]) => {
              calls += 1;
              return value.apply(target, args);
            };
          },
        }) as ScimOperations;
      },
    });
    await t.addTenant("acme", TOKEN);
  });
  afterAll(() => t.close());
  beforeEach(() => {
    calls = 0;
  });

  const send = (method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", path: string, payload?: unknown) =>
    t.app.inject({
      method,
      url: `${BASE}${path}`,
      headers: { ...bearer(TOKEN), ...(payload === undefined ? {} : { "content-type": "application/scim+json" }) },
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
    });

  /** Expects 400 with `scimType` and that the domain was not called. */
  async function refused(response: Awaited<ReturnType<typeof send>>, scimType: string) {
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json()).toMatchObject({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: "400",
      scimType,
    });
    expect(calls).toBe(0);
  }

  describe("userName at the limit", () => {
    it("POST: 256 characters make a user, 257 are refused before any database access", async () => {
      const created = await send("POST", "/Users", userBody(x(MAX_IDENTIFIER_LENGTH)));
      expect(created.statusCode).toBe(201);
      expect((await send("GET", `/Users/${x(MAX_IDENTIFIER_LENGTH)}`)).statusCode).toBe(200);
      calls = 0;
      await refused(await send("POST", "/Users", userBody(x(MAX_IDENTIFIER_LENGTH + 1))), "invalidValue");
    });

    it("a 3,000-character or 100 KB userName makes no user (which would then answer 414 for ever)", async () => {
      await refused(await send("POST", "/Users", userBody(x(3000))), "invalidValue");
      await refused(await send("POST", "/Users", userBody(x(100_000))), "invalidValue");
      const list = await send(
        "GET",
        `/Users?filter=${encodeURIComponent('userName sw "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"')}`,
      );
      expect(list.json().totalResults).toBe(1);
    });

    it("PUT and PATCH: the limit passes, one more is refused before any database access", async () => {
      await send("POST", "/Users", userBody("put@x.com", { emails: [{ value: "put@x.com" }] }));
      expect((await send("PUT", "/Users/put@x.com", userBody(`${x(MAX_IDENTIFIER_LENGTH - 4)}@put`))).statusCode).toBe(
        200,
      );
      calls = 0;
      await refused(await send("PUT", "/Users/put@x.com", userBody(x(MAX_IDENTIFIER_LENGTH + 1))), "invalidValue");
      const ok = await send(
        "PATCH",
        "/Users/put@x.com",
        patchBody({ op: "replace", path: "userName", value: `${x(MAX_IDENTIFIER_LENGTH - 5)}@put2` }),
      );
      expect(ok.statusCode).toBe(200);
      calls = 0;
      for (const operation of [
        { op: "replace", path: "userName", value: x(MAX_IDENTIFIER_LENGTH + 1) },
        { op: "replace", value: { userName: x(MAX_IDENTIFIER_LENGTH + 1) } },
        { op: "add", path: "displayName", value: x(MAX_DISPLAY_NAME_LENGTH + 1) },
        { op: "add", path: "externalId", value: x(MAX_IDENTIFIER_LENGTH + 1) },
      ]) {
        await refused(await send("PATCH", "/Users/put@x.com", patchBody(operation)), "invalidValue");
      }
    });

    it("Bulk: each operation is refused on its own, before it reaches the domain", async () => {
      const response = await send("POST", "/Bulk", {
        schemas: [BULK],
        Operations: [
          { method: "POST", path: "/Users", bulkId: "ok", data: userBody(`bulk-${x(MAX_IDENTIFIER_LENGTH - 5)}`) },
          { method: "POST", path: "/Users", bulkId: "long", data: userBody(x(MAX_IDENTIFIER_LENGTH + 1)) },
          { method: "PUT", path: "/Users/bulkId:ok", data: userBody(x(MAX_IDENTIFIER_LENGTH + 1)) },
          {
            method: "PATCH",
            path: "/Users/bulkId:ok",
            data: patchBody({
              op: "add",
              path: "emails",
              value: Array.from({ length: 20_000 }, (_, i) => ({ value: `${i}@x` })),
            }),
          },
          { method: "DELETE", path: `/Users/${x(MAX_ID_LENGTH + 1)}` },
        ],
      });
      expect(response.statusCode).toBe(200);
      const statuses = response
        .json()
        .Operations.map((op: { status: string; response?: { scimType?: string } }) => [
          op.status,
          op.response?.scimType,
        ]);
      expect(statuses).toEqual([
        ["201", undefined],
        ["400", "invalidValue"],
        ["400", "invalidValue"],
        ["400", "invalidValue"],
        ["400", "invalidValue"],
      ]);
      // Only the first operation reached the domain.
      expect(calls).toBe(1);
    });
  });

  describe("groups", () => {
    it("a displayName of 256 characters makes a group, 257 are refused", async () => {
      const created = await send("POST", "/Groups", { schemas: [GROUP], displayName: x(MAX_DISPLAY_NAME_LENGTH) });
      expect(created.statusCode).toBe(201);
      calls = 0;
      await refused(
        await send("POST", "/Groups", { schemas: [GROUP], displayName: x(MAX_DISPLAY_NAME_LENGTH + 1) }),
        "invalidValue",
      );
      await refused(
        await send(
          "PATCH",
          `/Groups/${created.json().id}`,
          patchBody({ op: "replace", path: "displayName", value: x(257) }),
        ),
        "invalidValue",
      );
    });

    it("a second group of the same long name gets an id with a suffix, still readable", async () => {
      const first = await send("POST", "/Groups", { schemas: [GROUP], displayName: `y${x(255)}`, externalId: "a" });
      const second = await send("POST", "/Groups", { schemas: [GROUP], displayName: `y${x(255)}`, externalId: "b" });
      expect(first.statusCode).toBe(201);
      expect(second.json().id).toBe(`y${x(255)}-2`);
      expect((await send("GET", `/Groups/${second.json().id}`)).statusCode).toBe(200);
    });

    it("a PATCH adding 5,000 members still works: members are not capped", async () => {
      const ids = Array.from({ length: 5000 }, (_, i) => `member-${i}@example.com`);
      await t.store.transaction(async (tx) => {
        for (const id of ids) {
          const at = "2026-01-01T00:00:00.000Z";
          const record = {
            id,
            email: id,
            firstName: null,
            lastName: null,
            phone: null,
            b2cId: null,
            externalIds: [],
            active: true,
            scim: null,
            scimProvider: null,
            createdAt: at,
            modifiedAt: at,
            version: 1,
          };
          await tx.users.insert("acme", record, []);
        }
      });
      const group = await send("POST", "/Groups", { schemas: [GROUP], displayName: "Everyone" });
      const response = await send(
        "PATCH",
        `/Groups/${group.json().id}`,
        patchBody({ op: "add", path: "members", value: ids.map((value) => ({ value })) }),
      );
      expect(response.statusCode).toBe(204);
      const id = group.json().id;
      expect((await t.store.roles.members("acme", [id])).get(id)?.length).toBe(5000);
    });
  });

  describe("multi-valued attributes", () => {
    const emails = (n: number, prefix: string) =>
      Array.from({ length: n }, (_, i) => ({ value: `${prefix}${i}@x.com` }));

    it(`POST with ${MAX_ELEMENTS} emails passes, ${MAX_ELEMENTS + 1} are refused`, async () => {
      expect((await send("POST", "/Users", userBody("many", { emails: emails(MAX_ELEMENTS, "m") }))).statusCode).toBe(
        201,
      );
      calls = 0;
      await refused(
        await send("POST", "/Users", userBody("toomany", { emails: emails(MAX_ELEMENTS + 1, "t") })),
        "invalidValue",
      );
      await refused(
        await send("PUT", "/Users/m0@x.com", userBody("many", { emails: emails(MAX_ELEMENTS + 1, "t") })),
        "invalidValue",
      );
      const put = await send("PUT", "/Users/m0@x.com", userBody("many", { emails: emails(MAX_ELEMENTS, "m") }));
      expect(put.statusCode).toBe(200);
    });

    it("PATCH add of 20,000 emails is refused before the user is read", async () => {
      await send("POST", "/Users", userBody("few"));
      calls = 0;
      const response = await send(
        "PATCH",
        "/Users/few",
        patchBody({ op: "add", path: "emails", value: emails(20_000, "e") }),
      );
      await refused(response, "invalidValue");
      expect(response.json().detail).toContain(`at most ${MAX_ELEMENTS}`);
    });

    it("PATCH add past the limit with what the user holds is refused, and changes nothing", async () => {
      const near = (await send("POST", "/Users", userBody("near", { emails: emails(MAX_ELEMENTS - 1, "n") }))).json();
      const past = await send(
        "PATCH",
        `/Users/${near.id}`,
        patchBody({ op: "add", path: "emails", value: emails(2, "p") }),
      );
      expect(past.statusCode).toBe(400);
      expect(past.json()).toMatchObject({ scimType: "invalidValue" });
      expect((await send("GET", `/Users/${near.id}`)).json().emails).toHaveLength(MAX_ELEMENTS - 1);
      const reach = await send(
        "PATCH",
        `/Users/${near.id}`,
        patchBody({ op: "add", path: "emails", value: emails(1, "p") }),
      );
      expect(reach.statusCode).toBe(200);
      expect(reach.json().emails).toHaveLength(MAX_ELEMENTS);
    });
  });

  describe("ids in URLs", () => {
    it(`an id longer than ${MAX_ID_LENGTH} characters is refused before any database access`, async () => {
      for (const method of ["GET", "DELETE"] as const) {
        await refused(await send(method, `/Users/${x(MAX_ID_LENGTH + 1)}`), "invalidValue");
        await refused(await send(method, `/Groups/${x(MAX_ID_LENGTH + 1)}`), "invalidValue");
      }
      await refused(await send("PUT", `/Users/${x(MAX_ID_LENGTH + 1)}`, userBody("a")), "invalidValue");
      await refused(
        await send("PATCH", `/Groups/${x(MAX_ID_LENGTH + 1)}`, patchBody({ op: "remove", path: "members" })),
        "invalidValue",
      );
    });

    it(`an id of ${MAX_ID_LENGTH} characters, even percent-encoded non-ASCII, reaches the route (404)`, async () => {
      expect((await send("GET", `/Users/${x(MAX_ID_LENGTH)}`)).statusCode).toBe(404);
      expect((await send("GET", `/Users/${encodeURIComponent("😀".repeat(MAX_ID_LENGTH))}`)).statusCode).toBe(404);
    });
  });

  describe("filters", () => {
    it("a comparison value longer than the attribute's limit is 400 invalidFilter", async () => {
      const long = encodeURIComponent(`userName eq "${x(MAX_IDENTIFIER_LENGTH + 1)}"`);
      await refused(await send("GET", `/Users?filter=${long}`), "invalidFilter");
      const atLimit = encodeURIComponent(`userName eq "${x(MAX_IDENTIFIER_LENGTH)}"`);
      expect((await send("GET", `/Users?filter=${atLimit}`)).statusCode).toBe(200);
      calls = 0;
      const group = encodeURIComponent(`displayName gt "${x(MAX_DISPLAY_NAME_LENGTH + 1)}"`);
      await refused(await send("GET", `/Groups?filter=${group}`), "invalidFilter");
    });
  });

  describe("lone UTF-16 surrogates", () => {
    it.each([
      ["userName", userBody("\ud800")],
      ["userName with text", userBody("\ud800x")],
      ["displayName", userBody("ok-user", { displayName: "\udc00" })],
      ["an email", userBody("ok-user", { emails: [{ value: "a\ud800@x.com" }] })],
    ])("POST with a lone surrogate in %s is 400 invalidValue, not a 500", async (_, body) => {
      await refused(await send("POST", "/Users", body), "invalidValue");
    });

    it("a group displayName with a lone surrogate is 400 on POST and PUT", async () => {
      await refused(await send("POST", "/Groups", { schemas: [GROUP], displayName: "\ud800" }), "invalidValue");
      await refused(await send("PUT", "/Groups/ops", { schemas: [GROUP], displayName: "Ops\ud800" }), "invalidValue");
    });

    it("PATCH with a lone surrogate is 400 and the stored value stays as it was", async () => {
      await send("POST", "/Users", userBody("keep@x.com", { displayName: "Keep" }));
      calls = 0;
      for (const operation of [
        { op: "replace", path: "displayName", value: "\ud800x" },
        { op: "replace", value: { displayName: "\ud800x" } },
        { op: "add", path: "userName", value: "\udfff" },
      ]) {
        await refused(await send("PATCH", "/Users/keep@x.com", patchBody(operation)), "invalidValue");
      }
      const stored = (await send("GET", "/Users/keep@x.com")).json();
      expect(stored).toMatchObject({ userName: "keep@x.com", displayName: "Keep" });
    });

    it("Bulk: an operation with a lone surrogate fails alone with 400 invalidValue", async () => {
      const response = await send("POST", "/Bulk", {
        schemas: [BULK],
        Operations: [
          { method: "POST", path: "/Users", bulkId: "s", data: userBody("\ud800") },
          { method: "POST", path: "/Groups", bulkId: "g", data: { schemas: [GROUP], displayName: "x\udc00" } },
          {
            method: "PATCH",
            path: "/Users/keep@x.com",
            data: patchBody({ op: "replace", path: "title", value: "\ud800" }),
          },
          { method: "DELETE", path: "/Users/\ud800" },
        ],
      });
      expect(response.statusCode).toBe(200);
      for (const op of response.json().Operations) {
        expect(op).toMatchObject({ status: "400", response: { scimType: "invalidValue" } });
      }
      expect(calls).toBe(0);
    });

    it.each(['userName eq "\\ud800"', 'userName eq "a\\udc00b"', 'emails[value eq "\\ud800"]'])(
      "the filter %s is 400 invalidFilter, on GET and /.search",
      async (filter) => {
        await refused(await send("GET", `/Users?filter=${encodeURIComponent(filter)}`), "invalidFilter");
        await refused(await send("POST", "/Users/.search", { schemas: [SEARCH], filter }), "invalidFilter");
        await refused(await send("POST", "/.search", { schemas: [SEARCH], filter }), "invalidFilter");
      },
    );

    it("a raw lone surrogate in a /.search filter (a URL cannot carry one) is 400 invalidFilter", async () => {
      await refused(
        await send("POST", "/Users/.search", { schemas: [SEARCH], filter: 'userName eq "\ud800"' }),
        "invalidFilter",
      );
      const filter = 'displayName eq "x\udfff"';
      await refused(await send("POST", "/Groups/.search", { schemas: [SEARCH], filter }), "invalidFilter");
    });

    it("a filter with a surrogate pair is text, and matches", async () => {
      await send("POST", "/Users", userBody("emoji-😀@x.com"));
      const filter = encodeURIComponent('userName eq "emoji-\\ud83d\\ude00@x.com"');
      expect((await send("GET", `/Users?filter=${filter}`)).json().totalResults).toBe(1);
    });

    it.each([
      ["attributes", { attributes: ["\ud800"] }, "invalidValue"],
      ["excludedAttributes", { excludedAttributes: "name,\udc00" }, "invalidValue"],
      ["sortBy", { sortBy: "\ud800" }, "invalidValue"],
      ["cursor", { cursor: "\ud800" }, "invalidCursor"],
    ])("/.search with a lone surrogate in %s is 400", async (_, params, scimType) => {
      await refused(await send("POST", "/Users/.search", { schemas: [SEARCH], ...params }), scimType);
      await refused(await send("POST", "/.search", { schemas: [SEARCH], ...params }), scimType);
    });

    it.each([
      ["filter", "invalidFilter"],
      ["sortBy", "invalidValue"],
      ["attributes", "invalidValue"],
      ["excludedAttributes", "invalidValue"],
      ["cursor", "invalidCursor"],
    ])(
      "a query parameter %s holding an encoded surrogate (%%ED%%A0%%80, not UTF-8) is 400 %s",
      async (name, scimType) => {
        await refused(await send("GET", `/Users?${name}=%ED%A0%80`), scimType);
        await refused(
          await send("GET", `/Groups?${name}=${encodeURIComponent('displayName eq "')}%ED%A0%80%22`),
          scimType,
        );
      },
    );

    it("a PATCH path filter with a lone surrogate is 400 invalidFilter", async () => {
      const response = await send(
        "PATCH",
        "/Users/keep@x.com",
        patchBody({ op: "remove", path: 'emails[value eq "\\ud800"]' }),
      );
      await refused(response, "invalidFilter");
    });
  });
});
