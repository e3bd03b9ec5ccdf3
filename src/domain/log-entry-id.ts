/** Ids of provisioning log rows: unique, and in the order this process made them among rows of the same millisecond. */
import { randomBytes } from "node:crypto";

let counter = 0;

/** `<time base36><counter base36><random>`: rows of one `At` sort as they were recorded here. */
export function logEntryId(now = Date.now()): string {
  counter = (counter + 1) % 36 ** 5;
  return `${now.toString(36).padStart(9, "0")}${counter.toString(36).padStart(5, "0")}${randomBytes(4).toString("hex")}`;
}
