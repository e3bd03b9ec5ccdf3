/** RFC 7644 §3.7 bulk requests through the SCIM service, on every database. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseBulkRequest } from "../protocol/bulk-request.ts";
import { RosterError } from "../protocol/errors.ts";
import type { JsonValue, ScimObject } from "../protocol/resource/scim-object.ts";
import { DATABASE_KINDS } from "../storage/testing/test-databases.ts";
import { type BulkFailure, runBulk } from "./bulk-runner.ts";
import { context, domainKit, scimGroup, scimUser } from "./scim-test-kit.ts";

const BULK = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const STATUS: Partial<Record<string, number>> = {
  notFound: 404,
  conflict: 409,
  uniqueness: 409,
  preconditionFailed: 412,
};

/** The status of an error as the HTTP edge would map it, enough for these tests. */
function describeError(error: unknown): BulkFailure {
  const code = error instanceof RosterError ? error.code : "internal";
  const status = STATUS[code] ?? (code === "internal" ? 500 : 400);
  return { status, body: { status: String(status), code, detail: error instanceof Error ? error.message : "?" } };
}

interface ResultEntry {
  readonly method?: string;
  readonly bulkId?: string;
  readonly location?: string;
  readonly version?: string;
  readonly status: string;
  readonly response?: { readonly code: string; readonly detail: string };
}

