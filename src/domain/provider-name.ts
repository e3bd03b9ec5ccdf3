/** The `{provider}` segment of the SCIM URL (SPEC §1): a free name for the identity provider. */
import { fail, ok, type Result } from "../protocol/errors.ts";

const PROVIDER = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Accepts 1–64 ASCII letters, digits, `-` and `_`, kept as written (the domain compares
 * providers case-insensitively). Anything else names no SCIM endpoint: RosterError `notFound`.
 */
export function parseProviderName(value: string): Result<string> {
  if (!PROVIDER.test(value)) {
    return fail("notFound", "No SCIM endpoint here: the provider segment must be 1-64 letters, digits, '-' or '_'");
  }
  return ok(value);
}
