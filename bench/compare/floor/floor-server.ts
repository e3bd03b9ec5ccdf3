/**
 * The bare-fastify floor, run as its own process by the benchmark: the same SCIM shapes and
 * routes the scenarios use, over FloorStore. It seeds BENCH_USERS users of the data set at start
 * (through the same create path as POST), then listens on HOST:PORT. Bearer BENCH_TOKEN.
 */
import Fastify, { type FastifyReply } from "fastify";
import { BASE_PATH, type Json } from "../dataset.ts";
import { seedFloor } from "./floor-seed.ts";
import { type FloorReply, FloorStore } from "./floor-store.ts";

type Query = Record<string, string | undefined>;

function listQuery(query: Query) {
  const number = (value: string | undefined, fallback: number) => {
    const parsed = value === undefined ? Number.NaN : Number(value);
    return Number.isInteger(parsed) ? parsed : fallback;
  };
  return {
    filter: query["filter"],
    startIndex: number(query["startIndex"], 1),
    count: number(query["count"], 100),
    sortBy: query["sortBy"],
    descending: query["sortOrder"] === "descending",
    excludeMembers: excludesMembers(query),
  };
}

function excludesMembers(query: Query): boolean {
  return (query["excludedAttributes"] ?? "").toLowerCase().split(",").includes("members");
}

function send(reply: FastifyReply, answer: FloorReply) {
  reply.code(answer.status);
  if (answer.location) reply.header("location", answer.location);
  if (answer.body === undefined) return reply.send();
  return reply.type("application/scim+json").send(JSON.stringify(answer.body));
}

async function main() {
  const token = process.env["BENCH_TOKEN"] ?? "";
  const port = Number(process.env["PORT"] ?? 0);
  const host = process.env["HOST"] ?? "127.0.0.1";
  const origin = `http://${host}:${port}`;
  const store = new FloorStore(`${origin}${BASE_PATH}`);
  seedFloor(store, Number(process.env["BENCH_USERS"] ?? 0));

  const app = Fastify({ logger: false, routerOptions: { maxParamLength: 2048 } });
  app.addContentTypeParser(["application/scim+json"], { parseAs: "string" }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.addHook("onRequest", async (request, reply) => {
    if (request.headers.authorization !== `Bearer ${token}`) {
      await send(reply, { status: 401, body: { detail: "unauthorized" } });
    }
  });
  type ById = { Params: { id: string }; Querystring: Query };
  app.get<{ Querystring: Query }>(`${BASE_PATH}/Users`, (request, reply) =>
    send(reply, store.listUsers(listQuery(request.query))),
  );
  app.get<ById>(`${BASE_PATH}/Users/:id`, (request, reply) => send(reply, store.getUser(request.params.id)));
  app.post(`${BASE_PATH}/Users`, (request, reply) => send(reply, store.createUser(request.body as Json)));
  app.get<{ Querystring: Query }>(`${BASE_PATH}/Groups`, (request, reply) =>
    send(reply, store.listGroups(listQuery(request.query))),
  );
  app.get<ById>(`${BASE_PATH}/Groups/:id`, (request, reply) =>
    send(reply, store.getGroup(request.params.id, excludesMembers(request.query))),
  );
  app.post(`${BASE_PATH}/Groups`, (request, reply) => send(reply, store.createGroup(request.body as Json)));
  app.patch<ById>(`${BASE_PATH}/Groups/:id`, (request, reply) =>
    send(reply, store.patchGroup(request.params.id, request.body)),
  );
  await app.listen({ port, host });
  process.on("SIGTERM", () => void app.close().then(() => process.exit(0)));
}

await main();
