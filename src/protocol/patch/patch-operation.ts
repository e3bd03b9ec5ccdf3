/** A parsed RFC 7644 §3.5.2 PATCH operation. */

import type { PatchPath } from "../path/patch-path.ts";
import type { JsonValue } from "../resource/scim-object.ts";

/** One operation of a PatchOp request, as RFC 7644 §3.5.2 writes it; `remove` never carries a `value`. */
export interface PatchOperation {
  readonly op: "add" | "remove" | "replace";
  readonly path: PatchPath | undefined;
  readonly value: JsonValue | undefined;
}

/**
 * A change to a group's members, computed from PATCH operations without reading the group's
 * current members (adding one member to a group of 100,000 touches one row).
 */
export type MemberChange =
  | { readonly kind: "add"; readonly ids: readonly string[] }
  | { readonly kind: "remove"; readonly ids: readonly string[] }
  | { readonly kind: "removeAll" }
  /** Replace the member set; `ids` may be empty. */
  | { readonly kind: "replace"; readonly ids: readonly string[] };
