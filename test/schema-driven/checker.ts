/**
 * The schema-driven SCIM checker: every test below is derived from what the server's discovery
 * documents declare (attributes, types, mutability, returned, uniqueness, referenceTypes), in the
 * manner of scim2-tester or Microsoft's SCIM Validator, and judged by RFC 7643 / RFC 7644.
 *
 * Where Roster documents a behaviour the RFCs leave open (docs/provisioning.md), the checker
 * follows it; those places are gathered in `ROSTER_PROFILE`. Where Roster does not do what the RFCs
 * require, the test keeps the RFC's assertion and is listed in `KNOWN_BUGS` (run as `test.fails`).
 */
import { afterAll, beforeAll, describe, expect, type TestContext, test } from "vitest";
import { type GeneratorOptions, type ResourceRef, ValueGenerator } from "./generator.ts";
import { checkerSeed, Rng } from "./prng.ts";
import { describeExchange, type ScimClient, type ScimResponse } from "./scim-client.ts";
import { type DatabaseKind, startTarget, type Target } from "./target.ts";
import { defineDiscoveryTests } from "./tests/discovery-tests.ts";
import { defineErrorTests } from "./tests/error-tests.ts";
import { defineFilterTests } from "./tests/filter-tests.ts";
import { defineGroupTests } from "./tests/group-tests.ts";
import { defineLifecycleTests } from "./tests/lifecycle-tests.ts";
import { definePatchTests } from "./tests/patch-tests.ts";
import { defineProjectionTests } from "./tests/projection-tests.ts";
import { defineSortPageTests } from "./tests/sort-page-tests.ts";
import { defineTargetedTests } from "./tests/targeted-tests.ts";

/** What one `define…Tests` needs: the target, reproducible randomness, and shared helpers. */
export interface CheckerContext {
  readonly kind: DatabaseKind;
  readonly seed: number;
  /** Valid once `beforeAll` ran. */
  target(): Target;
  client(): ScimClient;
  /** A generator with its own stream, derived from the seed and `label`. */
  generator(label: string, options?: GeneratorOptions): ValueGenerator;
  /** A vitest test, or `test.fails` when `KNOWN_BUGS` lists it. */
  check(name: string, body: (test: TestContext) => Promise<void>): void;
  /** Whether `KNOWN_BUGS` lists a test of this name (random cases keep away from known bugs). */
  isKnownBug(name: string): boolean;
}

/** The seed of this run, shown in every suite title so that a failure can be reproduced. */
export const SEED = checkerSeed();

/**
 * Places where RFC 7643/7644 leave room and Roster documents its choice (docs/provisioning.md,
 * docs/operations.md), and the checker follows it:
 * - User ids are the chosen email (trimmed), else userName; Group ids the normalized displayName
 *   (tests named "Roster: …" check these); the generator's strings all carry a random token, so
 *   emails and display names never collide, as `uniqueness: server` values never do;
 * - userName is seen per provider segment ("Roster: userName is seen per provider");
 * - members must be Users of the tenant (the schema says so: `referenceTypes: ["User"]`);
 * - `password` is writeOnly / returned never (the schema says so);
 * - PATCH of a Group answers 204, or 200 when a projection is asked for;
 * - strings compare (`gt`, `lt`, `sortBy`) by Unicode code point, the order of their UTF-8 bytes
 *   (RFC 7644 §3.4.2.2 says "lexicographically" without naming an order; docs/scim-resources.md);
 * - memberships (a group's `members`, a user's `groups`) are not sortable: `sortBy` naming them
 *   is 400 invalidValue (docs/scim-resources.md), as RFC 7644 §3.4.2.3 lets a provider decline.
 */
export const ROSTER_PROFILE = {
  /** PATCH of a Group answers 204 (RFC 7644 §3.5.2 allows 200 with the resource, or 204). */
  groupPatchStatuses: [200, 204],
  /** Attributes `sortBy` refuses with 400 invalidValue: memberships, which have no order of their own. */
  unsortableAttributes: ["members", "groups"],
  /** How many users the reference pool holds (group members, managers point at them). */
  poolSize: 8,
} as const;

export interface KnownBug {
  /** The tests it fails: a name, or a pattern over names. */
  readonly tests: string | RegExp;
  /** The databases that show it (all when absent). */
  readonly kinds?: readonly DatabaseKind[];
  readonly reason: string;
}

