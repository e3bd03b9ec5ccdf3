/** The console's error page inside its frame: what went wrong, and a way back. */
import { STATUS_CODES } from "node:http";
import type { TenantRecord } from "../domain/model.ts";
import { html } from "../http/html.ts";
import type { Viewer } from "./console-context.ts";
import { consolePaths } from "./console-paths.ts";
import { page } from "./layout.ts";

const TITLES: Readonly<Record<number, string>> = Object.freeze({
  400: "This request is not valid",
  401: "Please sign in",
  403: "Not allowed",
  404: "Not found",
  409: "Conflict",
  413: "Too large",
  429: "Too many attempts",
  500: "Something went wrong",
  503: "Unavailable",
});

/** The page for an error of `status` with `detail`, for a viewer when signed in. */
export function errorPage(status: number, detail: string, viewer: Viewer | undefined, tenant?: TenantRecord): string {
  const title = TITLES[status] ?? STATUS_CODES[status] ?? "Error";
  const back =
    viewer === undefined
      ? html`<a class="button" href="${consolePaths.signIn()}">Sign in</a>`
      : html`<a class="button button-secondary" href="${tenant === undefined ? consolePaths.root : consolePaths.tenant(tenant.id)}">Back to the console</a>`;
  const body = html`<p class="error-status">${status}</p>
<h1 id="error-title">${title}</h1>
<p>${detail}</p>
<p>${back}</p>`;
  return page(
    { title, viewer, tenant, bare: viewer === undefined },
    viewer === undefined
      ? html`<main class="error-page" id="main">${body}</main>`
      : html`<section class="card error-card" aria-labelledby="error-title">${body}</section>`,
  );
}
