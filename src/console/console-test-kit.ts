/**
 * The console in process (`app.inject()`) over SQLite or PostgreSQL, with a clock tests move,
 * admin keys of every kind, and a small browser: it keeps the session cookie, reads the CSRF
 * token from the page, and posts forms the way a browser does.
 */
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { type Config, DEFAULT_CONFIG } from "../config.ts";
import { CLI_ACTOR } from "../domain/actor.ts";
import { AdminKeyService } from "../domain/admin-key-service.ts";
import type { Store } from "../domain/ports.ts";
import { ScimService } from "../domain/scim-service.ts";
import { TenantService } from "../domain/tenant-service.ts";
import { buildApp } from "../http/build-app.ts";
import { openTestStore, type TestStore } from "../storage/testing/test-databases.ts";
import { SESSION_COOKIE } from "./console-auth.ts";
import { CSRF_FIELD } from "./csrf.ts";
import { SIGN_IN_COOKIE } from "./routes/sign-in-routes.ts";

/** A browser's state against the console: its cookies. */
export interface ConsoleBrowser {
  /** Cookies by name, as the browser would send them. */
  readonly cookies: Map<string, string>;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** Posts a form; `csrf` is added from the last page read unless the fields name it. A list repeats its field. */
  post(
    url: string,
    fields?: Record<string, string | readonly string[]>,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  /** The CSRF token of the last page read (undefined when it had none). */
  readonly csrf: string | undefined;
}

/** The app, its store, a clock, keys, and browsers. */
export interface ConsoleTestApp {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly tenants: TenantService;
  readonly adminKeys: AdminKeyService;
  /** Milliseconds since the epoch the console's sessions see; move it with `advance`. */
  readonly clock: { now: number };
  advance(ms: number): void;
  /** Makes an admin key and answers its secret. */
  key(options?: { readonly tenantId?: string; readonly readOnly?: boolean }): Promise<string>;
  /** A browser without a session. */
  browser(): ConsoleBrowser;
  /** A browser signed in with `key`. */
  signedIn(key: string): Promise<ConsoleBrowser>;
  close(): Promise<void>;
}

function setCookies(response: LightMyRequestResponse, jar: Map<string, string>): void {
  const header = response.headers["set-cookie"];
  const lines = header === undefined ? [] : Array.isArray(header) ? header : [header];
  for (const line of lines) {
    const [pair = "", ...attributes] = line.split(";");
    const eq = pair.indexOf("=");
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (value === "" || attributes.some((a) => a.trim().toLowerCase() === "max-age=0")) jar.delete(name);
    else jar.set(name, value);
  }
}

/** The CSRF token in a page's forms. */
export function csrfOf(body: string): string | undefined {
  return new RegExp(`name="${CSRF_FIELD}" value="([^"]+)"`).exec(body)?.[1];
}

/** Builds the whole app over a test database of `kind`, with the console's clock under the test's control. */
export async function consoleTestApp(
  kind: "sqlite" | "postgres",
  config: Partial<Config> = {},
): Promise<ConsoleTestApp> {
  const handle: TestStore = await openTestStore(kind);
  const { store } = handle;
  const clock = { now: Date.parse("2026-05-04T09:00:00.000Z") };
  const app = buildApp({
    store,
    scim: new ScimService(store),
    config: { ...DEFAULT_CONFIG, logLevel: "silent", ...config },
    consoleSessions: { now: () => new Date(clock.now) },
  });
  await app.ready();
  const tenants = new TenantService(store);
  const adminKeys = new AdminKeyService(store);

  function browser(): ConsoleBrowser {
    const cookies = new Map<string, string>();
    let csrf: string | undefined;
    const cookieHeader = () => [...cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    const remember = (response: LightMyRequestResponse) => {
      setCookies(response, cookies);
      if (String(response.headers["content-type"] ?? "").startsWith("text/html")) csrf = csrfOf(response.body);
      return response;
    };
    return {
      cookies,
      get csrf() {
        return csrf;
      },
      async get(url, headers = {}) {
        return remember(await app.inject({ method: "GET", url, headers: { cookie: cookieHeader(), ...headers } }));
      },
      async post(url, fields = {}, headers = {}) {
        const all: Record<string, string | readonly string[]> = {
          ...(csrf === undefined ? {} : { [CSRF_FIELD]: csrf }),
          ...fields,
        };
        const form = new URLSearchParams(
          Object.entries(all).flatMap(([name, value]): [string, string][] =>
            typeof value === "string" ? [[name, value]] : value.map((v) => [name, v]),
          ),
        );
        return remember(
          await app.inject({
            method: "POST",
            url,
            headers: {
              cookie: cookieHeader(),
              "content-type": "application/x-www-form-urlencoded",
              ...headers,
            },
            payload: form.toString(),
          }),
        );
      },
    };
  }

  return {
    app,
    store,
    tenants,
    adminKeys,
    clock,
    advance(ms) {
      clock.now += ms;
    },
    async key(options = {}) {
      return (
        await adminKeys.create(
          { name: "console test", tenantId: options.tenantId, readOnly: options.readOnly },
          CLI_ACTOR,
        )
      ).secret;
    },
    browser,
    async signedIn(key) {
      const b = browser();
      await b.get("/console/sign-in");
      const response = await b.post("/console/sign-in", { key });
      if (response.statusCode !== 303 || !b.cookies.has(SESSION_COOKIE)) {
        throw new Error(`sign-in failed with ${response.statusCode}`);
      }
      b.cookies.delete(SIGN_IN_COOKIE);
      return b;
    },
    async close() {
      await app.close();
      await handle.dispose();
    },
  };
}
