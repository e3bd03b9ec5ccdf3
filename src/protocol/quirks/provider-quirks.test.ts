/** Runs provider-dialect requests (provider-quirks.fixtures.json) through the pipeline, and checks the registry. */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ErrorCode, Result } from "../errors.ts";
import { applyPatch } from "../patch/apply-patch.ts";
import { parsePatchRequest } from "../patch/parse-patch-request.ts";
import { parseStrictPatchRequest } from "../patch/parse-strict-patch-request.ts";
import { planGroupPatch } from "../patch/plan-group-patch.ts";
import { parseResource } from "../resource/parse-resource.ts";
import { type JsonValue, type ScimObject, URN } from "../resource/scim-object.ts";
import type { ResourceTypeName } from "../schema/schema-types.ts";
import { applyQuirks, normalizePatchRequest, normalizeResourceBody, PROVIDER_QUIRKS } from "./provider-quirks.ts";
import type { Quirk } from "./quirk.ts";

interface Fixture {
  readonly name: string;
  readonly quirks: readonly string[];
  readonly source: string;
  readonly run: "applyPatch" | "planGroupPatch" | "parseResource";
  readonly resourceType: ResourceTypeName;
  readonly resource?: ScimObject;
  readonly body: unknown;
  readonly expected?: JsonValue;
  readonly error?: ErrorCode;
}

const fixtures: readonly Fixture[] = JSON.parse(
  readFileSync(new URL("./provider-quirks.fixtures.json", import.meta.url), "utf8"),
) as Fixture[];

function run(fixture: Fixture): Result<unknown> {
  if (fixture.run === "parseResource") return parseResource(fixture.resourceType, fixture.body, "EntraID");
  const operations = parsePatchRequest(fixture.body, { resourceType: fixture.resourceType, provider: "Okta" });
  if (!operations.ok) return operations;
  if (fixture.run === "applyPatch") return applyPatch(fixture.resourceType, fixture.resource!, operations.value);
  const plan = planGroupPatch(operations.value);
  return plan.ok ? { ok: true, value: plan.value.memberChanges } : plan;
}

function plannedChanges(fixture: Fixture): JsonValue | undefined {
  const expected = fixture.expected as { memberChanges?: JsonValue } | undefined;
  return fixture.run === "planGroupPatch" ? expected?.memberChanges : fixture.expected;
}

describe("requests in providers' dialects, through quirks and the strict core", () => {
  it.each(fixtures.map((fixture) => [fixture.name, fixture] as const))("%s", (_, fixture) => {
    const kind = fixture.run === "parseResource" ? "resource" : "patch";
    const request = { kind, resourceType: fixture.resourceType, provider: "", body: fixture.body } as const;
    expect(applyQuirks(PROVIDER_QUIRKS, request).applied).toEqual(fixture.quirks);
    const result = run(fixture);
    if (fixture.error !== undefined) expect(result.ok ? result.value : result.error.code).toBe(fixture.error);
    else expect(result.ok ? result.value : result.error).toEqual(plannedChanges(fixture));
  });

  it("covers every quirk with at least one fixture", () => {
    const covered = new Set(fixtures.flatMap((fixture) => fixture.quirks));
    expect(PROVIDER_QUIRKS.map((quirk) => quirk.id).filter((id) => !covered.has(id))).toEqual([]);
  });
});

