import { describe, expect, it } from "vitest";
import { parseBulkRequest, resolveBulkIds, resolveBulkPath } from "./bulk-request.ts";

const BULK = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";

function bulk(operations: unknown[], extra: Record<string, unknown> = {}) {
  return { schemas: [BULK], Operations: operations, ...extra };
}

describe("parseBulkRequest (RFC 7644 §3.7)", () => {
  it("reads operations in order with their bulkId references in path and data", () => {
    const result = parseBulkRequest(
      bulk(
        [
          { method: "POST", path: "/Users", bulkId: "qwerty", data: { schemas: [USER], userName: "Alice" } },
          {
            Method: "post",
            PATH: "/Groups",
            bulkId: "ytrewq",
            data: { displayName: "Tour Guides", members: [{ type: "User", value: "bulkId:qwerty" }] },
          },
          { method: "PATCH", path: "/Groups/bulkId:ytrewq", version: 'W/"1"', data: { Operations: [] } },
          { method: "DELETE", path: "/Users/x" },
        ],
        { failOnErrors: 2 },
      ),
    );
    if (!result.ok) throw result.error;
    expect(result.value.failOnErrors).toBe(2);
    expect(
      result.value.operations.map(({ index, method, bulkId, version, path, references, error }) => ({
        index,
        method,
        bulkId,
        version,
        path,
        references,
        error,
      })),
    ).toEqual([
      {
        index: 0,
        method: "POST",
        bulkId: "qwerty",
        version: undefined,
        path: "/Users",
        references: [],
        error: undefined,
      },
      {
        index: 1,
        method: "POST",
        bulkId: "ytrewq",
        version: undefined,
        path: "/Groups",
        references: ["qwerty"],
        error: undefined,
      },
      {
        index: 2,
        method: "PATCH",
        bulkId: undefined,
        version: 'W/"1"',
        path: "/Groups/bulkId:ytrewq",
        references: ["ytrewq"],
        error: undefined,
      },
      {
        index: 3,
        method: "DELETE",
        bulkId: undefined,
        version: undefined,
        path: "/Users/x",
        references: [],
        error: undefined,
      },
    ]);
  });

  it.each([
    [undefined, "invalidSyntax"],
    [{ Operations: [] }, "invalidSyntax"],
    [{ schemas: [BULK] }, "invalidSyntax"],
    [{ schemas: [BULK], Operations: {} }, "invalidSyntax"],
    [bulk([], { failOnErrors: 0 }), "invalidValue"],
    [bulk([], { failOnErrors: "1" }), "invalidValue"],
    [bulk([], { failOnErrors: 1.5 }), "invalidValue"],
    [
      bulk([
        { method: "POST", path: "/Users", bulkId: "a", data: {} },
        { method: "POST", path: "/Groups", bulkId: "a", data: {} },
      ]),
      "invalidValue",
    ],
  ])("refuses the whole request %j with %s", (body, code) => {
    expect(parseBulkRequest(body)).toMatchObject({ ok: false, error: { code } });
  });

  it("refuses more operations than maxOperations with 413, naming the limit", () => {
    const operations = Array.from({ length: 3 }, () => ({ method: "DELETE", path: "/Users/x" }));
    const result = parseBulkRequest(bulk(operations), 2);
    expect(result).toMatchObject({ ok: false, error: { code: "payloadTooLarge" } });
    expect(result.ok ? "" : result.error.message).toContain("maxOperations (2)");
    expect(parseBulkRequest(bulk(operations), 3).ok).toBe(true);
  });

  it.each([
    ["not an object", "x"],
    ["an unknown method", { method: "GET", path: "/Users/x" }],
    ["no path", { method: "DELETE" }],
    ["a relative path", { method: "DELETE", path: "Users/x" }],
    ["a POST without bulkId", { method: "POST", path: "/Users", data: {} }],
    ["a PUT without data", { method: "PUT", path: "/Users/x" }],
    ["a PATCH whose data is no object", { method: "PATCH", path: "/Users/x", data: [] }],
  ])("fails only the operation with %s", (_, operation) => {
    const result = parseBulkRequest(bulk([operation, { method: "DELETE", path: "/Users/y" }]));
    if (!result.ok) throw result.error;
    expect(result.value.operations[0]?.error?.code).toBe("invalidSyntax");
    expect(result.value.operations[1]?.error).toBeUndefined();
  });
});

describe("bulkId references (RFC 7644 §3.7.2)", () => {
  const ids = new Map([
    ["qwerty", "alice@example.com"],
    ["g", "tourguides"],
  ]);

  it("replaces every bulkId:x string at any depth, and leaves the rest", () => {
    expect(
      resolveBulkIds(
        {
          members: [{ value: "bulkId:qwerty" }, { value: "plain" }],
          manager: { value: "bulkId:qwerty" },
          note: "see bulkId:qwerty",
          other: "bulkId:unknown",
          n: 1,
        },
        ids,
      ),
    ).toEqual({
      members: [{ value: "alice@example.com" }, { value: "plain" }],
      manager: { value: "alice@example.com" },
      note: "see bulkId:qwerty",
      other: "bulkId:unknown",
      n: 1,
    });
  });

  it("replaces a path segment by the URL-encoded id", () => {
    expect(resolveBulkPath("/Users/bulkId:qwerty", ids)).toBe("/Users/alice%40example.com");
    expect(resolveBulkPath("/Groups/bulkId:g", ids)).toBe("/Groups/tourguides");
    expect(resolveBulkPath("/Groups/bulkId:none", ids)).toBe("/Groups/bulkId:none");
  });
});
