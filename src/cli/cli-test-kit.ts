/** Helpers for the CLI tests: run the real `roster` command in a child process and check its contract. */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

const bin = fileURLToPath(new URL("../../bin/roster.js", import.meta.url));

/** What one run of `roster` printed, and how it exited. */
export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `roster` in `cwd` with `DATABASE_URL` cleared unless `env` sets it. */
export function runRoster(
  cwd: string,
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<Run> {
  return new Promise((resolve) => {
    const childEnv = { ...process.env, DATABASE_URL: "", ...env };
    execFile(process.execPath, [bin, ...args], { env: childEnv, cwd }, (error, stdout, stderr) => {
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
