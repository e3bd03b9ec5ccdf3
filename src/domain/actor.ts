/** Who makes a change (SPEC §11 `Actor`): an admin key, the command line, or an identity provider through SCIM. */

/** The author of a write, threaded through every domain write method for the change events of SPEC §11. */
export type Actor =
  | { readonly kind: "admin"; readonly keyId: string }
  | { readonly kind: "cli" }
  | { readonly kind: "scim"; readonly provider: string };

/** The operator at the command line; also the author of writes made without an explicit actor (tests, tools). */
export const CLI_ACTOR: Actor = Object.freeze({ kind: "cli" });

/** The actor of a request authenticated with an admin key. */
export function adminActor(keyId: string): Actor {
  return Object.freeze({ kind: "admin", keyId });
}

/** The actor of a SCIM request through `provider`. */
export function scimActor(provider: string): Actor {
  return Object.freeze({ kind: "scim", provider });
}

/** SPEC §11's text form: `admin:<key id>`, `cli` or `scim:<provider>`. */
export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case "admin":
      return `admin:${actor.keyId}`;
    case "cli":
      return "cli";
    case "scim":
      return `scim:${actor.provider}`;
  }
}
