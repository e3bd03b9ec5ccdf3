/** Runs an RFC 7644 §3.7 bulk request through the SCIM operations, one transaction per operation. */
import {
  type BulkMethod,
  type BulkOperation,
  type BulkRequest,
  resolveBulkIds,
  resolveBulkPath,
} from "../protocol/bulk-request.ts";
import { type BulkOperationResult, bulkResponse } from "../protocol/bulk-response.ts";
import { parseEntityTagCondition } from "../protocol/entity-tag.ts";
import { RosterError, unwrap } from "../protocol/errors.ts";
import { parseResourceId } from "../protocol/limits.ts";
import { parsePatchRequest } from "../protocol/patch/parse-patch-request.ts";
import { parseResource } from "../protocol/resource/parse-resource.ts";
import { isScimObject, type ScimObject } from "../protocol/resource/scim-object.ts";
import type { RequestTrace } from "./request-trace.ts";
import type { ScimContext, ScimOperations, WritePrecondition } from "./scim-operations.ts";

/** A failed operation as a single request would have answered it. */
export interface BulkFailure {
  readonly status: number;
  readonly body: ScimObject;
}

/** What the runner needs besides the operations. */
export interface BulkRunOptions {
  /** Turns a failure into its status and SCIM error body: the HTTP edge's one mapping of errors. */
  readonly describeError: (error: unknown) => BulkFailure;
  /**
   * The provisioning log trace of one operation (SPEC §11): each operation that writes logs its
   * row in its own transaction; absent outside HTTP.
   */
  readonly trace?: (method: string, path: string, status: number) => RequestTrace;
  /** Records a failed operation's log row (its transaction rolled back, with any row it had). */
  readonly onFailure?: (trace: RequestTrace, failure: BulkFailure) => void;
}

/** The status a successful operation answers with. */
function successStatus(method: BulkMethod, type: Target["type"]): number {
  if (method === "POST") return 201;
  if (method === "PUT") return 200;
  if (method === "PATCH") return type === "User" ? 200 : 204;
  return 204;
}

/** An operation's target: a resource type endpoint, or one resource of it. */
interface Target {
  readonly type: "User" | "Group";
  readonly id: string | undefined;
}

const ENDPOINTS: Readonly<Record<string, Target["type"]>> = { users: "User", groups: "Group" };
const NO_MEMBERS = { includeMembers: false } as const;

/**
 * Runs `request` and answers its BulkResponse. Operations run in request order, except that an
 * operation referring to `bulkId:x` waits until the POST declaring `x` has run (§3.7: the
 * client's intent is kept); the reference is then replaced by the created id, in `path` and
 * anywhere in `data` (§3.7.2). Each operation is its own transaction: one that fails leaves the
 * others in place, and the bulk as a whole is not atomic (§3.7 does not ask it to be). A
 * reference to an undeclared bulkId fails with `invalidValue`, to one whose POST failed with 409,
 * and operations whose references form a cycle with 409 (§3.7.1). After `failOnErrors` failures
 * the remaining operations are not run. Results are listed in request order.
 */
export async function runBulk(
  scim: ScimOperations,
  ctx: ScimContext,
  request: BulkRequest,
  options: BulkRunOptions,
): Promise<ScimObject> {
  const declared = new Set(
    request.operations.filter((op) => op.method === "POST" && op.bulkId !== undefined).map((op) => op.bulkId),
  );
  const created = new Map<string, string>();
  const failed = new Set<string>();
  const settled = (bulkId: string) => !declared.has(bulkId) || created.has(bulkId) || failed.has(bulkId);
  const results: (BulkOperationResult & { readonly index: number })[] = [];
  const pending = [...request.operations];
  let errors = 0;

  const record = (op: BulkOperation, result: BulkOperationResult) => {
    results.push({ ...result, index: op.index });
    if (result.status >= 400) {
      errors += 1;
      if (op.bulkId !== undefined) failed.add(op.bulkId);
    }
    return request.failOnErrors !== undefined && errors >= request.failOnErrors;
  };

  while (pending.length > 0) {
    const next = pending.findIndex((op) => op.references.every(settled));
    if (next === -1) {
      // Every waiting operation depends, at some depth, on a cycle of bulkId references.
      let stop = false;
      for (const op of pending) {
        const error = new RosterError(
          "conflict",
          `Operations[${op.index}]: its bulkId references form a cycle that cannot be resolved (RFC 7644 §3.7.1)`,
        );
        stop = record(op, failure(op, undefined, ctx, options.describeError(error)));
        if (stop) break;
      }
      break;
    }
    const [op] = pending.splice(next, 1);
    if (op === undefined) break;
    const { result, id } = await runOperation(scim, ctx, op, { declared, created, failed }, options);
    if (op.method === "POST" && op.bulkId !== undefined && id !== undefined) created.set(op.bulkId, id);
    if (record(op, result)) break;
  }
  return bulkResponse(results.sort((a, b) => a.index - b.index));
}

interface BulkIds {
  readonly declared: ReadonlySet<string | undefined>;
  readonly created: ReadonlyMap<string, string>;
  readonly failed: ReadonlySet<string>;
}

