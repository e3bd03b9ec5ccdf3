import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateToken, hashToken } from "../../domain/token.ts";
import { DATABASE_KINDS } from "../../storage/testing/test-databases.ts";
import { type ApiTestApp, apiTestApp, problemFields } from "./api-test-kit.ts";

const SETTING_TOKEN = "c2V0dGluZy10b2tlbi0wMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1";

interface TokenJson {
  Id: string;
  Hash: string;
  CreatedAt: string;
  ExpiresAt: string | null;
  LastUsedAt: string | null;
  Token?: string;
}

describe.each(DATABASE_KINDS)("SCIM token rotation on %s", (kind) => {
  let t: ApiTestApp;

  beforeAll(async () => {
    t = await apiTestApp(kind);
    await t.addTenant("acme", SETTING_TOKEN);
    await t.addTenant("globex");
  });
  afterAll(() => t.close());

  const add = (body: unknown, tenant = "acme") =>
    t.call({ method: "POST", url: `/api/v1/tenants/${tenant}/scim-tokens`, key: t.rootKey, body });
  const scim = (token: string, tenant = "acme") => t.call({ url: `/scim/v2/${tenant}/Okta/Users`, key: token });
  const list = async (tenant = "acme") =>
    ((await t.call({ url: `/api/v1/tenants/${tenant}/scim-tokens`, key: t.rootKey })).json() as { Items: TokenJson[] })
      .Items;

  it("generates a token shown once, which opens SCIM beside the setting's token", async () => {
    const response = await add({});
    expect(response.statusCode).toBe(201);
    const body = response.json() as TokenJson;
    expect(body.Token).toBeDefined();
    expect(Buffer.from(body.Token!, "base64")).toHaveLength(32);
    expect(body).toMatchObject({
      Id: expect.stringMatching(/^st_[0-9a-f]{16}$/),
      Hash: hashToken(body.Token!),
      ExpiresAt: null,
    });
    expect((await scim(body.Token!)).statusCode).toBe(200);
    expect((await scim(SETTING_TOKEN)).statusCode).toBe(200);
    const listed = await list();
    expect(listed.find((tok) => tok.Id === body.Id)).toMatchObject({ Hash: body.Hash });
    expect(JSON.stringify(listed)).not.toContain(body.Token!);
  });

  it("registers a hash computed elsewhere (the seed's script prints it in upper case; either case works)", async () => {
    const token = generateToken();
    const response = await add({ Hash: hashToken(token).toLowerCase(), ExpiresAt: "2999-12-31T23:00:00+01:00" });
    expect(response.statusCode).toBe(201);
    const body = response.json() as TokenJson;
    expect(body.Token).toBeUndefined();
    expect(body).toMatchObject({ Hash: hashToken(token), ExpiresAt: "2999-12-31T22:00:00.000Z" });
    expect((await scim(token)).statusCode).toBe(200);
    expect((await add({ Hash: hashToken(token) })).statusCode).toBe(409);
  });

  it("keeps a tenant's tokens to itself", async () => {
    const body = (await add({})).json() as TokenJson;
    expect((await scim(body.Token!, "globex")).statusCode).toBe(401);
  });

  it("refuses a revoked token at once, with the same 401 as any other failure", async () => {
    const body = (await add({})).json() as TokenJson;
    expect((await scim(body.Token!)).statusCode).toBe(200);
    const revoke = await t.call({
      method: "DELETE",
      url: `/api/v1/tenants/acme/scim-tokens/${body.Id}`,
      key: t.rootKey,
    });
    expect(revoke.statusCode).toBe(204);
    const refused = await scim(body.Token!);
    expect(refused.statusCode).toBe(401);
    expect(refused.body).toBe((await scim("wrong")).body);
    const again = await t.call({
      method: "DELETE",
      url: `/api/v1/tenants/acme/scim-tokens/${body.Id}`,
      key: t.rootKey,
    });
    expect(again.statusCode).toBe(404);
  });

  it("refuses an expired token", async () => {
    const token = generateToken();
    await t.store.scimTokens.insert("acme", {
      id: "st_00000000000000aa",
      hash: hashToken(token),
      createdAt: "2020-01-01T00:00:00.000Z",
      expiresAt: new Date(Date.now() - 1000).toISOString(),
      lastUsedAt: null,
    });
    expect((await scim(token)).statusCode).toBe(401);
  });

  it("records LastUsedAt of a token that opened SCIM", async () => {
    const body = (await add({})).json() as TokenJson;
    await scim(body.Token!);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await list()).find((tok) => tok.Id === body.Id)?.LastUsedAt).toMatch(/^\d{4}-/);
  });

  it.each([
    [{ Hash: "abc" }, "Hash"],
    [{ Hash: "Z".repeat(128) }, "Hash"],
    [{ ExpiresAt: "tomorrow" }, "ExpiresAt"],
    [{ ExpiresAt: "2020-01-01" }, "ExpiresAt"],
    [{ ExpiresAt: "2999-01-01T10:00" }, "ExpiresAt"],
    [{ Bytes: 8 }, "Bytes"],
    [{ Token: "x" }, "Token"],
  ])("refuses %j with a 400 naming %s", async (body, field) => {
    const response = await add(body);
    expect(response.statusCode).toBe(400);
    expect(problemFields(response)).toEqual([field]);
  });

  it("answers 404 for an unknown tenant and a malformed token id", async () => {
    expect((await add({}, "initech")).statusCode).toBe(404);
    const response = await t.call({ method: "DELETE", url: "/api/v1/tenants/acme/scim-tokens/nope", key: t.rootKey });
    expect(response.statusCode).toBe(404);
  });
});
