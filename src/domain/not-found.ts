/** The error of a resource that does not exist in the tenant. */
import { RosterError } from "../protocol/errors.ts";

/** The 404 of a missing User or Group. */
export function notFound(type: "User" | "Group", id: string): RosterError {
  return new RosterError("notFound", `${type} ${id} not found`);
}
