/** Runs the RFC 7644 §3.5.2 PATCH fixture table (apply-patch.fixtures.json) through the strict core: parseStrictPatchRequest and applyPatch. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ErrorCode, Result } from "../errors.ts";
import type { ScimObject } from "../resource/scim-object.ts";
import type { ResourceTypeName } from "../schema/schema-types.ts";
import { applyPatch } from "./apply-patch.ts";
import { parseStrictPatchRequest } from "./parse-strict-patch-request.ts";

interface Fixture {
  readonly name: string;
  readonly source: string;
  readonly resourceType: ResourceTypeName;
  readonly resource: ScimObject;
  readonly operations: unknown;
  readonly expected?: ScimObject;
  readonly error?: ErrorCode;
}

// Read with JSON.parse rather than imported, so a "__proto__" key stays an own property as it
// would in a request body.
const fixtures: readonly Fixture[] = JSON.parse(
  readFileSync(new URL("./apply-patch.fixtures.json", import.meta.url), "utf8"),
) as Fixture[];

function patch(fixture: Fixture): Result<ScimObject> {
  const operations = parseStrictPatchRequest(fixture.operations);
  return operations.ok ? applyPatch(fixture.resourceType, fixture.resource, operations.value) : operations;
}

describe("applyPatch fixtures", () => {
  it("has a fixture table of at least 50 cases", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(50);
  });

  it.each(fixtures.map((fixture) => [fixture.name, fixture] as const))("%s", (_, fixture) => {
    const before = JSON.stringify(fixture.resource);
    const result = patch(fixture);
    if (fixture.error !== undefined) {
      expect(result.ok ? result.value : result.error.code).toBe(fixture.error);
    } else {
      expect(result.ok ? result.value : result.error).toEqual(fixture.expected);
    }
    expect(JSON.stringify(fixture.resource)).toBe(before);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });
});
