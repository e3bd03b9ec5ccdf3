/** Reads and rewrites the operations of a PatchOp body (RFC 7644 §3.5.2) that has not been validated yet. */
import { isScimObject } from "../resource/scim-object.ts";

/** A JSON object as received: nothing about its values is known yet. */
export type RawObject = { readonly [key: string]: unknown };

/** The own key of `object` naming `name`, compared case-insensitively (RFC 7643 §2.1). */
export function findRawKey(object: RawObject, name: string): string | undefined {
  if (Object.hasOwn(object, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(object).find((key) => key.toLowerCase() === lower);
}

/** The value of the own key naming `name` (case-insensitive), or undefined. */
export function getRaw(object: RawObject, name: string): unknown {
  const key = findRawKey(object, name);
  return key === undefined ? undefined : object[key];
}

/** A copy of `object` with the key naming `name` set to `value`, in the client's spelling and place (else last). */
export function withRaw(object: RawObject, name: string, value: unknown): RawObject {
  const key = findRawKey(object, name) ?? name;
  const entries = Object.entries(object).map(([k, v]) => [k, k === key ? value : v] as const);
  if (!Object.hasOwn(object, key)) entries.push([key, value]);
  return Object.fromEntries(entries);
}

/** A copy of `object` without the key naming `name`. */
export function withoutRaw(object: RawObject, name: string): RawObject {
  const key = findRawKey(object, name);
  return key === undefined ? object : Object.fromEntries(Object.entries(object).filter(([k]) => k !== key));
}

/** The `op` of an operation, lower-cased, or undefined when it is not a string. */
export function opOf(operation: RawObject): string | undefined {
  const op = getRaw(operation, "op");
  return typeof op === "string" ? op.toLowerCase() : undefined;
}

/** The `path` text of an operation, or undefined when it has none (absent, null or blank). */
export function pathOf(operation: RawObject): string | undefined {
  const path = getRaw(operation, "path");
  return typeof path === "string" && path.trim() !== "" ? path : undefined;
}

/** True when the operation carries no `path` member, or a null or blank one. */
export function isPathless(operation: RawObject): boolean {
  const path = getRaw(operation, "path");
  return path === undefined || path === null || (typeof path === "string" && path.trim() === "");
}

/** The operations of a PatchOp body: its `Operations` array, or an empty list when it has none. */
export function operationsOf(body: unknown): readonly unknown[] {
  if (!isScimObject(body)) return [];
  const operations = getRaw(body, "Operations");
  return Array.isArray(operations) ? operations : [];
}

/**
 * `body` with each object operation replaced by what `rewrite` returns for it: the same
 * operation (unchanged), another operation, or several (an operation split in order). Returns
 * `body` itself when no operation changed; non-object operations are left for the parser.
 */
export function rewriteOperations(
  body: unknown,
  rewrite: (operation: RawObject) => RawObject | readonly RawObject[],
): unknown {
  if (!isScimObject(body)) return body;
  const operations = getRaw(body, "Operations");
  if (!Array.isArray(operations)) return body;
  let changed = false;
  const next: unknown[] = [];
  for (const operation of operations) {
    if (!isScimObject(operation)) {
      next.push(operation);
      continue;
    }
    const result = rewrite(operation);
    if (result !== operation) changed = true;
    if (Array.isArray(result)) next.push(...result);
    else next.push(result);
  }
  return changed ? withRaw(body, "Operations", next) : body;
}
