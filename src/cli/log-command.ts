/** `roster log <tenant> [--since D] [--follow]`: the provisioning log (SPEC §10, §11). */
import type { Command } from "commander";
import { parseTimeBound } from "../domain/log-filters.ts";
import { logEntryJson } from "../domain/outbox-json.ts";
import type { LogEntry } from "../domain/outbox-ports.ts";
import { ProvisioningLogService } from "../domain/provisioning-log-service.ts";
import { unwrap } from "../protocol/errors.ts";
import { type CliIo, printJsonLine, printLines } from "./cli-io.ts";
import { withStore } from "./cli-store.ts";
import { sleep } from "./follow.ts";

interface LogOptions {
  readonly since?: string;
  readonly follow?: boolean;
  readonly json?: boolean;
}

/** Rows shown without `--since`. */
const RECENT = 50;
/** How often `--follow` looks for new rows. */
const FOLLOW_MS = 1000;

/** One row as a line: time, provider, method, path, status, outcome, changes. */
export function logLine(entry: LogEntry): string {
  const changes = entry.changes.length > 0 ? ` [${entry.changes.join(", ")}]` : "";
  const scimType = entry.scimType === null ? "" : ` ${entry.scimType}`;
  return `${entry.at}  ${entry.provider}  ${entry.method} ${entry.path}  ${entry.status}${scimType}  ${entry.outcome}${changes}  ${Math.round(entry.durationMs)} ms`;
}

/** Adds the `log` command. */
export function registerLogCommand(program: Command, io: CliIo): void {
  program
    .command("log <tenantId>")
    .description("the provisioning log: what the identity providers did, oldest first (the last 50 without --since)")
    .option("--since <when>", "from this time: an ISO date-time or a duration back from now (15m, 1h, 7d)")
    .option("--follow", "keep printing new rows until interrupted")
    .option("--json", "print each row as a JSON line")
    .action(async (tenantId: string, options: LogOptions, command: Command) => {
      const since =
        options.since === undefined ? undefined : unwrap(parseTimeBound("--since", options.since, new Date()));
      await withStore(command, io, async (store) => {
        const log = new ProvisioningLogService(store);
        const print = (entries: readonly LogEntry[]) => {
          for (const entry of entries) {
            if (options.json === true) printJsonLine(io, logEntryJson(entry));
            else printLines(io, logLine(entry));
          }
        };
        // Newest first from the store; printed oldest first, as a log reads.
        const read = async (from: string | undefined, all: boolean) => {
          const rows: LogEntry[] = [];
          let before: { at: string; id: string } | undefined;
          for (;;) {
            const page = await log.page(tenantId, { since: from, before, limit: all ? 1000 : RECENT });
            rows.push(...page.items);
            const last = page.items.at(-1);
            if (!all || !page.more || last === undefined) return rows.reverse();
            before = { at: last.at, id: last.id };
          }
        };
        const first = await read(since, since !== undefined);
        print(first);
        if (options.follow !== true) return;
        // Rows already printed at the newest time seen: the next read starts at that time.
        let seen = new Set(first.map((entry) => entry.id));
        let newest = first.at(-1)?.at ?? new Date().toISOString();
        while (!io.signal?.aborted) {
          await sleep(FOLLOW_MS, io.signal);
          if (io.signal?.aborted) break;
          const fresh = (await read(newest, true)).filter((entry) => !seen.has(entry.id));
          print(fresh);
          const latest = fresh.at(-1)?.at;
          if (latest !== undefined && latest !== newest) {
            newest = latest;
            seen = new Set(fresh.filter((entry) => entry.at === newest).map((entry) => entry.id));
          } else for (const entry of fresh) seen.add(entry.id);
        }
      });
    });
}
