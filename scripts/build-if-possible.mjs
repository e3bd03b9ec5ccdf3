#!/usr/bin/env node
// `prepare` and `prestart`: compile src/ into dist/ (`npm run build`) when the sources and the
// TypeScript compiler are there. A production install (`npm ci --omit=dev`) has no compiler, and
// an image layer may install from package.json alone (package.json's prepare skips when this file
// is missing): there dist/ comes from a build step, so `prepare` skips, and `prestart`
// (--require-dist) only checks that dist/ is there.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";

const requireDist = process.argv.includes("--require-dist");
const root = new URL("..", import.meta.url);

function hasCompiler() {
  try {
    createRequire(import.meta.url).resolve("typescript/package.json");
    return true;
  } catch {
    return false;
  }
}

if (hasCompiler() && existsSync(new URL("tsconfig.build.json", root)) && existsSync(new URL("src/main.ts", root))) {
  const npm = process.env["npm_execpath"];
  const run = npm
    ? spawnSync(process.execPath, [npm, "run", "-s", "build"], { stdio: "inherit", cwd: root })
    : spawnSync("npm", ["run", "-s", "build"], { stdio: "inherit", cwd: root });
  process.exit(run.status ?? 1);
}
if (requireDist && !existsSync(new URL("dist/main.js", root))) {
  process.stderr.write(
    "roster: dist/ is missing and TypeScript is not installed: run `npm install` and `npm run build`\n",
  );
  process.exit(1);
}
