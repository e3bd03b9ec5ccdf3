/** `roster admin-key`, `roster token add|list|revoke`, `roster tenant pause|resume|delete|show`, run in process. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminKeyService } from "../domain/admin-key-service.ts";
import { TenantService } from "../domain/tenant-service.ts";
import { generateToken, hashToken } from "../domain/token.ts";
import { openStore } from "../storage/open-store.ts";
import { createPostgresDatabase, DATABASE_KINDS } from "../storage/testing/test-databases.ts";
import { expectOneLineError, type Run, runCliInProcess } from "./cli-test-kit.ts";

function roster(databaseUrl: string, ...args: string[]): Promise<Run> {
  return runCliInProcess([...args, "--database-url", databaseUrl]);
}

describe.each(DATABASE_KINDS)("management commands on %s", (kind) => {
  const dir = mkdtempSync(join(tmpdir(), "roster-management-cli-"));
  let db = `sqlite:${join(dir, "roster.db")}`;
  let drop = async () => {};

  const ok = async (...args: string[]): Promise<string> => {
    const run = await roster(db, ...args);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    return run.stdout;
  };
  const json = async (...args: string[]): Promise<Record<string, unknown>> => JSON.parse(await ok(...args, "--json"));

  beforeAll(async () => {
    if (kind === "postgres") {
      const database = await createPostgresDatabase();
      db = database.url;
      drop = database.drop;
    }
    expect((await roster(db, "migrate")).code).toBe(0);
    await ok("tenant", "create", "acme");
    await ok("tenant", "create", "globex");
  });
  afterAll(async () => {
    await drop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe("admin-key", () => {
    it("prints a new key once as `Admin Key: <key>`, and it opens the API", async () => {
      const out = await ok("admin-key", "create", "deploy bot", "--tenant", "acme", "--read-only");
      const [keyLine, idLine, scopeLine] = out.split("\n");
      expect(keyLine).toMatch(/^Admin Key: rk_[A-Za-z0-9_-]{43}$/);
      expect(idLine).toMatch(/^Id: ak_[0-9a-f]{16}$/);
      expect(scopeLine).toBe("Scope: tenant acme, read-only");
      const store = await openStore(db);
      try {
        const key = await new AdminKeyService(store).authenticate(`Bearer ${keyLine!.slice("Admin Key: ".length)}`);
        expect(key).toMatchObject({ name: "deploy bot", tenantId: "acme", readOnly: true });
      } finally {
        await store.close();
      }
    });

    it("lists keys without their secrets, and revokes one", async () => {
      const created = await json("admin-key", "create", "ops");
      expect(created).toMatchObject({ Name: "ops", Tenant: null, ReadOnly: false, Key: expect.stringMatching(/^rk_/) });
      const listed = JSON.parse(await ok("admin-key", "list", "--json")) as { Id: string }[];
      expect(listed.map((k) => k.Id)).toContain(created["Id"]);
      expect(JSON.stringify(listed)).not.toContain(String(created["Key"]));
      expect(await ok("admin-key", "list")).toMatch(
        new RegExp(`^${created["Id"]}\\tops\\tall tenants, read-write\\tlast used never$`, "m"),
      );
      expect(await ok("admin-key", "revoke", String(created["Id"]))).toBe(`Revoked admin key ${created["Id"]}\n`);
      expectOneLineError(
        await roster(db, "admin-key", "revoke", String(created["Id"])),
        /admin key "ak_[0-9a-f]+" does not exist/,
      );
    });

    it("refuses an unknown tenant and a blank name", async () => {
      expectOneLineError(
        await roster(db, "admin-key", "create", "x", "--tenant", "initech"),
        /tenant "initech" does not exist/,
      );
      expectOneLineError(await roster(db, "admin-key", "create", " "), /Name must not be blank/);
    });
  });

  describe("token add|list|revoke", () => {
    it("generates a token: prints it once with its hash, in the shape of `token generate`", async () => {
      const out = await ok("token", "add", "acme");
      const [token, hash, id] = out.trimEnd().split("\n");
      expect(token).toMatch(/^Bearer Token: [A-Za-z0-9+/=]{44}$/);
      expect(hash).toBe(`SHA-512 Hash: ${hashToken(token!.slice("Bearer Token: ".length))}`);
      expect(id).toMatch(/^Id: st_[0-9a-f]{16}$/);
      const store = await openStore(db);
      try {
        const tenant = await new TenantService(store).authenticate("acme", `Bearer ${token!.slice(14)}`);
        expect(tenant.id).toBe("acme");
      } finally {
        await store.close();
      }
    });

    it("registers a hash with an expiry, lists tokens and revokes one", async () => {
      const hash = hashToken(generateToken()).toLowerCase();
      const added = await json("token", "add", "acme", "--hash", hash, "--expires", "2999-06-30");
      expect(added).toMatchObject({ Hash: hash.toUpperCase(), ExpiresAt: "2999-06-30T00:00:00.000Z" });
      expect(added).not.toHaveProperty("Token");
      const listed = JSON.parse(await ok("token", "list", "acme", "--json")) as { Id: string }[];
      expect(listed.map((t) => t.Id)).toContain(added["Id"]);
      expect(await ok("token", "list", "acme")).toContain(
        `${added["Id"]}\t${hash.toUpperCase().slice(0, 16)}…\texpires 2999-06-30T00:00:00.000Z`,
      );
      expect(await ok("token", "revoke", "acme", String(added["Id"]))).toBe(
        `Revoked SCIM token ${added["Id"]} of acme\n`,
      );
      expectOneLineError(await roster(db, "token", "revoke", "acme", String(added["Id"])), /does not exist/);
      expect(await ok("token", "list", "globex")).toBe("No SCIM tokens yet: `roster token add globex`\n");
    });

    it.each([
      [["--hash", "abc"], /Hash must be a SHA-512 hash/],
      [["--expires", "2001-01-01"], /ExpiresAt must be in the future/],
      [["--expires", "soon"], /ExpiresAt must be an ISO 8601 date/],
      [["--bytes", "8"], /token size must be an integer from 16/],
      [["--bytes", "lots"], /--bytes must be a whole number/],
    ])("refuses %j with one line", async (args, pattern) => {
      expectOneLineError(await roster(db, "token", "add", "acme", ...args), pattern);
    });

    it("keeps `token generate` as it was", async () => {
      expect(await ok("token", "generate")).toMatch(/^Bearer Token: \S+\nSHA-512 Hash: [0-9A-F]{128}\n$/);
    });
  });

  describe("tenant pause|resume|show|delete", () => {
    it("pauses with a Retry-After, shows it, and resumes", async () => {
      expect(await ok("tenant", "pause", "acme", "--retry-after", "120")).toBe(
        "acme: SCIM writes paused (Retry-After 120 s)\n",
      );
      expect(await json("tenant", "show", "acme")).toMatchObject({ Id: "acme", Paused: true, RetryAfterSeconds: 120 });
      expect(await ok("tenant", "show", "acme")).toMatch(
        /^Paused: yes, since .* \(SCIM writes answer 503, Retry-After 120 s\)$/m,
      );
      expect(await ok("tenant", "resume", "acme")).toBe("acme: SCIM writes resumed\n");
      expect(await json("tenant", "show", "acme")).toMatchObject({ Paused: false, RetryAfterSeconds: null });
      expect(await ok("tenant", "show", "acme")).toContain("Paused: no\n");
      expect(await json("tenant", "pause", "acme")).toMatchObject({ Paused: true, RetryAfterSeconds: 300 });
      await ok("tenant", "resume", "acme");
    });

    it.each([
      [["pause", "acme", "--retry-after", "0"], /RetryAfterSeconds must be an integer from 1 to 86400/],
      [["pause", "acme", "--retry-after", "soon"], /--retry-after must be a whole number/],
      [["pause", "initech"], /tenant "initech" does not exist/],
      [["resume", "initech"], /tenant "initech" does not exist/],
    ])("refuses %j with one line", async (args, pattern) => {
      expectOneLineError(await roster(db, "tenant", ...args), pattern);
    });

    it("deletes a tenant only with --yes, with all its data", async () => {
      await ok("user", "add", "globex", "a@x.io");
      expectOneLineError(await roster(db, "tenant", "delete", "globex"), /removes all its data: add --yes/);
      expect(await json("tenant", "show", "globex")).toMatchObject({ Id: "globex" });
      expect(await ok("tenant", "delete", "globex", "--yes")).toBe("Deleted tenant globex\n");
      expectOneLineError(await roster(db, "tenant", "show", "globex"), /tenant "globex" does not exist/);
      expectOneLineError(await roster(db, "tenant", "delete", "globex", "--yes"), /does not exist/);
      await ok("tenant", "create", "globex");
      expect(await ok("user", "list", "globex")).toMatch(/^No users yet/);
    });
  });
});
