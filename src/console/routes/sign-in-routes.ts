/**
 * Signing in and out. The sign-in form is protected like every other: a nonce in a short-lived
 * HttpOnly cookie, and the form carries its HMAC (no other site can sign a browser in with its
 * own key). Failed attempts count against the client address's authentication failure limit.
 */
import { randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ConsoleSessionService } from "../../domain/console-session-service.ts";
import { HTML_CONTENT_TYPE } from "../../http/html-page-headers.ts";
import type { AuthFailureGuard } from "../../http/rate-limits.ts";
import { RosterError } from "../../protocol/errors.ts";
import { ANY_KEY_ROUTE, assertSameSite, isHttps, PUBLIC_ROUTE, SESSION_COOKIE } from "../console-auth.ts";
import { signedIn } from "../console-context.ts";
import { consolePaths, safeNext } from "../console-paths.ts";
import { clearCookie, readCookie, setCookie } from "../cookies.ts";
import { CSRF_FIELD, csrfMatches, csrfToken } from "../csrf.ts";
import { formFields } from "../form-fields.ts";
import { type SignInReason, signInPage } from "../pages/sign-in-page.ts";

/** The cookie holding the sign-in form's nonce. */
export const SIGN_IN_COOKIE = "roster_sign_in";
/** How long a sign-in form stays valid. */
const SIGN_IN_FORM_SECONDS = 3600;
const REASONS: ReadonlySet<string> = new Set(["idle", "absolute", "revoked", "signed-out"]);

/** What the sign-in routes use. */
export interface SignInDeps {
  readonly sessions: ConsoleSessionService;
  readonly csrfKey: string;
  readonly publicBaseUrl: string | undefined;
  readonly guard: AuthFailureGuard | undefined;
}

/** Registers `GET/POST /console/sign-in` and `POST /console/sign-out`. */
export function registerSignInRoutes(scope: FastifyInstance, deps: SignInDeps): void {
  const { sessions, csrfKey } = deps;
  const idleMinutes = Math.round(sessions.lifetimes.idleMs / 60_000);
  const absoluteHours = Math.round(sessions.lifetimes.absoluteMs / 3_600_000);

  function showForm(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    view: { next: string | undefined; reason?: SignInReason; error?: string },
  ): FastifyReply {
    const nonce = randomBytes(32).toString("base64url");
    const secure = isHttps(request, deps.publicBaseUrl);
    return reply
      .code(status)
      .header("set-cookie", setCookie(SIGN_IN_COOKIE, nonce, { secure, maxAgeSeconds: SIGN_IN_FORM_SECONDS }))
      .type(HTML_CONTENT_TYPE)
      .send(signInPage({ ...view, csrf: csrfToken(csrfKey, "sign-in", nonce), idleMinutes, absoluteHours }));
  }

  scope.get<{ Querystring: { next?: string; ended?: string } }>(
    "/sign-in",
    { config: PUBLIC_ROUTE },
    async (request, reply) => {
      const next = typeof request.query.next === "string" ? safeNext(request.query.next) : undefined;
      const lookup = await sessions.resume(readCookie(request.headers.cookie, SESSION_COOKIE));
      if (lookup.ok) return reply.redirect(next ?? consolePaths.root, 303);
      const ended = request.query.ended;
      const reason = typeof ended === "string" && REASONS.has(ended) ? (ended as SignInReason) : undefined;
      return showForm(request, reply, 200, { next: next === consolePaths.root ? undefined : next, reason });
    },
  );

  scope.post("/sign-in", { config: PUBLIC_ROUTE }, async (request, reply) => {
    const form = formFields(request.body);
    const nextField = form.trimmed("next");
    const next = nextField === undefined ? undefined : safeNext(nextField);
    const nonce = readCookie(request.headers.cookie, SIGN_IN_COOKIE);
    assertSameSite(request);
    if (nonce === undefined || !csrfMatches(csrfKey, "sign-in", nonce, form.text(CSRF_FIELD))) {
      return showForm(request, reply, 403, {
        next,
        error: "The sign-in form expired or did not come from this console. Enter your admin key again.",
      });
    }
    await deps.guard?.check(request, reply);
    let opened: Awaited<ReturnType<ConsoleSessionService["open"]>>;
    try {
      opened = await sessions.open(form.text("key") ?? "");
    } catch (error) {
      if (!(error instanceof RosterError && error.code === "unauthorized")) throw error;
      await deps.guard?.record(request);
      return showForm(request, reply, 401, {
        next,
        error: "That admin key is not valid: it is mistyped or was revoked.",
      });
    }
    const secure = isHttps(request, deps.publicBaseUrl);
    return reply
      .header("set-cookie", [setCookie(SESSION_COOKIE, opened.secret, { secure }), clearCookie(SIGN_IN_COOKIE, secure)])
      .redirect(next ?? consolePaths.root, 303);
  });

  scope.post("/sign-out", { config: ANY_KEY_ROUTE }, async (request, reply) => {
    await sessions.close(signedIn(request).secret);
    return reply
      .header("set-cookie", clearCookie(SESSION_COOKIE, isHttps(request, deps.publicBaseUrl)))
      .redirect(consolePaths.signIn({ ended: "signed-out" }), 303);
  });
}
