/** Fixture-table tests for in-memory filter evaluation against canonical User and Group resources. */
import { describe, expect, it } from "vitest";
import type { JsonValue } from "../resource/scim-object.ts";
import { resolveAttribute } from "../schema/resolve-attribute.ts";
import type { ResourceTypeName } from "../schema/schema-types.ts";
import fixtures from "./evaluate-filter.fixtures.json" with { type: "json" };
import { evaluateFilter, evaluateValueFilter } from "./evaluate-filter.ts";
import { parseFilter } from "./parse-filter.ts";
import { resolveFilter, resolveValueFilter } from "./resolve-filter.ts";
import type { ResolvedFilter } from "./resolved-filter.ts";

const resources = fixtures.resources as Record<ResourceTypeName, Record<string, JsonValue>>;

function resolved(resourceType: ResourceTypeName, text: string): ResolvedFilter {
  const parsed = parseFilter(text);
  if (!parsed.ok) throw parsed.error;
  const result = resolveFilter(resourceType, parsed.value);
  if (!result.ok) throw result.error;
  return result.value;
}

describe("evaluateFilter", () => {
  it.each(fixtures.cases)("$filter matches $matches", ({ resourceType, filter, matches }) => {
    const type = resourceType as ResourceTypeName;
    const tree = resolved(type, filter);
    const matched = Object.entries(resources[type])
      .filter(([, resource]) => evaluateFilter(resource, tree))
      .map(([name]) => name);
    expect(matched).toEqual(matches);
  });

  it("treats ne as the complement of eq on every resource", () => {
    for (const path of ["emails.type", "title", "userName", "active"]) {
      const value = path === "active" ? "true" : '"work"';
      const eq = resolved("User", `${path} eq ${value}`);
      const ne = resolved("User", `${path} ne ${value}`);
      for (const resource of Object.values(resources.User)) {
        expect(evaluateFilter(resource, ne)).toBe(!evaluateFilter(resource, eq));
      }
    }
  });

  it("does not match a resource that is not an object", () => {
    const tree = resolved("User", 'userName eq "x"');
    expect(evaluateFilter(null, tree)).toBe(false);
    expect(evaluateFilter(["x"], tree)).toBe(false);
  });

  it("reads differently cased keys when a resource is not canonical", () => {
    expect(evaluateFilter({ USERNAME: "bjensen" }, resolved("User", 'userName eq "bjensen"'))).toBe(true);
  });
});

describe("evaluateValueFilter", () => {
  const emails = resolveAttribute("User", { uri: undefined, name: "emails", subAttr: undefined })!;

  function valueFilter(text: string): ResolvedFilter {
    const parsed = parseFilter(text);
    if (!parsed.ok) throw parsed.error;
    const result = resolveValueFilter(emails, parsed.value);
    if (!result.ok) throw result.error;
    return result.value;
  }

  it.each([
    ['type eq "work"', { type: "Work", value: "a@x.org" }, true],
    ['type eq "work" and value ew "@X.ORG"', { type: "work", value: "a@x.org" }, true],
    ['type eq "work" and primary eq true', { type: "work", value: "a@x.org" }, false],
    ["not (primary eq true)", { type: "work" }, true],
    ["primary eq true", { primary: true }, true],
    ["value pr", { value: "" }, false],
    ['type ne "work"', { value: "a@x.org" }, true],
  ] as const)("%s on %j is %s", (text, element, expected) => {
    expect(evaluateValueFilter(element, valueFilter(text))).toBe(expected);
  });
});
