/** `roster events <tenant> [--after Id] [--follow]`: the change events (SPEC §10, §11). */
import type { Command } from "commander";
import { parseEventTypes } from "../domain/change-events.ts";
import { EventFeed, type EventJson } from "../domain/event-feed.ts";
import { RosterError } from "../protocol/errors.ts";
import { type CliIo, printJsonLine, printLines } from "./cli-io.ts";
import { withStore } from "./cli-store.ts";

interface EventsOptions {
  readonly after?: string;
  readonly type?: string;
  readonly follow?: boolean;
  readonly json?: boolean;
}

/** One event as a line: Id, time, type, actor, and its data. */
export function eventLine(event: EventJson): string {
  return `${event.Id}  ${event.OccurredAt}  ${event.Type}  ${event.Actor}  ${JSON.stringify(event.Data)}`;
}

/** Adds the `events` command. */
export function registerEventsCommand(program: Command, io: CliIo): void {
  program
    .command("events <tenantId>")
    .description("the change events after an Id, oldest first")
    .option("--after <id>", "only events after this Id (default 0: from the first)")
    .option("--type <types>", "only these types, comma-separated (user.created,access.changed,…)")
    .option("--follow", "keep waiting for new events until interrupted")
    .option("--json", "print each event as a JSON line")
    .action(async (tenantId: string, options: EventsOptions, command: Command) => {
      if (options.after !== undefined && !/^\d{1,15}$/.test(options.after)) {
        throw new RosterError(
          "invalidValue",
          `--after must be an event Id (decimal digits), got ${JSON.stringify(options.after)}`,
        );
      }
      const types =
        options.type === undefined
          ? undefined
          : (parseEventTypes(
              options.type.split(",").map((t) => t.trim()),
              "--type",
            ) ?? undefined);
      await withStore(command, io, async (store) => {
        // Several instances: the feed polls the table; this process writes nothing to wake it.
        const feed = new EventFeed(store, { pollIntervalMs: 500 });
        let after = Number(options.after ?? 0);
        for (;;) {
          const follow = options.follow === true && !io.signal?.aborted;
          const page = await feed.read(tenantId, {
            after,
            limit: 1000,
            types,
            waitSeconds: follow ? 30 : 0,
            signal: io.signal,
          });
          for (const event of page.items) {
            if (options.json === true) printJsonLine(io, event);
            else printLines(io, eventLine(event));
          }
          after = Number(page.next);
          if (page.items.length === 0 && !follow) return;
          if (io.signal?.aborted) return;
        }
      });
    });
}
