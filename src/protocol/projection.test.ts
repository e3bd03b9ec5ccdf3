import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { unwrap } from "./errors.ts";
import { DEFAULT_PROJECTION, needsAttribute, parseAttributeList, projectResource, selection } from "./projection.ts";
import type { ScimObject } from "./resource/scim-object.ts";
import type { ResourceTypeName } from "./schema/schema-types.ts";

interface Case {
  readonly test: string;
  readonly resourceType: ResourceTypeName;
  readonly attributes?: string;
  readonly excludedAttributes?: string;
  readonly expected?: ScimObject;
  readonly expectedKeys?: readonly string[];
  readonly absentKeys?: readonly string[];
  readonly pick?: readonly string[];
}

const fixture = JSON.parse(readFileSync(new URL("./projection.fixture.json", import.meta.url), "utf8")) as {
  readonly user: ScimObject;
  readonly cases: readonly Case[];
};

function projection(resourceType: ResourceTypeName, attributes?: string, excludedAttributes?: string) {
  return {
    attributes: unwrap(parseAttributeList(resourceType, attributes)),
    excludedAttributes: unwrap(parseAttributeList(resourceType, excludedAttributes)),
  };
}

describe("projectResource (RFC 7644 §3.9)", () => {
  it.each(fixture.cases.map((item) => [item.test, item] as const))("%s", (_, item) => {
    const projected = projectResource(
      fixture.user,
      item.resourceType,
      projection(item.resourceType, item.attributes, item.excludedAttributes),
    );
    const picked = item.pick ? Object.fromEntries(item.pick.map((key) => [key, projected[key]])) : projected;
    if (item.expected) expect(picked).toEqual(item.expected);
    if (item.expectedKeys) expect(Object.keys(projected).sort()).toEqual([...item.expectedKeys].sort());
    for (const key of item.absentKeys ?? []) expect(projected).not.toHaveProperty([key]);
  });

  it("removes a group's members when they are excluded", () => {
    const group = {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      id: "sales",
      displayName: "Sales",
      members: [{ value: "u1" }],
    };
    expect(projectResource(group, "Group", projection("Group", undefined, "members"))).toEqual({
      schemas: group.schemas,
      id: "sales",
      displayName: "Sales",
    });
  });

  it("leaves the resource as it is under the default projection, minus never-returned attributes", () => {
    const { password: _, ...rest } = fixture.user;
    expect(projectResource(fixture.user, "User", DEFAULT_PROJECTION)).toEqual(rest);
  });
});

describe("parseAttributeList", () => {
  it("resolves comma-separated names case-insensitively, URN-qualified or not", () => {
    const list = unwrap(
      parseAttributeList(
        "User",
        " userName , EMAILS.value,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
      ),
    );
    expect(list.map((item) => item.canonicalPath)).toEqual([
      "userName",
      "emails.value",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
    ]);
  });

  it("accepts an array of names, as a /.search body sends them", () => {
    const list = unwrap(parseAttributeList("Group", ["displayName", "members.value,meta"]));
    expect(list.map((item) => item.canonicalPath)).toEqual(["displayName", "members.value", "meta"]);
  });

  it("ignores unknown names and empty items", () => {
    expect(unwrap(parseAttributeList("User", "nosuch,,members")).map((item) => item.canonicalPath)).toEqual([]);
    expect(unwrap(parseAttributeList("User", undefined))).toEqual([]);
  });

  it("refuses text that is not attribute notation with invalidValue", () => {
    const result = parseAttributeList("User", 'emails[type eq "work"]');
    expect(result.ok ? undefined : result.error.code).toBe("invalidValue");
  });
});

