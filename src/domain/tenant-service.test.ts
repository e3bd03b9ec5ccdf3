import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RosterError } from "../protocol/errors.ts";
import { openStore } from "../storage/open-store.ts";
import type { Store, TenantStore } from "./ports.ts";
import { SCIM_DISABLED_DETAIL, TenantService, UNAUTHORIZED_DETAIL } from "./tenant-service.ts";
import { hashToken } from "./token.ts";

async function failure(promise: Promise<unknown>): Promise<RosterError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RosterError) return error;
    throw error;
  }
  throw new Error("expected a RosterError");
}

describe("TenantService", () => {
  let database: Store;
  let store: TenantStore & { gets: number };
  let service: TenantService;

  beforeEach(async () => {
    database = await openStore("sqlite::memory:");
    // The real SQLite store, counting lookups so a test can check the work done.
    const tenants = database.tenants;
    store = {
      gets: 0,
      create: (id, at) => tenants.create(id, at),
      get(id) {
        store.gets += 1;
        return tenants.get(id);
      },
      list: () => tenants.list(),
      setSetting: (id, name, value) => tenants.setSetting(id, name, value),
      page: (query) => tenants.page(query),
      setPause: (id, pause) => tenants.setPause(id, pause),
      touch: (id, version) => tenants.touch(id, version),
      delete: (id) => tenants.delete(id),
    };
    service = new TenantService({ ...database, tenants: store }, { now: () => new Date("2024-05-01T10:00:00.000Z") });
  });
  afterEach(async () => {
    await database.close();
  });

  describe("tenants", () => {
    it("creates a tenant with no settings and the current time", async () => {
      expect(await service.createTenant("acme")).toEqual({
        id: "acme",
        createdAt: "2024-05-01T10:00:00.000Z",
        settings: {},
        pause: null,
        version: 1,
      });
      expect((await service.listTenants()).map((t) => t.id)).toEqual(["acme"]);
    });

    it("refuses a tenant that exists with conflict", async () => {
      await service.createTenant("acme");
      const error = await failure(service.createTenant("acme"));
      expect(error.code).toBe("conflict");
      expect(error.message).toBe('tenant "acme" already exists');
    });

    it("refuses a malformed tenant id with invalidValue", async () => {
      expect((await failure(service.createTenant("acme corp"))).code).toBe("invalidValue");
    });

    it("answers notFound for an unknown tenant", async () => {
      const error = await failure(service.showTenant("nope"));
      expect(error.code).toBe("notFound");
      expect(error.message).toBe('tenant "nope" does not exist');
      expect((await failure(service.setSetting("nope", "ScimEnabled", "true"))).code).toBe("notFound");
    });

    it("stores a setting under its canonical name and normalized value", async () => {
      await service.createTenant("acme");
      const tenant = await service.setSetting("acme", "hashedscimprovisioningtoken", hashToken("t").toLowerCase());
      expect(tenant.settings).toEqual({ HashedScimProvisioningToken: hashToken("t") });
    });

    it("refuses an unknown setting and a malformed value, storing nothing", async () => {
      await service.createTenant("acme");
      expect((await failure(service.setSetting("acme", "Colour", "blue"))).code).toBe("invalidValue");
      expect((await failure(service.setSetting("acme", "ScimEnabled", "perhaps"))).code).toBe("invalidValue");
      expect((await service.showTenant("acme")).settings).toEqual({});
    });

    it("unsets a setting", async () => {
      await service.createTenant("acme");
      await service.setSetting("acme", "ScimEnabled", "false");
      expect((await service.unsetSetting("acme", "scimenabled")).settings).toEqual({});
      expect((await failure(service.unsetSetting("acme", "Colour"))).code).toBe("invalidValue");
    });
  });

  describe("authenticate", () => {
    const token = "c2VjcmV0LXRva2VuLXZhbHVlLWZvci10ZXN0cw==";

    beforeEach(async () => {
      await service.createTenant("acme");
      await service.setSetting("acme", "HashedScimProvisioningToken", hashToken(token));
      await service.createTenant("globex");
      await service.setSetting("globex", "HashedScimProvisioningToken", hashToken("other-token"));
      await service.createTenant("nohash");
    });

    it("returns the tenant for its bearer token, whatever the scheme's case", async () => {
      expect((await service.authenticate("acme", `Bearer ${token}`)).id).toBe("acme");
      expect((await service.authenticate("acme", `bearer  ${token} `)).id).toBe("acme");
    });

    it.each([
      ["a missing header", "acme", undefined],
      ["an empty header", "acme", ""],
      ["another scheme", "acme", `Basic ${token}`],
      ["a bare token", "acme", token],
      ["a bearer without token", "acme", "Bearer "],
      ["two tokens", "acme", `Bearer ${token} ${token}`],
      ["a wrong token", "acme", "Bearer wrong"],
      ["an unknown tenant", "initech", `Bearer ${token}`],
      ["a malformed tenant id", "ac me", `Bearer ${token}`],
      ["a tenant without a hash", "nohash", `Bearer ${token}`],
      ["another tenant's token", "globex", `Bearer ${token}`],
    ])("answers the same unauthorized to %s", async (_case, tenantId, header) => {
      const error = await failure(service.authenticate(tenantId, header));
      expect(error.code).toBe("unauthorized");
      expect(error.message).toBe(UNAUTHORIZED_DETAIL);
    });

    it("looks the tenant up even when the header is missing", async () => {
      const before = store.gets;
      await failure(service.authenticate("acme", undefined));
      expect(store.gets).toBe(before + 1);
    });

    it("answers forbidden to a valid token when provisioning is off, and unauthorized to a wrong one", async () => {
      await service.setSetting("acme", "ScimEnabled", "false");
      const error = await failure(service.authenticate("acme", `Bearer ${token}`));
      expect(error.code).toBe("forbidden");
      expect(error.message).toBe(SCIM_DISABLED_DETAIL);
      expect((await failure(service.authenticate("acme", "Bearer wrong"))).code).toBe("unauthorized");
    });
  });
});
