/** fast-check properties of applyPatch: purity, no throwing, no prototype pollution, atomicity. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { unwrap } from "../errors.ts";
import type { Filter } from "../filter/filter-ast.ts";
import { parsePatchPath } from "../path/parse-patch-path.ts";
import type { PatchPath } from "../path/patch-path.ts";
import { isScimObject, type JsonValue, type ScimObject, URN } from "../resource/scim-object.ts";
import { applyPatch } from "./apply-patch.ts";
import { parsePatchRequest } from "./parse-patch-request.ts";
import type { PatchOperation } from "./patch-operation.ts";

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

const USER: ScimObject = deepFreeze<ScimObject>({
  schemas: [URN.user, URN.enterpriseUser],
  id: "u1",
  userName: "ann@example.com",
  name: { givenName: "Ann", familyName: "Lee" },
  active: true,
  emails: [
    { value: "ann@example.com", type: "work", primary: true },
    { value: "ann@home.example", type: "home" },
  ],
  [URN.enterpriseUser]: { department: "Sales", manager: { value: "m1" } },
  meta: { resourceType: "User", created: "2024-01-01T00:00:00.000Z" },
});

const GROUP: ScimObject = deepFreeze<ScimObject>({
  schemas: [URN.group],
  id: "g1",
  displayName: "Sales",
  members: [{ value: "u1" }, { value: "u2" }],
});

const NAMES = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "userName",
  "name",
  "givenName",
  "emails",
  "members",
  "value",
  "type",
  "primary",
  "active",
  "groups",
  "id",
  "meta",
  "schemas",
  "displayName",
  "manager",
  "department",
  "favoriteColor",
  URN.enterpriseUser,
  `${URN.enterpriseUser}:manager`,
  "name.givenName",
  'emails[type eq "work"].value',
  "",
];

const name = fc.constantFrom(...NAMES);
const leaf = fc.oneof(
  fc.string(),
  fc.boolean(),
  fc.integer(),
  fc.constant(null),
  fc.constantFrom("True", "False", "work"),
);
// Built with Object.fromEntries so that "__proto__" becomes an own key, as JSON.parse makes it.
const json: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("value"), { maxLength: 3 }),
    fc.array(fc.tuple(name, tie("value")), { maxLength: 4 }).map((entries) => Object.fromEntries(entries)),
  ),
})).value;

const filter: fc.Arbitrary<Filter> = fc.constantFrom<Filter>(
  { kind: "compare", path: { uri: undefined, name: "type", subAttr: undefined }, op: "eq", value: "work" },
  { kind: "compare", path: { uri: undefined, name: "value", subAttr: undefined }, op: "eq", value: "u1" },
  { kind: "compare", path: { uri: undefined, name: "__proto__", subAttr: undefined }, op: "eq", value: "x" },
  { kind: "present", path: { uri: undefined, name: "primary", subAttr: undefined } },
  {
    kind: "or",
    left: { kind: "compare", path: { uri: undefined, name: "value", subAttr: undefined }, op: "eq", value: "u2" },
    right: { kind: "compare", path: { uri: undefined, name: "type", subAttr: undefined }, op: "co", value: "o" },
  },
);

const VALID_PATHS = [
  "title",
  "displayName",
  "active",
  "userName",
  "externalId",
  "name",
  "name.givenName",
  "emails",
  'emails[type eq "work"].value',
  'emails[type eq "home"]',
  "emails[primary pr].primary",
  "members",
  'members[value eq "u1"]',
  `${URN.enterpriseUser}:department`,
  `${URN.enterpriseUser}:manager`,
  URN.enterpriseUser,
  "favoriteColor",
].map((text) => unwrap(parsePatchPath(text)));

const randomPath: fc.Arbitrary<PatchPath> = fc.record({
  uri: fc.option(fc.constantFrom(URN.user, URN.group, URN.enterpriseUser, "urn:example:x", "__proto__"), {
    nil: undefined,
  }),
  name,
  valueFilter: fc.option(filter, { nil: undefined }),
  subAttr: fc.option(name, { nil: undefined }),
});

const path = fc.oneof({ arbitrary: fc.constantFrom(...VALID_PATHS), weight: 4 }, { arbitrary: randomPath, weight: 1 });

const element = fc.record(
  { value: fc.constantFrom("u1", "u3", "x@example.com"), type: fc.constantFrom("work", "home"), primary: fc.boolean() },
  { requiredKeys: ["value"] },
);
const plausible: fc.Arbitrary<JsonValue> = fc.oneof(
  fc.constantFrom<JsonValue>("Ann", "True", "False", true, null),
  fc.array(element, { maxLength: 3 }).map((items): JsonValue => items.map((item) => ({ ...item }) as JsonValue)),
  element.map((item): JsonValue => ({ ...item }) as JsonValue),
  fc.constantFrom<JsonValue>(
    { givenName: "Bo" },
    { title: "Dr", "name.givenName": "Bo" },
    { [URN.enterpriseUser]: { department: "HR" } },
  ),
);

const operation: fc.Arbitrary<PatchOperation> = fc.record({
  op: fc.constantFrom("add", "remove", "replace"),
  path: fc.option(path, { nil: undefined, freq: 4 }),
  value: fc.option(fc.oneof({ arbitrary: plausible, weight: 3 }, { arbitrary: json, weight: 1 }), {
    nil: undefined,
    freq: 8,
  }),
});

const target = fc.constantFrom(["User", USER] as const, ["Group", GROUP] as const);

describe("applyPatch properties", () => {
  it("never throws, never mutates its input and never touches Object.prototype", () => {
    const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
    fc.assert(
      fc.property(target, fc.array(operation, { maxLength: 6 }), ([resourceType, resource], operations) => {
        const snapshot = JSON.stringify(resource);
        const frozen = deepFreeze(operations);
        const result = applyPatch(resourceType, resource, frozen);
        expect(typeof result.ok).toBe("boolean");
        expect(JSON.stringify(resource)).toBe(snapshot);
        expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
        expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
        if (result.ok) expect(Object.getPrototypeOf(result.value)).toBe(Object.prototype);
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps at most one primary email, and lists the extension schema exactly when it holds attributes", () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 6 }), (operations) => {
        const result = applyPatch("User", USER, operations);
        if (!result.ok) return;
        const emails = result.value["emails"];
        const primaries = Array.isArray(emails)
          ? emails.filter((email) => isScimObject(email) && email["primary"] === true)
          : [];
        expect(primaries.length).toBeLessThanOrEqual(1);
        const schemas = result.value["schemas"];
        expect(Array.isArray(schemas) && schemas.includes(URN.enterpriseUser)).toBe(URN.enterpriseUser in result.value);
      }),
      { numRuns: 1000 },
    );
  });

  it("is all-or-nothing: a failing operation fails the request whatever comes before it", () => {
    fc.assert(
      fc.property(target, fc.array(operation, { maxLength: 4 }), ([resourceType, resource], operations) => {
        const failing: PatchOperation = { op: "remove", path: undefined, value: undefined };
        const result = applyPatch(resourceType, resource, [...operations, failing]);
        expect(result.ok).toBe(false);
      }),
    );
  });

  it("parses and applies arbitrary request bodies without throwing", () => {
    const body = fc.record({
      schemas: fc.constant([URN.patchOp]),
      Operations: fc.array(
        fc.record({
          op: fc.constantFrom("add", "Add", "remove", "Replace", "copy"),
          path: fc.option(fc.oneof(fc.constantFrom(...NAMES), fc.string()), { nil: undefined }),
          value: json,
        }),
        { maxLength: 5 },
      ),
    });
    fc.assert(
      fc.property(body, (request) => {
        const operations = parsePatchRequest(request);
        if (operations.ok) applyPatch("User", USER, operations.value);
        expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
      }),
      { numRuns: 1000 },
    );
  });

  it("parsePatchRequest never throws on any input", () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        expect(typeof parsePatchRequest(input).ok).toBe("boolean");
      }),
    );
  });
});
