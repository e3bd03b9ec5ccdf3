import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, type TestApp, testApp } from "./test-app.ts";

const TOKEN = "Y29uZGl0aW9uYWwtcmVxdWVzdHMtdG9rZW4tMDEy";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const BASE = "/scim/v2/acme/Okta";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

describe("ETags and conditional requests (RFC 7644 §3.14)", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await testApp();
    await t.addTenant("acme", TOKEN);
  });
  afterAll(() => t.close());

  const send = (method: Method, path: string, headers: Record<string, string> = {}, payload?: unknown) =>
    t.app.inject({
      method,
      url: `${BASE}${path}`,
      headers: {
        ...bearer(TOKEN),
        ...headers,
        ...(payload === undefined ? {} : { "content-type": "application/scim+json" }),
      },
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
    });

  const user = (email: string, extra: Record<string, unknown> = {}) => ({
    schemas: [USER],
    userName: email,
    emails: [{ value: email, type: "work", primary: true }],
    ...extra,
  });
  const nick = (value: string) => ({ schemas: [PATCH], Operations: [{ op: "replace", path: "nickName", value }] });

  async function created(email: string): Promise<{ path: string; etag: string }> {
    const response = await send("POST", "/Users", {}, user(email));
    expect(response.statusCode).toBe(201);
    return { path: `/Users/${encodeURIComponent(email)}`, etag: String(response.headers["etag"]) };
  }

  it("answers 304 with no body and the ETag when If-None-Match names the current version", async () => {
    const { path, etag } = await created("cond-get@example.com");
    expect(etag).toBe('W/"1"');
    const notModified = await send("GET", `${path}?attributes=userName`, { "if-none-match": etag });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.body).toBe("");
    expect(notModified.headers["etag"]).toBe(etag);
    expect((await send("GET", path, { "if-none-match": "*" })).statusCode).toBe(304);
    expect((await send("GET", path, { "if-none-match": '"1"' })).statusCode).toBe(304);
    const changed = await send("GET", path, { "if-none-match": 'W/"0", W/"7"' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ userName: "cond-get@example.com" });
  });

  it("answers a GET whose If-Match does not match with 412", async () => {
    const { path, etag } = await created("cond-get-match@example.com");
    expect((await send("GET", path, { "if-match": etag })).statusCode).toBe(200);
    const refused = await send("GET", path, { "if-match": 'W/"9"' });
    expect(refused.statusCode).toBe(412);
    expect(refused.json()).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "412" });
  });

  it("replaces and patches only from the version If-Match names", async () => {
    const { path, etag } = await created("cond-write@example.com");
    const stale = await send("PUT", path, { "if-match": 'W/"5"' }, user("cond-write@example.com"));
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ status: "412" });
    const put = await send("PUT", path, { "if-match": etag }, user("cond-write@example.com", { nickName: "a" }));
    expect(put.statusCode).toBe(200);
    expect(put.headers["etag"]).toBe('W/"2"');
    expect((await send("PATCH", path, { "if-match": etag }, nick("b"))).statusCode).toBe(412);
    const patched = await send("PATCH", path, { "if-match": String(put.headers["etag"]) }, nick("b"));
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ nickName: "b", meta: { version: 'W/"3"' } });
    expect((await send("PATCH", path, { "if-match": "*" }, nick("c"))).statusCode).toBe(200);
  });

  it("refuses a write whose If-None-Match matches", async () => {
    const { path, etag } = await created("cond-none@example.com");
    expect((await send("PUT", path, { "if-none-match": "*" }, user("cond-none@example.com"))).statusCode).toBe(412);
    expect((await send("PATCH", path, { "if-none-match": etag }, nick("x"))).statusCode).toBe(412);
    expect((await send("PATCH", path, { "if-none-match": 'W/"42"' }, nick("x"))).statusCode).toBe(200);
  });

  it("deletes only from the version If-Match names, and answers 404 before 412", async () => {
    const { path, etag } = await created("cond-delete@example.com");
    expect((await send("DELETE", path, { "if-match": 'W/"3"' })).statusCode).toBe(412);
    expect((await send("DELETE", path, { "if-match": "garbage" })).statusCode).toBe(412);
    expect((await send("DELETE", path, { "if-match": etag })).statusCode).toBe(204);
    expect((await send("DELETE", path, { "if-match": etag })).statusCode).toBe(404);
  });

  it("checks groups the same way, membership-only patches included", async () => {
    const group = await send("POST", "/Groups", {}, { schemas: [GROUP], displayName: "Conditional Crew" });
    const path = "/Groups/conditionalcrew";
    const etag = String(group.headers["etag"]);
    expect((await send("GET", path, { "if-none-match": etag })).statusCode).toBe(304);
    const { path: memberPath } = await created("crew-member@example.com");
    const addMember = {
      schemas: [PATCH],
      Operations: [{ op: "add", path: "members", value: [{ value: decodeURIComponent(memberPath.slice(7)) }] }],
    };
    expect((await send("PATCH", path, { "if-match": 'W/"9"' }, addMember)).statusCode).toBe(412);
    expect((await send("PATCH", path, { "if-match": etag }, addMember)).statusCode).toBe(204);
    const after = await send("GET", path, { "if-none-match": etag });
    expect(after.statusCode).toBe(200);
    expect(after.headers["etag"]).toBe('W/"2"');
    expect(
      (await send("PUT", path, { "if-match": etag }, { schemas: [GROUP], displayName: "Conditional Crew" })).statusCode,
    ).toBe(412);
    expect((await send("DELETE", path, { "if-match": 'W/"2"' })).statusCode).toBe(204);
  });

  it("answers a group PATCH 204 with the ETag of the version it wrote", async () => {
    await send("POST", "/Groups", {}, { schemas: [GROUP], displayName: "Tagged Crew" });
    const { path: memberPath } = await created("tagged-member@example.com");
    const member = decodeURIComponent(memberPath.slice("/Users/".length));
    const addMember = { schemas: [PATCH], Operations: [{ op: "add", path: "members", value: [{ value: member }] }] };
    const patched = await send("PATCH", "/Groups/taggedcrew", {}, addMember);
    expect(patched.statusCode).toBe(204);
    expect(patched.headers["etag"]).toBe('W/"2"');
    const read = await send("GET", "/Groups/taggedcrew");
    expect(read.headers["etag"]).toBe(patched.headers["etag"]);
    // A PATCH that changes nothing keeps the version, and says so.
    const again = await send("PATCH", "/Groups/taggedcrew", {}, addMember);
    expect([again.statusCode, again.headers["etag"]]).toEqual([204, 'W/"2"']);
    const renamed = await send(
      "PATCH",
      "/Groups/taggedcrew",
      { "if-match": 'W/"2"' },
      {
        schemas: [PATCH],
        Operations: [{ op: "replace", path: "displayName", value: "Tagged Crew 2" }],
      },
    );
    expect([renamed.statusCode, renamed.headers["etag"]]).toEqual([204, 'W/"3"']);
  });

  it("never answers 304 to a user's old ETag once its groups changed", async () => {
    const { path, etag } = await created("grouped@example.com");
    const member = decodeURIComponent(path.slice("/Users/".length));
    await send("POST", "/Groups", {}, { schemas: [GROUP], displayName: "Watchers", members: [{ value: member }] });
    const joined = await send("GET", path, { "if-none-match": etag });
    expect(joined.statusCode).toBe(200);
    expect(joined.json()["groups"]).toEqual([expect.objectContaining({ value: "watchers", display: "Watchers" })]);
    const joinedTag = String(joined.headers["etag"]);
    expect(joinedTag).not.toBe(etag);
    expect(joined.json()["meta"]["version"]).toBe(joinedTag);
    expect((await send("GET", path, { "if-none-match": joinedTag })).statusCode).toBe(304);

    // A rename of the group changes what the user shows, so its ETag too.
    const rename = { schemas: [PATCH], Operations: [{ op: "replace", path: "displayName", value: "Night Watch" }] };
    expect((await send("PATCH", "/Groups/watchers", {}, rename)).statusCode).toBe(204);
    const renamed = await send("GET", path, { "if-none-match": joinedTag });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()["groups"]).toEqual([expect.objectContaining({ display: "Night Watch" })]);
    // A write holding the tag from before the rename is refused; the current one is taken.
    const stale = await send("PATCH", path, { "if-match": joinedTag }, nick("late"));
    expect(stale.statusCode).toBe(412);
    const current = String(renamed.headers["etag"]);
    expect((await send("PATCH", path, { "if-match": current }, nick("fresh"))).statusCode).toBe(200);

    // Leaving the group: a new version again.
    const leave = { schemas: [PATCH], Operations: [{ op: "remove", path: `members[value eq "${member}"]` }] };
    const beforeLeave = String((await send("GET", path)).headers["etag"]);
    expect((await send("PATCH", "/Groups/watchers", {}, leave)).statusCode).toBe(204);
    const left = await send("GET", path, { "if-none-match": beforeLeave });
    expect(left.statusCode).toBe(200);
    expect(left.json()).not.toHaveProperty("groups");
  });

  it("ignores conditions on a create", async () => {
    const response = await send("POST", "/Users", { "if-match": 'W/"9"', "if-none-match": "*" }, user("c@example.com"));
    expect(response.statusCode).toBe(201);
  });
});