describe("PROVIDER_QUIRKS", () => {
  it("has unique ids named after their modules, each with a summary and a source URL", () => {
    const ids = PROVIDER_QUIRKS.map((quirk) => quirk.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const quirk of PROVIDER_QUIRKS) {
      expect(quirk.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(() => readFileSync(new URL(`./${quirk.id}.ts`, import.meta.url))).not.toThrow();
      expect(quirk.summary.length).toBeGreaterThan(20);
      expect(quirk.source).toMatch(/^https:\/\//);
      expect(Object.isFrozen(quirk)).toBe(true);
    }
  });

  it("are all documented in docs/identity-providers-quirks.md with their source", () => {
    const doc = readFileSync(new URL("../../../docs/identity-providers-quirks.md", import.meta.url), "utf8");
    for (const quirk of PROVIDER_QUIRKS) {
      expect(doc).toContain(`\`${quirk.id}\``);
      expect(doc).toContain(quirk.source);
    }
  });
});

describe("applyQuirks", () => {
  const upper: Quirk = {
    id: "test-upper",
    summary: "upper-cases a string body, for the test",
    source: "https://example.test",
    kinds: ["resource"],
    providers: ["OneLogin"],
    matches: (request) => typeof request.body === "string",
    rewrite: (request) => String(request.body).toUpperCase(),
  };

  it("applies a provider-keyed quirk only under its provider segment, compared case-insensitively", () => {
    const request = { kind: "resource", resourceType: "User", body: "x" } as const;
    expect(applyQuirks([upper], { ...request, provider: "onelogin" })).toEqual({ body: "X", applied: ["test-upper"] });
    expect(applyQuirks([upper], { ...request, provider: "Okta" })).toEqual({ body: "x", applied: [] });
    expect(applyQuirks([upper], { ...request, kind: "patch", provider: "OneLogin" }).applied).toEqual([]);
  });

  it("returns the very body it was given when no quirk matches", () => {
    const body = { schemas: [URN.patchOp], Operations: [{ op: "replace", path: "active", value: false }] };
    expect(normalizePatchRequest(body, { resourceType: "User", provider: "EntraID" })).toBe(body);
    const user = { schemas: [URN.user], userName: "a", active: true };
    expect(normalizeResourceBody("User", user, "Okta")).toBe(user);
  });
});

describe("normalization on arbitrary input", () => {
  const NAMES = ["op", "Op", "path", "value", "active", "emails", "members", "manager", "schemas", "__proto__", "x"];
  const values = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom(
      "True",
      "False",
      "members",
      'emails[type eq "work"].value',
      "Remove",
      "Add",
      ["u1"],
      [{ value: "u" }],
    ),
  );
  const objects = fc
    .array(fc.tuple(fc.constantFrom(...NAMES), values), { maxLength: 5 })
    .map((entries) =>
      JSON.parse(`{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(",")}}`),
    );
  const patchBodies = fc
    .array(objects, { maxLength: 4 })
    .map((operations) => ({ schemas: [URN.patchOp], Operations: operations }) as unknown);

  it("never throws, never mutates its input and never pollutes Object.prototype", () => {
    fc.assert(
      fc.property(
        fc.oneof(patchBodies, fc.jsonValue()),
        fc.constantFrom<ResourceTypeName | undefined>("User", "Group", undefined),
        (body, resourceType) => {
          const before = JSON.stringify(body);
          normalizePatchRequest(body, { resourceType });
          normalizeResourceBody(resourceType ?? "User", body);
          expect(JSON.stringify(body)).toBe(before);
          expect(({} as Record<string, unknown>)["active"]).toBeUndefined();
        },
      ),
      { numRuns: 400 },
    );
  });

  it("is idempotent: a normalized body normalizes to itself", () => {
    fc.assert(
      fc.property(patchBodies, fc.constantFrom<ResourceTypeName>("User", "Group"), (body, resourceType) => {
        const once = normalizePatchRequest(body, { resourceType });
        expect(normalizePatchRequest(once, { resourceType })).toEqual(once);
      }),
      { numRuns: 300 },
    );
  });

  it("never rewrites the op names or removals that the strict parser accepts", () => {
    fc.assert(
      fc.property(patchBodies, fc.constantFrom<ResourceTypeName>("User", "Group"), (body, resourceType) => {
        if (parseStrictPatchRequest(body).ok) {
          const request = { kind: "patch", resourceType, provider: "", body } as const;
          const applied = applyQuirks(PROVIDER_QUIRKS, request).applied;
          expect(applied).not.toContain("entra-capitalized-op");
          expect(applied).not.toContain("entra-remove-value-array");
        }
      }),
      { numRuns: 300 },
    );
  });
});