/**
 * Real Roster bugs the checker finds. Each failing test runs as `test.fails`: the assertion stays
 * as the RFC wants it, the suite stays green, and a fix makes the test "unexpectedly pass", which
 * asks for the entry to be removed. Every entry fails for any seed: bugs that only some generated
 * values reveal have a targeted test (tests/targeted-tests.ts), and the generator avoids what
 * reveals them (`AVOIDED_CHARACTERS`).
 */
export const KNOWN_BUGS: readonly KnownBug[] = [];

/** Characters the generator leaves out because they reveal a known bug in random places (none at present). */
export const AVOIDED_CHARACTERS: ReadonlyMap<string, string> = new Map();

/** `SCIM_CHECKER_SHOW_KNOWN_BUGS=1` runs the known-bug tests as plain tests, to read their failures. */
const SHOW_KNOWN_BUGS = process.env["SCIM_CHECKER_SHOW_KNOWN_BUGS"] === "1";

function knownBug(kind: DatabaseKind, name: string): string | undefined {
  if (SHOW_KNOWN_BUGS) return undefined;
  const bug = KNOWN_BUGS.find(
    (b) =>
      (b.kinds === undefined || b.kinds.includes(kind)) &&
      (typeof b.tests === "string" ? b.tests === name : b.tests.test(name)),
  );
  return bug?.reason;
}

/** Fails with the exchanges that led to the problems. */
export function expectNoProblems(
  problems: readonly string[],
  ...responses: readonly (ScimResponse | undefined)[]
): void {
  const exchanges = responses.flatMap((r) => (r ? [describeExchange(r)] : []));
  expect(problems, `${problems.join("\n")}\n--- exchanges ---\n${exchanges.join("\n")}`).toEqual([]);
}

export function expectStatus(response: ScimResponse, ...statuses: number[]): void {
  expect(statuses, `expected status ${statuses.join(" or ")}\n${describeExchange(response)}`).toContain(
    response.status,
  );
}

export async function defineChecker(kind: DatabaseKind): Promise<void> {
  // The server is started while the tests are collected: the tests themselves are derived from
  // its discovery documents (one test per attribute and operation).
  const target = await startTarget(kind);
  const root = new Rng(SEED);
  const pools = new Map<string, ResourceRef[]>();

  const context: CheckerContext = {
    kind,
    seed: SEED,
    target: () => target,
    client: () => target.client,
    generator: (label, options) =>
      new ValueGenerator(root.fork(`${kind}:${label}`), {
        references: (resourceType) => pools.get(resourceType) ?? [],
        avoidCharacters: AVOIDED_CHARACTERS,
        ...options,
      }),
    check(name, body) {
      const reason = knownBug(kind, name);
      if (reason === undefined) test(name, (t) => body(t));
      else test.fails(`${name} [known Roster bug: ${reason}]`, (t) => body(t));
    },
    isKnownBug: (name) => knownBug(kind, name) !== undefined,
  };

  describe(`schema-driven SCIM checker on ${kind} (seed ${SEED}, SCIM_CHECKER_SEED to change)`, () => {
    beforeAll(async () => {
      // The reference pool: Users that generated `$ref` values (group members, managers) point at.
      const users = target.discovery.model("User");
      const gen = context.generator("pool");
      const pool: ResourceRef[] = [];
      pools.set(users.type.name, pool);
      for (let i = 0; i < ROSTER_PROFILE.poolSize; i++) {
        const response = await target.client.post(users.type.endpoint, gen.resource(users));
        if (response.status !== 201)
          throw new Error(`the reference pool could not be created\n${describeExchange(response)}`);
        const body = response.body as { id: string; meta: { location: string } };
        pool.push({ resourceType: users.type.name, id: body.id, location: body.meta.location });
      }
    });
    afterAll(() => target.close());

    defineDiscoveryTests(context);
    for (const resourceType of ["User", "Group"]) {
      describe(resourceType, () => {
        defineLifecycleTests(context, resourceType);
        defineFilterTests(context, resourceType);
        definePatchTests(context, resourceType);
        defineProjectionTests(context, resourceType);
        defineSortPageTests(context, resourceType);
        defineErrorTests(context, resourceType);
      });
    }
    defineGroupTests(context);
    defineTargetedTests(context);
  });
}
