#!/usr/bin/env node
// Entry point of the `roster` command: runs the compiled CLI (dist/, made by `npm install` or `npm run build`).
import { existsSync } from "node:fs";

const main = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(main)) {
  process.stderr.write("roster: dist/cli/main.js is missing: run `npm install` or `npm run build` first\n");
  process.exit(1);
}
await import(main.href);
