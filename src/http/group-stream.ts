/**
 * The full GET of a large group, written a page of members at a time (issue 8: a
 * 100,000-member group was built as one 16–20 MB JSON text, and its objects, in memory). The
 * group and its first page are read before anything is sent, so a missing group, a failed
 * precondition or a database error is still a SCIM error with its status; a failure after the
 * first byte can only cut the response short (the client sees a truncated body). The text is
 * exactly what `JSON.stringify` of the whole resource would give.
 */
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import type { FastifyReply } from "fastify";
import type { ScimContext, ScimOperations } from "../domain/scim-operations.ts";
import { withMembers } from "../domain/scim-view.ts";
import { type Projection, projectResource } from "../protocol/projection.ts";
import type { JsonValue, ScimObject } from "../protocol/resource/scim-object.ts";
import { sendResource, sendScim } from "./scim-reply.ts";

/** Members read per query; a group with fewer is sent as one body, as any resource is. */
export const GROUP_MEMBER_PAGE = 1000;

// Stands for the members while the rest of the resource is serialized: a per-process random
// name, so no stored value can be mistaken for it.
const MARKER = JSON.stringify(`\u0000members-${randomBytes(12).toString("hex")}`);

/** The `members` of `page` as `projection` shows them (RFC 7644 §3.9), one element per member kept. */
function projectedMembers(page: readonly ScimObject[], projection: Projection): readonly JsonValue[] {
  const projected = projectResource({ members: page }, "Group", projection)["members"];
  return Array.isArray(projected) ? projected : [];
}

function lastUserId(page: readonly ScimObject[]): string | undefined {
  const value = page.at(-1)?.["value"];
  return typeof value === "string" ? value : undefined;
}

/**
 * Sends group `base` (read without members) with all its members, `first` being the first
 * GROUP_MEMBER_PAGE of them: as one body when that is all, else as a stream that reads the
 * following pages by keyset as the client takes the text.
 */
export function sendGroupWithMembers(
  reply: FastifyReply,
  scim: ScimOperations,
  ctx: ScimContext,
  base: ScimObject,
  first: readonly ScimObject[],
  projection: Projection,
): FastifyReply {
  const small = first.length < GROUP_MEMBER_PAGE;
  const head = withMembers(base, small ? first : first.slice(0, 1));
  const projected = projectResource(head, "Group", projection);
  if (small || projected["members"] === undefined) {
    // Everything is in hand (or the projection shows no member): one body, as before.
    const whole = small ? head : withMembers(base, first);
    return sendResource(reply, 200, whole, small ? projected : projectResource(whole, "Group", projection));
  }
  const text = JSON.stringify({ ...projected, members: JSON.parse(MARKER) as string });
  const at = text.indexOf(MARKER);
  const prefix = `${text.slice(0, at)}[`;
  const suffix = `]${text.slice(at + MARKER.length)}`;
  const id = String(base["id"]);
  async function* chunks(): AsyncGenerator<string> {
    let page = first;
    let written = 0;
    let chunk = prefix;
    for (;;) {
      for (const element of projectedMembers(page, projection)) {
        chunk += written++ === 0 ? JSON.stringify(element) : `,${JSON.stringify(element)}`;
      }
      yield chunk;
      chunk = "";
      const after = lastUserId(page);
      if (page.length < GROUP_MEMBER_PAGE || after === undefined) break;
      page = await scim.groupMembers(ctx, id, after, GROUP_MEMBER_PAGE);
      if (page.length === 0) break;
    }
    yield suffix;
  }
  const meta = base["meta"] as ScimObject | undefined;
  if (typeof meta?.["version"] === "string") reply.header("etag", meta["version"]);
  // One page in flight: the next is read only once the client has taken the last.
  const body = Readable.from(chunks(), { objectMode: false, highWaterMark: 1 });
  return sendScim(reply, 200, body as unknown as ScimObject);
}
