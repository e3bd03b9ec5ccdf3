/** The BulkResponse message of RFC 7644 §3.7.3. */
import type { BulkMethod } from "./bulk-request.ts";
import { type ScimObject, URN } from "./resource/scim-object.ts";

/** The outcome of one bulk operation. */
export interface BulkOperationResult {
  readonly method: BulkMethod | undefined;
  readonly bulkId: string | undefined;
  /** The resource's URL; absent for a failed POST (§3.7.3). */
  readonly location: string | undefined;
  readonly version: string | undefined;
  /** The status a single request would have answered. */
  readonly status: number;
  /** The SCIM error of a failed operation (§3.7: MUST for a non-2xx status). */
  readonly response: ScimObject | undefined;
}

/** A BulkResponse: one entry per processed operation, `status` as a string as in the §3.7.3 examples. */
export function bulkResponse(results: readonly BulkOperationResult[]): ScimObject {
  return {
    schemas: [URN.bulkResponse],
    Operations: results.map((result) => ({
      ...(result.location === undefined ? {} : { location: result.location }),
      ...(result.method === undefined ? {} : { method: result.method }),
      ...(result.bulkId === undefined ? {} : { bulkId: result.bulkId }),
      ...(result.version === undefined ? {} : { version: result.version }),
      status: String(result.status),
      ...(result.response === undefined ? {} : { response: result.response }),
    })),
  };
}
