/** What the provisioning log (SPEC §11) needs to know of the SCIM request a write serves. */

/**
 * A SCIM request being served, for its provisioning log row. A write records the row in its own
 * transaction and sets `logged`; the HTTP edge records the requests that wrote nothing (reads,
 * refusals, failures) once they are answered.
 */
export interface RequestTrace {
  readonly requestId: string;
  readonly provider: string;
  readonly method: string;
  /** The path below the tenant's SCIM base, without its query string (`/Users/{id}`). */
  readonly path: string;
  /** When the request arrived (epoch milliseconds). */
  readonly startedAt: number;
  /** The status a success answers with (201 for a create, 204 for a delete, …). */
  readonly status: number;
  /** Set once the row is written, so that it is written once. */
  logged: boolean;
  /**
   * Set by a write that changed nothing: its row is not written in the transaction (there is no
   * change it must commit with), but queued by the edge like a read's, with this outcome.
   */
  deferred?: {
    readonly outcome: "unchanged";
    readonly resourceType: "User" | "Group";
    readonly resourceId: string;
  };
}
