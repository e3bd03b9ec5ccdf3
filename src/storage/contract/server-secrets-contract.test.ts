/** Server secrets: made once per database, and the same for every store (instance) over it, on every database. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Store } from "../../domain/ports.ts";
import { openStore } from "../open-store.ts";
import { createPostgresDatabase, DATABASE_KINDS } from "../testing/test-databases.ts";

/** Opens `count` stores over one fresh, migrated database of `kind`, as several instances would. */
async function sharedDatabase(kind: "sqlite" | "postgres", count: number) {
  if (kind === "sqlite") {
    const directory = await mkdtemp(join(tmpdir(), "roster-secrets-"));
    const url = `sqlite:${join(directory, "roster.db")}`;
    const stores: Store[] = [];
    for (let i = 0; i < count; i++) stores.push(await openStore(url));
    return { stores, dispose: () => rm(directory, { recursive: true, force: true }) };
  }
  const database = await createPostgresDatabase();
  const first = await openStore(database.url);
  await first.migrate();
  const stores = [first];
  for (let i = 1; i < count; i++) stores.push(await openStore(database.url));
  return { stores, dispose: database.drop };
}

describe.each(DATABASE_KINDS)("server secrets on %s", (kind) => {
  it("generates a secret once: every store over the database, asking at the same time, gets the same one", async () => {
    const { stores, dispose } = await sharedDatabase(kind, 4);
    try {
      const values = await Promise.all(stores.map((store) => store.serverSecret("scim-cursor-hmac")));
      expect(new Set(values).size).toBe(1);
      const [value] = values;
      expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
      // Asked again, later, it is still the stored one.
      expect(await stores[3]!.serverSecret("scim-cursor-hmac")).toBe(value);
      // Another name is another secret.
      expect(await stores[0]!.serverSecret("other")).not.toBe(value);
    } finally {
      for (const store of stores) await store.close();
      await dispose();
    }
  });
});
