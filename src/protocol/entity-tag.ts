/** Entity tags in conditional requests (RFC 7644 §3.14, RFC 7232 §2.3, §3.1, §3.2). */

/** An If-Match or If-None-Match condition: `*` (any current version), or the opaque tags listed. */
export type EntityTagCondition = "*" | readonly string[];

const TAG = /(?:W\/)?"([^"]*)"|[^,\s]+/gi;

/**
 * Reads an If-Match or If-None-Match header: undefined when absent or blank; `*`; else the
 * opaque part of every listed tag (`W/"3"` and `"3"` both give `3`). Clients that drop the
 * quotes (`W/3`, `3`) are read the same way rather than refused.
 */
export function parseEntityTagCondition(
  header: string | readonly string[] | undefined,
): EntityTagCondition | undefined {
  const text = (typeof header === "string" ? [header] : (header ?? [])).join(",").trim();
  if (text === "") return undefined;
  if (text === "*") return "*";
  const tags = [...text.matchAll(TAG)].map((match) => match[1] ?? match[0].replace(/^W\//i, ""));
  return Object.freeze(tags);
}

/**
 * True when `condition` matches a resource whose current tag is `current` (`W/"3"`). SCIM
 * versions are weak tags and RFC 7644 §3.14 sends them in If-Match, so both headers use the
 * weak comparison of RFC 7232 §2.3.2 (opaque parts equal); `*` matches any existing resource.
 */
export function entityTagMatches(condition: EntityTagCondition, current: string): boolean {
  if (condition === "*") return true;
  const opaque = /^(?:W\/)?"([^"]*)"$/i.exec(current)?.[1] ?? current;
  return condition.includes(opaque);
}
