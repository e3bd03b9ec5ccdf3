/**
 * Identity-provider conformance: replays the request sequences of Entra ID, Okta and OneLogin,
 * written from their public documentation (fixtures/*.json), against a running Roster over HTTP.
 * on SQLite and on PostgreSQL. One test per step; steps marked `knownFailure` are skipped and reported after the fixture.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DATABASE_KINDS } from "../../src/storage/testing/test-databases.ts";
import { type Fixture, parseFixture } from "./fixture.ts";
import { describeResponse, replayFixture, type StepOutcome } from "./replay.ts";
import { type RunningRoster, startRoster } from "./running-roster.ts";

const FIXTURES = join(import.meta.dirname, "fixtures");

function loadFixtures(): { file: string; fixture: Fixture }[] {
  return readdirSync(FIXTURES)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => {
      const parsed = parseFixture(JSON.parse(readFileSync(join(FIXTURES, file), "utf8")));
      if (!parsed.ok) throw new Error(`${file}: ${parsed.error}`);
      return { file, fixture: parsed.value };
    });
}

/** One tenant per fixture, named after the file, so that fixtures never see each other's data. */
function tenantIdOf(file: string): string {
  return basename(file, ".json").replace(/[^A-Za-z0-9_-]/g, "-");
}

function knownFailureReport(fixture: Fixture, outcomes: readonly StepOutcome[]): string[] {
  return outcomes.flatMap((outcome, index) => {
    const reason = outcome.step.knownFailure;
    if (reason === undefined) return [];
    const head = `[${fixture.provider}] ${fixture.title} — step ${index + 1} "${outcome.step.name}": ${reason}`;
    if (outcome.problems.length === 0) return [`${head}\n    NOW PASSES: remove its knownFailure mark`];
    return [`${head}\n    ${outcome.problems.join("\n    ")}\n    actual: ${describeResponse(outcome.response)}`];
  });
}

describe.each(DATABASE_KINDS)("on %s", (kind) => {
  let roster: RunningRoster;

  beforeAll(async () => {
    roster = await startRoster(kind);
  });

  afterAll(async () => {
    await roster?.close();
  });

  for (const { file, fixture } of loadFixtures()) {
    describe(`${fixture.provider}: ${fixture.title} (${file})`, () => {
      let outcomes: StepOutcome[] = [];

      beforeAll(async () => {
        const tenant = await roster.addTenant(tenantIdOf(file));
        const baseUrl = roster.scimBaseUrl(tenant.tenantId, fixture.provider);
        outcomes = await replayFixture(fixture, { baseUrl, tenantId: tenant.tenantId, token: tenant.token });
      });

      afterAll(() => {
        const report = knownFailureReport(fixture, outcomes);
        if (report.length > 0) console.warn(`Known failures (skipped):\n${report.join("\n")}`);
      });

      for (const [index, step] of fixture.steps.entries()) {
        const name = `${String(index + 1).padStart(2, "0")}. ${step.name}`;
        if (step.knownFailure !== undefined) {
          test.skip(`${name} [known failure: ${step.knownFailure}]`, () => {});
          continue;
        }
        test(name, () => {
          const outcome = outcomes[index];
          expect(outcome, "the fixture did not run").toBeDefined();
          expect(outcome?.problems, describeResponse(outcome?.response)).toEqual([]);
        });
      }
    });
  }
});
