/**
 * Helpers for the CLI tests. Commands are tested in-process (`runCliInProcess`: the same `runCli`
 * that `roster` runs, with captured output), which costs milliseconds; `runRoster` starts the real
 * built command (`node bin/roster.js`) for the few smoke tests of the binary itself.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import type { CliIo } from "./cli-io.ts";
import { runCli } from "./run-cli.ts";

const bin = fileURLToPath(new URL("../../bin/roster.js", import.meta.url));

/** What one run of `roster` printed, and how it exited. */
export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `roster <args>` in this process, exactly as bin/roster.js would, and returns its exit code
 * and output. `env` is the whole environment the command sees (nothing of the test process's own,
 * so a developer's DATABASE_URL never leaks in); `cwd` is where relative SQLite paths, such as the
 * default `./data/roster.db`, resolve (by default a new empty directory, removed afterwards: never
 * the checkout).
 *
 * For new commands, this is the helper to use:
 *   const run = await runCliInProcess(["tenant", "list", "--database-url", url]);
 *   expect(run).toEqual({ code: 0, stdout: "…\n", stderr: "" });
 */
export async function runCliInProcess(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
  cwd?: string,
): Promise<Run> {
  if (cwd === undefined) {
    const scratch = mkdtempSync(join(tmpdir(), "roster-cli-cwd-"));
    try {
      return await runCliInProcess(args, env, scratch);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    out: (text) => {
      stdout += text;
    },
    err: (text) => {
      stderr += text;
    },
    env,
    cwd,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

/** Runs the built `roster` command (`node bin/roster.js`) in a child process in `cwd`, with `DATABASE_URL` cleared unless `env` sets it. */
export function runRoster(
  cwd: string,
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
  script: string = bin,
): Promise<Run> {
  return new Promise((resolve) => {
    const childEnv = { ...process.env, DATABASE_URL: "", ...env };
    execFile(process.execPath, [script, ...args], { env: childEnv, cwd }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Asserts the failure contract: exit 1, nothing on stdout, one line `roster: …` on stderr, no stack trace. */
export function expectOneLineError(run: Run, pattern: RegExp): void {
  expect(run.code).toBe(1);
  expect(run.stdout).toBe("");
  expect(run.stderr).toMatch(/^roster: [^\n]+\n$/);
  expect(run.stderr).toMatch(pattern);
  expect(run.stderr).not.toMatch(/\bat .*:\d+:\d+/);
}
