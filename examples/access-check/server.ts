/**
 * A small host application that asks Roster, on every request, whether the signed-in user holds
 * the role a page needs. Run it beside Roster:
 *
 *   npx roster admin-key create shop --tenant acme --read-only     # prints Admin Key: rk_…
 *   ROSTER_URL=http://localhost:8080 ROSTER_ADMIN_KEY=rk_… ROSTER_TENANT=acme \
 *     npx tsx examples/access-check/server.ts
 *   curl -H 'X-User-Id: pat@acme.example' http://localhost:3000/reports
 *
 * The `X-User-Id` header stands in for the application's own session: in a real application the
 * user Id comes from its sign-in (the email Roster uses as the user's Id).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { pathToFileURL } from "node:url";
import { AccessClient } from "./access-client.ts";

/** Which role each page needs. */
export const PAGES: Readonly<Record<string, string>> = Object.freeze({
  "/reports": "reports",
  "/stores": "storemanager",
});

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  response.end(JSON.stringify(body));
}

/** The application: `/whoami` shows what Roster says; each page of PAGES needs its role. */
export function createApp(client: AccessClient): Server {
  return createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    const userId = request.headers["x-user-id"];
    if (typeof userId !== "string" || userId === "") {
      send(response, 401, { error: "sign in first (X-User-Id)" });
      return;
    }
    const handle = async () => {
      if (path === "/whoami") return send(response, 200, { userId, access: await client.access(userId) });
      const role = PAGES[path];
      if (role === undefined) return send(response, 404, { error: "no such page" });
      if (!(await client.holds(userId, role)))
        return send(response, 403, { error: `this page needs the role ${role}` });
      return send(response, 200, { page: path, userId });
    };
    // Roster unreachable or refusing the key: fail closed, never open.
    handle().catch(() => send(response, 503, { error: "access cannot be checked right now" }));
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const env = (name: string, fallback?: string) => {
    const value = process.env[name] ?? fallback;
    if (value === undefined) throw new Error(`set ${name}`);
    return value;
  };
  const client = new AccessClient({
    rosterUrl: env("ROSTER_URL", "http://localhost:8080"),
    adminKey: env("ROSTER_ADMIN_KEY"),
    tenantId: env("ROSTER_TENANT"),
  });
  const port = Number(env("PORT", "3000"));
  createApp(client).listen(port, () => process.stdout.write(`example app on http://localhost:${port}\n`));
}
