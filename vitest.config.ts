import { configDefaults, defineConfig } from "vitest/config";
import { DATABASE_KINDS } from "./src/storage/testing/database-kinds.ts";

/**
 * The HTTP suites run once per database: each project below provides its kind to `testApp()`.
 * The management API's suites (src/http/api/) loop over the databases themselves.
 */
const HTTP_TESTS = "src/http/*.test.ts";

const common = { testTimeout: 20000, hookTimeout: 30000, pool: "forks" } as const;

export default defineConfig({
  test: {
    // Run once for the whole run, in this order: build dist/ for the tests of the built server and
    // command, then pick (or start) the PostgreSQL server.
    globalSetup: ["test/setup/build-dist.ts", "test/setup/test-postgres.ts"],
    projects: [
      {
        test: {
          ...common,
          name: "roster",
          include: ["src/**/*.test.ts", "test/**/*.test.ts", "examples/**/*.test.ts", "bench/**/*.test.ts"],
          exclude: [...configDefaults.exclude, HTTP_TESTS],
        },
      },
      ...DATABASE_KINDS.map((kind) => ({
        test: { ...common, name: `http-${kind}`, include: [HTTP_TESTS], provide: { rosterTestDatabaseKind: kind } },
      })),
    ],
  },
});
