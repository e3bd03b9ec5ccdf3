/**
 * A tiny end-to-end run, so the harness does not rot: real server processes (the floor, SCIMMY,
 * Roster on SQLite) at 100 users, one second per phase. Asserts that requests were answered
 * and checked, never how fast.
 */
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededRandom } from "./dataset.ts";
import { HttpClient } from "./run/http-client.ts";
import { runLoad } from "./run/load.ts";
import { type MeasureOptions, measureTarget } from "./run/measure-target.ts";
import { checkResponse } from "./scenarios/expectations.ts";
import { SCENARIOS } from "./scenarios/scenarios.ts";
import type { PreparedTarget } from "./targets/roster-target.ts";
import { prepareTarget, type TargetName } from "./targets/targets.ts";

const USERS = 100;
const token = "smoke-test-token";
const targetOptions = {
  root: fileURLToPath(new URL("../../", import.meta.url)),
  tempDirectory: tmpdir(),
  postgresUrl: process.env["ROSTER_TEST_POSTGRES_URL"] ?? "postgres://postgres@127.0.0.1:5432/postgres",
  token,
  log: () => {},
};

function measureOptions(scenarios: string[]): MeasureOptions {
  return {
    seconds: 1,
    warmupSeconds: 0,
    serialSeconds: 0,
    connections: 4,
    scenarios,
    syncUsers: 20,
    syncGroups: 2,
    syncTimeoutSeconds: 30,
    slowMs: 500,
    seed: 1,
    token,
    users: USERS,
    log: () => {},
  };
}

function withTarget(name: TargetName, body: (target: PreparedTarget) => void) {
  describe(name, () => {
    let target: PreparedTarget;
    beforeAll(async () => {
      target = await prepareTarget(name, USERS, targetOptions);
    }, 60_000);
    afterAll(async () => {
      await target?.dispose();
    });
    body(new Proxy({} as PreparedTarget, { get: (_, key) => Reflect.get(target, key) }));
  });
}

withTarget("floor", (target) => {
  it("answers every read scenario's planned requests as the scenario expects", async () => {
    const client = new HttpClient(target.server.origin, { authorization: `Bearer ${token}` });
    try {
      for (const scenario of SCENARIOS) {
        // The writes change the tenant the reads plan against; they are measured in the next test.
        if (scenario.kind !== "load" || scenario.id === "create-user" || scenario.id === "patch-group-member") continue;
        const state = { users: USERS, random: seededRandom(3), counter: 0 };
        for (let k = 0; k < 5; k++) {
          const planned = scenario.plan(state);
          const answer = await client.send(planned.method, planned.path, planned.body && JSON.parse(planned.body));
          expect(
            checkResponse(planned.expect, answer.status, answer.body),
            `${scenario.id}: ${planned.path}`,
          ).toBeUndefined();
        }
      }
    } finally {
      client.close();
    }
  });

  it("measures scenarios under load and the initial sync, every checked answer right", async () => {
    const ids = ["get-user", "filter-work-email", "deep-page", "create-user", "patch-group-member", "initial-sync"];
    const results = await measureTarget(target.server, measureOptions(ids));
    expect(results.map((r) => r.scenario)).toEqual(ids);
    for (const result of results.filter((r) => r.load)) {
      expect(result.error).toBeUndefined();
      expect(result.load!.requests).toBeGreaterThan(0);
      expect(result.load!.checked).toBeGreaterThan(0);
      expect(result.load!.failed).toBe(0);
      expect(Object.keys(result.load!.statuses).every((s) => s.startsWith("2"))).toBe(true);
      expect(result.rssMaxMb).toBeGreaterThan(0);
      expect(result.peakMb).toBeGreaterThanOrEqual(result.rssMaxMb - 1);
    }
    const sync = results.find((r) => r.scenario === "initial-sync")?.sync;
    expect(sync).toMatchObject({ usersDone: 20, groupsDone: 2, completed: true, failed: 0 });
  }, 60_000);

  it("measures a scenario whose one request is too slow on one connection only, and says so", async () => {
    const [result] = await measureTarget(target.server, {
      ...measureOptions(["get-user"]),
      serialSeconds: 1,
      slowMs: 0,
    });
    expect(result!.load).toBeUndefined();
    expect(result!.serial!.requests).toBeGreaterThan(0);
    expect(result!.serial!.failures).toEqual([]);
    expect(result!.note).toMatch(/over BENCH_SLOW_MS 0\): measured on one connection only/);
  }, 60_000);

  it("counts a wrong answer as wrong, however fast it came", async () => {
    const stats = await runLoad({
      origin: target.server.origin,
      headers: { authorization: `Bearer ${token}` },
      connections: 2,
      seconds: 1,
      plan: () => ({
        method: "GET",
        path: "/scim/v2/bench/EntraID/Users/user0000001%40example.com",
        expect: { kind: "resource", id: "user0000002@example.com" },
      }),
    });
    expect(stats.requests).toBeGreaterThan(0);
    expect(stats.failed).toBe(stats.checked);
    expect(stats.failures[0]).toMatch(/id "user0000001@example.com", expected user0000002@example.com/);
  });
});

withTarget("scimmy", (target) => {
  it("serves the scenarios through SCIMMY's handlers", async () => {
    const results = await measureTarget(target.server, measureOptions(["get-user", "filter-group-members"]));
    for (const result of results) {
      expect(result.load!.requests).toBeGreaterThan(0);
      expect(result.load!.failed).toBe(0);
    }
  }, 60_000);
});

withTarget("roster-sqlite", (target) => {
  it("seeds Roster through its storage layer and serves it as a separate process", async () => {
    expect(target.server.command).toMatch(/dist\/main\.js|src\/main\.ts/);
    const results = await measureTarget(target.server, measureOptions(["filter-username"]));
    expect(results[0]!.load!.requests).toBeGreaterThan(0);
    expect(results[0]!.load!.failed).toBe(0);
  }, 60_000);
});
