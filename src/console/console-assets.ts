/**
 * The console's static files, served by Roster itself from memory: its stylesheet and script,
 * and htmx from the installed `htmx.org` package (no CDN, no client build). Pages link each
 * under `?v=<hash of its content>`, cached for a year as immutable; the same path without the
 * current hash (an HTML error page, an old page) is cached for an hour.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { CONSOLE_SCRIPT } from "./assets/console-script.ts";
import { CONSOLE_STYLESHEET } from "./assets/console-stylesheet.ts";

/** One file: its bytes, media type and content hash. */
export interface Asset {
  readonly body: Buffer;
  readonly contentType: string;
  readonly hash: string;
}

/** Where the assets are served. */
export const ASSETS_PATH = "/console/assets";

function asset(body: Buffer, contentType: string): Asset {
  return { body, contentType, hash: createHash("sha256").update(body).digest("hex").slice(0, 16) };
}

/** htmx's minified build, from the installed package. */
function htmxSource(): Buffer {
  return readFileSync(createRequire(import.meta.url).resolve("htmx.org/dist/htmx.min.js"));
}

/** Every asset by file name. */
export const CONSOLE_ASSETS: ReadonlyMap<string, Asset> = new Map([
  ["console.css", asset(Buffer.from(CONSOLE_STYLESHEET, "utf8"), "text/css; charset=utf-8")],
  ["console.js", asset(Buffer.from(CONSOLE_SCRIPT, "utf8"), "text/javascript; charset=utf-8")],
  ["htmx.min.js", asset(htmxSource(), "text/javascript; charset=utf-8")],
]);

/** The URL a page links an asset at: its path and current hash. */
export function assetUrl(name: "console.css" | "console.js" | "htmx.min.js"): string {
  return `${ASSETS_PATH}/${name}?v=${CONSOLE_ASSETS.get(name)!.hash}`;
}
