/** What the console knows about a signed-in request: its session, the admin key it acts with, its CSRF token. */
import type { FastifyRequest } from "fastify";
import { type Actor, adminActor } from "../domain/actor.ts";
import type { ActiveSession } from "../domain/console-session-service.ts";
import type { AdminKeyRecord } from "../domain/model.ts";

/** The signed-in viewer of a page. */
export interface Viewer {
  readonly key: AdminKeyRecord;
  /** The token every form of the session carries. */
  readonly csrf: string;
}

/** A signed-in request's state. */
export interface ConsoleState {
  readonly session: ActiveSession;
  /** The session's secret, from the cookie (never shown, never logged). */
  readonly secret: string;
  readonly viewer: Viewer;
}

const states = new WeakMap<FastifyRequest, ConsoleState>();

/** Records the state the session hook established. */
export function setConsoleState(request: FastifyRequest, state: ConsoleState): void {
  states.set(request, state);
}

/** The state of a signed-in request; undefined before sign-in (public pages, refused requests). */
export function consoleStateOf(request: FastifyRequest): ConsoleState | undefined {
  return states.get(request);
}

/** The state of a request on a signed-in route; throws when the session hook did not run (a bug). */
export function signedIn(request: FastifyRequest): ConsoleState {
  const state = states.get(request);
  if (state === undefined) throw new Error(`no console session for ${request.method} ${request.routeOptions.url}`);
  return state;
}

/** The viewer of a signed-in request. */
export function viewerOf(request: FastifyRequest): Viewer {
  return signedIn(request).viewer;
}

/** The actor of the request's writes (SPEC §11 `admin:<key id>`): the key the session was opened with. */
export function consoleActor(request: FastifyRequest): Actor {
  return adminActor(signedIn(request).session.key.id);
}

/** True when the viewer may change things (not a read-only key). */
export function canWrite(viewer: Viewer): boolean {
  return !viewer.key.readOnly;
}
