/** SPEC §3/§5: a role's Id is its display name in lower case with all white space removed. */

/** "Sales Team" → "salesteam"; every Unicode white-space character is removed. */
export function normalizeRoleName(displayName: string): string {
  return displayName.toLowerCase().replace(/[\s\u180e\u200b]/gu, "");
}

/** The first of `base`, `base-2`, `base-3`, … that is not in `taken`. */
export function nextFreeRoleId(base: string, taken: readonly string[]): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!used.has(candidate)) return candidate;
  }
}
