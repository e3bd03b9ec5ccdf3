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

// Ctrl-C stops the server being measured and removes its database before exiting.
let current: PreparedTarget | undefined;
process.on("SIGINT", () => {
  log("interrupted: stopping the server and removing its database");
  void (current?.dispose() ?? Promise.resolve()).finally(() => process.exit(130));
});

log(
  `bench:compare: sizes ${options.sizes.join(", ")}; targets ${options.targets.join(", ")}; ${options.scenarios.length} scenarios`,
);
for (const size of options.sizes) {
  for (const target of options.targets) {
    log(`${target} at ${size.toLocaleString("en-US")} users: seeding and starting`);
    let prepared: PreparedTarget | undefined;
    try {
      prepared = await prepareTarget(target, size, {
        root,
        tempDirectory: options.tempDirectory,
        postgresUrl: options.postgresUrl,
        token,
        log,
      });
      current = prepared;
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
      current = undefined;
    }
  }
}

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
