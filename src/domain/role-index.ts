/** The search index of a role: what `/Groups` filters find it by (SPEC §8). */
import { type IndexEntry, indexEntries } from "../protocol/resource/index-entries.ts";
import type { RoleRecord } from "./model.ts";

/**
 * The index entries of a role: its stored SCIM attributes and its display name. Every writer of
 * roles (SCIM, the identity store by hand, the import) indexes a role with this one function,
 * so a role is found alike whoever wrote it.
 */
export function roleIndex(role: RoleRecord): readonly IndexEntry[] {
  return indexEntries("Group", { ...(role.scim ?? {}), displayName: role.displayName });
}
