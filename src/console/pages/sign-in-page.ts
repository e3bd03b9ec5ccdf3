/** The sign-in page: an admin key in a password field, the form's CSRF token, and why the last session ended. */
import type { SessionEnd } from "../../domain/console-session-service.ts";
import { html } from "../../http/html.ts";
import { consolePaths } from "../console-paths.ts";
import { CSRF_FIELD } from "../csrf.ts";
import { page } from "../layout.ts";

/** Why the sign-in page is shown, as `?ended=` says. */
export type SignInReason = Exclude<SessionEnd, "none"> | "signed-out";

/** What the page shows. */
export interface SignInView {
  readonly csrf: string;
  readonly next: string | undefined;
  readonly reason?: SignInReason | undefined;
  readonly error?: string | undefined;
  readonly idleMinutes: number;
  readonly absoluteHours: number;
}

function reasonText(reason: SignInReason, view: SignInView): string {
  switch (reason) {
    case "idle":
      return `Your session ended after ${view.idleMinutes} minutes without activity. Sign in again to continue.`;
    case "absolute":
      return `Sessions last at most ${view.absoluteHours} hours. Sign in again to continue.`;
    case "revoked":
      return "The admin key of your session was revoked, so the session ended.";
    case "signed-out":
      return "You are signed out.";
  }
}

/** The sign-in page. */
export function signInPage(view: SignInView): string {
  return page(
    { title: "Sign in", bare: true },
    html`<main class="sign-in" id="main">
<p class="brand"><span class="brand-mark" aria-hidden="true"></span>Roster</p>
<section class="card" aria-labelledby="sign-in-title">
<h1 id="sign-in-title">Sign in to the console</h1>
<p class="muted">Use an admin key made with <code>roster admin-key create &lt;name&gt;</code>.</p>
${view.reason === undefined ? "" : html`<div class="banner banner-info" role="status"><p>${reasonText(view.reason, view)}</p></div>`}
${view.error === undefined ? "" : html`<div class="banner banner-error" role="alert"><p>${view.error}</p></div>`}
<form method="post" action="${consolePaths.signIn()}">
<input type="hidden" name="${CSRF_FIELD}" value="${view.csrf}">
${view.next === undefined ? "" : html`<input type="hidden" name="next" value="${view.next}">`}
<div class="field">
<label for="admin-key">Admin key</label>
<input type="password" id="admin-key" name="key" autocomplete="off" spellcheck="false" required autofocus placeholder="rk_…">
<span class="hint">The key is checked and never stored in the browser: a session cookie is.</span>
</div>
<button type="submit" class="button">Sign in</button>
</form>
</section>
<p class="muted small">Sessions end after ${view.idleMinutes} minutes without activity and ${view.absoluteHours} hours after sign-in.</p>
</main>`,
  );
}
