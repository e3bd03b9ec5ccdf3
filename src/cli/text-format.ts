/** The pieces of the human-readable (non-`--json`) output shared by `roster user` and `roster role`. */
import type { ExternalId } from "../domain/model.ts";

/** Items comma-separated, or `(none)`. */
export function listText(items: readonly string[]): string {
  return items.length === 0 ? "(none)" : items.join(", ");
}

/** External identifiers as `Provider: value`, comma-separated, or `(none)`. */
export function externalIdsText(ids: readonly ExternalId[]): string {
  return listText(ids.map((id) => `${id.provider}: ${id.value}`));
}

/** The value, or `(not set)` for null. */
export function valueText(value: string | null): string {
  return value ?? "(not set)";
}
