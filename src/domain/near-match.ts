/**
 * When two role names nearly match (SPEC §12 audit: the seed's "Store Managers" vs "Store
 * Manager"): names that SCIM does not match (§5 compares lower case without white space) but a
 * person would. The rule, documented in docs/migration.md:
 * 1. Each name becomes a key: Unicode compatibility form, accents removed, lower case, split into
 *    words at anything that is not a letter or digit (white space, punctuation), each word made
 *    singular (English plurals: -ies → -y, -sses/-xes/-ches/-shes/-zes lose -es, else a final
 *    -s goes, except -ss, -us, -is), the words joined.
 * 2. Two names nearly match when their keys are equal, or differ by an edit distance
 *    (insertions, deletions, substitutions) of at most 1 for keys of 6–11 characters and 2 for
 *    keys of 12 or more; shorter keys must be equal (so "HR" and "IT" never match).
 */

const WORD = /[\p{L}\p{N}]+/gu;
const ACCENTS = /\p{M}/gu;

/** English plural to singular, for the simple regular cases. */
export function singular(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith("ies") && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(?:ss|x|ch|sh|z)es$/u.test(word)) return word.slice(0, -2);
  if (/(?:ss|us|is)$/u.test(word)) return word;
  return word.endsWith("s") ? word.slice(0, -1) : word;
}

/** The comparison key of a role name (step 1 above). */
export function nameKey(name: string): string {
  const words = name.normalize("NFKD").replace(ACCENTS, "").toLowerCase().match(WORD) ?? [];
  return words.map(singular).join("");
}

/** The largest edit distance allowed between two keys, by the longer one's length (step 2 above). */
export function allowedDistance(length: number): number {
  if (length >= 12) return 2;
  return length >= 6 ? 1 : 0;
}

/** The Levenshtein distance of `a` and `b` (by UTF-16 unit), or `limit + 1` as soon as it must exceed `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/** True when two role names nearly match, by the rule above. */
export function nearlyMatches(a: string, b: string): boolean {
  return keysNearlyMatch(nameKey(a), nameKey(b));
}

/** True when two keys (`nameKey`) nearly match, by step 2 above. */
export function keysNearlyMatch(x: string, y: string): boolean {
  if (x === "" || y === "") return false;
  if (x === y) return true;
  const limit = allowedDistance(Math.max(x.length, y.length));
  return limit > 0 && editDistance(x, y, limit) <= limit;
}
