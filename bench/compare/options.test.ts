import { describe, expect, it } from "vitest";
import { parseOptions } from "./options.ts";
import { SCENARIO_IDS } from "./scenarios/scenarios.ts";

describe("parseOptions", () => {
  it("defaults to 1k, 10k and 100k users, 10 s, 50 connections, every target and scenario", () => {
    const parsed = parseOptions({});
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value).toMatchObject({
      sizes: [1000, 10000, 100000],
      seconds: 10,
      connections: 50,
      targets: ["roster-sqlite", "roster-postgres", "floor", "scimmy"],
      postgresUrl: "postgres://postgres@127.0.0.1:5432/postgres",
      writeDocs: true,
    });
    expect(parsed.value.scenarios).toEqual(SCENARIO_IDS);
  });

  it("reads sizes with k and M suffixes, sorted and without repeats", () => {
    const parsed = parseOptions({ BENCH_SIZES: "1M, 1k,10_000,1000" });
    expect(parsed.ok && parsed.value.sizes).toEqual([1000, 10000, 1000000]);
  });

  it("keeps the fixed run order of the targets and scenarios it is given", () => {
    const parsed = parseOptions({ BENCH_TARGETS: "scimmy,floor", BENCH_SCENARIOS: "create-user,get-user" });
    expect(parsed.ok && parsed.value.targets).toEqual(["floor", "scimmy"]);
    expect(parsed.ok && parsed.value.scenarios).toEqual(["get-user", "create-user"]);
  });

  it("does not write the docs when BENCH_DOCS=0", () => {
    const parsed = parseOptions({ BENCH_DOCS: "0" });
    expect(parsed.ok && parsed.value.writeDocs).toBe(false);
  });

  it.each([
    [{ BENCH_SIZES: "ten" }, /BENCH_SIZES.*"ten"/],
    [{ BENCH_SIZES: "5" }, /BENCH_SIZES/],
    [{ BENCH_SECONDS: "0.5" }, /BENCH_SECONDS must be whole seconds/],
    [{ BENCH_CONNECTIONS: "0" }, /BENCH_CONNECTIONS must be from 1/],
    [{ BENCH_TARGETS: "roster,floor" }, /BENCH_TARGETS: unknown roster; choose from roster-sqlite/],
    [{ BENCH_SCENARIOS: "get" }, /BENCH_SCENARIOS: unknown get/],
    [{ BENCH_POSTGRES_URL: "mysql://x" }, /BENCH_POSTGRES_URL must be postgres/],
  ])("refuses %o with a one-line reason", (env, message) => {
    const parsed = parseOptions(env);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toMatch(message);
    expect(parsed.error).not.toContain("\n");
  });
});
