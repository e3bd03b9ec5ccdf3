/**
 * Roster as a target: a fresh database (an SQLite file in a temporary directory, or a randomly
 * named PostgreSQL database), migrated, the tenant and its token, the data set seeded through
 * the domain's write code, then the server started as its own process the way `npm start` runs
 * it (compiled `dist/main.js` when there is one, else `src/main.ts` through tsx).
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { openStore } from "../../../src/storage/open-store.ts";
import { type ServerProcess, startServer } from "../run/server-process.ts";
import { createBenchDatabase, vacuumAnalyze } from "./postgres-database.ts";
import { createBenchTenant, seedRoster } from "./seed-roster.ts";

/** What a prepared target hands the runner. */
export interface PreparedTarget {
  readonly server: ServerProcess;
  readonly seedSeconds: number;
  readonly notes: readonly string[];
  /** Stops the server and removes what was created for it. */
  dispose(): Promise<void>;
}

/** Where a Roster target lives and how it reports progress. */
export interface RosterTargetOptions {
  readonly root: string;
  readonly tempDirectory: string;
  readonly postgresUrl: string;
  readonly token: string;
  readonly log: (line: string) => void;
  /** Told of every clean-up as soon as there is something to clean up, so Ctrl-C during seeding can run it. */
  readonly track?: (cleanup: () => Promise<void>) => void;
}

/** How the server is started: `node dist/main.js` when built, else `node --import tsx src/main.ts`. */
export function rosterCommand(root: string): { command: string; args: string[]; notes: string[] } {
  const dist = join(root, "dist", "main.js");
  if (!existsSync(dist)) return { command: process.execPath, args: ["--import", "tsx", "src/main.ts"], notes: [] };
  const notes: string[] = [];
  // The build is incremental: it rewrites only the files whose output changed, so the newest
  // compiled file (not main.js) says when it last ran.
  if (newestMtime(join(root, "src"), ".ts") > newestMtime(join(root, "dist"), ".js")) {
    notes.push("dist/ is older than src/: the compiled server may not be the code in src/ (run the build first)");
  }
  return { command: process.execPath, args: ["dist/main.js"], notes };
}

/** The newest modification time of the `extension` files under `directory`, tests left out. */
function newestMtime(directory: string, extension: ".ts" | ".js"): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path, extension));
    else if (entry.name.endsWith(extension) && !entry.name.endsWith(`.test${extension}`))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Creates, seeds and starts Roster on `kind` with `users` users. */
export async function prepareRoster(
  kind: "sqlite" | "postgres",
  users: number,
  options: RosterTargetOptions,
): Promise<PreparedTarget> {
  const cleanups: (() => Promise<void>)[] = [];
  const later = (cleanup: () => Promise<void>) => {
    cleanups.push(cleanup);
    options.track?.(cleanup);
  };
  const dispose = async () => {
    for (const cleanup of [...cleanups].reverse()) await cleanup().catch(() => {});
  };
  try {
    let url: string;
    if (kind === "sqlite") {
      const directory = mkdtempSync(join(options.tempDirectory, "roster-bench-"));
      later(async () => rmSync(directory, { recursive: true, force: true }));
      url = `sqlite:${join(directory, "roster.db")}`;
    } else {
      const database = await createBenchDatabase(options.postgresUrl);
      later(() => database.drop());
      url = database.url;
    }
    const started = performance.now();
    const store = await openStore(url);
    try {
      if (kind === "postgres") await store.migrate();
      await createBenchTenant(store, options.token);
      let reported = 0;
      await seedRoster(store, users, {
        progress(done) {
          if (done - reported >= Math.max(10_000, users / 10) || done === users) {
            reported = done;
            const rate = done / ((performance.now() - started) / 1000);
            options.log(
              `  seeded ${done.toLocaleString("en-US")} of ${users.toLocaleString("en-US")} users (${Math.round(rate).toLocaleString("en-US")}/s)`,
            );
          }
        },
      });
    } finally {
      await store.close();
    }
    if (kind === "postgres") await vacuumAnalyze(url);
    const seedSeconds = (performance.now() - started) / 1000;
    const { command, args, notes } = rosterCommand(options.root);
    const server = await startServer({
      name: `roster-${kind}`,
      command,
      args,
      cwd: options.root,
      env: { DATABASE_URL: url, LOG_LEVEL: "silent", SCIM_RATE_LIMIT: "0", NODE_ENV: "production" },
      readyTimeoutMs: 120_000,
    });
    later(() => server.stop());
    return { server, seedSeconds, notes, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
