/**
 * The console's error page when no console route answers (refusals below routing, the closing
 * gate, unknown paths outside the console's own handlers): a small standalone HTML document with
 * the status, a title and the detail, escaped. Inside the console, routes render their errors in
 * the console's own layout instead.
 */
import { STATUS_CODES } from "node:http";
import { html } from "./html.ts";

/** Where the console's stylesheet is served under a name that never changes (also cached briefly). */
export const CONSOLE_STYLESHEET_PATH = "/console/assets/console.css";

/** A complete HTML document for an error of `status` with `detail`. */
export function htmlErrorPage(status: number, detail: string): string {
  const title = STATUS_CODES[status] ?? "Error";
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${status} ${title} · Roster</title>
<link rel="stylesheet" href="${CONSOLE_STYLESHEET_PATH}">
</head>
<body class="bare">
<main class="error-page">
<p class="error-status">${status}</p>
<h1>${title}</h1>
<p>${detail}</p>
<p><a href="/console">Back to the console</a></p>
</main>
</body>
</html>
`.toString();
}
