import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScimOperations } from "../domain/scim-operations.ts";
import { type ErrorCode, RosterError } from "../protocol/errors.ts";
import { errorResponse, INTERNAL_DETAIL, surfaceErrorBody } from "./error-response.ts";
import { bearer, type TestApp, testApp } from "./test-app.ts";

const TOKEN = "ZXJyb3ItbWFwcGluZy10ZXN0cy10b2tlbi0wMTIz";

const expected: readonly (readonly [ErrorCode, number, string | undefined])[] = [
  ["invalidFilter", 400, "invalidFilter"],
  ["invalidPath", 400, "invalidPath"],
  ["invalidSyntax", 400, "invalidSyntax"],
  ["invalidValue", 400, "invalidValue"],
  ["invalidVers", 400, "invalidVers"],
  ["mutability", 400, "mutability"],
  ["noTarget", 400, "noTarget"],
  ["tooMany", 400, "tooMany"],
  ["uniqueness", 409, "uniqueness"],
  ["invalidCursor", 400, "invalidCursor"],
  ["expiredCursor", 400, "expiredCursor"],
  ["invalidCount", 400, "invalidCount"],
  ["sensitive", 403, "sensitive"],
  ["badRequest", 400, undefined],
  ["unauthorized", 401, undefined],
  ["forbidden", 403, undefined],
  ["notFound", 404, undefined],
  ["methodNotAllowed", 405, undefined],
  ["conflict", 409, undefined],
  ["requestTimeout", 408, undefined],
  ["preconditionFailed", 412, undefined],
  ["payloadTooLarge", 413, undefined],
  ["uriTooLong", 414, undefined],
  ["unsupportedMediaType", 415, undefined],
  ["tooManyRequests", 429, undefined],
  ["headersTooLarge", 431, undefined],
  ["notImplemented", 501, undefined],
  ["paused", 503, undefined],
  ["unavailable", 503, undefined],
];

/** A domain whose getUser throws the RosterError named by the id, or a plain Error for "crash". */
function throwingScim(): ScimOperations {
  const fail = async (_ctx: unknown, id: string): Promise<never> => {
    if (id === "crash") {
      throw new Error("connection to postgres://roster:hunter2@db failed");
    }
    throw new RosterError(id as ErrorCode, `detail of ${id}`);
  };
  const unused = async (): Promise<never> => {
    throw new Error("not used");
  };
  return {
    createUser: unused,
    getUser: fail,
    listUsers: unused,
    replaceUser: unused,
    patchUser: unused,
    deleteUser: unused,
    createGroup: unused,
    getGroup: fail,
    groupMembers: unused,
    listGroups: unused,
    replaceGroup: unused,
    patchGroup: unused,
    deleteGroup: unused,
  };
}

describe("errorResponse", () => {
  it.each(expected)("maps %s to %i with scimType %s", (code, status, scimType) => {
    const response = errorResponse(new RosterError(code, "the detail"));
    expect(response.status).toBe(status);
    expect(response.body).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: String(status),
      ...(scimType === undefined ? {} : { scimType }),
      detail: "the detail",
    });
    expect(response.internal).toBe(false);
  });

  it("adds WWW-Authenticate to 401 and Retry-After to 503", () => {
    expect(errorResponse(new RosterError("unauthorized", "x")).headers).toEqual({
      "www-authenticate": 'Bearer realm="roster"',
    });
    expect(errorResponse(new RosterError("paused", "x")).headers).toEqual({ "retry-after": "60" });
  });

  it("hides the message of internal errors and unknown throws", () => {
    for (const error of [new RosterError("internal", "secret"), new Error("secret"), "secret", undefined]) {
      const response = errorResponse(error);
      expect(response.status).toBe(500);
      expect(response.body).toEqual({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
        status: "500",
        detail: INTERNAL_DETAIL,
      });
      expect(response.internal).toBe(true);
    }
  });

  it("maps fastify's own errors", () => {
    const fastifyError = (code: string, statusCode: number) => Object.assign(new Error("m"), { code, statusCode });
    expect(errorResponse(fastifyError("FST_ERR_CTP_BODY_TOO_LARGE", 413)).status).toBe(413);
    expect(errorResponse(fastifyError("FST_ERR_CTP_INVALID_MEDIA_TYPE", 415)).status).toBe(415);
    expect(errorResponse(fastifyError("FST_ERR_CTP_EMPTY_JSON_BODY", 400)).body["scimType"]).toBe("invalidSyntax");
    expect(errorResponse(fastifyError("FST_ERR_SOMETHING_ELSE", 400)).status).toBe(400);
    expect(errorResponse(fastifyError("FST_ERR_SOMETHING_ELSE", 500)).status).toBe(500);
  });
});

