/** The member ids of a Group's `members` (RFC 7643 §4.2), read one way by every write that takes them. */
import { fail, ok, type Result } from "../errors.ts";
import { getKey } from "../patch/safe-object.ts";
import { isScimObject, type JsonValue } from "./scim-object.ts";

/**
 * The ids a `members` value lists, each once, in first-seen order. `members` is a list of
 * objects whose `value` is a string with something other than white space in it; anything else
 * (not a list, a member without `value`, `""`, `"  "`) is `invalidValue`, never a member id.
 * `undefined` (no `members` at all) lists nobody.
 */
export function parseMemberIds(members: JsonValue | undefined): Result<readonly string[]> {
  if (members === undefined) return ok(Object.freeze([]));
  if (!Array.isArray(members)) return fail("invalidValue", `"members" takes a list of members (RFC 7643 §2.4)`);
  const ids = new Set<string>();
  for (const member of members as readonly JsonValue[]) {
    const id = isScimObject(member) ? getKey(member, "value") : undefined;
    if (typeof id !== "string" || id.trim() === "") {
      return fail("invalidValue", `each member must be an object with a non-empty string "value"`);
    }
    ids.add(id);
  }
  return ok(Object.freeze([...ids]));
}
