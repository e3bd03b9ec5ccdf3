/** A value filter on a single-valued complex attribute (`manager[value eq "x"]`): tested on its one value. */
import type { ScimObject } from "../resource/scim-object.ts";
import { elementsOf, selectIndices } from "./multi-valued.ts";
import { type AttributeTarget, slotOf } from "./patch-set.ts";
import { readSlot } from "./patch-slot.ts";

/**
 * Whether the path's filter, if any, holds for the current value of a single-valued target.
 * RFC 7644 §3.5.2 writes value filters for multi-valued attributes; a single-valued complex
 * attribute is read as a list of at most one value, so that `remove` of a value that is not
 * there changes nothing and `replace`/`add` of it fail with `noTarget`.
 */
export function singleValueMatches(resource: ScimObject, target: AttributeTarget): boolean {
  if (target.filter === undefined) return true;
  const current = readSlot(resource, slotOf(target));
  return selectIndices(elementsOf(current), target.filter.resolved).length > 0;
}
