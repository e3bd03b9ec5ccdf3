/**
 * How a refused form is answered: the page again, with the domain's message and the status the
 * rest of Roster gives the same error (400 bad input, 404, 409 a conflict such as a cycle), so a
 * person can correct it. Refusals that are not about the input (not signed in, not allowed, the
 * resource gone, a server fault) go to the console's error page instead.
 */
import { errorResponse } from "../http/error-response.ts";
import { RosterError } from "../protocol/errors.ts";

/** A refusal to show beside the form: its status and message. */
export interface FormRefusal {
  readonly status: number;
  readonly message: string;
}

const INPUT_CODES: ReadonlySet<string> = new Set([
  "invalidValue",
  "invalidSyntax",
  "badRequest",
  "uniqueness",
  "conflict",
  "preconditionFailed",
]);

/** The refusal `error` stands for when it is about the form's input; otherwise rethrows it. */
export function formRefusal(error: unknown, notFoundIsInput = false): FormRefusal {
  if (error instanceof RosterError && (INPUT_CODES.has(error.code) || (notFoundIsInput && error.code === "notFound"))) {
    const response = errorResponse(error);
    return { status: notFoundIsInput && error.code === "notFound" ? 400 : response.status, message: error.message };
  }
  throw error;
}
