/** Integer options of the command line, refused with a one-line error when they are not. */
import { RosterError } from "../protocol/errors.ts";

/** `raw` as a non-negative integer; RosterError `invalidValue` naming `option` otherwise. */
export function parseCliInteger(option: string, raw: string): number {
  const text = raw.trim();
  if (/^\d{1,9}$/.test(text)) return Number(text);
  throw new RosterError("invalidValue", `${option} must be a whole number, got ${JSON.stringify(raw.slice(0, 40))}`);
}
