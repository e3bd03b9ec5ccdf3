/** Fixture-table tests for resolving filter paths against the User and Group schemas. */
import { describe, expect, it } from "vitest";
import { resolveAttribute } from "../schema/resolve-attribute.ts";
import type { ResourceTypeName } from "../schema/schema-types.ts";
import type { Filter } from "./filter-ast.ts";
import { parseFilter } from "./parse-filter.ts";
import fixtures from "./resolve-filter.fixtures.json" with { type: "json" };
import { resolveFilter, resolveValueFilter } from "./resolve-filter.ts";
import type { ResolvedFilter } from "./resolved-filter.ts";

/** The resolved tree with each attribute reduced to its canonical path, as the fixtures spell it. */
function summarize(filter: ResolvedFilter): unknown {
  switch (filter.kind) {
    case "compare":
      return { kind: filter.kind, path: filter.attr.canonicalPath, op: filter.op, value: filter.value };
    case "present":
      return { kind: filter.kind, path: filter.attr.canonicalPath };
    case "and":
    case "or":
      return { kind: filter.kind, left: summarize(filter.left), right: summarize(filter.right) };
    case "not":
      return { kind: filter.kind, filter: summarize(filter.filter) };
    case "valuePath":
      return { kind: filter.kind, path: filter.attr.canonicalPath, filter: summarize(filter.filter) };
  }
}

function parsed(text: string): Filter {
  const result = parseFilter(text);
  if (!result.ok) throw result.error;
  return result.value;
}

describe("resolveFilter", () => {
  it.each(fixtures.valid)("resolves $filter on $resourceType", ({ resourceType, filter, expected }) => {
    const result = resolveFilter(resourceType as ResourceTypeName, parsed(filter));
    if (!result.ok) throw result.error;
    expect(summarize(result.value)).toEqual(expected);
  });

  it.each(fixtures.invalid)("refuses $filter on $resourceType with $code", ({ resourceType, filter, code }) => {
    const result = resolveFilter(resourceType as ResourceTypeName, parsed(filter));
    expect(result.ok ? undefined : result.error.code).toBe(code);
  });

  it("names the unknown attribute in the detail", () => {
    const result = resolveFilter("User", parsed('nickname2 eq "x"'));
    expect(result.ok ? undefined : result.error.message).toBe('unknown attribute "nickname2"');
  });

  it("keeps the attribute definitions, so caseExact is known", () => {
    const result = resolveFilter("User", parsed('id eq "a" and userName eq "b"'));
    if (!result.ok || result.value.kind !== "and") throw new Error("expected an and");
    const { left, right } = result.value;
    expect(left.kind === "compare" && left.attr.attribute.caseExact).toBe(true);
    expect(right.kind === "compare" && right.attr.attribute.caseExact).toBe(false);
  });
});

describe("resolveValueFilter", () => {
  const emails = resolveAttribute("User", { uri: undefined, name: "emails", subAttr: undefined })!;

  it("resolves bare sub-attribute names of the parent, case-insensitively", () => {
    const result = resolveValueFilter(emails, parsed('TYPE eq "work" and primary eq "True"'));
    if (!result.ok) throw result.error;
    expect(summarize(result.value)).toEqual({
      kind: "and",
      left: { kind: "compare", path: "emails.type", op: "eq", value: "work" },
      right: { kind: "compare", path: "emails.primary", op: "eq", value: true },
    });
  });

  it.each([
    ['label eq "x"', "an unknown sub-attribute"],
    ['emails.type eq "x"', "a dotted path"],
    ['urn:ietf:params:scim:schemas:core:2.0:User:type eq "x"', "a qualified path"],
    ['x[type eq "x"]', "a nested value path"],
    ["primary gt true", "an ordering on a boolean"],
  ])("refuses %s (%s) with invalidFilter", (text) => {
    const result = resolveValueFilter(emails, parsed(text));
    expect(result.ok ? undefined : result.error.code).toBe("invalidFilter");
  });
});