async function runOperation(
  scim: ScimOperations,
  ctx: ScimContext,
  op: BulkOperation,
  ids: BulkIds,
  options: BulkRunOptions,
): Promise<{ readonly result: BulkOperationResult; readonly id?: string | undefined }> {
  let target: Target | undefined;
  let trace: RequestTrace | undefined;
  try {
    if (op.error !== undefined || op.method === undefined) throw op.error;
    for (const ref of op.references) {
      if (!ids.declared.has(ref)) {
        throw new RosterError("invalidValue", `bulkId:${ref} names no POST operation of this request`);
      }
      if (ids.failed.has(ref)) throw new RosterError("conflict", `bulkId:${ref} was not created: its operation failed`);
    }
    const path = resolveBulkPath(op.path, ids.created);
    target = parseTarget(path, op.method);
    trace = options.trace?.(op.method, path, successStatus(op.method, target.type));
    const data = op.data === undefined ? undefined : resolveBulkIds(op.data, ids.created);
    const version = parseEntityTagCondition(op.version);
    const precondition: WritePrecondition | undefined = version === undefined ? undefined : { ifMatch: version };
    const { status, resource } = await execute(scim, { ...ctx, trace }, op.method, target, data, precondition);
    const meta = resource !== undefined && isScimObject(resource["meta"]) ? resource["meta"] : {};
    const id = typeof resource?.["id"] === "string" ? resource["id"] : undefined;
    return {
      id,
      result: {
        method: op.method,
        bulkId: op.bulkId,
        location: typeof meta["location"] === "string" ? meta["location"] : locationOf(ctx, target),
        version: typeof meta["version"] === "string" ? meta["version"] : undefined,
        status,
        response: undefined,
      },
    };
  } catch (error) {
    const described = options.describeError(error);
    trace ??= options.trace?.(op.method ?? "POST", typeof op.path === "string" ? op.path : "", 0);
    if (trace !== undefined && !trace.logged) options.onFailure?.(trace, described);
    return { result: failure(op, target, ctx, described) };
  }
}

async function execute(
  scim: ScimOperations,
  ctx: ScimContext,
  method: BulkMethod,
  target: Target,
  data: unknown,
  precondition: WritePrecondition | undefined,
): Promise<{ readonly status: number; readonly resource: ScimObject | undefined }> {
  const { type, id } = target;
  if (method === "POST") {
    const input = unwrap(parseResource(type, data));
    const resource =
      type === "User" ? await scim.createUser(ctx, input) : await scim.createGroup(ctx, input, NO_MEMBERS);
    return { status: 201, resource };
  }
  if (id === undefined) throw new RosterError("invalidValue", `${method} needs the path of one resource`);
  switch (method) {
    case "PUT": {
      const input = unwrap(parseResource(type, data));
      const resource =
        type === "User"
          ? await scim.replaceUser(ctx, id, input, precondition)
          : await scim.replaceGroup(ctx, id, input, NO_MEMBERS, precondition);
      return { status: 200, resource };
    }
    case "PATCH": {
      const operations = unwrap(parsePatchRequest(data, { resourceType: type }));
      if (type === "User") return { status: 200, resource: await scim.patchUser(ctx, id, operations, precondition) };
      return { status: 204, resource: await scim.patchGroup(ctx, id, operations, NO_MEMBERS, precondition) };
    }
    case "DELETE":
      if (type === "User") await scim.deleteUser(ctx, id, precondition);
      else await scim.deleteGroup(ctx, id, precondition);
      return { status: 204, resource: undefined };
  }
}

/** Reads `/Users`, `/Groups` (POST) or `/Users/{id}`, `/Groups/{id}` (the others); the id URL-decoded and checked (`parseResourceId`). */
function parseTarget(path: string, method: BulkMethod): Target {
  const [empty, endpoint, encoded, ...rest] = path.split("/");
  const type = endpoint === undefined ? undefined : ENDPOINTS[endpoint.toLowerCase()];
  const wantsId = method !== "POST";
  if (empty !== "" || type === undefined || rest.length > 0 || (encoded !== undefined) !== wantsId || encoded === "") {
    const expected = wantsId ? "/Users/{id} or /Groups/{id}" : "/Users or /Groups";
    throw new RosterError("invalidValue", `a bulk ${method} needs the path ${expected}, not ${JSON.stringify(path)}`);
  }
  if (encoded === undefined) return { type, id: undefined };
  try {
    return { type, id: unwrap(parseResourceId(decodeURIComponent(encoded))) };
  } catch (error) {
    if (error instanceof RosterError) throw error;
    throw new RosterError("invalidValue", `the path ${JSON.stringify(path)} is not URL-encoded correctly`, {
      cause: error,
    });
  }
}

function locationOf(ctx: ScimContext, target: Target | undefined): string | undefined {
  if (target?.id === undefined) return undefined;
  return `${ctx.baseUrl}/${target.type}s/${encodeURIComponent(target.id)}`;
}

/** A failed operation: no location for a POST (§3.7.3), the error as `response`. */
function failure(
  op: BulkOperation,
  target: Target | undefined,
  ctx: ScimContext,
  described: BulkFailure,
): BulkOperationResult {
  return {
    method: op.method,
    bulkId: op.bulkId,
    location: op.method === "POST" ? undefined : locationOf(ctx, target),
    version: undefined,
    status: described.status,
    response: described.body,
  };
}
