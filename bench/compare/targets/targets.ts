/** The servers a run can measure, by name, and how each is prepared for a size. */
import { performance } from "node:perf_hooks";
import { startServer } from "../run/server-process.ts";
import { type PreparedTarget, prepareRoster, type RosterTargetOptions } from "./roster-target.ts";

/** Every target, in the order a run measures them. */
export const TARGET_NAMES = Object.freeze(["roster-sqlite", "roster-postgres", "floor", "scimmy"] as const);
/** One of TARGET_NAMES. */
export type TargetName = (typeof TARGET_NAMES)[number];

/** What every target is prepared with. */
export type TargetOptions = RosterTargetOptions;

/** In-memory servers seed at start; at 1M users that takes a while. */
function inMemory(name: "floor" | "scimmy", users: number, options: TargetOptions): Promise<PreparedTarget> {
  const script = name === "floor" ? "bench/compare/floor/floor-server.ts" : "bench/compare/scimmy/scimmy-server.ts";
  const started = performance.now();
  return startServer({
    name,
    command: process.execPath,
    args: ["--max-old-space-size=8192", "--import", "tsx", script],
    cwd: options.root,
    env: { BENCH_USERS: String(users), BENCH_TOKEN: options.token, NODE_ENV: "production" },
    readyTimeoutMs: 120_000 + users * 2,
  }).then((server) => {
    options.track?.(() => server.stop());
    return {
      server,
      seedSeconds: (performance.now() - started) / 1000,
      notes: [],
      dispose: () => server.stop(),
    };
  });
}

/** Seeds `users` users into a fresh instance of `name` and starts it. */
export function prepareTarget(name: TargetName, users: number, options: TargetOptions): Promise<PreparedTarget> {
  switch (name) {
    case "roster-sqlite":
      return prepareRoster("sqlite", users, options);
    case "roster-postgres":
      return prepareRoster("postgres", users, options);
    case "floor":
    case "scimmy":
      return inMemory(name, users, options);
  }
}