describe.each(DATABASE_KINDS)("bulk on %s", (kind) => {
  let kit: Awaited<ReturnType<typeof domainKit>>;
  beforeAll(async () => {
    kit = await domainKit(kind);
  });
  afterAll(async () => {
    await kit.handle.dispose();
  });

  async function bulk(t: string, operations: JsonValue[], extra: ScimObject = {}): Promise<ResultEntry[]> {
    const parsed = parseBulkRequest({ schemas: [BULK], Operations: operations, ...extra });
    if (!parsed.ok) throw parsed.error;
    const response = await runBulk(kit.scim, context(t), parsed.value, { describeError });
    expect(response["schemas"]).toEqual(["urn:ietf:params:scim:api:messages:2.0:BulkResponse"]);
    return response["Operations"] as unknown as ResultEntry[];
  }

  it("creates a user and a group holding it through a bulkId, answering each operation", async () => {
    const t = await kit.tenant();
    const results = await bulk(t, [
      {
        method: "POST",
        path: "/Groups",
        bulkId: "ytrewq",
        data: scimGroup("Tour Guides", { members: [{ type: "User", value: "bulkId:qwerty" }] }),
      },
      { method: "POST", path: "/Users", bulkId: "qwerty", data: scimUser("alice@corp", "alice@x.io") },
    ]);
    expect(results).toEqual([
      {
        method: "POST",
        bulkId: "ytrewq",
        location: `https://roster.test/scim/v2/${t}/EntraID/Groups/tourguides`,
        version: 'W/"1"',
        status: "201",
      },
      {
        method: "POST",
        bulkId: "qwerty",
        location: `https://roster.test/scim/v2/${t}/EntraID/Users/alice%40x.io`,
        version: 'W/"1"',
        status: "201",
      },
    ]);
    const group = await kit.scim.getGroup(context(t), "tourguides", { includeMembers: true });
    expect(group["members"]).toMatchObject([{ value: "alice@x.io" }]);
  });

  it("resolves bulkIds in paths and in extension values, and runs PUT, PATCH and DELETE", async () => {
    const t = await kit.tenant();
    await kit.scim.createUser(context(t), scimUser("old@corp", "old@x.io"));
    const results = await bulk(t, [
      { method: "POST", path: "/Users", bulkId: "boss", data: scimUser("boss@corp", "boss@x.io") },
      {
        method: "PATCH",
        path: "/Users/bulkId:boss",
        data: { schemas: [PATCH], Operations: [{ op: "add", path: "title", value: "CEO" }] },
      },
      {
        method: "PUT",
        path: "/Users/old%40x.io",
        version: 'W/"1"',
        data: scimUser("old@corp", "old@x.io", {
          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { manager: { value: "bulkId:boss" } },
        }),
      },
      { method: "POST", path: "/Groups", bulkId: "g", data: scimGroup("Board") },
      {
        method: "PATCH",
        path: "/Groups/bulkId:g",
        data: { schemas: [PATCH], Operations: [{ op: "add", path: "members", value: [{ value: "bulkId:boss" }] }] },
      },
      { method: "DELETE", path: "/Groups/bulkId:g" },
    ]);
    expect(results.map((r) => [r.method, r.status])).toEqual([
      ["POST", "201"],
      ["PATCH", "200"],
      ["PUT", "200"],
      ["POST", "201"],
      ["PATCH", "204"],
      ["DELETE", "204"],
    ]);
    expect(results[4]?.version).toBe('W/"2"');
    expect(results[5]?.location).toBe(`https://roster.test/scim/v2/${t}/EntraID/Groups/board`);
    expect((await kit.scim.getUser(context(t), "boss@x.io"))["title"]).toBe("CEO");
    const old = await kit.scim.getUser(context(t), "old@x.io");
    expect(old["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]).toMatchObject({
      manager: { value: "boss@x.io" },
    });
    await expect(kit.scim.getGroup(context(t), "board", { includeMembers: false })).rejects.toMatchObject({
      code: "notFound",
    });
  });

  it("keeps going after failures, each operation atomic on its own", async () => {
    const t = await kit.tenant();
    const results = await bulk(t, [
      { method: "POST", path: "/Users", bulkId: "a", data: { schemas: ["urn:x"], userName: "bad" } },
      { method: "PUT", path: "/Users/ghost%40x.io", data: scimUser("ghost@corp", "ghost@x.io") },
      { method: "POST", path: "/Users", bulkId: "b", data: scimUser("fine@corp", "fine@x.io") },
      { method: "GET", path: "/Users" },
      { method: "DELETE", path: "/Schemas/x" },
      { method: "PATCH", path: "/Users/fine%40x.io", version: 'W/"9"', data: { schemas: [PATCH], Operations: [] } },
    ]);
    expect(results.map((r) => r.status)).toEqual(["400", "404", "201", "400", "400", "400"]);
    expect(results[0]).toMatchObject({ method: "POST", bulkId: "a", response: { code: "invalidSyntax" } });
    expect(results[0]).not.toHaveProperty("location");
    expect(results[1]).toMatchObject({ location: `https://roster.test/scim/v2/${t}/EntraID/Users/ghost%40x.io` });
    expect(results[3]).toMatchObject({ response: { code: "invalidSyntax" } });
    expect(results[3]).not.toHaveProperty("method");
    await kit.scim.getUser(context(t), "fine@x.io");
  });

  it("checks version like If-Match", async () => {
    const t = await kit.tenant();
    await kit.scim.createUser(context(t), scimUser("v@corp", "v@x.io"));
    const results = await bulk(t, [
      { method: "DELETE", path: "/Users/v%40x.io", version: 'W/"2"' },
      { method: "DELETE", path: "/Users/v%40x.io", version: 'W/"1"' },
    ]);
    expect(results.map((r) => r.status)).toEqual(["412", "204"]);
  });

  it("stops after failOnErrors failures and reports only what ran", async () => {
    const t = await kit.tenant();
    const results = await bulk(
      t,
      [
        { method: "DELETE", path: "/Users/nobody1" },
        { method: "POST", path: "/Users", bulkId: "x", data: scimUser("x@corp", "x@x.io") },
        { method: "DELETE", path: "/Users/nobody2" },
        { method: "POST", path: "/Users", bulkId: "y", data: scimUser("y@corp", "y@x.io") },
      ],
      { failOnErrors: 2 },
    );
    expect(results.map((r) => r.status)).toEqual(["404", "201", "404"]);
    await expect(kit.scim.getUser(context(t), "y@x.io")).rejects.toMatchObject({ code: "notFound" });
  });

  it("refuses circular bulkId references with 409, running everything else", async () => {
    const t = await kit.tenant();
    const results = await bulk(t, [
      {
        method: "POST",
        path: "/Groups",
        bulkId: "qwerty",
        data: scimGroup("Group A", { members: [{ type: "Group", value: "bulkId:ytrewq" }] }),
      },
      {
        method: "POST",
        path: "/Groups",
        bulkId: "ytrewq",
        data: scimGroup("Group B", { members: [{ type: "Group", value: "bulkId:qwerty" }] }),
      },
      {
        method: "POST",
        path: "/Users",
        bulkId: "self",
        data: scimUser("self@corp", "self@x.io", { x: "bulkId:self" }),
      },
      { method: "POST", path: "/Users", bulkId: "ok", data: scimUser("ok@corp", "ok@x.io") },
    ]);
    expect(results.map((r) => [r.bulkId, r.status])).toEqual([
      ["qwerty", "409"],
      ["ytrewq", "409"],
      ["self", "409"],
      ["ok", "201"],
    ]);
    expect(results[0]?.response?.detail).toContain("cycle");
    await expect(kit.scim.getGroup(context(t), "groupa", { includeMembers: false })).rejects.toMatchObject({
      code: "notFound",
    });
  });

  it("fails a reference to an undeclared bulkId or to one whose POST failed", async () => {
    const t = await kit.tenant();
    const results = await bulk(t, [
      { method: "POST", path: "/Users", bulkId: "broken", data: { schemas: ["urn:x"] } },
      {
        method: "POST",
        path: "/Groups",
        bulkId: "g1",
        data: scimGroup("G1", { members: [{ value: "bulkId:broken" }] }),
      },
      { method: "POST", path: "/Groups", bulkId: "g2", data: scimGroup("G2", { members: [{ value: "bulkId:nope" }] }) },
      { method: "DELETE", path: "/Users/bulkId:nope" },
    ]);
    expect(results.map((r) => [r.status, r.response?.code])).toEqual([
      ["400", "invalidSyntax"],
      ["409", "conflict"],
      ["400", "invalidValue"],
      ["400", "invalidValue"],
    ]);
  });
});
