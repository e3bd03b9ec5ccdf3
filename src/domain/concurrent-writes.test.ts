/** Concurrent writes of one resource all land, in some order, on every database. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS } from "../storage/testing/test-databases.ts";
import { context, domainKit, ops, scimGroup, scimUser } from "./scim-test-kit.ts";

const WRITERS = 8;

describe.each(DATABASE_KINDS)("concurrent writes on %s", (kind) => {
  let kit: Awaited<ReturnType<typeof domainKit>>;
  beforeAll(async () => {
    kit = await domainKit(kind);
  });
  afterAll(async () => {
    await kit.handle.dispose();
  });

  it("applies every one of several simultaneous PATCHes of one user", async () => {
    const t = await kit.tenant();
    await kit.scim.createUser(context(t), scimUser("busy@corp", "busy@x.io"));
    await Promise.all(
      Array.from({ length: WRITERS }, (_, i) =>
        kit.scim.patchUser(
          context(t),
          "busy@x.io",
          ops({ op: "add", path: "emails", value: [{ value: `alias${i}@x.io`, type: "other" }] }),
        ),
      ),
    );
    const user = await kit.scim.getUser(context(t), "busy@x.io");
    expect(user["emails"]).toHaveLength(WRITERS + 1);
    expect(user["meta"]).toMatchObject({ version: `W/"${WRITERS + 1}"` });
  });

  it("applies every one of several simultaneous member additions to one group", async () => {
    const t = await kit.tenant();
    for (let i = 0; i < WRITERS; i++) await kit.scim.createUser(context(t), scimUser(`m${i}@corp`, `m${i}@x.io`));
    await kit.scim.createGroup(context(t), scimGroup("Crowd"), { includeMembers: false });
    await Promise.all(
      Array.from({ length: WRITERS }, (_, i) =>
        kit.scim.patchGroup(
          context(t),
          "crowd",
          ops({ op: "add", path: "members", value: [{ value: `m${i}@x.io` }] }),
          {
            includeMembers: false,
          },
        ),
      ),
    );
    expect((await kit.store.roles.members(t, ["crowd"])).get("crowd")).toHaveLength(WRITERS);
  });

  it("lets exactly one of several simultaneous creates of one userName succeed", async () => {
    const t = await kit.tenant();
    const results = await Promise.allSettled(
      Array.from({ length: WRITERS }, (_, i) =>
        kit.scim.createUser(context(t), scimUser("twin@corp", `twin${i}@x.io`)),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const failure of results.filter((r) => r.status === "rejected")) {
      expect((failure as PromiseRejectedResult).reason).toMatchObject({ code: "uniqueness" });
    }
  });
});