describe("surfaceErrorBody", () => {
  const response = errorResponse(new RosterError("notFound", "gone"));

  it("is the SCIM error under /scim, in the media type the client accepts", () => {
    expect(surfaceErrorBody("scim", response)).toEqual({
      contentType: "application/scim+json; charset=utf-8",
      body: { schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "404", detail: "gone" },
    });
    expect(surfaceErrorBody("scim", response, "application/json").contentType).toBe("application/json; charset=utf-8");
  });

  it("is an RFC 9457 problem under /api", () => {
    expect(surfaceErrorBody("api", response)).toEqual({
      contentType: "application/problem+json; charset=utf-8",
      body: { type: "urn:roster:problem:not-found", title: "Not found", status: 404, detail: "gone" },
    });
  });

  it("is plain JSON elsewhere", () => {
    expect(surfaceErrorBody("other", response)).toEqual({
      contentType: "application/json; charset=utf-8",
      body: { error: "Not Found", message: "gone" },
    });
  });

  it("never repeats the message of an unknown fastify 4xx (it can quote the request)", () => {
    const quoting = Object.assign(new Error("'/scim/v2/a/b/Users/jane@example.com' is bad"), {
      code: "FST_ERR_SOMETHING_NEW",
      statusCode: 400,
    });
    expect(JSON.stringify(errorResponse(quoting).body)).not.toContain("jane");
  });
});

describe("the error handler", () => {
  let t: TestApp;
  const logs: string[] = [];

  beforeAll(async () => {
    t = await testApp({
      scim: throwingScim,
      config: { logLevel: "info" },
      logStream: { write: (line) => logs.push(line) },
    });
    await t.addTenant("acme", TOKEN);
  });
  afterAll(() => t.close());

  const getUser = (id: string) =>
    t.app.inject({ method: "GET", url: `/scim/v2/acme/Okta/Users/${id}`, headers: bearer(TOKEN) });

  it.each(expected)("answers a domain %s with %i and a SCIM body", async (code, status, scimType) => {
    const response = await getUser(code);
    expect(response.statusCode).toBe(status);
    expect(response.headers["content-type"]).toBe("application/scim+json; charset=utf-8");
    expect(response.json()).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: String(status),
      ...(scimType === undefined ? {} : { scimType }),
      detail: `detail of ${code}`,
    });
    if (code === "unauthorized") expect(response.headers["www-authenticate"]).toBe('Bearer realm="roster"');
    if (code === "paused") expect(response.headers["retry-after"]).toBe("60");
  });

  it("answers an unexpected error with a generic 500, and logs the real one", async () => {
    const response = await getUser("crash");
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: "500",
      detail: INTERNAL_DETAIL,
    });
    expect(response.body).not.toContain("hunter2");
    expect(response.body).not.toMatch(/\bat .*:\d+:\d+/);
    const logged = logs.map((line) => JSON.parse(line) as { level: number; err?: { message: string } });
    expect(logged.some((line) => line.level === 50 && line.err?.message.includes("connection to postgres"))).toBe(true);
  });

  it("never logs the bearer token", async () => {
    await getUser("notFound");
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.join("\n")).not.toContain(TOKEN);
  });

  it("answers 405 with an Allow header", async () => {
    const response = await t.app.inject({ method: "PUT", url: "/scim/v2/acme/Okta/Users", headers: bearer(TOKEN) });
    expect(response.statusCode).toBe(405);
    expect(response.headers["allow"]).toBe("GET, POST");
    expect(response.json()).toMatchObject({ status: "405" });
  });
});
