/** The admin key a management API request was authenticated with. */
import type { FastifyRequest } from "fastify";
import { type Actor, adminActor } from "../../domain/actor.ts";
import type { AdminKeyRecord } from "../../domain/model.ts";

const keys = new WeakMap<FastifyRequest, AdminKeyRecord>();

/** Records the key the authentication hook accepted. */
export function setAdminKey(request: FastifyRequest, key: AdminKeyRecord): void {
  keys.set(request, key);
}

/** The key of an authenticated request; throws outside the authenticated routes (a bug). */
export function adminKeyOf(request: FastifyRequest): AdminKeyRecord {
  const key = keys.get(request);
  if (key === undefined) throw new Error(`no admin key for ${request.method} ${request.url}`);
  return key;
}

/** The actor of the request's writes (SPEC §11 `admin:<key id>`). */
export function actorOf(request: FastifyRequest): Actor {
  return adminActor(adminKeyOf(request).id);
}
