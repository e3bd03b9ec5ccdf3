/**
 * `npm run bench:compare`: Roster on SQLite and PostgreSQL, the bare-fastify floor and SCIMMY,
 * each in its own process, under the same scenarios at every size of BENCH_SIZES, one target at
 * a time; the load generator runs here. Prints the report, writes the raw results to
 * bench/results/ and the report into docs/performance.md. Prints numbers, asserts nothing.
 */
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseOptions } from "./options.ts";
import { replaceSection } from "./report/markdown-section.ts";
import { renderReport } from "./report/report.ts";
import { measureTarget } from "./run/measure-target.ts";
import { commit, machine, type RunResult, type TargetRun, writeResults } from "./run/results.ts";
import type { PreparedTarget } from "./targets/roster-target.ts";
import { prepareTarget } from "./targets/targets.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const log = (line: string) => process.stderr.write(`${line}\n`);

const parsed = parseOptions(process.env);
if (!parsed.ok) {
  process.stderr.write(`bench:compare: ${parsed.error}\n`);
  process.exit(1);
}
const options = parsed.value;
const token = randomBytes(24).toString("base64url");
const started = performance.now();
const date = new Date().toISOString();
const runs: TargetRun[] = [];

// Ctrl-C (even while seeding) stops the server being measured and removes its database before exiting.
let pending: (() => Promise<void>)[] = [];
let interrupted = false;
process.on("SIGINT", () => {
  if (interrupted) process.exit(130);
  interrupted = true;
  log("interrupted: stopping the server and removing its database");
  // Seeding connections die with the database being dropped under them; we are leaving anyway.
  process.on("uncaughtException", () => {});
  const cleanups = [...pending].reverse();
  void (async () => {
    for (const cleanup of cleanups) await cleanup().catch(() => {});
  })().finally(() => process.exit(130));
});

log(
  `bench:compare: sizes ${options.sizes.join(", ")}; targets ${options.targets.join(", ")}; ${options.scenarios.length} scenarios`,
);
for (const size of options.sizes) {
  for (const target of options.targets) {
    if (interrupted) break;
    log(`${target} at ${size.toLocaleString("en-US")} users: seeding and starting`);
    let prepared: PreparedTarget | undefined;
    try {
      prepared = await prepareTarget(target, size, {
        root,
        tempDirectory: options.tempDirectory,
        postgresUrl: options.postgresUrl,
        token,
        log,
        track: (cleanup) => pending.push(cleanup),
      });
      for (const note of prepared.notes) log(`  note: ${note}`);
      const scenarios = await measureTarget(prepared.server, { ...options, token, users: size, log });
      runs.push({
        target,
        size,
        server: prepared.server.command.replace(process.execPath, "node"),
        seedSeconds: prepared.seedSeconds,
        notes: prepared.notes,
        scenarios,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log(`  ${target} failed: ${message}`);
      runs.push({ target, size, notes: [], scenarios: [], error: message });
    } finally {
      await prepared?.dispose();
      pending = [];
    }
  }
}

// An interrupted run writes nothing: the SIGINT handler exits once it has cleaned up.
if (interrupted) await new Promise(() => {});

const result: RunResult = {
  date,
  commit: commit(root),
  machine: machine(),
  options,
  seconds: (performance.now() - started) / 1000,
  runs,
};
process.stdout.write(renderReport(result, "text"));
log(`raw results: ${writeResults(root, result)}`);
if (options.writeDocs) {
  const docs = join(root, "docs", "performance.md");
  writeFileSync(docs, replaceSection(readFileSync(docs, "utf8"), renderReport(result, "markdown")));
  log(`report written to ${docs}`);
}
