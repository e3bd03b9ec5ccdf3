/**
 * scripts/build-if-possible.mjs (`prepare`, `prestart`) where no TypeScript compiler is installed,
 * as in a production install (`npm ci --omit=dev`): run from a copy outside the checkout.
 */
import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "roster-build-if-possible-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let copies = 0;
/** A directory holding the script, the sources' markers, and (if asked) a built dist/main.js, but no node_modules. */
function productionCopy(withDist: boolean): string {
  copies += 1;
  const root = join(dir, `copy-${copies}`);
  mkdirSync(join(root, "scripts"), { recursive: true });
  mkdirSync(join(root, "src"));
  copyFileSync(
    new URL("../../scripts/build-if-possible.mjs", import.meta.url),
    join(root, "scripts", "build-if-possible.mjs"),
  );
  writeFileSync(join(root, "tsconfig.build.json"), "{}");
  writeFileSync(join(root, "src", "main.ts"), "");
  if (withDist) {
    mkdirSync(join(root, "dist"));
    writeFileSync(join(root, "dist", "main.js"), "");
  }
  return root;
}

function run(root: string, ...args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(root, "scripts", "build-if-possible.mjs"), ...args],
      { cwd: root },
      (error, _out, stderr) => {
        resolve({ code: error === null ? 0 : Number(error.code), stderr });
      },
    );
  });
}

describe("build-if-possible without a TypeScript compiler", () => {
  it("prepare skips the build and succeeds, so npm ci --omit=dev works", async () => {
    const root = productionCopy(false);
    expect(await run(root)).toEqual({ code: 0, stderr: "" });
    expect(existsSync(join(root, "dist"))).toBe(false);
  });

  it("prestart goes on when dist/ was built elsewhere", async () => {
    expect(await run(productionCopy(true), "--require-dist")).toEqual({ code: 0, stderr: "" });
  });

  it("prestart stops with one line when dist/ is missing too", async () => {
    expect(await run(productionCopy(false), "--require-dist")).toEqual({
      code: 1,
      stderr: "roster: dist/ is missing and TypeScript is not installed: run `npm install` and `npm run build`\n",
    });
  });
});
