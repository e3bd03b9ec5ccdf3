/** The BulkRequest message of RFC 7644 §3.7 and its `bulkId` references (§3.7.2). */
import { fail, ok, type Result, RosterError } from "./errors.ts";
import { isMessage, memberOf } from "./message-members.ts";
import { isScimObject, type JsonValue, URN } from "./resource/scim-object.ts";

/** RFC 7644 §3.7.4 `maxOperations`: the most operations one Bulk request may carry. */
export const BULK_MAX_OPERATIONS = 1000;

/** The HTTP methods a bulk operation may use (§3.7). */
export type BulkMethod = "POST" | "PUT" | "PATCH" | "DELETE";

const METHODS: readonly BulkMethod[] = ["POST", "PUT", "PATCH", "DELETE"];
const REFERENCE = /^bulkId:(.+)$/;

/** One operation of a bulk request, in request order. */
export interface BulkOperation {
  /** 0-based position in `Operations`. */
  readonly index: number;
  /** Undefined only when `error` says why the method is unusable. */
  readonly method: BulkMethod | undefined;
  readonly bulkId: string | undefined;
  /** The ETag the client expects (`version`, §3.7), checked like If-Match. */
  readonly version: string | undefined;
  readonly path: string;
  readonly data: JsonValue | undefined;
  /** The bulkIds this operation refers to, in its path or its data (`bulkId:qwerty`). */
  readonly references: readonly string[];
  /** Set when the operation itself is malformed: it fails without running, the others go on. */
  readonly error: RosterError | undefined;
}

/** A parsed bulk request. */
export interface BulkRequest {
  /** §3.7 `failOnErrors`: stop after this many failed operations; undefined runs them all. */
  readonly failOnErrors: number | undefined;
  readonly operations: readonly BulkOperation[];
}

/**
 * Parses a Bulk body (RFC 7644 §3.7). The request as a whole fails when it is no BulkRequest
 * (`invalidSyntax`: not an object, no BulkRequest URN in `schemas`, `Operations` not an array),
 * carries more than `maxOperations` operations (`payloadTooLarge`, §3.7.4, naming the limit),
 * has a `failOnErrors` that is not a positive integer, or uses one `bulkId` twice
 * (`invalidValue`: §3.7 makes bulkIds unique in a request). A malformed operation (method other
 * than POST/PUT/PATCH/DELETE, no `path`, no `bulkId` on POST, no `data` on POST/PUT/PATCH) only
 * fails itself, with `invalidSyntax`. Member names are case-insensitive.
 */
export function parseBulkRequest(body: unknown, maxOperations: number = BULK_MAX_OPERATIONS): Result<BulkRequest> {
  if (!isMessage(body, URN.bulkRequest)) {
    return fail("invalidSyntax", `a Bulk body must be a JSON object listing "${URN.bulkRequest}" in "schemas"`);
  }
  const operations = memberOf(body, "Operations");
  if (!Array.isArray(operations)) return fail("invalidSyntax", `"Operations" must be an array`);
  if (operations.length > maxOperations) {
    return fail(
      "payloadTooLarge",
      `The bulk request has ${operations.length} operations, more than maxOperations (${maxOperations})`,
    );
  }
  const failOnErrors = memberOf(body, "failOnErrors");
  const limit = typeof failOnErrors === "number" && Number.isSafeInteger(failOnErrors) ? failOnErrors : 0;
  if (failOnErrors !== undefined && failOnErrors !== null && limit < 1) {
    return fail("invalidValue", "failOnErrors must be a positive integer");
  }
  const parsed = operations.map((operation: JsonValue, index) => parseOperation(operation, index));
  const seen = new Set<string>();
  for (const { bulkId } of parsed) {
    if (bulkId === undefined) continue;
    if (seen.has(bulkId)) return fail("invalidValue", `bulkId "${bulkId}" is used by more than one operation`);
    seen.add(bulkId);
  }
  return ok(
    Object.freeze({
      failOnErrors: limit > 0 ? limit : undefined,
      operations: Object.freeze(parsed),
    }),
  );
}

function parseOperation(operation: JsonValue, index: number): BulkOperation {
  const member = (name: string) => (isScimObject(operation) ? memberOf(operation, name) : undefined);
  const methodText = member("method");
  const method = METHODS.find((m) => typeof methodText === "string" && m === methodText.toUpperCase());
  const text = (value: JsonValue | undefined) => (typeof value === "string" && value !== "" ? value : undefined);
  const path = text(member("path")) ?? "";
  const bulkId = text(member("bulkId"));
  const data = member("data");
  const base = {
    index,
    method,
    bulkId,
    version: text(member("version")),
    path,
    data,
    references: [...new Set([...referencesIn(path.split("/")), ...referencesIn(data)])],
  };
  const problem = !isScimObject(operation)
    ? "each operation must be a JSON object"
    : method === undefined
      ? `"method" must be POST, PUT, PATCH or DELETE`
      : !path.startsWith("/")
        ? `"path" must be a path such as /Users or /Users/{id}`
        : method === "POST" && bulkId === undefined
          ? `a POST operation needs a "bulkId"`
          : method !== "DELETE" && !isScimObject(data)
            ? `a ${method} operation needs a "data" object`
            : undefined;
  return Object.freeze({
    ...base,
    error: problem === undefined ? undefined : new RosterError("invalidSyntax", `Operations[${index}]: ${problem}`),
  });
}

/** The bulkIds that `value` refers to: every string `bulkId:<id>` in it, at any depth. */
function referencesIn(value: JsonValue | undefined): string[] {
  if (typeof value === "string") {
    const match = REFERENCE.exec(value);
    return match?.[1] === undefined ? [] : [match[1]];
  }
  if (Array.isArray(value)) return value.flatMap(referencesIn);
  if (isScimObject(value)) return Object.values(value).flatMap(referencesIn);
  return [];
}

/**
 * `value` with every string `bulkId:<id>` replaced by the id the operation with that bulkId
 * created (§3.7.2: "The service provider MUST replace the string"); `ids` must hold every
 * referenced bulkId. Keys are copied as own properties, never through a setter.
 */
export function resolveBulkIds(value: JsonValue, ids: ReadonlyMap<string, string>): JsonValue {
  if (typeof value === "string") {
    const bulkId = REFERENCE.exec(value)?.[1];
    return bulkId === undefined ? value : (ids.get(bulkId) ?? value);
  }
  if (Array.isArray(value)) return value.map((item: JsonValue) => resolveBulkIds(item, ids));
  if (isScimObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveBulkIds(item, ids)]));
  }
  return value;
}

/** A path with each `bulkId:<id>` segment replaced by the URL-encoded id it stands for. */
export function resolveBulkPath(path: string, ids: ReadonlyMap<string, string>): string {
  return path
    .split("/")
    .map((segment) => {
      const bulkId = REFERENCE.exec(segment)?.[1];
      const id = bulkId === undefined ? undefined : ids.get(bulkId);
      return id === undefined ? segment : encodeURIComponent(id);
    })
    .join("/");
}
