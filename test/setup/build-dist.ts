/**
 * vitest globalSetup: compiles src/ into dist/ (`npm run build`; incremental, so about half a second
 * when nothing changed) before any test starts, so that the tests of the built server and command
 * (`npm start`, `node bin/roster.js`) always run what src/ says, and never skip for want of dist/.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

export default async function setup(): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    execFile("node_modules/.bin/tsc", ["-p", "tsconfig.build.json"], { cwd: root }, (error, stdout, stderr) => {
      if (error === null) resolve();
      else reject(new Error(`npm run build failed before the tests:\n${stdout}${stderr}`));
    });
  });
}
