/**
 * The hooks that guard every console route: the session (from its cookie), what the route
 * needs of the admin key (the same rule as the management API: a tenant-scoped key sees only
 * its tenant, a read-only key changes nothing), and a CSRF token on every POST.
 */
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler, preHandlerAsyncHookHandler } from "fastify";
import { assertAdminAccess } from "../domain/admin-access.ts";
import type { ConsoleSessionService, SessionEnd } from "../domain/console-session-service.ts";
import { RosterError } from "../protocol/errors.ts";
import { setConsoleState, signedIn } from "./console-context.ts";
import { consolePaths, safeNext } from "./console-paths.ts";
import { clearCookie, readCookie } from "./cookies.ts";
import { CSRF_FIELD, csrfMatches, csrfToken } from "./csrf.ts";
import { formFields } from "./form-fields.ts";

/** The cookie that holds a session's secret. */
export const SESSION_COOKIE = "roster_session";

/** What a console route declares in its `config.console`. */
export interface ConsoleRouteAccess {
  /** No session needed: sign-in and the assets. */
  readonly public?: boolean;
  /** Only global keys (the tenant list and tenant creation). */
  readonly globalOnly?: boolean;
  /** A POST that read-only keys may make too (sign-out). */
  readonly anyKey?: boolean;
}

declare module "fastify" {
  interface FastifyContextConfig {
    /** What a console route needs of the session's admin key. */
    console?: ConsoleRouteAccess;
  }
}

/** Route config: no session needed. */
export const PUBLIC_ROUTE: { console: ConsoleRouteAccess } = { console: { public: true } };
/** Route config: global keys only. */
export const GLOBAL_ONLY_ROUTE: { console: ConsoleRouteAccess } = { console: { globalOnly: true } };
/** Route config: a POST any signed-in key may make. */
export const ANY_KEY_ROUTE: { console: ConsoleRouteAccess } = { console: { anyKey: true } };

/** The refusal of a form whose CSRF token is missing or wrong. */
export const CSRF_REFUSED =
  "This form did not come from this console session (its security token is missing or out of date): nothing was changed. Reload the page and try again.";

function accessOf(request: FastifyRequest): ConsoleRouteAccess {
  return request.routeOptions.config?.console ?? {};
}

/** True when the request is over HTTPS, as the browser sees it (behind a trusted proxy too, or per PUBLIC_BASE_URL). */
export function isHttps(request: FastifyRequest, publicBaseUrl: string | undefined): boolean {
  return request.protocol === "https" || publicBaseUrl?.startsWith("https:") === true;
}

/** Where a request without a session is sent: the sign-in page, coming back to the page asked for. */
function toSignIn(request: FastifyRequest, reply: FastifyReply, ended: SessionEnd, secure: boolean): FastifyReply {
  const next = request.method === "GET" ? safeNext(request.url) : undefined;
  const target = consolePaths.signIn({
    next: next === consolePaths.root ? undefined : next,
    ended: ended === "none" ? undefined : ended,
  });
  if (ended !== "none") reply.header("set-cookie", clearCookie(SESSION_COOKIE, secure));
  // htmx follows redirects inside its request: tell it to load the sign-in page instead.
  if (request.headers["hx-request"] === "true") return reply.code(204).header("hx-redirect", target).send();
  if (request.method === "GET" || request.method === "HEAD") return reply.redirect(target, 303);
  throw new RosterError("unauthorized", "Your console session has ended, so nothing was changed. Sign in again.");
}

/** The onRequest hook: resumes the session, checks the key against the route, records the viewer. */
export function consoleSessionHook(
  sessions: ConsoleSessionService,
  csrfKey: string,
  publicBaseUrl: string | undefined,
): onRequestAsyncHookHandler {
  return async (request, reply) => {
    const access = accessOf(request);
    if (access.public === true) return;
    const secret = readCookie(request.headers.cookie, SESSION_COOKIE);
    const lookup = await sessions.resume(secret);
    if (!lookup.ok || secret === undefined) {
      return toSignIn(request, reply, lookup.ok ? "none" : lookup.ended, isHttps(request, publicBaseUrl));
    }
    const { key } = lookup.value;
    setConsoleState(request, {
      session: lookup.value,
      secret,
      viewer: { key, csrf: csrfToken(csrfKey, "session", secret) },
    });
    const params = (request.params ?? {}) as Record<string, string | undefined>;
    assertAdminAccess(key, {
      tenantId: params["tenantId"],
      globalOnly: access.globalOnly === true,
      write: request.method === "POST" && access.anyKey !== true,
    });
    return undefined;
  };
}

/** Refuses a POST from another site outright (browsers say so in `Sec-Fetch-Site`). */
export function assertSameSite(request: FastifyRequest): void {
  if (request.headers["sec-fetch-site"] === "cross-site") throw new RosterError("forbidden", CSRF_REFUSED);
}

/** The preHandler hook of signed-in POSTs: the form's CSRF token must be the session's. */
export function csrfHook(csrfKey: string): preHandlerAsyncHookHandler {
  return async (request) => {
    if (request.method !== "POST" || accessOf(request).public === true) return;
    assertSameSite(request);
    const state = signedIn(request);
    let presented: string | undefined;
    try {
      presented = formFields(request.body).text(CSRF_FIELD);
    } catch {
      presented = undefined;
    }
    if (!csrfMatches(csrfKey, "session", state.secret, presented)) throw new RosterError("forbidden", CSRF_REFUSED);
  };
}
