/** Splits a Group PatchOp into member changes that need no read of the current members, and the rest. */
import { fail, ok, type Result, RosterError } from "../errors.ts";
import type { Filter } from "../filter/filter-ast.ts";
import type { PatchPath } from "../path/patch-path.ts";
import { parseMemberIds } from "../resource/member-ids.ts";
import { isScimObject, type JsonValue, URN } from "../resource/scim-object.ts";
import type { MemberChange, PatchOperation } from "./patch-operation.ts";
import { objectFrom } from "./safe-object.ts";

/** The member changes of a Group PATCH, in request order, and the operations left for `applyPatch`. */
export interface GroupPatchPlan {
  readonly memberChanges: readonly MemberChange[];
  readonly otherOperations: readonly PatchOperation[];
}

const MEMBERS_KEYS = new Set(["members", `${URN.group}:members`.toLowerCase()]);

/**
 * Plans a Group PATCH (RFC 7644 §3.5.2) so that membership is changed by id, without reading
 * the group's members (Entra ID and Okta add and remove one member at a time in groups of any
 * size). `operations` are in strict RFC 7644 form (Entra ID's removal by `value` list arrives
 * as a filter, rewritten by the `entra-remove-value-array` quirk). Member operations become
 * `MemberChange`s, in order:
 * - `add members` with `[{ value }]` → add (Entra ID, Okta, OneLogin);
 * - `remove members[value eq "x"]`, also `or`-combined → remove (Okta, Entra ID); any other
 *   filter on `members` fails with `invalidFilter`, as Roster filters members by `value` only;
 * - `remove members` → removeAll;
 * - `replace members` with a list, possibly empty → replace (Okta); null → removeAll;
 * - path-less `add`/`replace` with a `members` key → add/replace; the value's other keys
 *   (`displayName`, `externalId`, Okta's echoed `id`…) stay in a path-less operation for
 *   `applyPatch`, which ignores an `id` equal to the group's own.
 * Members are a list of `{ value }` objects whose `value` is a non-empty string (`invalidValue`). Paths
 * to a sub-attribute of `members` fail with `mutability` (its `value`, `$ref` and `type` are
 * immutable and `display` readOnly, RFC 7643 §4.2).
 */
export function planGroupPatch(operations: readonly PatchOperation[]): Result<GroupPatchPlan> {
  const memberChanges: MemberChange[] = [];
  const otherOperations: PatchOperation[] = [];
  for (const [index, operation] of operations.entries()) {
    const planned = planOperation(operation);
    if (!planned.ok) {
      const { code, message } = planned.error;
      return { ok: false, error: new RosterError(code, `Operations[${index}]: ${message}`, { cause: planned.error }) };
    }
    if (planned.value.change !== undefined) memberChanges.push(planned.value.change);
    if (planned.value.rest !== undefined) otherOperations.push(planned.value.rest);
  }
  return ok(
    Object.freeze({ memberChanges: Object.freeze(memberChanges), otherOperations: Object.freeze(otherOperations) }),
  );
}

interface Planned {
  readonly change: MemberChange | undefined;
  readonly rest: PatchOperation | undefined;
}

function planOperation(operation: PatchOperation): Result<Planned> {
  const { op, path, value } = operation;
  if (path === undefined) return op === "remove" ? ok({ change: undefined, rest: operation }) : splitValue(operation);
  if (!isMembersPath(path)) return ok({ change: undefined, rest: operation });
  if (path.subAttr !== undefined) return fail("mutability", "the sub-attributes of group members cannot be changed");
  if (path.valueFilter !== undefined) {
    if (op !== "remove") return fail("mutability", "group members can only be added, removed or replaced by id");
    const ids = filterIds(path.valueFilter, new Set());
    return ids.ok ? ok({ change: { kind: "remove", ids: Object.freeze([...ids.value]) }, rest: undefined }) : ids;
  }
  if (op === "remove") return ok({ change: { kind: "removeAll" }, rest: undefined });
  const change = memberChange(op, value);
  return change.ok ? ok({ change: change.value, rest: undefined }) : change;
}

function splitValue(operation: PatchOperation): Result<Planned> {
  const { op, value } = operation;
  if (!isScimObject(value)) return ok({ change: undefined, rest: operation });
  const keys = Object.keys(value);
  const membersKey = keys.find((key) => MEMBERS_KEYS.has(key.toLowerCase()));
  if (membersKey === undefined) return ok({ change: undefined, rest: operation });
  const change = memberChange(op, value[membersKey]!);
  if (!change.ok) return change;
  const others = keys.filter((key) => key !== membersKey);
  const restValue = objectFrom(others.map((key) => [key, value[key]!] as const));
  const rest = others.length === 0 ? undefined : Object.freeze({ op, path: undefined, value: restValue });
  return ok({ change: change.value, rest });
}

function memberChange(op: PatchOperation["op"], value: JsonValue | undefined): Result<MemberChange | undefined> {
  if (value === undefined || value === null) {
    if (op === "add") return ok(undefined);
    return ok({ kind: "removeAll" });
  }
  const ids = parseMemberIds(value);
  if (!ids.ok) return ids;
  if (op === "replace") return ok({ kind: "replace", ids: ids.value });
  if (ids.value.length === 0) return ok(undefined);
  return ok({ kind: "add", ids: ids.value });
}

function filterIds(filter: Filter, ids: Set<string>): Result<ReadonlySet<string>> {
  if (filter.kind === "or") {
    const left = filterIds(filter.left, ids);
    return left.ok ? filterIds(filter.right, ids) : left;
  }
  const isValueEq =
    filter.kind === "compare" &&
    filter.op === "eq" &&
    filter.path.uri === undefined &&
    filter.path.subAttr === undefined &&
    filter.path.name.toLowerCase() === "value";
  if (!isValueEq) return fail("invalidFilter", `members can be selected only by "value eq", alone or joined by "or"`);
  if (typeof filter.value !== "string" || filter.value.trim() === "") {
    return fail("invalidValue", "a member id must be a non-empty string");
  }
  ids.add(filter.value);
  return ok(ids);
}

function isMembersPath(path: PatchPath): boolean {
  const uriOk = path.uri === undefined || path.uri.toLowerCase() === URN.group.toLowerCase();
  return uriOk && path.name.toLowerCase() === "members";
}