describe("needsAttribute", () => {
  it("says whether a group's members will be returned", () => {
    expect(needsAttribute(DEFAULT_PROJECTION, "Group", "members")).toBe(true);
    expect(needsAttribute(projection("Group", undefined, "members"), "Group", "members")).toBe(false);
    expect(needsAttribute(projection("Group", undefined, "members.value"), "Group", "members")).toBe(true);
    expect(needsAttribute(projection("Group", "displayName"), "Group", "members")).toBe(false);
    expect(needsAttribute(projection("Group", "members.value"), "Group", "members")).toBe(true);
    expect(needsAttribute(projection("Group", "Members"), "Group", "members")).toBe(true);
  });

  it("knows always and never attributes", () => {
    expect(needsAttribute(projection("User", "userName"), "User", "id")).toBe(true);
    expect(needsAttribute(DEFAULT_PROJECTION, "User", "password")).toBe(false);
    expect(needsAttribute(DEFAULT_PROJECTION, "User", "nosuch")).toBe(true);
  });
});

describe("selection", () => {
  const userName = unwrap(parseAttributeList("User", "userName"))[0]!;
  const requestOnly = { ...userName, attribute: { ...userName.attribute, returned: "request" as const } };

  it("returns a request attribute only when attributes names it", () => {
    expect(selection(requestOnly, DEFAULT_PROJECTION)).toBe("none");
    expect(selection(requestOnly, { attributes: [requestOnly], excludedAttributes: [] })).toBe("whole");
    expect(selection(requestOnly, { attributes: [], excludedAttributes: [requestOnly] })).toBe("none");
  });

  it("returns a default attribute unless attributes leaves it out or it is excluded", () => {
    expect(selection(userName, DEFAULT_PROJECTION)).toBe("whole");
    expect(selection(userName, projection("User", "emails"))).toBe("none");
    expect(selection(userName, projection("User", undefined, "USERNAME"))).toBe("none");
  });
});

describe("projectResource's remembered decisions", () => {
  it("answers every fixture case the same when one projection serves many resources in turn", () => {
    for (const item of fixture.cases) {
      const shared = projection(item.resourceType, item.attributes, item.excludedAttributes);
      const other = { schemas: fixture.user["schemas"] ?? [], id: "other", userName: "other@example.com" };
      const first = projectResource(fixture.user, item.resourceType, shared);
      projectResource(other, item.resourceType, shared);
      expect(projectResource(fixture.user, item.resourceType, shared)).toEqual(first);
    }
  });

  it("decides by name whatever case a resource spells it in, as the schemas do", () => {
    const user: ScimObject = {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      id: "u1",
      userName: "u1@example.com",
      PASSWORD: "never shown",
      Password: "never shown either",
      EMAILS: [{ VALUE: "u1@example.com", Type: "work" }, {}],
    };
    for (let i = 0; i < 2; i++) {
      expect(projectResource(user, "User", DEFAULT_PROJECTION)).toEqual({
        schemas: user["schemas"],
        id: "u1",
        userName: "u1@example.com",
        EMAILS: [{ VALUE: "u1@example.com", Type: "work" }],
      });
      expect(projectResource(user, "User", projection("User", "emails.value"))).toEqual({
        schemas: user["schemas"],
        id: "u1",
        EMAILS: [{ VALUE: "u1@example.com" }],
      });
    }
  });

  it("keeps a `__proto__` attribute as an own property and never as a prototype", () => {
    const user = JSON.parse('{"schemas":[],"id":"u1","__proto__":{"polluted":true}}') as ScimObject;
    const projected = projectResource(user, "User", DEFAULT_PROJECTION);
    expect(Object.getPrototypeOf(projected)).toBe(Object.prototype);
    expect((projected as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.keys(projected)).toEqual(["schemas", "id", "__proto__"]);
  });

  it("still projects attribute names past the number it remembers", () => {
    const user: Record<string, unknown> = { schemas: [], id: "u1" };
    for (let i = 0; i < 3000; i++) user[`custom${i}`] = i;
    user["password"] = "secret";
    const projected = projectResource(user as ScimObject, "User", DEFAULT_PROJECTION);
    expect(Object.keys(projected)).toHaveLength(3002);
    expect(projected["password"]).toBeUndefined();
    expect(projectResource(user as ScimObject, "User", projection("User", "id"))).toEqual({ schemas: [], id: "u1" });
  });
});
